"""Settings for the scale data, the benchmark and the load test (issue 7): production settings
with fixed benchmark keys, plain HTTP on loopback, and the bench URLconf.

Never use these in production: the keys are in the repository. The bench URLconf
(`scale/urls.py`) adds a trivial authenticated view (the framework floor) and a read-only
Django admin for participants (a baseline) to the production URLs; neither exists elsewhere.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("DEBUG", "false")
# Fixed keys, so that every process (generator, benchmark, gunicorn) reads the same personnummer.
os.environ.setdefault("PERSONNUMMER_KEYS", "YmVuY2gta2V5LW5vdC1mb3ItcHJvZHVjdGlvbi0wMDA=")
os.environ.setdefault("PERSONNUMMER_HASH_KEY", "bench-hash-key-not-for-production")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:54330/krami_scale_national")

from krami.settings import *  # noqa: E402,F403

INSTALLED_APPS = [*INSTALLED_APPS, "scale"]  # noqa: F405
ROOT_URLCONF = "scale.urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Benchmark users log in with a password only: two-factor is measured nowhere here.
KRAMI_REQUIRE_2FA = False
