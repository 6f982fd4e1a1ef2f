"""Gallring runs at any date over the small generated data and keeps the reporting figures
(issue 15): the same check as over the demo (tests/privacy/years.py), on data made by another
hand, with closed months of its two years of history."""

import pytest
from django.utils import timezone

from scale.generate import generate
from tests.fixtures import shared_data
from tests.privacy.years import YEARS, gallra_every_year
from tests.scale.test_scale_data import TINY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(scope="module")
def tiny_data(django_db_setup, django_db_blocker):
    build = lambda: generate(sizes=TINY, seed=7, today=timezone.localdate(), log=lambda *_: None, analyze=False)  # noqa: E731
    with shared_data(django_db_blocker, build) as result:
        yield result


def test_gallring_every_year_fails_for_nobody_and_keeps_the_reporting_figures(tiny_data, db):
    years, anonymised = gallra_every_year()

    assert len(years) == YEARS + 1
    assert [(y.day, y.failures) for y in years if y.failures] == []
    assert [(y.day, y.changed[:5]) for y in years if y.changed] == []
    assert sum(y.records for y in years) > 0 and anonymised > 0
