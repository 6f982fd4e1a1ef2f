from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label=_("What you checked and what you followed up"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
