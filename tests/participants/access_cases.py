from krami.models import DataCategory
from tests.access.authority import owns_category, owns_core, record_of
from tests.access.registry import has_role_anywhere, has_role_in_unit, participant, scoped

CASEWORK = ("vagledare", "samordnare")

scoped("participants:list", allowed=has_role_anywhere(*CASEWORK))
scoped("participants:create", allowed=has_role_anywhere(*CASEWORK))
scoped("participants:search", allowed=has_role_anywhere(*CASEWORK))
participant("participants:detail")
participant("participants:edit", may=owns_core)
participant("participants:reveal_personnummer", method="POST")
participant("participants:consent_create")
participant("participants:consent_request_create")
participant("participants:note_create")


def _consent_of(org_key):
    """The participant's consent released by `org_key` (None: the participant has none to withdraw)."""
    def kwargs(w, p):
        consent = p.consents.filter(releasing_organisation=w.orgs[org_key]).first()
        return {"pk": p.pk, "consent_id": consent.pk} if consent else None

    return kwargs


for org_key in ("kommun", "kv"):
    participant(
        f"participants:consent_withdraw[{org_key}]", method="POST", kwargs=_consent_of(org_key), may=record_of(org_key)
    )


def _consent_request(w, p):
    """A request from KV to the kommun, on a participant KV sees (else None: skipped)."""

    if not p.consents.filter(releasing_organisation=w.orgs["kommun"], scopes__organisation=w.orgs["kv"]).exists():
        return None
    request = ConsentRequest.objects.create(
        participant=p, requesting_organisation=w.orgs["kv"], addressed_to=w.orgs["kommun"],
        categories=["social_services"], reason="Planering", requested_by=w.users["kv_vagledare"],
    )
    return {"pk": p.pk, "request_id": request.pk}


participant("participants:consent_request_decline", kwargs=_consent_request, may=record_of("kommun"))
for category in ("criminal_justice", "social_services", "labour_market"):
    participant(
        f"participants:category_edit[{category}]",
        kwargs=lambda w, p, c=category: {"pk": p.pk, "category": c},
        may=owns_category(DataCategory(category)),
    )


# --- The programme after the start (participants/views/programme.py, employers.py, team.py) ---
from datetime import date, timedelta  # noqa: E402

from participants.models import ConsentRequest, Employer, Employment, Internship, JournalNote, NoteVisibility, Studies  # noqa: E402


def _employer(w, unit=None):
    unit = unit or w.unit
    employer, _ = Employer.objects.get_or_create(
        unit=unit, name=f"Matrisbolaget {unit.pk} AB", defaults={"created_by": w.users["kommun_vagledare"]}
    )
    return employer


def _internship(w, p):
    return Internship.objects.create(
        participant=p, employer=_employer(w), start_date=date(2026, 1, 5), planned_end_date=date(2026, 3, 1),
        supervisor_name="Handledare Test", created_by=w.users["kommun_vagledare"], owner_organisation=w.orgs["kommun"],
    )


def _employment(w, p):
    return Employment.objects.create(
        participant=p, employer=_employer(w), employment_type="permanent", start_date=date(2026, 3, 2),
        created_by=w.users["kommun_vagledare"], owner_organisation=w.orgs["kommun"],
    )


def _studies(w, p):
    return Studies.objects.create(
        participant=p, school="Komvux", programme="Svenska", start_date=date(2026, 3, 2),
        created_by=w.users["kommun_vagledare"], owner_organisation=w.orgs["kommun"],
    )


participant("participants:internship_create")
participant(
    "participants:internship_edit", kwargs=lambda w, p: {"pk": p.pk, "internship_id": _internship(w, p).pk},
    may=record_of("kommun"),
)
participant("participants:employment_create")
participant(
    "participants:employment_edit", kwargs=lambda w, p: {"pk": p.pk, "employment_id": _employment(w, p).pk},
    may=record_of("kommun"),
)
participant("participants:studies_create")
participant(
    "participants:studies_edit", kwargs=lambda w, p: {"pk": p.pk, "studies_id": _studies(w, p).pk},
    may=record_of("kommun"),
)
participant("participants:reassign", may=owns_core)
participant(
    "participants:reassign[post]",
    method="POST",
    may=owns_core,
    # Re-posting the current handler is refused with a form error (200): the check is the 404s.
    data=lambda w, kwargs: {"reassign-new_handler": w.users["kommun_vagledare"].pk},
)

scoped("participants:team", allowed=has_role_anywhere(*CASEWORK))
scoped("participants:employer_list", allowed=has_role_anywhere(*CASEWORK))
scoped("participants:employer_create", allowed=has_role_anywhere(*CASEWORK))
scoped(
    "participants:employer_detail",
    kwargs=lambda w: {"employer_id": _employer(w).pk},
    allowed=has_role_in_unit(*CASEWORK),
)
scoped(
    "participants:employer_edit",
    kwargs=lambda w: {"employer_id": _employer(w).pk},
    allowed=has_role_in_unit(*CASEWORK),
)
scoped(
    "participants:employer_detail[other_unit]",
    kwargs=lambda w: {"employer_id": _employer(w, w.other_unit).pk},
    allowed=lambda w, key: key == "other_unit_vagledare",
)


def _note(w, owner_key: str):
    """A team note on the participant everyone may see (consent to all): only its organisation edits it."""
    author = w.users[owner_key]
    note = JournalNote.objects.create(
        participant=w.participants["consent_all"], author=author, owner_organisation=author.staff_profile.organisation,
        visibility=NoteVisibility.TEAM, noted_on=date.today() - timedelta(days=1), text="Teamanteckning",
    )
    return {"pk": note.participant_id, "note_id": note.pk}


scoped(
    "participants:note_edit",
    kwargs=lambda w: _note(w, "kommun_vagledare"),
    allowed=lambda w, key: key in {"kommun_vagledare", "kommun_samordnare"},
)
scoped(
    "participants:note_edit[kv_note]",
    kwargs=lambda w: _note(w, "kv_vagledare"),
    allowed=lambda w, key: key == "kv_vagledare",
)


# --- Issue 16: the journal searched within the case; a case worker's own reminders -------------------------
from participants.models import Reminder  # noqa: E402

participant("participants:journal")
participant("participants:reminder_create")


def _reminder(w):
    """kommun_vagledare's own reminder on a participant everyone may see: only its author opens it."""
    author = w.users["kommun_vagledare"]
    reminder = Reminder.objects.create(
        participant=w.participants["consent_all"], author=author, due_on=date.today() + timedelta(days=3), text="Ring chefen",
    )
    return {"pk": reminder.participant_id, "reminder_id": reminder.pk}


scoped("participants:reminder_edit", kwargs=_reminder, allowed=lambda w, key: key == "kommun_vagledare")
scoped("participants:reminder_delete", method="POST", kwargs=_reminder, allowed=lambda w, key: key == "kommun_vagledare")
