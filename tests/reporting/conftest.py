import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so that assertions on text survive the Swedish catalogue; figures built
    without a request (national_view, dashboard_for) in English too, whatever ran before."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
