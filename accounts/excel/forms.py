"""The upload form: a file, checked by `safety.inspect_xlsx` before anything is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.excel.safety import FileRejected, Inspection, inspect_xlsx
from accounts.forms.base import Form

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_MIME}"}),
        error_messages={
            "required": _("Choose the Excel file to import."),
            "empty": _("The file is empty. Choose the Excel file you saved."),
        },
    )

    inspection: Inspection | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.inspection = inspect_xlsx(upload, upload.size)
        except FileRejected as error:
            raise forms.ValidationError(str(error), code="rejected") from error
        return upload
