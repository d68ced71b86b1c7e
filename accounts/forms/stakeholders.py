"""Forms for the stakeholder map: parse and validate only; views call the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import gaps
from accounts.forms.base import Form, WholeNumberField
from accounts.forms.versioning import VersionedModelForm
from accounts.models import Interaction, NextStep, Stakeholder
from accounts.models.stakeholders import Attitude, DecisionRole, Disc, Function, Level, Strength

INFLUENCE_CHOICES = [
    (1, _("1 – little say")),
    (2, _("2")),
    (3, _("3 – is heard")),
    (4, _("4")),
    (5, _("5 – decides")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StakeholderForm(VersionedModelForm):
    """A person's details. DISC style and personal notes exist only for the account team."""

    creates = True

    influence = forms.TypedChoiceField(
        label=_("Influence"),
        choices=INFLUENCE_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("How much say they have"),
    )
    confirm_distinct = forms.BooleanField(
        label=_("Save anyway: this is a different person"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "title",
            "unit",
            "email",
            "phone",
            "level",
            "function",
            "influence",
            "attitude",
            "decision_role",
            "reports_to",
            "disc",
            "notes",
            "source",
            "informed_on",
            "has_left",
            "successor",
        ]
        widgets = {
            "informed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "reports_to": {"invalid_choice": _("Choose the manager among this customer's people.")},
            "successor": {"invalid_choice": _("Choose the successor among this customer's people.")},
            "unit": {"invalid_choice": _("Choose one of this customer's units.")},
        }

    def __init__(self, *args: Any, people=None, units=None, internal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].queryset = people if people is not None else Stakeholder.objects.none()
        self.fields["successor"].queryset = people if people is not None else Stakeholder.objects.none()
        self.fields["unit"].queryset = units if units is not None else self.fields["unit"].queryset.none()
        self.fields["decision_role"].choices = [("", _("Not known"))] + list(DecisionRole.choices)
        self.fields["successor"].help_text = _("When the person has left: who took over the role")
        if not internal:
            del self.fields["disc"]
            del self.fields["notes"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the person's name."))
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self) -> str:
        return " ".join(self.cleaned_data["phone"].split())

    def clean_informed_on(self):
        informed = self.cleaned_data["informed_on"]
        if informed and informed > timezone.localdate():
            raise forms.ValidationError(_("The date the person was informed cannot be in the future."))
        return informed

    def show_duplicate_confirmation(self) -> None:
        self.fields["confirm_distinct"].widget = forms.CheckboxInput()

    def changes(self) -> tuple[int, dict[str, Any]]:
        """(the version the editor read, the values a service may set: not the confirmation box)."""
        version, data = super().changes()
        data.pop("confirm_distinct", None)
        return version, data


class StakeholderFilterForm(Form):
    """The table's search and filters; unknown values are dropped, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or title")}),
    )
    function = forms.ChoiceField(label=_("Function"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    attitude = forms.ChoiceField(label=_("Attitude"), required=False)
    decision_role = forms.ChoiceField(label=_("Decision role"), required=False)
    strength = forms.TypedChoiceField(
        label=_("Our strongest relationship"), required=False, coerce=int, empty_value=None
    )
    disc = forms.ChoiceField(label=_("DISC style"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    show_left = forms.BooleanField(label=_("Include people who have left"), required=False)

    def __init__(self, *args: Any, units=(), internal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["function"].choices = [("", _("Any function"))] + list(Function.choices)
        self.fields["level"].choices = [("", _("Any level"))] + list(Level.choices)
        self.fields["attitude"].choices = [("", _("Any attitude"))] + list(Attitude.choices)
        self.fields["decision_role"].choices = [("", _("Any role"))] + list(DecisionRole.choices)
        self.fields["strength"].choices = [("", _("Any strength"))] + list(Strength.choices)
        self.fields["unit"].choices = [("", _("Any unit"))] + [(u.pk, u.name) for u in units]
        if internal:
            self.fields["disc"].choices = [("", _("Any style"))] + list(Disc.choices)
        else:
            del self.fields["disc"]

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        # 0 is a real choice (no relationship), so only empty values and an unticked box are dropped.
        return {
            k: v
            for k, v in getattr(self, "cleaned_data", {}).items()
            if v is not None and v != "" and v is not False
        }


class RelationshipForm(Form):
    user = forms.ModelChoiceField(label=_("Our person"), queryset=None)
    strength = forms.TypedChoiceField(
        label=_("Strength now"), coerce=int, choices=Strength.choices, initial=Strength.WEAK
    )
    target = forms.TypedChoiceField(
        label=_("Target strength"), coerce=int, choices=Strength.choices, initial=Strength.STRONG
    )
    is_owner = forms.BooleanField(
        label=_("Owns the relationship"),
        required=False,
        help_text=_("The one person on our side who answers for this relationship"),
    )

    def __init__(self, *args: Any, users=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Choose someone on the account team (the owner, a team member or the team's sales leader)."
        )


class InteractionForm(Form):
    creates = True

    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Their people"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    our_people = forms.ModelMultipleChoiceField(
        label=_("Our people"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    why_it_matters = forms.CharField(
        label=_("Why it matters"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What this means for the account: a decision, a risk, an opening, a next step"),
    )

    def __init__(self, *args: Any, people=None, users=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = people
        self.fields["our_people"].queryset = users
        self.fields["stakeholders"].error_messages["invalid_choice"] = _(
            "Choose people from this customer's stakeholder map."
        )
        self.fields["occurred_on"].initial = timezone.localdate

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The contact log records what has happened: the date cannot be in the future.")
            )
        return day

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError(_("Write what happened."))
        return summary


class GapSettingsForm(Form):
    days = WholeNumberField(
        label=_("Key people not contacted for more than (days)"),
        min_value=7,
        max_value=365,
        required=False,
    )

    def stale_days(self) -> int:
        if self.is_valid() and self.cleaned_data["days"]:
            return self.cleaned_data["days"]
        return gaps.DEFAULT_STALE_DAYS


class NextStepCreateForm(Form):
    gap = forms.CharField(max_length=120)
    days = WholeNumberField(min_value=7, max_value=365, required=False)


class NextStepCloseForm(Form):
    status = forms.ChoiceField(
        choices=[(NextStep.Status.DONE, _("Done")), (NextStep.Status.DISMISSED, _("Dismissed"))]
    )


class EraseForm(Form):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
