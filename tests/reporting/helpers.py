"""Fixtures for report tests: people and their episodes written straight to the tables.

The figures read only the rows, so the tests build exactly the rows a hand count needs (dates
on month boundaries, outcomes, follow-ups) without walking each person through intake.
"""

from __future__ import annotations

from datetime import date

from intake.models import Assessment, Decision, Episode, FollowUp, Interview, StartKind
from krami.models import Gender, Role
from tests.krami.factories import UnitFactory, staff
from tests.participants.factories import make_participant


class Team:
    """A unit with a case worker who records everything, and its steering-group member."""

    def __init__(self, name: str = "Krami Testby"):
        self.unit = UnitFactory(name=name)
        kommun = self.unit.parties.get(kind="kommun")
        self.worker = staff(role=Role.VAGLEDARE, unit=self.unit, organisation=kommun)
        self.styrgrupp = staff(role=Role.STYRGRUPP, unit=self.unit, organisation=kommun)

    def person(self, *, gender=Gender.MAN, born=date(1990, 1, 1), **fields):
        return make_participant(unit=self.unit, handler=self.worker, gender=gender, born=born, **fields)

    def enrol(self, participant, started: date, ended: date | None = None, outcome: str = "", completed=None) -> Episode:
        if ended is not None and not outcome:
            outcome = "other"
        return Episode.objects.create(
            participant=participant, kind=StartKind.INDIVIDUAL, started_on=started, started_by=self.worker,
            ended_on=ended, exit_outcome=outcome, completed_guidance_programme=completed,
            ended_by=self.worker if ended else None,
        )

    def closed(self, started: date, ended: date, outcome: str, completed: bool, **person) -> Episode:
        return self.enrol(self.person(**person), started, ended, outcome, completed)

    def interview(self, participant, on: date) -> Interview:
        return Interview.objects.create(participant=participant, held_on=on, interviewer=self.worker, recorded_by=self.worker)

    def assess(self, participant, on: date, decision=Decision.ACCEPTED) -> Assessment:
        return Assessment.objects.create(
            participant=participant, decided_on=on, decision=decision, decided_by=self.worker, recorded_by=self.worker,
            reason="" if decision == Decision.ACCEPTED else "Inte nu", referred_to="Arbetsträning" if decision == Decision.REFERRED else "",
        )

    def follow_up(self, episode: Episode, months: int, due: date, result: str = "", checked: date | None = None) -> FollowUp:
        FollowUp.objects.filter(episode=episode, months=months).delete()
        return FollowUp.objects.create(
            episode=episode, unit_id=episode.participant.unit_id, months=months, due_on=due, result=result,
            checked_on=checked if result else None,
        )
