"""Internships, employment and studies of one participant (participant-object URLs).

Every view starts from the write door in `participants.access` (404 outside reach, read logged):
anyone who sees the participant records the team's steps; a record is changed only by the
organisation that recorded it, so another organisation's record, or another person's, is a 404.
An employer missing from the register is added from inside the internship or employment form
(issue 16, item 4): the form comes back with everything typed and the new employer chosen.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.access import get_owned_record, get_participant_for_change
from participants.forms.programme import (
    EmployerQuickForm,
    EmploymentEditForm,
    EmploymentRecordForm,
    InternshipEditForm,
    InternshipForm,
    StudiesEditForm,
    StudiesRecordForm,
)
from participants.models import Employment, Internship, Phase, Studies
from participants.services.employers import employer_create
from participants.services.phase import phase_ahead
from participants.services.programme import (
    employment_record,
    internship_start,
    programme_record_update,
    studies_record,
)

TEMPLATE = "participants/programme_form.html"
NEW_EMPLOYER = "new_employer"  # the prefix of an employer added from inside the form


def _back(participant) -> str:
    return reverse("participants:detail", kwargs={"pk": participant.pk}) + "#programme"


def _render(request, participant, form, *, title, intro, submit, new_employer=None) -> HttpResponse:
    context = {
        "participant": participant, "form": form, "title": title, "intro": intro, "submit": submit,
        "new_employer": new_employer,
    }
    return render(request, TEMPLATE, context)


def _success_message(participant, record, success: str) -> str:
    """A step entered ahead says when the phase will change, never that it has (issue 16)."""
    if record.start_date > timezone.localdate():
        phase, _since = phase_ahead(participant)
        return _("Recorded. %(name)s moves to the phase “%(phase)s” on %(on)s.") % {
            "name": participant.full_name, "phase": Phase(phase).label, "on": record.start_date.isoformat(),
        }
    return success % {"name": participant.full_name, "phase": participant.get_phase_display()}


def _typed(form_class, data) -> dict:
    """What was typed in a programme form, as initial values: the form comes back as it was left,
    without complaining about fields not filled in yet."""
    return {
        name: (name in data) if isinstance(field, forms.BooleanField) else data.get(name, "")
        for name, field in form_class.base_fields.items()
    }


def _add_employer(request, participant, form_class, texts) -> HttpResponse:
    """"Add the employer" inside an internship or employment form: the employer is added to the
    unit's register (the register's own service) and the form comes back with everything typed,
    the new employer chosen. Nothing of the internship or employment is saved yet."""
    new_employer = EmployerQuickForm(request.POST, prefix=NEW_EMPLOYER, units=[participant.unit])
    typed = _typed(form_class, request.POST)
    if new_employer.is_valid():
        try:
            employer = employer_create(unit=participant.unit, by=request.user, **new_employer.cleaned_data)
        except ValidationError as exc:
            new_employer.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been added to the employer register and chosen below.") % {"name": employer.name})
            typed["employer"] = str(employer.pk)
            new_employer = EmployerQuickForm(prefix=NEW_EMPLOYER, units=[participant.unit])
    form = form_class(initial=typed, unit=participant.unit)
    return _render(request, participant, form, new_employer=new_employer, **texts)


def _create(request: HttpRequest, pk: int, *, form_class, service, success, **texts) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    with_employer = "employer" in form_class.base_fields
    if request.method == "POST" and with_employer and "add_employer" in request.POST:
        return _add_employer(request, participant, form_class, texts)
    form = form_class(request.POST or None, unit=participant.unit)
    if request.method == "POST" and form.is_valid():
        try:
            record = service(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _success_message(participant, record, success))
            return redirect(_back(participant))
    new_employer = None
    if with_employer:  # what was typed there comes back too, without complaints: it was not sent to be added
        typed = {name: request.POST.get(f"{NEW_EMPLOYER}-{name}", "") for name in EmployerQuickForm.base_fields}
        new_employer = EmployerQuickForm(prefix=NEW_EMPLOYER, units=[participant.unit], initial=typed)
    return _render(request, participant, form, new_employer=new_employer, **texts)


def _edit(request: HttpRequest, pk: int, record_id: int, *, model, form_class, **texts) -> HttpResponse:
    """Change a record: only the organisation that recorded it (others get a 404)."""
    participant, record = get_owned_record(request, pk, model.objects.all(), record_id)
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            programme_record_update(record=record, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(_back(participant))
    return _render(request, participant, form, **texts)


@login_required
def internship_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _create(
        request,
        pk,
        form_class=InternshipForm,
        service=internship_start,
        success=_("The internship has been recorded; %(name)s is now in the phase “%(phase)s”."),
        title=gettext_lazy("Start an internship"),
        intro=gettext_lazy(
            "A placement (praktik) at an employer in the unit's register. Starting it moves the participant "
            "to the internship phase from the start date, which may be a coming day."
        ),
        submit=gettext_lazy("Start internship"),
    )


@login_required
def internship_edit(request: HttpRequest, pk: int, internship_id: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        internship_id,
        model=Internship,
        form_class=InternshipEditForm,
        title=gettext_lazy("Edit internship"),
        intro=gettext_lazy("Change the plan, record the day the placement actually ended, or update the supervisor."),
        submit=gettext_lazy("Save"),
    )


@login_required
def employment_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _create(
        request,
        pk,
        form_class=EmploymentRecordForm,
        service=employment_record,
        success=_("The employment has been recorded; %(name)s is now in the phase “%(phase)s”."),
        title=gettext_lazy("Record employment"),
        intro=gettext_lazy(
            "A job the participant has got. Krami's support continues: the participant moves to the phase "
            "“work or studies with support” from the start date."
        ),
        submit=gettext_lazy("Record employment"),
    )


@login_required
def employment_edit(request: HttpRequest, pk: int, employment_id: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        employment_id,
        model=Employment,
        form_class=EmploymentEditForm,
        title=gettext_lazy("Edit employment"),
        intro=gettext_lazy("Change the type or subsidy, or record the day the employment ended."),
        submit=gettext_lazy("Save"),
    )


@login_required
def studies_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _create(
        request,
        pk,
        form_class=StudiesRecordForm,
        service=studies_record,
        success=_("The studies have been recorded; %(name)s is now in the phase “%(phase)s”."),
        title=gettext_lazy("Record studies"),
        intro=gettext_lazy(
            "Studies the participant has started. Krami's support continues: the participant moves to the phase "
            "“work or studies with support” from the start date."
        ),
        submit=gettext_lazy("Record studies"),
    )


@login_required
def studies_edit(request: HttpRequest, pk: int, studies_id: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        studies_id,
        model=Studies,
        form_class=StudiesEditForm,
        title=gettext_lazy("Edit studies"),
        intro=gettext_lazy("Change full-time or part-time, or record the day the studies ended."),
        submit=gettext_lazy("Save"),
    )
