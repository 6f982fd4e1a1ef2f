"""The upload form of the register import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.registerimport.parse import MAX_BYTES, FileProblem, file_format
from krami.models import Unit


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV (.csv, UTF-8, separated by semicolons or commas), at most 5 MB and "
                    "10 000 rows, in the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_format(upload.name)
        except FileProblem as exc:
            raise forms.ValidationError(str(exc)) from None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into several files.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload
