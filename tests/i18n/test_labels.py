"""Every field and model of the project has a translatable name.

Django makes a label from a field's name when none is given ("created_at" → "created at"), and
that English label then shows in Swedish documents: the register extract lists fields by their
labels, and the admin shows them as column headings.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from krami.models import DataCategory

APPS = ["krami", "participants", "agreements", "intake", "reporting", "privacy"]


def _models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):  # django-simple-history copies the fields' names
                yield model


# Declared by django-guardian's abstract permission table, which the project's table extends.
GUARDIAN_FIELDS = {"ParticipantGroupPermission.permission", "ParticipantGroupPermission.group"}


def _unnamed_fields(model):
    for f in model._meta.get_fields():
        name = f"{model.__name__}.{f.name}"
        if getattr(f, "concrete", False) and not f.auto_created and name not in GUARDIAN_FIELDS:
            if not isinstance(f.verbose_name, Promise):
                yield name


def test_every_field_has_a_translatable_label():
    unnamed = [name for m in _models() for name in _unnamed_fields(m)]
    assert unnamed == []


def test_every_model_has_a_translatable_name_and_plural():
    unnamed = [
        m.__name__ for m in _models()
        if "verbose_name" not in m._meta.original_attrs or "verbose_name_plural" not in m._meta.original_attrs
    ]
    assert unnamed == []


def test_the_check_finds_a_field_without_a_label():
    field = models.DateTimeField()
    field.set_attributes_from_name("created_at")
    assert field.verbose_name == "created at" and not isinstance(field.verbose_name, Promise)
    assert isinstance(DataCategory.CORE.label, Promise)  # the project's labels are lazy translations
