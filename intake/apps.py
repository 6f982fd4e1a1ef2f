from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from intake import casepage, demo_data, home  # noqa: F401, PLC0415 - the case page's path, demo step, home section, menu
        from intake.registerimport import demo_data as import_demo  # noqa: F401, PLC0415 - the import's demo step
