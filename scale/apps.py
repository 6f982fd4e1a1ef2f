from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """National-scale invented data and the benchmark (issue 7). Installed by krami.settings_bench only."""

    name = "scale"
    verbose_name = "Scale and speed"
