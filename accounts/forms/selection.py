"""Forms for scoring and selection: parse and validate; the services do the writing."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form, WholeNumberField
from accounts.forms.versioning import VersionedForm, VersionedModelForm, VersionField
from accounts.models import Criterion, Customer, Score, SelectionDecision, Team
from accounts.services.selection import ScoreInput

REASON_MAX = 2000
RATIONALE_MAX = 2000


@dataclass
class ScoreRow:
    """One criterion on the scores form: its radio group, its rationale box and the current score."""

    criterion: Criterion
    value: forms.BoundField
    rationale: forms.BoundField
    current: Score | None


class ScoresForm(Form):
    """All active criteria on one form: a 1–5 choice with the anchor text of each level, and a rationale."""

    def __init__(self, *args, criteria: list[Criterion], scores: dict[int, Score], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria, self.scores = criteria, scores
        for criterion in criteria:
            current = scores.get(criterion.pk)
            levels = [(str(level), anchor) for level, anchor in criterion.anchors]
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[("", _("Not scored")), *levels],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=str(current.value) if current else "",
                error_messages={"invalid_choice": _("Choose a score from 1 to 5, or leave it unscored.")},
            )
            self.fields[f"version_{criterion.pk}"] = VersionField(initial=current.version if current else 0)
            self.fields[f"rationale_{criterion.pk}"] = forms.CharField(
                label=_("Why this score?"),
                required=False,
                max_length=RATIONALE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.rationale if current else "",
            )

    @property
    def rows(self) -> list[ScoreRow]:
        return [
            ScoreRow(
                criterion=c,
                value=self[f"score_{c.pk}"],
                rationale=self[f"rationale_{c.pk}"],
                current=self.scores.get(c.pk),
            )
            for c in self.criteria
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        for criterion in self.criteria:
            value = cleaned.get(f"score_{criterion.pk}")
            if value is None and cleaned.get(f"rationale_{criterion.pk}", "").strip():
                self.add_error(
                    f"score_{criterion.pk}",
                    _("Choose a score for %(name)s, or clear its rationale.") % {"name": criterion.label},
                )
        return cleaned

    def conflict_rows(self, theirs: dict[int, Score]) -> list[tuple[str, str, str]]:
        """(criterion, their score, yours) for each criterion where the saved score differs."""
        rows = []
        for c in self.criteria:
            saved = theirs.get(c.pk)
            stored = (saved.value, saved.rationale) if saved else (None, "")
            mine = (
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"rationale_{c.pk}", "").strip(),
            )
            if stored != mine:
                rows.append((c.name, _score_text(*stored), _score_text(*mine)))
        return rows

    def entries(self) -> list[ScoreInput]:
        return [
            ScoreInput(
                criterion=c,
                value=self.cleaned_data[f"score_{c.pk}"],
                rationale=self.cleaned_data[f"rationale_{c.pk}"],
                version=self.cleaned_data[f"version_{c.pk}"],
            )
            for c in self.criteria
        ]


class DecisionForm(Form):
    creates = True

    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose a decision")), *SelectionDecision.Kind.choices],
        error_messages={
            "required": _("Choose a decision."),
            "invalid_choice": _("Choose one of the decisions offered."),
        },
    )
    reason = forms.CharField(
        label=_("Why?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Others read this later: what the decision rests on, and what you agreed."),
        error_messages={"required": _("Write down why: a decision needs a reason others can read later.")},
    )

    def __init__(self, *args, owners=None, current_owner=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            return
        from accounts.forms.owners import PersonChoiceField

        self.current_owner = current_owner
        self.fields["owner"] = PersonChoiceField(
            label=_("Who will own it as a key account?"),
            queryset=owners,
            required=False,
            initial=getattr(current_owner, "pk", None),
            help_text=_(
                "Asked when the decision makes it a key account: an active member of the customer's team."
            ),
            error_messages={"invalid_choice": _("Choose someone in the customer's team.")},
        )

    def clean(self) -> dict:
        data = super().clean()
        if (
            "owner" in self.fields
            and data.get("kind") == SelectionDecision.Kind.MAKE_KEY
            and not data.get("owner")
        ):
            if "owner" in self.data:  # the question was asked and left blank
                self.add_error("owner", _("Choose who will own the key account."))
            else:  # a client that does not ask (an old form, a script) keeps the owner it has
                data["owner"] = self.current_owner
        if data.get("kind") != SelectionDecision.Kind.MAKE_KEY:
            data.pop("owner", None)
        return data


class NextStepForm(VersionedForm):
    next_step = forms.CharField(
        label=_("Pilot or next step"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What will show whether the customer becomes a key account, e.g. a pilot in one unit."),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 2026-09-30.")},
    )

    def clean_target_date(self):
        target = self.cleaned_data["target_date"]
        # A date that has passed since it was set may stay (editing only the text must still work).
        unchanged = target is not None and target == self.initial.get("target_date")
        if target and target < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The target date has passed. Choose today or a later date."))
        return target


class CriterionForm(VersionedModelForm):
    weight = WholeNumberField(
        label=_("Weight"),
        min_value=0,
        max_value=100,
        help_text=_(
            "0–100, relative to the other active criteria; 0 keeps the criterion without counting it."
        ),
        error_messages={
            "min_value": _("The weight must be a whole number from 0 to 100."),
            "max_value": _("The weight must be a whole number from 0 to 100."),
            "invalid": _("The weight must be a whole number from 0 to 100."),
            "required": _("Give the criterion a weight from 0 to 100."),
        },
    )

    class Meta:
        model = Criterion
        fields = [
            "name",
            "description",
            "weight",
            "axis",
            "anchor_1",
            "anchor_2",
            "anchor_3",
            "anchor_4",
            "anchor_5",
            "active",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "active": _(
                "Taken out of use, a criterion keeps the scores given on it, but they no longer count."
            ),
            "order": _("Criteria are listed by this number, lowest first."),
        }
        error_messages = {
            "name": {"unique": _("A criterion with this name exists already. Choose another name.")}
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the criterion a name."))
        return name


class RankingFilterForm(Form):
    """Status and team filters; an unknown value is dropped, never an error page."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, teams: list[Team] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Customer.Status.choices]
        self.fields["team"].choices = [("", _("Any team"))] + [(t.pk, str(t)) for t in teams]

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}


def _score_text(value: int | None, rationale: str) -> str:
    if value is None:
        return str(_("Not scored"))
    return f"{value} – {rationale}" if rationale else str(value)


class ProposalConfirmForm(Form):
    """A leader confirms an imported status proposal: the decision needs its reason like any other."""

    reason = forms.CharField(
        label=_("Why?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with the decision; others read this later."),
        error_messages={"required": _("Write down why: a decision needs a reason others can read later.")},
    )


class ProposalRefuseForm(Form):
    """A leader refuses an imported status proposal with a message the account owner reads."""

    message = forms.CharField(
        label=_("Message to the account owner"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why, so that the account owner knows what to do instead.")},
    )
