from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from participants import demo_data, demo_programme, home  # noqa: F401, PLC0415 - demo steps, home section and menu
        from participants.services import grants  # noqa: F401, PLC0415 - connects the access-group signal
