"""System checks that keep a production configuration honest (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def krami_deploy_checks(app_configs, **kwargs):
    problems = []
    if settings.KRAMI_DEMO_ACCOUNTS_SKIP_2FA:
        problems.append(
            Warning(
                "KRAMI_DEMO_ACCOUNTS_SKIP_2FA is on: demo accounts can log in without two-factor authentication.",
                id="krami.W001",
            )
        )
    if not settings.KRAMI_REQUIRE_2FA:
        problems.append(Warning("KRAMI_REQUIRE_2FA is off: staff can log in with a password only.", id="krami.W002"))
    if not settings.PERSONNUMMER_KEYS or not settings.PERSONNUMMER_HASH_KEY:
        problems.append(
            Error("PERSONNUMMER_KEYS and PERSONNUMMER_HASH_KEY must be set in production.", id="krami.E001")
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(Warning("SQLite is for development; production uses PostgreSQL.", id="krami.W003"))
    return problems
