"""The hidden version every edit form carries (see `accounts.versioning`)."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.forms.base import Form, ModelForm


class VersionField(forms.IntegerField):
    """The version the editor read. Missing or garbled counts as 0, which no saved row has: such a
    save is refused as stale, never taken as current."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", 0)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            return 0
        return max(number, 0)


class VersionedMixin:
    cleaned_data: dict[str, Any]

    def changes(self) -> tuple[int, dict[str, Any]]:
        """(the version the editor read, the other cleaned values)."""
        data = dict(self.cleaned_data)
        return data.pop("version", 0) or 0, data


class VersionedForm(VersionedMixin, Form):
    """A plain form for an existing row: pass `initial={"version": row.version, …}`."""

    version = VersionField()


class VersionedModelForm(VersionedMixin, ModelForm):
    """A model form whose unbound form starts from the instance's version."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
