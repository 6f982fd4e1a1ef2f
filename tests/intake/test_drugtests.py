"""Drug tests: a refusal discharges; re-enrolment waits for a later negative or declining test; owner-based access."""

from datetime import date, timedelta

import pytest

from intake.access import visible_drug_tests
from intake.drugpolicy import reenrolment_blocked_since
from intake.models import DrugTestResult as R
from intake.models import Episode, ExitOutcome
from intake.services.drugtests import drugtest_record_result, drugtest_refer
from intake.services.programme import StartRefused, drug_policy_block
from participants.access import visible_categories
from participants.models import Phase
from tests.intake.factories import accept, exit_, make_drug_test, start, today
from tests.participants.factories import make_participant

D = date(2026, 3, 10)


@pytest.mark.parametrize(
    "results, exits, blocked",
    [
        ([], [], None),
        ([(D, R.NEGATIVE)], [], None),
        ([(D, R.POSITIVE)], [], None),  # a positive result alone does not block: the team decides
        ([(D, R.NO_SHOW)], [], None),
        ([(D, R.REFUSED)], [], D),
        ([(D, R.REFUSED), (D + timedelta(days=7), R.NEGATIVE)], [], None),
        ([(D, R.REFUSED), (D + timedelta(days=7), R.DECLINING)], [], None),
        ([(D, R.REFUSED), (D + timedelta(days=7), R.POSITIVE)], [], D),
        ([(D, R.REFUSED), (D, R.NEGATIVE)], [], D),  # the same day is not "later"
        ([(D - timedelta(days=30), R.NEGATIVE), (D, R.REFUSED)], [], D),  # an earlier negative does not count
        ([(D, R.POSITIVE)], [D + timedelta(days=1)], D + timedelta(days=1)),  # exited "discharged after drug test"
        ([(D, R.POSITIVE), (D + timedelta(days=9), R.NEGATIVE)], [D + timedelta(days=1)], None),
        ([(D, R.REFUSED), (D + timedelta(days=5), R.NEGATIVE), (D + timedelta(days=20), R.REFUSED)], [],
         D + timedelta(days=20)),  # a second refusal blocks again
    ],
)
def test_reenrolment_block_rule(results, exits, blocked):
    assert reenrolment_blocked_since(results=results, drug_test_exits=exits) == blocked


@pytest.mark.django_db
def test_refusal_discharges_and_blocks_re_enrolment_until_a_later_negative_test(world):
    owner = world.users["kommun_vagledare"]
    p = accept(make_participant(unit=world.unit, handler=owner), by=owner, on=today() - timedelta(days=40))
    start(p, by=owner, on=today() - timedelta(days=30))
    test = drugtest_refer(participant=p, by=owner, referred_on=today() - timedelta(days=10), reason="Påverkad vid gruppträff")
    drugtest_record_result(test=test, by=owner, result=R.REFUSED, result_on=today() - timedelta(days=9))

    episode = Episode.objects.get(participant=p)
    p.refresh_from_db()
    assert (episode.ended_on, episode.exit_outcome, episode.completed_guidance_programme) == (
        today() - timedelta(days=9), ExitOutcome.DRUG_TEST_DISCHARGE, False,
    )
    assert p.phase == Phase.CLOSED
    assert drug_policy_block(p) == today() - timedelta(days=9)
    with pytest.raises(StartRefused) as exc:
        start(p, by=owner)
    assert exc.value.code == "drug_policy"
    assert Episode.objects.filter(participant=p).count() == 1

    later = drugtest_refer(participant=p, by=owner, referred_on=today() - timedelta(days=2), reason="Uppföljande prov")
    drugtest_record_result(test=later, by=owner, result=R.NEGATIVE, result_on=today() - timedelta(days=1))
    assert drug_policy_block(p) is None
    assert start(p, by=owner).started_on == today()
    assert Episode.objects.filter(participant=p).count() == 2


@pytest.mark.django_db
def test_exit_after_a_positive_test_blocks_as_well(world):
    owner = world.users["kommun_vagledare"]
    p = accept(make_participant(unit=world.unit, handler=owner), by=owner, on=today() - timedelta(days=40))
    start(p, by=owner, on=today() - timedelta(days=30))
    make_drug_test(p, by=owner, on=today() - timedelta(days=5), result=R.POSITIVE, result_on=today() - timedelta(days=4))
    assert drug_policy_block(p) is None
    exit_(p, by=owner, on=today() - timedelta(days=3), outcome=ExitOutcome.DRUG_TEST_DISCHARGE, completed=False)
    assert drug_policy_block(p) == today() - timedelta(days=3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "participant_key, user_key, sees",
    [
        ("no_consent", "kommun_vagledare", {"kommun"}),  # own organisation's test only
        ("no_consent", "kv_vagledare", None),  # does not see the person at all
        ("consent_kv_core", "kv_vagledare", {"kv"}),  # sees the person, not the kommun's tests
        ("consent_all", "kv_vagledare", {"kv", "kommun"}),  # consent to share health data
        ("consent_all", "af_vagledare", {"kv", "kommun"}),
        ("withdrawn", "kv_vagledare", None),
    ],
)
def test_drug_tests_are_owned_by_the_recording_organisation(world, participant_key, user_key, sees):
    p = world.participants[participant_key]
    kv_user = world.users["kv_vagledare"]
    make_drug_test(p, by=world.users["kommun_vagledare"])
    make_drug_test(p, by=kv_user, organisation=world.orgs["kv"])
    user = world.users[user_key]
    p.visible = visible_categories(user, p)
    if sees is None:
        assert p.visible == frozenset()
        return
    orgs = {name for name, org in world.orgs.items() for t in visible_drug_tests(user, p) if t.owner_organisation_id == org.pk}
    assert orgs == sees
