"""Factories for participants; they go through the register service so grants are right."""

import itertools
from datetime import date

from krami.models import Gender, OrganisationKind
from participants import personnummer
from participants.models import Participant, Phase, ReferralSource
from participants.services.register import participant_create
from tests.krami.factories import MunicipalityFactory, party

_serial = itertools.count(1)


def valid_personnummer(born: date = date(1990, 1, 1), serial: int | None = None, coordination: bool = False) -> str:
    """A personnummer with a correct check digit (YYYYMMDD-NNNN)."""
    return personnummer.invented(born, serial if serial is not None else next(_serial), coordination=coordination)


def make_participant(*, unit, handler, organisation=None, born=date(1990, 1, 1), **fields) -> Participant:
    """Register a participant owned by the handler's organisation (or `organisation`)."""
    organisation = organisation or handler.staff_profile.organisation
    defaults = {
        "first_name": "Test",
        "last_name": f"Deltagare{next(_serial)}",
        "gender": Gender.MAN,
        "municipality": unit.municipalities.first() or MunicipalityFactory(),
        "referral_source": ReferralSource.KV_PROBATION,
        "phase": Phase.APPLICANT,
    }
    defaults.update(fields)
    pnr = defaults.pop("personnummer", None) or valid_personnummer(born)
    return participant_create(
        unit=unit, organisation=organisation, handler=handler, by=handler, personnummer_value=pnr, **defaults
    )


def register_again(participant: Participant, *, by, **fields) -> Participant:
    """Another party's record of the same person (same personnummer), registered by `by`'s
    organisation while it does not see `participant` (if it did, the duplicate check would refuse)."""
    pnr = personnummer.display(personnummer.decrypt(participant.personnummer_encrypted))
    defaults = {"first_name": participant.first_name, "last_name": participant.last_name, "gender": participant.gender,
                "municipality": participant.municipality, "referral_source": participant.referral_source}
    defaults.update(fields)
    return make_participant(unit=participant.unit, handler=by, personnummer=pnr, **defaults)



def same_person_record(participant: Participant, *, by, **fields) -> Participant:
    """Another party's record of the same person, whether or not `by` sees `participant` now (as if
    registered before a consent let it see the person): registered under a fresh personnummer, then
    given the person's."""
    record = make_participant(unit=participant.unit, handler=by, **fields)
    Participant.objects.filter(pk=record.pk).update(
        personnummer_encrypted=participant.personnummer_encrypted, personnummer_hash=participant.personnummer_hash,
        birth_date=participant.birth_date,
    )
    record.refresh_from_db()
    return record


__all__ = ["make_participant", "register_again", "same_person_record", "valid_personnummer", "party", "OrganisationKind"]
