"""Parse and validate the risk pages' input; the views call services to act on it."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form, WholeNumberField, YearField
from accounts.forms.versioning import VersionedModelForm
from accounts.models import CustomerUnit, User
from risk import whatif
from risk.models import CompetitorPresence, Contract, RiskItem

DATE_WIDGET = {"type": "date"}
LIKELIHOOD_CHOICES = [
    (1, _("1 – rare")),
    (2, _("2 – unlikely")),
    (3, _("3 – possible")),
    (4, _("4 – likely")),
    (5, _("5 – almost certain")),
]
IMPACT_CHOICES = [
    (1, _("1 – minor")),
    (2, _("2 – moderate")),
    (3, _("3 – serious")),
    (4, _("4 – major")),
    (5, _("5 – severe")),
]
KIND_CHOICES = [
    (whatif.LOSE, _("Customer lost (−100 %)")),
    (whatif.HALVE, _("Volume halves (−50 %)")),
    (whatif.CUSTOM, _("Custom change in %")),
]
CHANGE_MESSAGES = {
    "kind": _("Choose what happens: volume halves, customer lost or a custom change."),
    "percent-missing": _("Enter the custom change in %, e.g. −30 or 20."),
    "percent-range": _("Enter a change from −100 % to +300 %."),
}


# Ten years either way: longer notice periods are typing mistakes (3,660 months is 305 years).
NOTICE_LIMITS = {
    Contract.NoticeUnit.DAYS: (3660, _("A notice period is at most 3,660 days (ten years).")),
    Contract.NoticeUnit.MONTHS: (120, _("A notice period is at most 120 months (ten years).")),
}


def _date(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={**DATE_WIDGET, **attrs}, format="%Y-%m-%d")


class ContractForm(VersionedModelForm):
    creates = True

    class Meta:
        model = Contract
        fields = ["title", "start", "expiry", "notice_amount", "notice_unit", "value", "renewal_terms"]
        widgets = {"start": _date(), "expiry": _date(), "renewal_terms": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notice_amount": _("How long before expiry notice must be given (0 when none).")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].min_value = 0

    def clean(self) -> dict:
        data = super().clean()
        amount, unit = data.get("notice_amount"), data.get("notice_unit")
        longest = NOTICE_LIMITS.get(unit)
        if amount is not None and longest is not None and amount > longest[0]:
            self.add_error("notice_amount", longest[1])
        return data


class CompetitorForm(VersionedModelForm):
    creates = True

    class Meta:
        model = CompetitorPresence
        fields = ["name", "unit", "strength", "share_estimate", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units: QuerySet[CustomerUnit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("The whole customer")
        self.fields["share_estimate"].min_value, self.fields["share_estimate"].max_value = 0, 100


class RiskForm(VersionedModelForm):
    """A risk in the register; `version` is the one the editor loaded (edit-conflict guard)."""

    creates = True

    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"), choices=LIKELIHOOD_CHOICES, coerce=int, initial=3
    )
    impact = forms.TypedChoiceField(label=_("Impact"), choices=IMPACT_CHOICES, coerce=int, initial=3)

    class Meta:
        model = RiskItem
        fields = [
            "title",
            "category",
            "likelihood",
            "impact",
            "description",
            "mitigation",
            "owner",
            "due",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "due": _date(),
        }

    def __init__(self, *args, owners: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = _("Nobody yet")


class ReviewForm(Form):
    creates = True

    summary = forms.CharField(
        label=_("What did the review find?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the risks developed, what changed, what to do next."),
    )
    reviewed_at = forms.DateField(label=_("Reviewed on"), widget=_date())
    next_review_due = forms.DateField(
        label=_("Next review due"),
        required=False,
        widget=_date(),
        help_text=_("Leave empty for the usual interval."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed_at"].initial = timezone.localdate()

    def clean_reviewed_at(self) -> datetime.date:
        day = self.cleaned_data["reviewed_at"]
        if day > timezone.localdate():
            raise ValidationError(_("A review cannot be dated in the future."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        done, due = data.get("reviewed_at"), data.get("next_review_due")
        if done and due and due <= done:
            self.add_error("next_review_due", _("The next review must come after this one."))
        return data


class IdListField(forms.Field):
    """Repeated `name=<id>` parameters as a list of whole numbers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return list(dict.fromkeys(int(item) for item in values))
        except (TypeError, ValueError):
            raise ValidationError(_("Pick customers from the list.")) from None


class SimulatorForm(Form):
    """The simulator's inputs (a GET: it only reads). `allowed` are the ids of customers in view."""

    year = YearField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    customers = IdListField(label=_("Customers"), required=False)
    kind = forms.ChoiceField(label=_("What happens"), choices=KIND_CHOICES, required=False)
    percent = WholeNumberField(
        label=_("Change in %"),
        required=False,
        help_text=_("From −100 to +300; only for a custom change."),
    )
    q = forms.CharField(label=_("Find a customer"), required=False, max_length=100)

    def __init__(self, *args, allowed: Collection[int] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = set(allowed)

    def clean(self) -> dict:
        data = super().clean()
        data["kind"] = data.get("kind") or whatif.LOSE
        data["changes"] = []
        picked = [pk for pk in data.get("customers") or [] if pk in self.allowed]
        data["customers"] = picked
        if "percent" in self.errors or "customers" in self.errors:
            return data
        try:
            data["changes"] = [whatif.make_change(pk, data["kind"], data.get("percent")) for pk in picked]
            if not picked:
                whatif.make_change(0, data["kind"], data.get("percent"))
        except whatif.ChangeError as error:
            field = "kind" if error.code == "kind" else "percent"
            self.add_error(field, CHANGE_MESSAGES[error.code])
        return data


class ScenarioSaveForm(SimulatorForm):
    creates = True

    name = forms.CharField(label=_("Name the scenario"), max_length=160)

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("changes"):
            raise ValidationError(_("Pick at least one customer before saving the scenario."))
        return data
