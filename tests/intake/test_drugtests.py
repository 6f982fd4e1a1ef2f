"""Drug tests: a refusal discharges; a no-show follows the unit's rule (the team decides by default);
re-enrolment waits for a later negative or declining test; owner-based access."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from agreements.rules import DrugTestRules, NoShowRule
from intake.access import visible_drug_tests
from intake.drugpolicy import no_show_consequence, reenrolment_blocked_since
from intake.models import DrugTest, Episode, ExitOutcome, NoShowDecision
from intake.models import DrugTestResult as R
from intake.selectors.agenda import week_agenda
from intake.services.drugtests import drugtest_no_show_decide, drugtest_record_result, drugtest_refer
from intake.services.programme import StartRefused, drug_policy_block
from krami.models import AuditEvent
from participants.access import visible_categories
from participants.authority import WriteRefused
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


# DOMAIN.md, "Drug policy" (seeds/004: "Om deltagaren inte medverkar skrivs hen ut"): whether a no-show
# counts as not cooperating is the unit's rule; by default the team decides each time.
@pytest.mark.parametrize(
    "rule, limit, no_shows, enrolled, consequence",
    [
        (NoShowRule.TEAM, 1, 1, True, "team"),
        (NoShowRule.TEAM, 1, 3, True, "team"),
        (NoShowRule.TEAM, 1, 1, False, "none"),  # not enrolled: nothing to discharge from
        (NoShowRule.NOT_COOPERATING, 1, 1, True, "discharge"),
        (NoShowRule.NOT_COOPERATING, 2, 1, True, "none"),
        (NoShowRule.NOT_COOPERATING, 2, 2, True, "discharge"),
        (NoShowRule.NOT_COOPERATING, 2, 3, True, "discharge"),
        (NoShowRule.NOT_COOPERATING, 1, 1, False, "none"),
    ],
)
def test_no_show_rule(rule, limit, no_shows, enrolled, consequence):
    rules = DrugTestRules(no_show=rule, no_show_limit=limit)
    assert no_show_consequence(rules=rules, no_shows=no_shows, enrolled=enrolled) == consequence


def _enrolled(world, *, days=30):
    owner = world.users["kommun_vagledare"]
    p = accept(make_participant(unit=world.unit, handler=owner), by=owner, on=today() - timedelta(days=days + 10))
    start(p, by=owner, on=today() - timedelta(days=days))
    return owner, p


def _no_show(p, owner, *, days_ago=3):
    test = drugtest_refer(participant=p, by=owner, referred_on=today() - timedelta(days=days_ago + 1), reason="Påverkad")
    return drugtest_record_result(test=test, by=owner, result=R.NO_SHOW, result_on=today() - timedelta(days=days_ago))


@pytest.mark.django_db
def test_by_default_a_no_show_gives_the_team_a_decision_to_make(world):
    owner, p = _enrolled(world)
    test = _no_show(p, owner)
    assert (test.consequence, test.no_show_decision) == ("team", NoShowDecision.PENDING)
    assert Episode.objects.get(participant=p).is_open  # still enrolled until the team decides
    agenda = week_agenda(user=world.users["kommun_samordnare"], on=today())
    assert [t.pk for t in agenda["no_shows"]] == [test.pk]
    assert week_agenda(user=world.users["kv_vagledare"], on=today())["no_shows"] == []  # may not see the test


@pytest.mark.django_db
def test_the_team_discharges_after_a_no_show_with_its_reason(world):
    owner, p = _enrolled(world)
    test = _no_show(p, owner)
    decider = world.users["kommun_samordnare"]
    with pytest.raises(ValidationError) as exc:
        drugtest_no_show_decide(test=test, by=decider, decision=NoShowDecision.DISCHARGE, reason=" ", decided_on=today())
    assert "reason" in exc.value.error_dict
    decided = drugtest_no_show_decide(
        test=test, by=decider, decision=NoShowDecision.DISCHARGE, reason="Tredje uteblivna provet i rad", decided_on=today()
    )
    assert (decided.no_show_decision, decided.no_show_decided_by, decided.no_show_decided_on) == (
        NoShowDecision.DISCHARGE, decider, today(),
    )
    episode = Episode.objects.get(participant=p)
    assert (episode.ended_on, episode.exit_outcome, episode.completed_guidance_programme) == (
        today(), ExitOutcome.DRUG_TEST_DISCHARGE, False,
    )
    assert drug_policy_block(p) == today()
    assert AuditEvent.objects.get(action="drug_test.no_show_decided", object_id=test.pk).data["decision"] == "discharge"
    assert week_agenda(user=decider, on=today())["no_shows"] == []
    with pytest.raises(ValidationError):
        drugtest_no_show_decide(test=test, by=decider, decision=NoShowDecision.CONTINUE, reason="x", decided_on=today())


@pytest.mark.django_db
def test_the_team_may_keep_the_participant_after_a_no_show(world):
    owner, p = _enrolled(world)
    test = _no_show(p, owner)
    decided = drugtest_no_show_decide(
        test=test, by=owner, decision=NoShowDecision.CONTINUE, reason="Sjuk, har läkarintyg; nytt prov bokat",
        decided_on=today(),
    )
    assert decided.no_show_reason == "Sjuk, har läkarintyg; nytt prov bokat"
    assert Episode.objects.get(participant=p).is_open and drug_policy_block(p) is None


@pytest.mark.django_db
def test_a_unit_that_counts_the_second_no_show_as_not_cooperating(world, unit_rules):
    unit_rules(drug_tests=DrugTestRules(no_show=NoShowRule.NOT_COOPERATING, no_show_limit=2))
    owner, p = _enrolled(world)
    first = _no_show(p, owner, days_ago=10)
    assert (first.consequence, first.no_show_decision) == ("none", "")
    assert Episode.objects.get(participant=p).is_open
    second = _no_show(p, owner, days_ago=3)
    assert (second.consequence, second.no_show_decision) == ("discharge", NoShowDecision.BY_RULE)
    episode = Episode.objects.get(participant=p)
    assert (episode.ended_on, episode.exit_outcome) == (today() - timedelta(days=3), ExitOutcome.DRUG_TEST_DISCHARGE)
    assert drug_policy_block(p) == today() - timedelta(days=3)


@pytest.mark.django_db
def test_no_shows_of_an_earlier_enrolment_do_not_count(world, unit_rules):
    unit_rules(drug_tests=DrugTestRules(no_show=NoShowRule.NOT_COOPERATING, no_show_limit=2))
    owner, p = _enrolled(world, days=60)
    _no_show(p, owner, days_ago=50)
    exit_(p, by=owner, on=today() - timedelta(days=40), outcome="moved", completed=False)
    start(p, by=owner, on=today() - timedelta(days=20))
    assert _no_show(p, owner, days_ago=5).consequence == "none"


@pytest.mark.django_db
def test_a_no_show_outside_an_enrolment_asks_nothing(world):
    owner = world.users["kommun_vagledare"]
    p = make_participant(unit=world.unit, handler=owner)
    assert (_no_show(p, owner).no_show_decision, Episode.objects.filter(participant=p).exists()) == ("", False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "participant_key, owner_key, user_key, may",
    [
        ("consent_all", "kv", "kommun_vagledare", True),  # the test is shared: the team decides
        ("consent_kv_core", "kv", "kommun_vagledare", False),  # sees the person, not the test
        ("consent_kv_core", "kv", "kv_vagledare", True),
    ],
)
def test_the_decision_is_the_teams_among_those_who_see_the_test(world, participant_key, owner_key, user_key, may):
    p = world.participants[participant_key]
    kommun = world.users["kommun_vagledare"]
    accept(p, by=kommun, on=today() - timedelta(days=40))
    start(p, by=kommun, on=today() - timedelta(days=30))
    test = make_drug_test(p, by=world.users[f"{owner_key}_vagledare"], result=R.NO_SHOW, result_on=today() - timedelta(days=1))
    DrugTest.objects.filter(pk=test.pk).update(no_show_decision=NoShowDecision.PENDING)
    decide = lambda: drugtest_no_show_decide(  # noqa: E731
        test=test, by=world.users[user_key], decision=NoShowDecision.CONTINUE, reason="Nytt prov bokat", decided_on=today()
    )
    if may:
        assert decide().no_show_decision == NoShowDecision.CONTINUE
    else:
        with pytest.raises(WriteRefused):
            decide()
