"""Services that change an agreement: create, save a section, activate, terminate, end, delete.

Each runs in one transaction, leaves a history record per changed row (django-simple-history,
with `by` as the user) and writes one audit event.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementParty, AgreementStatus, SplitMethod
from agreements.models.agreement import party_order
from agreements.selectors import overlap_message, overlapping_in_force
from krami.models import Organisation, OrganisationKind, Unit
from krami.services import audit
from krami.uniques import save_unique

if TYPE_CHECKING:
    from agreements.forms.sections import Section


def save_tracked(obj, by) -> None:
    obj._history_user = by
    obj.full_clean()
    save_unique(obj)


def _lock_unit(unit_id: int) -> None:
    """Serialise status changes within a unit, so two activations cannot both pass the overlap check."""
    Unit.objects.select_for_update().filter(pk=unit_id).first()


@transaction.atomic
def agreement_create(*, unit: Unit, title: str, period_start: date, period_end: date, by) -> Agreement:
    """A blank draft for `unit`, with the unit's parties filled in as a start.

    Side effects: the agreement; one party row per party of the unit; audit ``agreement.created``.
    """
    agreement = Agreement(unit=unit, title=title, period_start=period_start, period_end=period_end)
    save_tracked(agreement, by)
    for org in Organisation.objects.filter(units=unit).order_by(party_order(""), "name"):
        save_tracked(
            AgreementParty(agreement=agreement, organisation=org, division=org.division if org.kind == OrganisationKind.KV else ""), by
        )
    audit(user=by, action="agreement.created", obj=agreement, unit=unit, period=agreement.period_label)
    return agreement


@transaction.atomic
def agreement_save_section(*, agreement: Agreement, section: Section, by) -> None:
    """Save one validated section of the agreement (its form and formsets) together.

    Side effects: the rows of the section; audit ``agreement.section_saved``.
    """
    if not agreement.is_editable:
        raise ValidationError(_("An ended agreement can no longer be changed."))
    _lock_unit(agreement.unit_id)
    section.save(by)
    agreement.refresh_from_db()
    if agreement.status != AgreementStatus.DRAFT:
        clash = overlapping_in_force(
            unit=agreement.unit_id, start=agreement.period_start, end=agreement.in_force_until, exclude_pk=agreement.pk
        )
        if clash:
            raise ValidationError({"period_start": overlap_message(clash)})
    audit(user=by, action="agreement.section_saved", obj=agreement, unit=agreement.unit, section=section.slug)


def activation_problems(agreement: Agreement) -> list[str]:
    """What must be in place before an agreement can be activated; empty when all is."""
    problems = []
    if agreement.pk is None:
        return problems
    if agreement.status != AgreementStatus.DRAFT:
        problems.append(_("Only a draft can be activated."))
    kinds = set(agreement.parties.values_list("organisation__kind", flat=True))
    for kind, label in (
        (OrganisationKind.AF, _("Arbetsförmedlingen")),
        (OrganisationKind.KV, _("Kriminalvården")),
        (OrganisationKind.KOMMUN, _("a kommun")),
    ):
        if kind not in kinds:
            problems.append(_("The parties must include %(party)s.") % {"party": label})
    for category in agreement.cost_categories.filter(split_method=SplitMethod.SHARED).prefetch_related("shares"):
        if sum(s.percent for s in category.shares.all()) != 100:
            problems.append(_("The shares of “%(category)s” do not add up to 100 %%.") % {"category": category.name})
    return problems


@transaction.atomic
def agreement_activate(*, agreement: Agreement, title: str, period_start: date, period_end: date, by) -> Agreement:
    """Put a draft in force. Refused if anything is missing or the period overlaps an agreement in force.

    Side effects: status ACTIVE (with the confirmed title and period); audit ``agreement.activated``.
    """
    _lock_unit(agreement.unit_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    problems = activation_problems(agreement)
    if problems:
        raise ValidationError(problems)
    clash = overlapping_in_force(unit=agreement.unit_id, start=period_start, end=period_end, exclude_pk=agreement.pk)
    if clash:
        raise ValidationError({"period_start": overlap_message(clash)})
    agreement.title, agreement.period_start, agreement.period_end = title, period_start, period_end
    agreement.status = AgreementStatus.ACTIVE
    save_tracked(agreement, by)
    audit(user=by, action="agreement.activated", obj=agreement, unit=agreement.unit, period=agreement.period_label)
    return agreement


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, notice_given_on: date, party: Organisation, reason: str, by) -> Agreement:
    """Record that `party` gave notice: the agreement runs to its period end, then stops.

    Notice after the deadline is recorded too (the Stockholm terms allow late changes when a
    party's budget conditions change); the summary shows that it was late.
    Side effects: status TERMINATED with who and when; audit ``agreement.terminated``.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ValidationError(_("Only an active agreement can be terminated."))
    agreement.status = AgreementStatus.TERMINATED
    agreement.terminated_on = notice_given_on
    agreement.terminated_by_party = party
    agreement.termination_recorded_by = by
    agreement.termination_reason = reason
    save_tracked(agreement, by)
    audit(
        user=by,
        action="agreement.terminated",
        obj=agreement,
        unit=agreement.unit,
        notice_given_on=notice_given_on.isoformat(),
        party=party.name,
        late=notice_given_on > agreement.notice_deadline,
    )
    return agreement


@transaction.atomic
def agreement_end(*, agreement: Agreement, ended_on: date, by) -> Agreement:
    """Close an agreement: it applied until `ended_on` and is kept unchanged from now on.

    Side effects: status ENDED; audit ``agreement.ended``.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED):
        raise ValidationError(_("Only an agreement in force can be ended."))
    agreement.status = AgreementStatus.ENDED
    agreement.ended_on = ended_on
    save_tracked(agreement, by)
    audit(user=by, action="agreement.ended", obj=agreement, unit=agreement.unit, ended_on=ended_on.isoformat())
    return agreement


@transaction.atomic
def agreement_delete_draft(*, agreement: Agreement, by) -> None:
    """Remove a draft (e.g. a copy made by mistake); agreements that were in force are kept."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."))
    audit(user=by, action="agreement.deleted", obj=agreement, unit=agreement.unit, title=agreement.title)
    for row in [*agreement.costs.all(), *agreement.cost_categories.all()]:
        row._history_user = by
        row.delete()
    agreement._history_user = by
    agreement.delete()
