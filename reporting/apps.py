from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from reporting import demo_data, home  # noqa: F401, PLC0415 - registers the demo step and the menu entry once apps are loaded
