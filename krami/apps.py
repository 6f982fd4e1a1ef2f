from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KramiConfig(AppConfig):
    name = "krami"
    verbose_name = _("Krami core")

    def ready(self) -> None:
        # Importing these registers the system checks, the demo step, the home section and the receivers
        # (warm: the worker's long-lived objects frozen once it is warm).
        from krami import checks, demo_data, home_sections, receivers, warm  # noqa: F401, PLC0415
