"""Settings for the test suite: production settings with test keys, fast hashing, plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("DEBUG", "false")

from krami.settings import *  # noqa: E402,F403

KRAMI_TESTING = True
# The test process lives for thousands of tests: freezing their objects would keep their garbage
# cycles (krami/warm.py; tests/krami/test_warm.py turns it on).
KRAMI_GC_FREEZE_AFTER = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SAML_SESSION_COOKIE_SAMESITE = "Lax"  # plain http in tests: SameSite=None needs a Secure cookie
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Most tests log in with force_login; tests of the two-factor flow switch this on.
KRAMI_REQUIRE_2FA = False
# Axes needs a request on authenticate(); the login tests post to the login view.
AXES_ENABLED = True
LANGUAGE_CODE = "sv"
WHITENOISE_USE_FINDERS = True
# The live-server thread and the test runner must not keep connections open past a test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Jobs run in the request unless a test starts them in the background on purpose
# (tests/intake/test_import_background.py): a thread cannot see a test's uncommitted rows.
KRAMI_BACKGROUND_JOBS = False
