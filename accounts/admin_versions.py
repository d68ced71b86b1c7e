"""No lost edits in the admin either: a change form carries the version it was opened at.

The check runs inside the admin's transaction with the row locked, so of two administrators
saving the same object from the same version, the second is refused with a message instead of
silently overwriting the first.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import ModelForm
from accounts.forms.versioning import VersionField


class VersionedAdminForm(ModelForm):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            rows = type(self.instance).objects.select_for_update(of=("self",)).filter(pk=self.instance.pk)
            if data.get("version") != rows.values_list("version", flat=True).first():
                raise ValidationError(
                    _(
                        "Someone else saved this while you were editing, so your changes were not saved. "
                        "Open it again to see their version."
                    ),
                    code="stale",
                )
        return data


class VersionedAdmin(admin.ModelAdmin):
    """For models with a `version`: the admin's saves take part in the edit-conflict check."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.version = form.cleaned_data["version"] + 1
        super().save_model(request, obj, form, change)
