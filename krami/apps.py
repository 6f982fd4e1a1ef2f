from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KramiConfig(AppConfig):
    name = "krami"
    verbose_name = _("Krami core")

    def ready(self) -> None:
        from krami import checks, demo_data, home_sections, signals  # noqa: F401  (registers checks, demo step, home section, signals)
