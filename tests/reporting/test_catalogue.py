"""The figure list (reporting/catalogue.py) is the one place a figure is declared: the queries
compute exactly the declared figures, the layout shows every one, and protection knows each."""

from datetime import date, time

import pytest

from agreements.models import Agreement
from intake.models import InformationMeeting, MeetingAttendance
from participants.models import Phase, PhaseChange
from reporting import catalogue
from reporting.assemble import dashboard_for
from reporting.cells import Publication
from reporting.periods import month_period, quarter_period
from reporting.selectors import unit_figures
from tests.reporting.helpers import Team
from tests.reporting.test_snapshot_reads import MONTHS, history

pytestmark = pytest.mark.django_db

QUERIED = {"episode", "intake", "follow_up", "drug_test", "phase"}


@pytest.fixture
def team():
    """The history of test_snapshot_reads, and what it lacks for every figure to have a value: a
    walk-in at an information meeting, stays in internship and in work or studies that ended."""
    team = Team("Krami Katalog")
    history(team, 14)
    meeting = InformationMeeting.objects.create(unit=team.unit, held_on=date(2026, 1, 8), starts_at=time(10), place="Lokalen",
                                                created_by=team.worker)
    MeetingAttendance.objects.create(meeting=meeting, name="Besökare", contact="070", recorded_by=team.worker)
    person = team.person()
    for on, phase in ((date(2025, 11, 3), Phase.GUIDANCE), (date(2025, 12, 1), Phase.INTERNSHIP),
                      (date(2026, 1, 12), Phase.WORK_OR_STUDIES), (date(2026, 2, 16), Phase.CLOSED)):
        PhaseChange.objects.create(participant=person, phase=phase, on=on, changed_by=team.worker)
    return team


def test_the_queries_compute_exactly_the_declared_figures(team):
    produced = set()
    for month in MONTHS:
        produced |= set(unit_figures(unit=team.unit, period=month_period(month)).values)
    declared = {f.key for f in catalogue.STATIC if f.source in QUERIED}
    assert declared <= produced, sorted(declared - produced)
    for name in produced:
        figure = catalogue.figure(name)
        assert figure.key in catalogue.BY_KEY or figure.family in ("breakdown", "places", "economy"), name
    breakdowns = {name.split("|")[1] for name in produced if name.startswith("breakdown|")}
    assert breakdowns == set(catalogue.BREAKDOWN_DIMENSIONS)


def test_the_dashboard_shows_every_declared_figure(team, monkeypatch):
    asked = set()
    for method in ("count", "money", "is_hidden"):  # is_hidden: an average of a count (a quarter's occupancy)
        original = getattr(Publication, method)

        def record(self, name, _original=original, **kw):
            asked.add(name)
            return _original(self, name, **kw)

        monkeypatch.setattr(Publication, method, record)
    original_rate = Publication._ratio

    def record_rate(self, r):
        asked.update((r.numerator, r.denominator))
        return original_rate(self, r)

    monkeypatch.setattr(Publication, "_ratio", record_rate)
    dashboard_for(unit=team.unit, period=quarter_period(2026, 1))
    assert not asked & {f.key for f in catalogue.STATIC if f.target}  # the agreement's target counts any studies
    for denominator in ("all_closed", "completed_programme"):  # the rows a target of full-time studies adds
        Agreement.objects.filter(unit=team.unit).update(outcome_studies="full_time", outcome_denominator=denominator)
        dashboard_for(unit=team.unit, period=quarter_period(2026, 1))
    shown = {f.key for f in catalogue.STATIC if f.shown}
    assert shown <= asked, sorted(shown - asked)
    assert any(name.startswith("breakdown|") for name in asked) and any(name.startswith("places|") for name in asked)


def test_every_hidden_part_completes_a_sum_and_every_identity_uses_declared_figures():
    hidden_parts = {f.key for f in catalogue.STATIC if not f.shown}
    in_partitions = {part for p in catalogue.partitions(catalogue.BY_KEY, breakdowns=False) for part in p.parts}
    assert hidden_parts <= in_partitions
    for identity in catalogue.IDENTITIES:
        assert all(name in catalogue.BY_KEY for _c, name, _offset in identity.terms), identity.name
    for rate in catalogue.RATES:
        assert catalogue.figure(rate.numerator).kind in (catalogue.COUNT, catalogue.AMOUNT)
        assert catalogue.is_count(rate.denominator), rate.key


def test_a_months_hidden_parts_are_the_differences_of_its_counts():
    values = {"outcome|closed": 12, "outcome|work_or_studies": 9, "outcome|completed": 8, "outcome|completed_work_or_studies": 6,
              "outcome|work_or_full_time_studies": 7, "outcome|completed_work_or_full_time_studies": 5,
              "funnel|assessed": 7, "funnel|accepted": 5, "funnel|started": 6, "waiting|n": 6}
    full = catalogue.with_hidden_parts(values, breakdowns=False)
    assert (full["outcome|~not_work_or_studies"], full["outcome|~completed_other"]) == (3, 2)
    assert (full["outcome|~not_completed_work_or_studies"], full["outcome|~neither"]) == (3, 1)
    # Of the 9 to work or studies, 2 studied part time (or unspecified): 1 completer, 1 not.
    assert full["outcome|~completed_other_studies"] == 1
    assert (full["outcome|~not_completed_work_or_full_time_studies"], full["outcome|~not_completed_other_studies"]) == (2, 1)
    # Without the figures a target of full-time studies shows, their parts are not there either.
    plain = catalogue.with_hidden_parts({k: v for k, v in values.items() if k not in catalogue.TARGETED}, breakdowns=False)
    assert not {k for k in plain if "full_time" in k or "other_studies" in k}
    assert (full["funnel|~not_accepted"], full["waiting|~no_acceptance"]) == (2, 0)
