from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Local agreements")

    def ready(self) -> None:
        from agreements import demo_data, home  # noqa: F401, PLC0415 - registers the demo step, home section and menu
