"""The profile section form: the text and the version the editor started from."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form
from accounts.services.profile import MAX_BODY_LENGTH, normalise_body


class SectionTextField(forms.CharField):
    """Counts characters the way the textarea does: a line break is one character, not two."""

    def to_python(self, value) -> str:
        return normalise_body(super().to_python(value))


class ProfileSectionForm(Form):
    body = SectionTextField(
        label=_("Text"),
        required=False,
        strip=False,
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown works: **bold**, *italic*, lists starting with - or 1., ### headings, "
            "links as [text](https://…)."
        ),
        error_messages={
            "max_length": _(
                "The text is %(show_value)d characters long; the limit is %(limit_value)d. "
                "Shorten it, or move details to another section."
            )
        },
    )
    version = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form was incomplete. Reload the page and try again."),
            "invalid": _("The form was incomplete. Reload the page and try again."),
            "min_value": _("The form was incomplete. Reload the page and try again."),
        },
    )

    def __init__(self, *args, key: str, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"id_{key}_%s")  # several sections can be open on one page
        super().__init__(*args, **kwargs)
