"""The priority category is written twice: in Python for the queue (intake/priority.py) and in SQL
for the breakdowns (reporting/expressions.py). Both must give the same answer for every age,
gender, criminal-justice status, the three "current at" facts and the agreement's age limits."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.rules import PriorityRules
from intake.priority import Applicant, priority_category
from krami.dates import add_months
from krami.models import Gender
from participants.models import CriminalJusticeInfo, CriminalJusticeStatus, LabourMarketInfo, Participant, SocialServicesInfo
from reporting.expressions import priority_category as priority_category_sql
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 31)


@pytest.fixture
def person():
    team = Team()
    return team.person()


def _born(age: int, days_after_birthday: int) -> date:
    """Born so that the person is `age` on DAY, `days_after_birthday` days after a birthday (0: on it)."""
    birthday = add_months(DAY, -12 * age)
    return date.fromordinal(birthday.toordinal() - days_after_birthday)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    age=st.integers(min_value=15, max_value=80),
    days_after_birthday=st.sampled_from([0, 1, 180, 364]),
    gender=st.sampled_from(Gender.values),
    status=st.sampled_from(CriminalJusticeStatus.values),
    at_kv=st.booleans(), at_social_services=st.booleans(), at_af=st.booleans(),
    young=st.tuples(st.integers(min_value=16, max_value=24), st.integers(min_value=0, max_value=12)),
)
def test_sql_and_python_agree_on_the_priority_category(
    person, age, days_after_birthday, gender, status, at_kv, at_social_services, at_af, young,
):
    rules = PriorityRules(young_min_age=young[0], young_max_age=young[0] + young[1])
    born = _born(age, days_after_birthday)
    Participant.objects.filter(pk=person.pk).update(gender=gender, birth_date=born)
    CriminalJusticeInfo.objects.filter(participant=person).update(status=status, current_at_kv=at_kv)
    SocialServicesInfo.objects.filter(participant=person).update(current_at_social_services=at_social_services)
    LabourMarketInfo.objects.filter(participant=person).update(registered_at_af=at_af)

    applicant = Applicant(
        key=person.pk, decided_on=DAY, birth_date=born, is_woman=gender == Gender.WOMAN, criminal_justice_status=status,
        current_at_kv=at_kv, current_at_social_services=at_social_services, registered_at_af=at_af,
    )
    in_python = priority_category(applicant, rules)
    in_sql = (
        Participant.objects.filter(pk=person.pk)
        .annotate(category=priority_category_sql(DAY, {person.unit_id: rules}, prefix=""))
        .values_list("category", flat=True).get()
    )
    assert in_sql == (in_python or "none")
