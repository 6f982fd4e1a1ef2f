"""The scale data generator and the benchmark at a tiny scale (issue 7): they keep working.

No timing assertions: CI machines are noisy. What is asserted is what the benchmark relies on:
the invented data is consistent (phases, grants, sequences), the personas see their own unit
only, and every page of the registry opens (200) and reports its query count.
"""

from __future__ import annotations

import pytest
from django.db.models import F, Min, OuterRef, Subquery
from django.utils import timezone

from krami.dates import month_start, months_between
from krami.models import AccessLog, Role, Unit
from participants.access import visible_participants
from participants.models import Participant, ParticipantGroupPermission, PhaseChange
from reporting.models import MonthSnapshot
from reporting.periods import month_period
from reporting.selectors import to_json, unit_figures
from scale.bench.context import PERSONAS, discover
from scale.bench.pages import BASELINES, PAGES
from scale.bench.report import evaluate, render_markdown
from scale.bench.run import measure_database
from scale.closing import close_ended_months
from scale.generate import Sizes, first_units, generate
from tests.fixtures import shared_data
from tests.participants.factories import make_participant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TINY = Sizes(units=2, years=2, per_year=12, access_log_per_participant=3)


@pytest.fixture(scope="module")
def tiny_data(django_db_setup, django_db_blocker):
    """Generated once for the module (~4 s) and rolled back after it (tests.fixtures.shared_data)."""
    build = lambda: generate(sizes=TINY, seed=7, today=timezone.localdate(), log=lambda *_: None, analyze=False)  # noqa: E731
    with shared_data(django_db_blocker, build) as result:
        yield result


@pytest.fixture
def tiny(tiny_data, db):
    """The generator's result; each test runs in a savepoint, so what it adds is gone for the next."""
    return tiny_data


def test_generator_fills_every_table_consistently(tiny):
    rows = tiny["rows"]
    assert Participant.objects.count() == rows["Participant"] > 10
    assert Unit.objects.count() == 2
    assert AccessLog.objects.count() == rows["AccessLog"] > 0
    empty = [name for name, n in rows.items() if n == 0 and name not in ("QueuePlacement", "HandlerChange", "DrugTest")]
    assert empty == []
    last_change = PhaseChange.objects.filter(participant=OuterRef("pk")).order_by("-on", "-pk").values("phase")[:1]
    mismatched = Participant.objects.annotate(last=Subquery(last_change)).exclude(phase=F("last"))
    assert not mismatched.exists(), "a participant's phase differs from its last phase change"
    # Registered on the day of the first phase (applicant), not on the day the data was generated: the
    # model's default had made every generated person "registered today" (krami_scale_national_x2).
    first_change = PhaseChange.objects.filter(participant=OuterRef("pk")).order_by("on", "pk").values("on")[:1]
    misdated = Participant.objects.annotate(first=Subquery(first_change)).exclude(registered_on=F("first"))
    assert not misdated.exists(), "a participant's registration date is not the day of its first phase"
    assert Participant.objects.values("registered_on").distinct().count() > 10
    assert ParticipantGroupPermission.objects.exists()


def test_every_ended_month_is_closed_with_the_figures_computed_live(tiny):
    """The generator runs the month-end job over the history (scale/closing.py): every unit has a
    snapshot of every ended month, holding what the live computation gives for the same data."""


    today = timezone.localdate()
    first = PhaseChange.objects.aggregate(first=Min("on"))["first"]
    months = [m for m in months_between(first, today) if m < month_start(today)]
    units = list(Unit.objects.order_by("pk"))
    assert MonthSnapshot.objects.count() == len(units) * len(months) == tiny["rows"]["MonthSnapshot"]
    for month in (months[0], months[len(months) // 2], months[-1]):
        for unit in units:
            snapshot = MonthSnapshot.objects.get(unit=unit, month=month)
            assert snapshot.figures == to_json(unit_figures(unit=unit, period=month_period(month)).values), (unit, month)
            assert snapshot.closed_by.memberships.filter(unit=unit, role=Role.STYRGRUPP, organisation__kind="kommun").exists()
    assert close_ended_months(today=today, log=lambda *_: None) == 0  # run again: nothing left to close


def test_the_month_end_job_can_close_the_first_units_only(tiny):
    """`--close-units 1` (make scale-data / bench SCALE=2): only unit 1's pages are compared at twice
    the units, so only its months are closed there; the other units' months stay open."""
    today = timezone.localdate()
    last = MonthSnapshot.objects.order_by("-month").values_list("month", flat=True).first()
    MonthSnapshot.objects.filter(month=last).delete()
    first, second = Unit.objects.order_by("pk").values_list("pk", flat=True)
    assert first_units(1) == {first}
    assert first_units(None) is None
    assert close_ended_months(today=today, log=lambda *_: None, unit_ids=first_units(1)) == 1
    assert set(MonthSnapshot.objects.filter(month=last).values_list("unit_id", flat=True)) == {first}
    assert close_ended_months(today=today, log=lambda *_: None) == 1  # the other unit's, when all are asked for
    assert not MonthSnapshot.objects.filter(month=last).exclude(unit_id__in=[first, second]).exists()


def test_personas_see_their_own_unit_only(tiny):
    ctx = discover()
    assert set(ctx.users) == set(PERSONAS)
    seen = visible_participants(ctx.users["vagledare"])
    assert seen.exists()
    assert set(seen.values_list("unit_id", flat=True)) == {ctx.unit_id}
    assert ctx.participant_id in set(seen.values_list("pk", flat=True))


def test_sequences_continue_after_the_bulk_load(tiny):
    """COPY writes explicit ids: the application must still be able to add rows afterwards."""
    before = Participant.objects.order_by("-pk").values_list("pk", flat=True).first()
    unit = Unit.objects.order_by("pk").first()
    created = make_participant(unit=unit, handler=discover().users["vagledare"])
    assert created.pk > before


@pytest.mark.slow
def test_benchmark_opens_every_registered_page(tiny, settings):
    settings.ROOT_URLCONF = "scale.urls"
    data = measure_database(label="tiny", repeat=2, warmup=1)
    assert data["rows"]["participants"] == tiny["rows"]["Participant"]
    assert len(data["load_average"]["before"]) == 3
    for key, baseline in data["baselines"].items():
        assert baseline["queries"] >= 1 and baseline["n"] == 2, key
    assert [p["key"] for p in data["pages"]] == [p.key for p in PAGES]
    for page in data["pages"]:
        if "skipped" in page:
            # Only pages of apps not merged on this branch may be skipped.
            assert "does not resolve" in page["skipped"], page
            continue
        assert page["queries"] >= 1 and page["median_ms"] > 0, page["key"]
    measured = {p["key"] for p in data["pages"] if "skipped" not in p}
    assert {"participant_list", "participant_detail", "priority_queue", "home"} <= measured
    assert {b.key for b in BASELINES} == set(data["baselines"])
    # The report of `make bench` is written from these figures: every page appears with its budgets.
    report = {"generated_at": "test", "runs": {"small": data, "national": data}}
    report["evaluation"] = evaluate(data, data)
    text = render_markdown(report)
    for page in PAGES:
        assert page.title in text
    for row in report["evaluation"]:
        if "skipped" not in row:
            assert row["checks"]["same_queries"] is True, row["key"]
            assert row["scale_ratio"] == 1.0
