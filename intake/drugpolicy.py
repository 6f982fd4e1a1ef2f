"""The drug policy (DOMAIN.md, "Drug policy"): what a no-show means, who is blocked from
re-enrolment, and until when.

On suspicion of drug influence Krami refers the participant to a drug test. Refusing the test
discharges the participant from the programme (intake/services/drugtests.py closes the episode
with the outcome "discharged after drug test"); the team may also exit someone with that outcome
after a positive test. Not turning up for the test is the unit's rule (`no_show_consequence`):
either it counts as not cooperating from the agreement's n-th no-show of an enrolment on, or
(the default) the team decides each time, discharge or not, and records why. Re-enrolment is
then blocked until a *later* test is negative or shows a declining value. A positive result
alone does not block: the team decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from agreements.rules import DrugTestRules, NoShowRule
from intake.models import DrugTestResult

BLOCKING_RESULTS = frozenset({DrugTestResult.REFUSED})
CLEARING_RESULTS = frozenset({DrugTestResult.NEGATIVE, DrugTestResult.DECLINING})


def reenrolment_blocked_since(
    *, results: Iterable[tuple[date, str]], drug_test_exits: Iterable[date]
) -> date | None:
    """The date of the event that blocks re-enrolment, or None when the person may start.

    `results`: (result date, result) of the person's drug tests; `drug_test_exits`: end dates of
    episodes closed with the outcome "discharged after drug test". A clearing test must be dated
    after the blocking event (a test on the same day does not count: it cannot be "later").
    """
    results = list(results)
    return blocked_since_from(
        last_refusal=max((on for on, result in results if result in BLOCKING_RESULTS), default=None),
        last_clearing=max((on for on, result in results if result in CLEARING_RESULTS), default=None),
        drug_test_exits=drug_test_exits,
    )


def blocked_since_from(*, last_refusal: date | None, last_clearing: date | None, drug_test_exits: Iterable[date]) -> date | None:
    """`reenrolment_blocked_since` from the two dates it turns on: the last blocking result and the
    last clearing one (a clearing test later than the blocking event exists exactly when the last
    one is later). The case page reads the two with the record (intake/casepage.py)."""
    events = [on for on in (last_refusal, *drug_test_exits) if on is not None]
    if not events:
        return None
    blocked_since = max(events)
    if last_clearing is not None and last_clearing > blocked_since:
        return None
    return blocked_since


def no_show_consequence(*, rules: DrugTestRules, no_shows: int, enrolled: bool) -> str:
    """What a no-show leads to: "discharge" (counts as not cooperating), "team" (the team decides)
    or "none" (not enrolled, or fewer no-shows than the agreement's number).

    `no_shows`: the participant's no-shows during the open enrolment, this one included.
    """
    if not enrolled:
        return "none"
    if rules.no_show == NoShowRule.NOT_COOPERATING:
        return "discharge" if no_shows >= rules.no_show_limit else "none"
    return "team"
