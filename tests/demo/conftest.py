"""The demo data (`manage.py seed_demo`), seeded once for every test of this package.

Seeding takes 10–15 s on PostgreSQL; the demo tests of every app used to seed it again each,
about 100 s of the suite. Here the first seed runs once per test process in a transaction that
is rolled back after the package's last test (tests.fixtures.shared_data); each test runs in a
savepoint inside it, so a test that seeds a second time or opens pages leaves the seed as it was
for the next one. Every test of this package must use `seeded` (or no database at all) and none
may be transactional: it would not see the seed.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.fixtures import shared_data


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="package")
def demo_seed(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker, _seed) as output:
        yield output


@pytest.fixture
def seeded(demo_seed, db) -> str:
    """The demo data as the first `seed_demo` left it; the value is what that run printed."""
    return demo_seed


@pytest.fixture(autouse=True)
def english(client):
    """Pages (and texts built without a request) in English, so assertions on text survive the Swedish catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
