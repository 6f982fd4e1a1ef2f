"""A model field's value as a person reads it: choice labels, users by name, yes/no, Swedish
dates, a dash for nothing. Used where a record is shown field by field (the register extract,
the saved side of an edit conflict)."""

from __future__ import annotations

import json
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _


def field_value(obj: models.Model, f: models.Field):
    """The field's value with choices and relations resolved (still a date, bool, … for `display`)."""
    if f.is_relation:
        related = getattr(obj, f.name)
        if related is None:
            return ""
        if isinstance(related, get_user_model()):
            return related.get_full_name() or related.get_username()
        return str(related)
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    return getattr(obj, f.attname)


def display(value) -> str:
    """A value as text: Swedish date formats, yes/no, a dash for nothing."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return str(value)
