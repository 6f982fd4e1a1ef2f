import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

PASSWORD = "ett-langt-losenord-2026"


def login(page, live_server, username, password=PASSWORD):
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def log_in_with_session(page, live_server, user) -> None:
    """Log in by handing the browser a session made on the server (Django's force_login).

    For crawls that visit many pages as many users and do not test the login itself: the form
    takes ~0.5 s a login, and the crawls log in dozens of times. Needs a transactional test (the
    live server must see the session)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True, "sameSite": "Lax"}]
    )


def open_page(page, url: str):
    """`page.goto(url)`: the response, or None when the answer is a file the browser downloads (a PDF:
    the headless shell the suite runs has no PDF viewer, so it saves one as any other file)."""
    try:
        return page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in error.message:
            return None
        raise


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "viewport": {"width": 1280, "height": 900}}
