"""Gallring runs at any date over the demo and keeps the reporting figures (issue 15, finding 2).

`manage.py gallra --on 2032-01-01` on the demo failed with an IntegrityError for everyone; the
category and identity removals also changed the figures of the months the people had been
enrolled in (the priority and age breakdowns). Here gallring runs at every year from today to
+15 years (tests/privacy/years.py).
"""

import pytest

from tests.privacy.years import YEARS, gallra_every_year

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.slow]


def test_gallring_every_year_fails_for_nobody_and_keeps_the_reporting_figures(seeded):
    years, anonymised = gallra_every_year()

    assert len(years) == YEARS + 1
    assert [(y.day, y.failures) for y in years if y.failures] == []
    assert [(y.day, y.changed[:5]) for y in years if y.changed] == []
    # The guard: the years did remove data, the identity of more than a hundred people among it.
    assert sum(y.records for y in years) > 1000 and anonymised > 100
