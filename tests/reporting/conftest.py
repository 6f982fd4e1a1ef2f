import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so that assertions on text survive the Swedish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
