"""The register extract (registerutdrag): everything the requesting organisation holds about one
participant and may disclose, including who read the record (DOMAIN.md, "Law and practice").

The content follows the access model exactly: it is built from what the user's organisation may
see (`participant.visible`, `visible_notes`, `intake_record`), so an extract never discloses
another authority's data the participant has not consented to share; those categories are named
as "not included" so the participant knows whom else to ask. The same structure is written as
JSON (machine-readable) and as PDF (for the participant).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.selectors.records import intake_record
from krami.access import user_access
from krami.display import display, field_value
from krami.exports import html_to_pdf
from krami.models import AccessLog, DataCategory
from participants import identity, personnummer
from participants.access import visible_notes
from participants.models import (
    Consent,
    Employment,
    HandlerChange,
    Internship,
    MergeProposal,
    MergeStatus,
    Participant,
    PhaseChange,
    Reminder,
    Studies,
)
from privacy.models import ExtractRequest

STYLESHEET = Path(__file__).with_name("extract.css")
FORMAT = "krami-registerutdrag/1"
# Never part of an extract: internal keys and the personnummer's ciphertext and look-up hash.
SKIPPED_FIELDS = {"id", "participant", "personnummer_encrypted", "personnummer_hash", "version", "episode", "assessment"}
# What a protected identity hides from those who may not see it (participants/identity.py): the
# extract they make says so instead; the handler or a coordinator of the owner makes the whole one.
PROTECTED_FIELDS = ("first_name", "last_name", "phone", "email", "address", "personnummer")
CATEGORY_SECTIONS = {
    DataCategory.CRIMINAL_JUSTICE: "criminal_justice",
    DataCategory.SOCIAL_SERVICES: "social_services",
    DataCategory.LABOUR_MARKET: "labour_market",
}


@dataclass
class Section:
    key: str
    title: str
    records: list[list[tuple[str, str, object]]] = field(default_factory=list)  # (name, label, value)


@dataclass
class RegisterExtract:
    participant: Participant
    viewer: object
    generated_at: datetime
    requested_by: str
    organisation: str
    included: list[DataCategory]
    not_included: list[DataCategory]
    sections: list[Section]


def _record(obj: models.Model, **extra) -> list[tuple[str, str, object]]:
    fields = [
        (f.name, str(f.verbose_name), field_value(obj, f))
        for f in obj._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS
    ]
    return fields + [(name, label, value) for name, (label, value) in extra.items()]


def _section(key: str, title: str, objects) -> Section:
    return Section(key=key, title=title, records=[_record(o) for o in objects])


def register_extract(*, participant: Participant, user) -> RegisterExtract:
    """Build the extract. `participant` must come from `get_participant_for_user` (sets `visible`)."""
    visible = participant.visible
    core = _record(
        participant, personnummer=(_("Personnummer"), personnummer.display(personnummer.decrypt(participant.personnummer_encrypted)))
    )
    if not identity.may_see_identity(user, participant):
        hidden = identity.protected_label(participant)
        core = [(name, label, hidden if name in PROTECTED_FIELDS else value) for name, label, value in core]
    sections = [Section(key="participant", title=_("Identity and programme status"), records=[core])]
    for category, attr in CATEGORY_SECTIONS.items():
        if category in visible:
            sections.append(Section(key=attr, title=str(category.label), records=[_record(getattr(participant, attr))]))
    consents = Consent.objects.filter(participant=participant).prefetch_related("scopes__organisation")
    sections.append(
        Section(
            key="consents",
            title=_("Consents"),
            records=[
                _record(c, scopes=(_("Shared"), ", ".join(f"{s.organisation}: {s.get_category_display()}" for s in c.scopes.all())))
                for c in consents
            ],
        )
    )
    sections += [
        _section("phase_changes", _("Phase history"), PhaseChange.objects.filter(participant=participant).select_related("changed_by")),
        _section(
            "handler_changes",
            _("Case worker changes"),
            HandlerChange.objects.filter(participant=participant).select_related("previous_handler", "new_handler", "changed_by"),
        ),
        _section("journal_notes", _("Journal notes"), visible_notes(user, participant).select_related("author", "owner_organisation")),
        _section("internships", _("Internships"), Internship.objects.filter(participant=participant).select_related("employer")),
        _section("employment", _("Employment"), Employment.objects.filter(participant=participant).select_related("employer")),
        _section("studies", _("Studies"), Studies.objects.filter(participant=participant)),
        # The staff's own reminders on the case are data the organisation holds about the person.
        _section(
            "reminders", _("Reminders"),
            Reminder.objects.filter(participant=participant, author__staff_profile__organisation=user_access(user).organisation)
            .select_related("author"),
        ),
    ]
    sections += _intake_sections(participant, user)
    merges = list(
        MergeProposal.objects.filter(kept=participant, status=MergeStatus.MERGED)
        .select_related("kept_owner", "absorbed_owner", "proposed_by", "answered_by").order_by("answered_at", "pk")
    )
    sections.append(_merges_section(merges))
    org = user_access(user).organisation
    sections.append(
        _section(
            "extract_requests",
            _("Requests for a register extract"),
            ExtractRequest.objects.filter(participant=participant, organisation=org)
            .select_related("unit", "organisation", "handled_by", "recorded_by")
            .order_by("received_on", "pk"),
        )
    )
    sections.append(_access_log_section(participant, merged_ids=[m.absorbed_participant_id for m in merges]))
    return RegisterExtract(
        participant=participant,
        viewer=user,
        generated_at=timezone.localtime(),
        requested_by=user.get_full_name() or user.get_username(),
        organisation=str(org or ""),
        included=[c for c in DataCategory if c in visible],
        not_included=[c for c in DataCategory if c not in visible],
        sections=sections,
    )


def _intake_sections(participant: Participant, user) -> list[Section]:
    record = intake_record(participant=participant, user=user, on=timezone.localdate())
    episodes = Section(key="episodes", title=_("Enrolments and exits"))
    follow_ups = Section(key="follow_ups", title=_("Follow-ups after exit"))
    for episode in record.episodes:
        fields = [f for f in _record(episode) if f[0] != "exit_outcome"]
        episodes.records.append(fields + [("exit_outcome", _("outcome"), episode.outcome_label)])
        follow_ups.records += [_record(f) for f in episode.follow_ups.all()]
    return [
        _section("meeting_attendance", _("Information meetings"), record.attendances),
        _section("interviews", _("Interviews"), record.interviews),
        _section("assessments", _("Assessments"), record.assessments),
        episodes,
        follow_ups,
        _section("drug_tests", _("Drug tests"), record.drug_tests),
    ]


def _model_name(label: str) -> str:
    """A model's plural name in the reader's language from its "app.model" label."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except LookupError:
        return label


