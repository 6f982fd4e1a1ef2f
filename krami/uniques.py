"""Two people saving the same thing at once: the second gets a message beside the field, not a 500.

A form's validation checks a unique constraint (`full_clean`) before the save, but between that
check and the INSERT another request may save the same value; the database then refuses it. The
services save through `save_unique`, which turns that refusal into the ValidationError the form's
own check would have given, so the view shows it beside the field with what the user typed kept
(issue 15). The transaction is rolled back to a savepoint first, so nothing is half-saved.

Collisions only ever happen with records the user may see: a value that could collide with another
organisation's hidden record is never unique across organisations (docs/access.md).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction


def _constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.__cause__, "diag", None)  # psycopg2 names the constraint
    if diag is not None and getattr(diag, "constraint_name", None):
        return diag.constraint_name
    found = re.search(r'constraint "([^"]+)"', str(exc))
    return found.group(1) if found else None


def _sqlite_columns(exc: IntegrityError) -> set[str] | None:
    found = re.search(r"UNIQUE constraint failed: (.+)$", str(exc))
    return {part.split(".", 1)[-1] for part in found.group(1).split(", ")} if found else None


def unique_violation(obj: models.Model, exc: IntegrityError) -> ValidationError | None:
    """The ValidationError `full_clean` gives for the unique constraint `exc` broke, or None when
    it is not one of `obj`'s unique constraints (then it is a bug, and stays an error)."""
    meta = obj._meta
    name, columns = _constraint_name(exc), _sqlite_columns(exc)
    for constraint in meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
            continue
        constraint_columns = {meta.get_field(f).column for f in constraint.fields}
        if constraint.name == name or (columns is not None and columns == constraint_columns):
            field = constraint.fields[-1]
            if constraint.violation_error_message != constraint.default_violation_error_message:
                message = constraint.get_violation_error_message()
            else:
                message = obj.unique_error_message(type(obj), constraint.fields).messages[0]
            return ValidationError({field: message}, code="unique")
    for field in meta.fields:
        if field.unique and not field.primary_key and (name and field.column in name or columns == {field.column}):
            return ValidationError({field.name: obj.unique_error_message(type(obj), [field.name]).messages[0]}, code="unique")
    return None


def save_unique(obj: models.Model, **kwargs) -> None:
    """`obj.save(**kwargs)` in a savepoint; a unique constraint another request won first is raised
    as the ValidationError the form would have shown."""
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as exc:
        error = unique_violation(obj, exc)
        if error is None:
            raise
        raise error from exc
