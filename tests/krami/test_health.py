"""/healthz, /readyz and /metrics (issue 20, item 2): no login, no personal data, metrics off by
default and protected when on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from django.db import OperationalError
from django.test import Client

from krami import health, jobs

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"


def test_readyz_names_each_check_and_nothing_else(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready", "checks": {"database": "ok", "migrations": "ok", "background_jobs": "ok"}
    }


def test_readyz_is_not_ready_while_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable", "migrations": "unknown", "background_jobs": "ok"}


def test_readyz_is_not_ready_with_a_migration_not_applied(client, monkeypatch):
    class OneBehind(health.MigrationExecutor):
        def migration_plan(self, targets, clean_start=False):
            return [("krami", "9999_not_yet")]

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "MigrationExecutor", OneBehind)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["migrations"] == "1 not applied"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_not_ready_while_a_background_job_has_stopped_giving_signs_of_life(client, settings, monkeypatch):
    settings.KRAMI_BACKGROUND_JOBS = True
    monkeypatch.setattr(jobs, "STUCK_AFTER_SECONDS", 0.2)
    release, beating = threading.Event(), threading.Event()

    def wedged():
        jobs.beat()
        beating.set()
        release.wait(timeout=30)

    thread = jobs.run(wedged, name="register-import-1")
    try:
        beating.wait(timeout=10)
        threading.Event().wait(0.4)
        response = client.get("/readyz")
        assert response.status_code == 503 and response.json()["checks"]["background_jobs"] == "1 stuck"
    finally:
        release.set()
        thread.join()
    assert client.get("/readyz").status_code == 200


def test_metrics_are_off_by_default(client, settings):
    settings.KRAMI_METRICS_TOKEN = "hemlig-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer hemlig-token").status_code == 404


@pytest.fixture
def metrics_on(settings):
    settings.KRAMI_METRICS = True
    settings.KRAMI_METRICS_TOKEN = "hemlig-token"
    settings.KRAMI_METRICS_ALLOWED_IPS = ["10.1.2.0/24"]
    settings.MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware", *settings.MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
    return Client()


def test_metrics_when_on_answer_only_the_token_or_an_allowed_address(metrics_on):
    client = metrics_on
    client.get("/healthz")
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer fel").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.9.9.9").status_code == 404
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer hemlig-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert 'view="krami:healthz"' in text
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_switching_metrics_on_needs_a_protection_and_wraps_the_database_for_its_metrics():
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1:1/krami", "METRICS": "true"}
    code = "import json, krami.settings as s; print(json.dumps([s.DATABASES['default']['ENGINE'], s.MIDDLEWARE[0]]))"
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0 and "METRICS_TOKEN or METRICS_ALLOWED_IPS" in refused.stderr
    on = subprocess.run(
        [sys.executable, "-c", code], env={**env, "METRICS_TOKEN": "t"}, capture_output=True, text=True, check=True
    )
    assert json.loads(on.stdout) == [
        "django_prometheus.db.backends.postgresql", "django_prometheus.middleware.PrometheusBeforeMiddleware"
    ]
