"""Two application servers share nothing but PostgreSQL (issue 20, item 4).

Two real gunicorn processes on their own ports run against the test database; one browser-like
client (a cookie jar, real HTTP) alternates between them as a load balancer without sticky
sessions would: logged in on one, working on the other; a form sent to both saved once; a lock-out
earned on both holding on both; a form's text kept over an idle logout on one and restored on the
other. What they share and why is in docs/operations.md, "Running more than one server".
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess  # nosec B404: the test starts the project's own servers
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from krami.middleware import SESSION_SEEN_AT
from participants.models import JournalNote
from tests.access.formvalues import form_data
from tests.fixtures import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-langt-losenord-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(log_dir: Path):
    """gunicorn serving Krami on a port of its own, against the test database; its base URL."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "krami.settings_test", "DATABASE_URL": url}
    log = (log_dir / f"gunicorn-{port}.log").open("w")
    server = subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "gunicorn", "krami.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # nosec B310
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((log_dir / f"gunicorn-{port}.log").read_text()[-2000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies (for 127.0.0.1, whatever the port) and forms, over real HTTP; redirects not followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _Stay)

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.headers.get("Location", ""), answer.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), answer.read().decode()

    def get(self, base: str, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(base + path))

    def post(self, base: str, path: str, data: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}, doseq=True).encode()
        return self._open(urllib.request.Request(base + path, data=body))

    def log_in(self, base: str, username: str, password: str = PASSWORD) -> tuple[int, str, str]:
        if not any(c.name == "csrftoken" for c in self.jar):
            self.get(base, "/konto/logga-in/")
        return self.post(base, "/konto/logga-in/", {"username": username, "password": password})


@pytest.fixture
def two_servers(tmp_path):
    with ExitStack() as stack:
        yield stack.enter_context(app_server(tmp_path)), stack.enter_context(app_server(tmp_path))


def test_a_journey_alternating_between_two_servers(two_servers):
    a, b = two_servers
    world = build_world()
    participant = world.participants["no_consent"]
    note_form = f"/deltagare/{participant.pk}/anteckningar/ny/"

    # Logged in on one server, working on the other: the session is in the database.
    browser = Browser()
    browser.get(a, "/konto/logga-in/")
    status, location, _ = browser.log_in(b, "kommun_vl")
    assert (status, location) == (302, "/")
    status, _, home = browser.get(a, "/")
    assert status == 200 and "Krami Testby" in home

    # One form sent to both servers (a double click that a load balancer splits): saved once.
    status, _, page = browser.get(b, note_form)
    assert status == 200
    data = form_data(page, f"{b}{note_form}", fill={"text": "Samtal om praktikplats.", "visibility": "own"})
    first = browser.post(a, note_form, data)
    second = browser.post(b, note_form, data)
    assert first[0] == second[0] == 302 and first[1] == second[1]
    assert JournalNote.objects.filter(participant=participant).count() == 1

    # A form's text kept over an idle logout on one server, restored after logging in on the other.
    status, _, page = browser.get(a, note_form)
    session = SessionStore(session_key=browser.cookie(settings.SESSION_COOKIE_NAME))
    session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 60
    session.save()
    data = form_data(page, f"{a}{note_form}", fill={"text": "Utkast som inte får gå förlorat.", "visibility": "own"})
    status, location, _ = browser.post(a, note_form, data)
    assert status == 302 and location.startswith("/konto/logga-in/")
    assert browser.log_in(b, "kommun_vl")[0] == 302
    status, _, page = browser.get(b, note_form)
    assert status == 200 and "Utkast som inte får gå förlorat." in page
    assert JournalNote.objects.filter(participant=participant).count() == 1

    # A lock-out earned on both servers holds on both.
    intruder = Browser()
    intruder.get(a, "/konto/logga-in/")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert intruder.log_in((a, b)[attempt % 2], "kv_vl", "fel-losenord-123")[0] == 200
    assert intruder.log_in(b, "kv_vl", "fel-losenord-123")[0] == 429  # the last failure locks
    assert intruder.log_in(a, "kv_vl")[0] == 429  # the right password, on either server
    assert intruder.log_in(b, "kv_vl")[0] == 429
