"""PostgreSQL restarts under a running server (issue 6, reliability).

A real gunicorn serves the production settings (DEBUG off) against its own throwaway
PostgreSQL cluster, so stopping that cluster does not disturb the suite's database. It checks:
- a restart between two requests is invisible: the persistent connection is dead, and
  CONN_HEALTH_CHECKS notices that and reconnects instead of failing the next request;
- while the server is down, every page answers 503 with the friendly page and Retry-After,
  never a stack trace or a driver message;
- once it is back, the same session works again.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import pytest

from tests import template_db

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "ett-langt-losenord-2026"
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg2", "connection to server", str(ROOT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="krami-restart-", dir="/tmp")
        os.chmod(self.root, 0o755)  # the postgres user must reach the data directory
        self.data = f"{self.root}/data"
        self.port = _free_port()

    def _ctl(self, *args: str) -> None:
        subprocess.run([str(ROOT / ".ci/pg-cluster"), *args], check=True, cwd=ROOT)

    def start(self) -> None:
        self._ctl("start", self.data, str(self.port))

    def stop(self) -> None:
        self._ctl("stop", self.data)

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"


def _server_env(cluster: Cluster) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "krami.settings",
        "DATABASE_URL": cluster.url("krami"),
        "DEBUG": "false",
        "SECRET_KEY": "restart-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "KRAMI_REQUIRE_2FA": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "CONN_MAX_AGE": "600",
        "PYTHONWARNINGS": "ignore",
    }


@pytest.fixture(scope="module")
def server():
    cluster = Cluster()
    cluster.start()
    gunicorn = None
    try:
        conn = psycopg2.connect(cluster.url("postgres"))
        conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
        conn.cursor().execute("CREATE DATABASE krami")
        conn.close()
        env = _server_env(cluster)
        # The suite's migrated template (tests/template_db.py), copied across clusters: the same schema
        # as `migrate` would build, without its 1–3 minutes of Python.
        dump = subprocess.run([_client("pg_dump"), "--no-owner", "--dbname", template_db.database_url(template_db.migrated_template())],
                              check=True, capture_output=True)
        subprocess.run([_client("psql"), "-q", "-v", "ON_ERROR_STOP=1", "--dbname", cluster.url("krami")],
                       input=dump.stdout, check=True, capture_output=True)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--check", "-v0"], check=True, cwd=ROOT, env=env)
        subprocess.run(
            [*manage, "shell", "-c",
             "from django.contrib.auth import get_user_model as g; "
             f"g().objects.create_user('restart', password='{PASSWORD}', first_name='Rut', last_name='Omstart')"],
            check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        )
        port = _free_port()
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "krami.wsgi:application", "--workers", "1",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/konto/logga-in/")
        yield cluster, base
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        cluster.stop()
        shutil.rmtree(cluster.root, ignore_errors=True)


def _client(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: run `make system-deps` (apt-get install postgresql)")
    return path


def _wait_for(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer on {url}")


class Browser:
    """Cookies and CSRF like a browser, with urllib (no third-party HTTP client)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path}))

    def _open(self, request) -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def log_in(self) -> None:
        _, html, _ = self.get("/konto/logga-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, html, _ = self.post(
            "/konto/logga-in/", {"csrfmiddlewaretoken": token, "username": "restart", "password": PASSWORD}
        )
        assert status == 200 and "Rut" in html, html[:500]  # followed the redirect to the home page


def _assert_friendly_outage_page(status: int, html: str, headers: dict) -> None:
    assert status == 503
    assert headers.get("Retry-After") == "30"
    assert "Krami är tillfälligt otillgängligt" in html
    for leak in LEAKS:
        assert leak not in html


def test_requests_after_a_restart_succeed_and_the_outage_shows_the_friendly_page(server):
    cluster, base = server
    browser = Browser(base)
    browser.log_in()
    status, home, _ = browser.get("/")
    assert status == 200 and "Rut" in home

    # A restart between two requests: the worker's persistent connection is now dead.
    cluster.stop()
    cluster.start()
    status, home, _ = browser.get("/")
    assert status == 200 and "Rut" in home  # same session, no error page

    # During an outage: the friendly page on every request, for a logged-in and an anonymous user.
    anonymous = Browser(base)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', anonymous.get("/konto/logga-in/")[1]).group(1)
    cluster.stop()
    try:
        for path in ("/", "/deltagare/", "/rapporter/"):
            _assert_friendly_outage_page(*browser.get(path))
        _assert_friendly_outage_page(
            *anonymous.post("/konto/logga-in/", {"csrfmiddlewaretoken": token, "username": "restart", "password": PASSWORD})
        )
    finally:
        cluster.start()

    status, home, _ = browser.get("/")
    assert status == 200 and "Rut" in home  # the session survived the outage
