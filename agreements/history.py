"""The change history of an agreement: every saved change to it or its lines, who, when, before and after.

Read from django-simple-history's tables (one per model), so the number of queries is fixed
however long the history is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import (
    ActualCost,
    AgeLimit,
    Agreement,
    AgreementParty,
    CostCategory,
    CostShare,
    EligibleMunicipality,
    InflowTarget,
    SharedRole,
    StaffingLine,
)
from krami.models import Municipality, Organisation
from krami.templatetags.krami_tags import money

LINE_MODELS = (AgreementParty, InflowTarget, AgeLimit, EligibleMunicipality, StaffingLine, SharedRole, CostCategory, ActualCost)
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "agreement", "created_by"}
KIND = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass
class Change:
    at: datetime
    user: str
    what: str  # e.g. "Cost share"
    label: str  # which one, e.g. "Operating costs – Kriminalvården"
    kind: str  # "+", "~", "-"
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)

    @property
    def kind_label(self) -> str:
        return str(KIND[self.kind])


class _Names:
    """Display names for foreign keys, loaded in one query per related model."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.loaded: dict[type, dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted.setdefault(model, set()).add(pk)

    def load(self, category_names: dict) -> None:
        for model, ids in self.wanted.items():
            if model is CostCategory:
                self.loaded[model] = category_names
            elif model is get_user_model():
                self.loaded[model] = {u.pk: u.get_full_name() or u.get_username() for u in model.objects.filter(pk__in=ids)}
            else:
                self.loaded[model] = {o.pk: str(o) for o in model.objects.filter(pk__in=ids)}

    def get(self, model, pk) -> str:
        if pk is None:
            return ""
        return self.loaded.get(model, {}).get(pk, f"#{pk}")


def _records(agreement: Agreement) -> list:
    records = list(Agreement.history.filter(id=agreement.pk).select_related("history_user"))
    for model in LINE_MODELS:
        records += list(model.history.filter(agreement_id=agreement.pk).select_related("history_user"))
    category_ids = {r.id for r in records if isinstance(r, CostCategory.history.model)}
    records += list(CostShare.history.filter(category_id__in=category_ids).select_related("history_user"))
    return records


def _tracked_fields(record) -> list[models.Field]:
    return [f for f in record.instance_type._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _display(f: models.Field, value, names: _Names) -> str:
    if value is None or value == "":
        return "–"
    if f.is_relation:
        return names.get(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(f, models.JSONField) and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(f, models.DecimalField) and f.name in {"amount", "budget", "place_monthly_price"}:
        return money(value)
    if isinstance(f, models.DecimalField):
        return number_format(value.normalize())
    return str(value)


def _label(record, names: _Names) -> str:
    model = record.instance_type
    if model is Agreement:
        return record.title
    if model in (AgreementParty, StaffingLine):
        return names.get(Organisation, record.organisation_id)
    if model is EligibleMunicipality:
        return names.get(Municipality, record.municipality_id)
    if model is CostShare:
        return f"{names.get(CostCategory, record.category_id)} – {names.get(Organisation, record.organisation_id)}"
    if model is ActualCost:
        return f"{record.month:%Y-%m} {names.get(CostCategory, record.category_id)} {money(record.amount)}"
    if model is InflowTarget:
        return record.get_measure_display()
    if model is AgeLimit:
        return record.get_gender_display() or _("Everyone")
    return getattr(record, "title", None) or getattr(record, "name", "")


def agreement_history(agreement: Agreement, *, limit: int = 300) -> list[Change]:
    """The newest `limit` changes, newest first."""
    records = _records(agreement)
    names = _Names()
    user_model = get_user_model()
    for r in records:
        names.want(user_model, r.history_user_id)
        for f in _tracked_fields(r):
            if f.is_relation:
                names.want(f.related_model, getattr(r, f.attname))
    category_names = {r.id: r.name for r in sorted(
        (r for r in records if isinstance(r, CostCategory.history.model)), key=lambda r: r.history_date
    )}
    names.load(category_names)
    previous: dict[tuple, object] = {}
    changes = []
    for r in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        key = (r.instance_type, r.id)
        before = previous.get(key)
        previous[key] = r
        fields = []
        for f in _tracked_fields(r):
            new = getattr(r, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if r.history_type == "-" or (before is not None and old == new) or (before is None and new in (None, "")):
                continue
            fields.append((str(f.verbose_name), _display(f, old, names) if before is not None else "–", _display(f, new, names)))
        if r.history_type == "~" and not fields:
            continue  # saved without a visible change
        changes.append(Change(
            at=r.history_date,
            user=names.get(user_model, r.history_user_id) or _("the system"),
            what=str(r.instance_type._meta.verbose_name),
            label=_label(r, names),
            kind=r.history_type,
            fields=fields,
        ))
    changes.reverse()
    return changes[:limit]

