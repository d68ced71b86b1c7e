"""Parse and validate what the KAM gives the assistant and what they decide about its proposals."""

from __future__ import annotations

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assistant import notes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Meeting notes"),
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=True,
        help_text=_(
            "Typed or pasted, in English, Norwegian or Swedish. Nothing is saved to the plan until you accept it."
        ),
        error_messages={"required": _("Paste or type the notes first: there is nothing to summarise.")},
    )

    def clean_notes(self) -> str:
        text = self.cleaned_data["notes"]
        if len(text) > notes.MAX_CHARS:
            raise forms.ValidationError(
                _(
                    "The notes are too long to summarise (%(length)s characters; at most %(limit)s). Summarise them in parts."
                ),
                params={
                    "length": formats.number_format(len(text), force_grouping=True),
                    "limit": formats.number_format(notes.MAX_CHARS, force_grouping=True),
                },
                code="too_long",
            )
        return text


class ItemDecisionForm(forms.Form):
    DECISIONS = (
        ("action", _("Add to the plan as an action")),
        ("risk", _("Add to the risk register")),
        ("drop", _("Drop")),
    )

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"), coerce=int, choices=[(n, n) for n in range(1, 6)], initial=3, required=False
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"), coerce=int, choices=[(n, n) for n in range(1, 6)], initial=3, required=False
    )

    def __init__(self, *args, owners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners

    def clean(self) -> dict:
        data = super().clean()
        decision = data.get("decision")
        if decision == "action":
            if not data.get("owner"):
                self.add_error("owner", _("Choose who owns the action."))
            if not data.get("due"):
                self.add_error("due", _("Choose the due date."))
        if decision in ("action", "risk") and not (data.get("title") or "").strip():
            self.add_error("title", _("Give the item a title."))
        for name in ("likelihood", "impact"):
            if data.get(name) in (None, ""):
                data[name] = 3
        return data


MEETING_TYPES = (
    ("strategic", _("Strategic meeting or QBR")),
    ("operational", _("Operational meeting")),
    ("relationship", _("Relationship meeting")),
)


class PrepareForm(forms.Form):
    meeting_type = forms.ChoiceField(label=_("Kind of meeting"), choices=MEETING_TYPES, initial="strategic")
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attends from the customer"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people
