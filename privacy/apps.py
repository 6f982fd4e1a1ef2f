from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy duties")

    def ready(self) -> None:
        from privacy import demo_data, home  # noqa: F401, PLC0415 - registers the demo step and the home section
