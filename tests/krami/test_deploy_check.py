"""A production configuration passes `check --deploy` with zero warnings; without SECRET_KEY it refuses to start."""

import os
import subprocess  # nosec B404: runs our own manage.py
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "krami.settings",
    "SECRET_KEY": "production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "ALLOWED_HOSTS": "krami.example.se",
    "DATABASE_URL": "postgres://krami@localhost/krami",
    "PERSONNUMMER_KEYS": Fernet.generate_key().decode(),
    "PERSONNUMMER_HASH_KEY": "hash-key-for-the-check",
}


def _manage(*args, env):
    return subprocess.run(  # nosec B603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_configuration_passes_deploy_checks_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_without_secret_key_and_debug_off_the_app_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
