"""The financial period form: amounts typed the Nordic way, checked against the same rules as the service."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.figures import check_figures
from accounts.forms.base import AmountField, YearField, amount_for_input, decimal_places
from accounts.forms.versioning import VersionedForm
from accounts.models import Customer, FinancialPeriod
from accounts.selectors.financials import existing_period

QUARTER_CHOICES = [(0, _("Whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


__all__ = ["AmountField", "FinancialPeriodForm", "amount_for_input", "decimal_places"]


class FinancialPeriodForm(VersionedForm):
    """One year or quarter. `duplicate` holds the existing row when that period is taken already."""

    # The range is checked with the other figures (one message for the form and the import).
    year = YearField(label=_("Year"), min_value=None, max_value=None)
    quarter = forms.TypedChoiceField(label=_("Period"), choices=QUARTER_CHOICES, coerce=int, initial=0)
    revenue = AmountField(
        label=_("Our revenue"),
        help_text=_("e.g. 12 400 000 kr; spaces, points and commas are all understood"),
    )
    gross_margin = AmountField(label=_("Our gross margin"), help_text=_("The amount, not the percentage"))
    their_spend = AmountField(
        label=_("Their total spend in our categories"),
        required=False,
        help_text=_("Your best estimate; leave empty if unknown"),
    )

    def __init__(self, *args, customer: Customer, period: FinancialPeriod | None = None, **kwargs) -> None:
        if period is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "year": period.year,
                "quarter": period.quarter,
                "revenue": period.revenue,
                "gross_margin": period.gross_margin,
                "their_spend": period.their_spend,
                "version": period.version,
            }
        super().__init__(*args, **kwargs)
        self.customer, self.period = customer, period
        self.duplicate: FinancialPeriod | None = None

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            check_figures(**{name: value for name, value in data.items() if name != "version"})
        except ValidationError as error:
            self.add_error(None, error)
            return data
        self.duplicate = existing_period(
            self.customer, data["year"], data["quarter"], excluding=self.period.pk if self.period else None
        )
        if self.duplicate is not None:
            self.add_error(
                None,
                _("There are figures for %(period)s already. Edit them instead of adding a second row.")
                % {"period": self.duplicate.label},
            )
        return data
