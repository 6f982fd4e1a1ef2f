from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy duties")

    def ready(self) -> None:
        from intake.selectors.todo import add_kind  # noqa: PLC0415 - the apps are loaded only now
        from privacy import demo_data, home  # noqa: F401, PLC0415 - registers the demo step and the home section
        from privacy.selectors.requests import EXTRACT_REQUEST, requests_due  # noqa: PLC0415 - as above

        add_kind(EXTRACT_REQUEST, _("Register extract requests"), requests_due)
