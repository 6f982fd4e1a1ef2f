import pytest
from django.conf import settings

from tests.intake.factories import unit_rules  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so that assertions on text survive the Swedish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
