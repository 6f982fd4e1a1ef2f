"""PostgreSQL: the database itself refuses two agreements of a unit in force on the same day."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from agreements.models import Agreement, AgreementStatus
from tests.agreements.factories import stockholm_like
from tests.krami.factories import UnitFactory


@pytest.mark.postgres
def test_exclusion_constraint_refuses_overlapping_agreements_in_force(db):
    first = stockholm_like(unit=UnitFactory(), year=2026)
    second = Agreement.objects.create(
        unit=first.unit, title="Överlapp", period_start=date(2026, 6, 1), period_end=date(2027, 5, 31),
        status=AgreementStatus.DRAFT,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=second.pk).update(status=AgreementStatus.ACTIVE)  # bypasses the services
    # Once the first has ended early, the second may run.
    Agreement.objects.filter(pk=first.pk).update(status=AgreementStatus.ENDED, ended_on=date(2026, 5, 31))
    Agreement.objects.filter(pk=second.pk).update(status=AgreementStatus.ACTIVE)
    assert Agreement.objects.filter(status=AgreementStatus.ACTIVE).count() == 1
