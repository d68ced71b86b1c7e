"""Parse and validate plan items; the views hand the cleaned data to `planning.services`.

Every edit form carries the `version` the item was read at, so a save over a colleague's newer
one is refused instead of silently overwriting it.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form, ModelForm, YearField
from accounts.forms.versioning import VersionedModelForm
from accounts.models import CustomerUnit, Stakeholder, User
from planning.models import AccountPlan, Action, Goal, Offering, Opportunity, PlanReview, WhiteSpaceCell


class VersionedForm(VersionedModelForm):
    """A model form with the hidden version of the item it edits (0 for a new item)."""

    def _post_clean(self) -> None:
        # The model's full_clean (constraints included) runs in the service on the row as it is then.
        pass


class PlanCreateForm(ModelForm):
    creates = True

    class Meta:
        model = AccountPlan
        fields = ["period", "summary", "customer_in_change", "in_change_reason"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"period": YearField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].initial = timezone.localdate().year
        self.fields["period"].min_value, self.fields["period"].max_value = 2000, 2100

    def _post_clean(self) -> None:
        pass


class PlanForm(VersionedForm):
    class Meta:
        model = AccountPlan
        fields = ["summary", "summary_shared", "status", "customer_in_change", "in_change_reason"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class GoalForm(VersionedForm):
    creates = True

    class Meta:
        model = Goal
        fields = [
            "kind",
            "metric",
            "title",
            "baseline",
            "baseline_date",
            "target",
            "due",
            "current_value",
            "progress_entered",
            "success_criteria",
            "note",
            "shared",
            "criteria_shared",
        ]
        widgets = {
            "baseline_date": forms.DateInput(attrs={"type": "date"}),
            "due": forms.DateInput(attrs={"type": "date"}),
            "success_criteria": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict:
        data = super().clean()
        due, baseline_date = data.get("due"), data.get("baseline_date")
        if due and baseline_date and due < baseline_date:
            self.add_error(
                "due",
                _("The due date cannot be before the baseline date (%(date)s).")
                % {"date": formats.date_format(baseline_date, "DATE_FORMAT")},
            )
        if data.get("kind") == Goal.Kind.FINANCIAL:
            if not data.get("metric"):
                self.add_error("metric", _("Choose the figure a financial goal is measured by."))
            data["current_value"], data["progress_entered"] = None, None
        else:
            data["metric"] = ""
        return data


class OpportunityForm(VersionedForm):
    creates = True

    customer_goal = forms.ChoiceField(label=_("Customer goal it serves"), required=False)

    class Meta:
        model = Opportunity
        fields = [
            "name",
            "customer_goal",
            "goal",
            "offering",
            "unit",
            "value",
            "probability",
            "stage",
            "expected_close",
            "note",
            "shared",
        ]
        widgets = {
            "expected_close": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: AccountPlan, customer_goals: list[str], offerings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.customer_goal if self.instance.pk else ""
        lines = list(dict.fromkeys([*customer_goals, *([current] if current else [])]))
        self.fields["customer_goal"].choices = [("", _("— none chosen —")), *[(line, line) for line in lines]]
        self.fields["customer_goal"].help_text = (
            _("From the goals in the customer's profile.")
            if customer_goals
            else _("Write the customer's goals in the profile to choose one here.")
        )
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["offering"].queryset = offerings
        self.fields["offering"].label_from_instance = lambda o: o.label
        self.fields["unit"].queryset = CustomerUnit.objects.filter(customer_id=plan.customer_id)

    def clean_probability(self) -> int:
        value = self.cleaned_data["probability"]
        if value is None or not 0 <= value <= 100:
            raise forms.ValidationError(_("The probability is a percentage from 0 to 100."))
        return value

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The value cannot be negative."))
        return value


class ActionForm(VersionedForm):
    creates = True

    add_owner_to_team = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = [
            "title",
            "owner",
            "assignee",
            "due",
            "status",
            "goal",
            "opportunity",
            "risk",
            "meeting",
            "note",
            "shared",
        ]
        widgets = {"due": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan: AccountPlan, owners, risks, newcomers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].help_text = _("One of our people on the account team.")
        add_newcomer_field(self, "owner", newcomers)
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["opportunity"].queryset = plan.opportunities.all()
        self.fields["risk"].queryset = risks
        self.fields["assignee"].queryset = Stakeholder.objects.filter(
            customer_id=plan.customer_id, has_left=False
        ).only("pk", "name", "customer_id")
        meetings = Action._meta.get_field("meeting").related_model.objects
        self.fields["meeting"].queryset = meetings.filter(customer_id=plan.customer_id).order_by("-starts_at")
        self.fields["meeting"].label_from_instance = _meeting_label
        if not self.instance.pk and not self.is_bound:
            self.initial["due"] = timezone.localdate() + datetime.timedelta(days=30)

    def clean(self) -> dict:
        return clean_newcomer(self, super().clean(), "owner", _("Choose who owns the action."))

    def changes(self) -> tuple[int, dict]:
        version, data = super().changes()
        data.pop("add_owner_to_team", None)
        newcomer = data.pop("newcomer", None)
        if newcomer is not None:
            data["owner"] = newcomer
        return version, data


def add_newcomer_field(form: forms.Form, field: str, newcomers) -> None:
    """The picker offers the account team; someone new comes through a separate, labelled choice
    (offered only to those who may change the account team)."""
    if newcomers is None:
        return
    form.fields[field].required = False
    form.fields[field].empty_label = _("Choose from the account team")
    form.fields["newcomer"] = forms.ModelChoiceField(
        label=_("…or add someone to the account team"),
        queryset=newcomers,
        required=False,
        empty_label=_("Nobody new"),
        help_text=_("They join the account team as a contributor when you save."),
    )


def clean_newcomer(form: forms.Form, data: dict, field: str, missing: str) -> dict:
    if "newcomer" not in form.fields:
        return data
    if data.get("newcomer") and data.get(field):
        form.add_error("newcomer", _("Choose someone from the account team or someone new, not both."))
    elif not data.get("newcomer") and not data.get(field) and field not in form.errors:
        form.add_error(field, missing)
    return data


def _meeting_label(meeting) -> str:
    return f"{meeting.title} · {meeting.local_start:%Y-%m-%d}"


class ResponsibilityForm(Form):
    creates = True

    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    area = forms.CharField(
        label=_("Responsible for"), max_length=120, help_text=_("e.g. Delivery, invoicing, QBRs")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, people, newcomers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        add_newcomer_field(self, "person", newcomers)

    def clean(self) -> dict:
        data = clean_newcomer(self, super().clean(), "person", _("Choose who is responsible."))
        if data.get("newcomer"):
            data["person"] = data["newcomer"]
        data.pop("newcomer", None)
        return data


class ReviewForm(ModelForm):
    creates = True

    class Meta:
        model = PlanReview
        fields = ["business", "living_up", "feedback", "news"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ["business", "living_up", "feedback", "news"]
        }

    def _post_clean(self) -> None:
        pass


class RolloverForm(Form):
    period = YearField(label=_("New period"), min_value=2000, max_value=2100)


class CellForm(VersionedForm):
    class Meta:
        model = WhiteSpaceCell
        fields = ["status", "current_revenue", "potential", "competitor", "confidence", "note"]

    def clean(self) -> dict:
        data = super().clean()
        for name in ("current_revenue", "potential"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Amounts cannot be negative."))
        return data


class OfferingForm(VersionedForm):
    creates = True

    class Meta:
        model = Offering
        fields = ["name", "parent", "description", "order", "active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = Offering.objects.groups()
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = groups


class CompareForm(Form):
    """Which two moments "what changed" compares: snapshot ids, or "now" for the plan as it is."""

    old = forms.CharField(required=False)
    new = forms.CharField(required=False)

    def choice(self, name: str, allowed: set[int]) -> int | None:
        """The chosen snapshot id, or None for "now" (also for anything not in `allowed`)."""
        value = self.cleaned_data.get(name) if self.is_valid() else ""
        return int(value) if value and value.isdigit() and int(value) in allowed else None
