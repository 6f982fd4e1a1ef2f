"""Django settings for Krami.

Everything that differs between a laptop and production comes from the
environment (django-environ); the variables are listed in README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # nosec B105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "simple_history",
    "djangosaml2",
    "krami",
    "participants",
    "intake",
    "agreements",
    "reporting",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A second session for the SAML sign-in under way (its own cookie, which the provider's
    # cross-site POST of the answer carries); stored in the database like the first (issue 20).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "krami.logs.RequestLogMiddleware",  # one log line per request, no query string, no names
    "krami.middleware.LanguageMiddleware",  # Swedish unless English is chosen in the header
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "krami.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "krami.middleware.RequireTwoFactorMiddleware",
    "krami.drafts.DraftMiddleware",  # what was typed before a logout fills the form in again (issue 15)
    "krami.submit_once.SubmitOnceMiddleware",  # a form sent twice saves once (issue 15)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "krami.middleware.SecurityHeadersMiddleware",
    "krami.middleware.ReadLogMiddleware",  # the access log of a request written in one INSERT (issue 19)
    # Last, so that a lock-out answer is produced after authentication ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "krami.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "krami.context_processors.navigation",
            ],
        },
    },
]

FORM_RENDERER = "krami.forms.KramiFormRenderer"

WSGI_APPLICATION = "krami.wsgi.application"

# --- Database -----------------------------------------------------------------
# SQLite for the laptop; PostgreSQL (DATABASE_URL=postgres://...) in production and CI.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Without health checks the first request of each worker fails after a database restart.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A second connection to the same database, for progress that a long transaction's page must
    # show while the transaction is still open (krami/jobs.py). In tests it is the test database.
    DATABASES["progress"] = {**DATABASES["default"], "CONN_MAX_AGE": 0, "TEST": {"MIRROR": "default"}}

# Long work (applying a register import) in a thread of its own, with progress on the page
# (krami/jobs.py). PostgreSQL only: SQLite has one writer at a time, so there it runs in the request.
KRAMI_BACKGROUND_JOBS = env.bool("KRAMI_BACKGROUND_JOBS", default="progress" in DATABASES)
if KRAMI_BACKGROUND_JOBS and "progress" not in DATABASES:
    raise ImproperlyConfigured("KRAMI_BACKGROUND_JOBS needs PostgreSQL (DATABASE_URL=postgres://...)")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first, so that a locked-out (username, IP) never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in through an organisation's identity provider (krami/federation/): only an account an
    # administrator linked, after the provider's signed assertion was checked.
    "krami.federation.backend.FederatedBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "krami:login"
LOGIN_REDIRECT_URL = "krami:home"
LOGOUT_REDIRECT_URL = "krami:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-out per (username, IP): one person's mistakes never lock a whole office behind one NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Sessions: 30 minutes idle, 12 hours absolute (enforced by krami.middleware.SessionLimitsMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor authentication (TOTP) is required for all staff. Demo accounts made by
# `seed_demo` may skip it only when this clearly named setting is on (never in production:
# a deploy check warns).
KRAMI_REQUIRE_2FA = env.bool("KRAMI_REQUIRE_2FA", default=True)
KRAMI_DEMO_ACCOUNTS_SKIP_2FA = env.bool("KRAMI_DEMO_ACCOUNTS_SKIP_2FA", default=False)
OTP_TOTP_ISSUER = "Krami"

# --- Sign-in through the organisation's identity provider (SAML 2.0, krami/federation/) -------
# The providers are configured per organisation in the admin; these are Krami's own key pair (it
# signs its requests and decrypts encrypted assertions) and address. Without the key pair no
# provider is offered on the login page. docs/security.md, "Federated sign-in".
KRAMI_SAML_SP_KEY_FILE = env.str("SAML_SP_KEY_FILE", default="")
KRAMI_SAML_SP_CERT_FILE = env.str("SAML_SP_CERT_FILE", default="")
KRAMI_SAML_BASE_URL = env.str("SAML_BASE_URL", default="")  # e.g. https://krami.example.se
KRAMI_SAML_CLOCK_SKEW_SECONDS = env.int("SAML_CLOCK_SKEW_SECONDS", default=60)
SAML_XMLSEC_BINARY = env.str("SAML_XMLSEC_BINARY", default="/usr/bin/xmlsec1")
SAML_CONFIG_LOADER = "krami.federation.config.sp_config"
SAML_CREATE_UNKNOWN_USER = False  # default deny: signing in never creates an account
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_IGNORE_LOGOUT_ERRORS = True  # the Krami session has ended whatever the provider answers
SAML_CSP_HANDLER = ""  # Krami sets its own Content-Security-Policy (krami/middleware.py)
SAML_SESSION_COOKIE_NAME = "krami_saml"

# E-mail (the daily "Att göra" digest, `manage.py send_digest`): Django's SMTP backend, settings from
# the environment. KRAMI_BASE_URL is the address the digest links to (e-mails have no request).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="krami@localhost")
KRAMI_BASE_URL = env.str("KRAMI_BASE_URL", default="http://127.0.0.1:8000")

# django-guardian: no anonymous user object; permissions are granted to groups only.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["krami.formats"]

# --- Static files -------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# --- Security -----------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's and Prometheus' probes may come over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
# The provider posts its answer from its own site: the SAML session's cookie must travel with that
# cross-site POST, which browsers allow only for SameSite=None, and only on a Secure cookie.
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
# A stale form gets a Swedish page that keeps what was typed, not Django's page (krami/drafts.py).
CSRF_FAILURE_VIEW = "krami.errors.csrf_failure"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# --- Krami --------------------------------------------------------------------
# Access-log rows are kept at least this long (DOMAIN.md, "Law and practice").
KRAMI_ACCESS_LOG_RETENTION_YEARS = 5

# Logs (krami/logs.py, docs/operations.md): plain lines, or JSON lines with LOG_FORMAT=json; a line
# per request on krami.requests at INFO. No personnummer or name is ever logged: the SAML libraries
# quote the provider's assertion (names) below WARNING, so they stay at WARNING whatever LOG_LEVEL says.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "krami.logs.RedactPersonnummer"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "krami.logs.JsonLines"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "saml2": {"level": "WARNING"},
        "djangosaml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}

# Prometheus metrics (django-prometheus; krami/health.py): off unless METRICS is on, and then
# /metrics answers only the bearer token METRICS_TOKEN or an address in METRICS_ALLOWED_IPS.
KRAMI_METRICS = env.bool("METRICS", default=False)
KRAMI_METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
KRAMI_METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
if KRAMI_METRICS:
    if not KRAMI_METRICS_TOKEN and not KRAMI_METRICS_ALLOWED_IPS:
        raise ImproperlyConfigured("METRICS is on: set METRICS_TOKEN or METRICS_ALLOWED_IPS (the metrics are not public).")
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware", *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
    # Database metrics: the same backend, wrapped (queries, errors, connections per alias).
    for _alias in DATABASES.values():
        _alias["ENGINE"] = _alias["ENGINE"].replace("django.db.backends.", "django_prometheus.db.backends.")

# Personnummer at rest (participants/personnummer.py): Fernet keys, newest first (rotation:
# put the new key first, run `manage.py rotate_personnummer_keys`, then drop the old key),
# and a separate HMAC key for look-ups. Both are derived from SECRET_KEY when DEBUG is on.
PERSONNUMMER_KEYS = env.list("PERSONNUMMER_KEYS", default=[])
PERSONNUMMER_HASH_KEY = env.str("PERSONNUMMER_HASH_KEY", default="")
# A worker's long-lived objects are frozen out of full garbage collections after this many requests,
# and after ten and a hundred times as many (krami/warm.py); 0 turns it off.
KRAMI_GC_FREEZE_AFTER = env.int("KRAMI_GC_FREEZE_AFTER", default=20)
KRAMI_TESTING = False
