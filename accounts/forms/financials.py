"""The financial period form: amounts typed the Nordic way, checked against the same rules as the service."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.figures import FIRST_YEAR, LAST_YEAR, check_figures
from accounts.forms.versioning import VersionedForm
from accounts.models import Customer, FinancialPeriod
from accounts.numbers import MAX_AMOUNT_LENGTH, parse_amount
from accounts.selectors.financials import existing_period
from accounts.templatetags.orchard import BABEL_LOCALES

QUARTER_CHOICES = [(0, _("Whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]


def amount_for_input(value: Decimal | None) -> str:
    """An amount as a person would type it in the active language: 12 400 000 or 12 400 000,50."""
    if value is None:
        return ""
    locale = BABEL_LOCALES.get(translation.get_language() or "en", "en_GB")
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return format_decimal(value, format=pattern, locale=locale)


def decimal_places(amount: Decimal) -> int:
    """Decimals that carry a value: 12.50 has one, 12.505 three."""
    _sign, digits, exponent = amount.as_tuple()
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    while places and digits and digits[-1] == 0:
        digits, places = digits[:-1], places - 1
    return places


class AmountField(forms.CharField):
    """Text in, Decimal out: "1 234 567,50", "1.234.567,50", "1,234,567.50", "12 400 000 kr"…"""

    def __init__(self, **kwargs) -> None:
        # No max_length: its validator would measure the Decimal; parse_amount refuses long text itself.
        attrs = {"inputmode": "decimal", "autocomplete": "off", "maxlength": MAX_AMOUNT_LENGTH}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return amount_for_input(value) if isinstance(value, Decimal) else value

    def to_python(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_amount(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error
        if decimal_places(amount) > 2:
            raise ValidationError(_("Use at most two decimals (øre)."), code="decimals")
        return amount


class FinancialPeriodForm(VersionedForm):
    """One year or quarter. `duplicate` holds the existing row when that period is taken already."""

    year = forms.IntegerField(
        label=_("Year"),
        error_messages={"invalid": _("Give the year as a number, e.g. 2026.")},
        widget=forms.NumberInput(attrs={"min": FIRST_YEAR, "max": LAST_YEAR, "inputmode": "numeric"}),
    )
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