def _merges_section(merges: list[MergeProposal]) -> Section:
    """Records of the same person that other parties kept and that were merged into this one."""
    return Section(
        key="merges",
        title=_("Records merged into this one"),
        records=[
            [
                ("reference", _("Record merged into this one"), m.absorbed_reference),
                ("absorbed_owner", _("It belonged to"), str(m.absorbed_owner)),
                ("kept_owner", _("This record belongs to"), str(m.kept_owner)),
                ("proposed", _("Proposed"), f"{display(m.proposed_at)}, {m.proposed_by.get_full_name() or m.proposed_by.get_username()}"),
                ("merged", _("Merged"), f"{display(m.answered_at)}, {m.answered_by.get_full_name() or m.answered_by.get_username()}"),
                ("moved", _("Rows moved"), ", ".join(f"{_model_name(label)}: {n}" for label, n in m.moved.items())),
            ]
            for m in merges
        ],
    )


def _access_log_section(participant: Participant, *, merged_ids: list[int]) -> Section:
    """Every read of the record, and of the records merged into it (read under their own ids)."""
    ids = [participant.pk, *merged_ids]
    rows = AccessLog.objects.filter(participant_id__in=ids).select_related("organisation").order_by("at", "pk")
    return Section(
        key="access_log",
        title=_("Who read the record (access log)"),
        records=[
            [
                ("at", _("Time"), row.at),
                ("reference", _("Record"), row.participant_reference),
                ("user", _("User"), row.username),
                ("organisation", _("Organisation"), str(row.organisation or "")),
                ("action", _("Action"), row.get_action_display()),
                (
                    "categories",
                    _("Data shown"),
                    ", ".join(str(DataCategory(c).label) for c in row.categories.split(",") if c in DataCategory.values),
                ),
            ]
            for row in rows
        ],
    )


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def extract_json(extract: RegisterExtract) -> str:
    data = {
        "format": FORMAT,
        "generated_at": _plain(extract.generated_at),
        "requested_by": extract.requested_by,
        "organisation": extract.organisation,
        "reference": extract.participant.reference,
        "categories_included": [c.value for c in extract.included],
        "categories_not_included": [c.value for c in extract.not_included],
        "sections": {s.key: [{name: _plain(value) for name, _label, value in record} for record in s.records] for s in extract.sections},
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def extract_html(extract: RegisterExtract) -> str:
    """The PDF's HTML: every value already formatted (`_display`)."""
    sections = [
        {"title": s.title, "records": [[(label, display(value)) for _name, label, value in r] for r in s.records]} for s in extract.sections
    ]
    return render_to_string(
        "privacy/extract_document.html", {"extract": extract, "sections": sections, "viewer": extract.viewer}
    )


def extract_pdf(extract: RegisterExtract) -> bytes:
    return html_to_pdf(extract_html(extract), STYLESHEET)


def extract_filename(extract: RegisterExtract, ext: str) -> str:
    return f"registerutdrag-{extract.participant.reference}-{extract.generated_at:%Y-%m-%d}.{ext}"
