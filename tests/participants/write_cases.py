"""Write-matrix cases for every participants URL that accepts a POST (tests/access/writes.py)."""

from datetime import timedelta

from django.utils import timezone

from krami.models import DataCategory
from participants.models import JournalNote, NoteVisibility
from tests.access.authority import ORG_OF, owns_category, owns_core, record_of
from tests.access.registry import has_role_anywhere, has_role_in_unit
from tests.access.writes import as_rendered, fixed, participant_write, scoped_write
from tests.intake.factories import accept, start
from tests.participants.access_cases import _consent_of, _consent_request, _employer, _employment, _internship, _studies
from tests.participants.factories import valid_personnummer

CASEWORK = ("vagledare", "samordnare")


def _today():
    return timezone.localdate().isoformat()


# --- The core record and the categories: their owners only -------------------------------------------
participant_write("participants:edit", may=owns_core, data=as_rendered({"phone": "070-1112233"}))
participant_write("participants:reveal_personnummer", log_only=True)
for category in ("criminal_justice", "social_services", "labour_market"):
    participant_write(
        f"participants:category_edit[{category}]",
        kwargs=lambda w, p, c=category: {"pk": p.pk, "category": c},
        may=owns_category(DataCategory(category)),
        data=as_rendered({"notes": "Ändrat i skrivmatrisen"}),
    )
participant_write(
    "participants:reassign",
    may=owns_core,
    data=fixed(lambda w: {"reassign-new_handler": w.users["kommun_samordnare"].pk, "reassign-reason": "Semester"}),
)


# --- Consent: the releasing party records and withdraws; the others ask -----------------------------------
OTHER_PARTY = {"kommun": "kv", "kv": "kommun", "af": "kommun"}
OWN_CATEGORY = {"kommun": "social_services", "kv": "criminal_justice", "af": "labour_market"}


def _consent_data(w, kwargs, user_key, page):
    """What `user_key`'s party may release: its own category, to another party."""
    org = ORG_OF.get(user_key, "kommun")
    return {
        "given_on": _today(), "method": "written",
        "scopes": [f"{w.orgs[OTHER_PARTY[org]].pk}:{OWN_CATEGORY[org]}"], "filed_as": "Dnr 2026/17",
    }


def _request_data(w, kwargs, user_key, page):
    org = ORG_OF.get(user_key, "kv")
    asked = OTHER_PARTY[org]
    return {"addressed_to": w.orgs[asked].pk, "categories": [OWN_CATEGORY[asked]], "reason": "Planering av praktik"}


participant_write("participants:consent_create", data=_consent_data)
for org_key in ("kommun", "kv"):
    participant_write(f"participants:consent_withdraw[{org_key}]", kwargs=_consent_of(org_key), may=record_of(org_key))
participant_write("participants:consent_request_create", data=_request_data)
participant_write(
    "participants:consent_request_decline", kwargs=_consent_request, may=record_of("kommun"),
    data=fixed({"note": "Deltagaren samtyckte inte."}),
)


# --- Journal notes: anyone who sees the participant writes; only the author's organisation edits ---------
participant_write(
    "participants:note_create", data=fixed({"noted_on": _today(), "visibility": NoteVisibility.TEAM, "text": "Samtal"}),
)


def _note_of(org_key: str):
    def kwargs(w, p):
        author = w.users[{"kommun": "kommun_vagledare", "kv": "kv_vagledare"}[org_key]]
        note = JournalNote.objects.create(
            participant=p, author=author, owner_organisation=w.orgs[org_key], visibility=NoteVisibility.TEAM,
            noted_on=timezone.localdate() - timedelta(days=1), text="Teamanteckning",
        )
        return {"pk": p.pk, "note_id": note.pk}

    return kwargs


for org_key in ("kommun", "kv"):
    participant_write(
        f"participants:note_edit[{org_key}]", kwargs=_note_of(org_key), may=record_of(org_key),
        data=fixed({"text": "Ny lydelse"}),
    )


# --- The programme after the start: anyone who sees records; the recording organisation edits -------------
def _enrolled(w, p):
    """The participant started the programme 30 days ago (internships, jobs and studies need that)."""

    owner = w.users["kommun_vagledare"]
    accept(p, by=owner, on=timezone.localdate() - timedelta(days=40))
    start(p, by=owner, on=timezone.localdate() - timedelta(days=30))
    return {"pk": p.pk}


participant_write(
    "participants:internship_create", kwargs=_enrolled,
    data=fixed(lambda w: {
        "employer": _employer(w).pk, "start_date": _today(), "planned_end_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "supervisor_name": "Handledare Hansson",
    }),
)
participant_write(
    "participants:employment_create", kwargs=_enrolled,
    data=fixed(lambda w: {"employer": _employer(w).pk, "employment_type": "permanent", "subsidy": "none", "start_date": _today()}),
)
participant_write(
    "participants:studies_create", kwargs=_enrolled,
    data=fixed({"school": "Komvux", "programme": "Svenska 1", "full_time": "on", "start_date": _today()}),
)
for name, record in (("internship", _internship), ("employment", _employment), ("studies", _studies)):
    participant_write(
        f"participants:{name}_edit",
        kwargs=lambda w, p, n=name, r=record: {"pk": p.pk, f"{n}_id": r(w, p).pk},
        may=record_of("kommun"),
        data=as_rendered({"note": "Ändrad i skrivmatrisen"}),
    )


# --- Unit-level: registering people and employers -------------------------------------------------------
def _registration(w, user_key):
    return {
        "unit": w.unit.pk, "personnummer": valid_personnummer(), "first_name": "Ny", "last_name": "Registrerad",
        "gender": "woman", "referral_source": "af", "handler": w.users["kommun_vagledare"].pk,
        "municipality": w.unit.municipalities.first().pk,
    }


scoped_write("participants:create", allowed=has_role_anywhere(*CASEWORK), data=as_rendered(_registration))
scoped_write(
    "participants:employer_create", allowed=has_role_anywhere(*CASEWORK),
    data=as_rendered({"name": "Skrivmatrisens Bygg AB", "organisation_number": ""}),
)
scoped_write(
    "participants:employer_edit", kwargs=lambda w: {"employer_id": _employer(w).pk}, allowed=has_role_in_unit(*CASEWORK),
    data=as_rendered({"contact_person": "Kim Kontakt"}),
)


# --- Issue 16: reminders are their author's alone ---------------------------------------------------------
from tests.participants.access_cases import _reminder  # noqa: E402

participant_write("participants:reminder_create", data=fixed({"due_on": _today(), "text": "Ring handledaren"}))
AUTHOR_ONLY = lambda w, key: key == "kommun_vagledare"
scoped_write("participants:reminder_edit", kwargs=_reminder, allowed=AUTHOR_ONLY,
             data=as_rendered({"text": "Ring handledaren igen"}))
scoped_write("participants:reminder_delete", kwargs=_reminder, allowed=AUTHOR_ONLY)
