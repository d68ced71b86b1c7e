"""What every form in Orchard shares: numbers read the Nordic way, text that is safe to store.

Every form of every app derives from `Form` or `ModelForm` here (a test walks them all). On top of
Django's own cleaning they guarantee:

* every amount, percentage and count is a text box with `inputmode="decimal"` read by the same
  `accounts.numbers.parse_amount` as the Excel import ("1 234,50", "1.234.567,50", "12 400 kr",
  "1,234.50"…), shown back in the user's language, and refused with a message that names the
  field — never re-read by the browser's locale, never silently multiplied by a hundred;
* every text is stored in NFC without bidi formatting characters, and control characters are
  refused with a message (tab and line breaks are fine where the text may have several lines);
* every date lies between 1900 and 2100;
* a create form carries a one-time token (`submission`), so the same form sent twice saves once.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from babel.numbers import format_decimal
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import text
from accounts.numbers import MAX_AMOUNT_LENGTH, parse_amount
from accounts.templatetags.orchard import BABEL_LOCALES

FIRST_DATE, LAST_DATE = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
# What a 32-bit integer column holds: counts beyond it are refused at the form, not by the database.
WHOLE_NUMBER_LIMIT = 2_147_483_647
LARGEST_AMOUNT = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2


def amount_for_input(value: Decimal | int | None, *, grouping: bool = True) -> str:
    """A number as a person would type it in the active language: 12 400 000 or 12 400 000,50."""
    if value is None:
        return ""
    value = Decimal(value)
    locale = BABEL_LOCALES.get(translation.get_language() or "en", "en_GB")
    whole = value == value.to_integral_value()
    pattern = ("#,##0" if grouping else "0") + ("" if whole else ".00")
    if not whole and decimal_places(value) > 2:
        pattern += "#" * (decimal_places(value) - 2)
    return format_decimal(value, format=pattern, locale=locale)


def decimal_places(amount: Decimal) -> int:
    """Decimals that carry a value: 12.50 has one, 12.505 three."""
    _sign, digits, exponent = amount.as_tuple()
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    while places and digits and digits[-1] == 0:
        digits, places = digits[:-1], places - 1
    return places


class NumberField(forms.CharField):
    """Text in, Decimal out, through the one parser the Excel import uses.

    `places` is the most decimals allowed; `min_value`/`max_value` bound the value (they may be set
    after construction, as model forms do). Every message names the field.
    """

    whole = False

    def __init__(
        self,
        *,
        places: int = 2,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        grouping: bool = True,
        **kwargs,
    ) -> None:
        # No max_length: its validator would measure the number; parse_amount refuses long text itself.
        # No autocomplete="off" either: it stops the browser from putting the typed value back
        # when a person returns to the form with Back.
        kwargs.pop("max_length", None)
        attrs = {"inputmode": "decimal", "maxlength": MAX_AMOUNT_LENGTH}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
        self.places, self.min_value, self.max_value, self.grouping = places, min_value, max_value, grouping

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return amount_for_input(value, grouping=self.grouping)
        return value

    def to_python(self, value) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            value = str(value)
        text_value = super().to_python(value)
        if text_value in self.empty_values:
            return None
        try:
            number = parse_amount(text_value)
        except ValueError as error:
            raise self._error(str(error), "invalid") from error
        if decimal_places(number) > self.places:
            raise self._error(self._places_message(), "decimals")
        self._check_range(number)
        return number

    def _places_message(self) -> str:
        if self.places == 0:
            return _("Use a whole number, without decimals.")
        return _("Use at most two decimals.") if self.places == 2 else _("Use fewer decimals.")

    def _check_range(self, number: Decimal) -> None:
        if (
            self.min_value is not None
            and number < self.min_value == 0
            and not self.error_messages.get("min_value")
        ):
            named = self.label or _("The value")
            raise ValidationError(_("%(field)s cannot be negative.") % {"field": named}, code="min_value")
        if self.min_value is not None and number < self.min_value:
            limit = amount_for_input(Decimal(self.min_value), grouping=self.grouping)
            raise self._error(_("The smallest value allowed is %(limit)s.") % {"limit": limit}, "min_value")
        if self.max_value is not None and number > self.max_value:
            limit = amount_for_input(Decimal(self.max_value), grouping=self.grouping)
            raise self._error(_("The largest value allowed is %(limit)s.") % {"limit": limit}, "max_value")

    def _error(self, problem: str, code: str) -> ValidationError:
        custom = self.error_messages.get(code) if code in ("min_value", "max_value") else None
        if custom:  # a form's own wording for its limits, e.g. "a whole number from 0 to 100"
            return ValidationError(custom, code=code)
        if self.label:
            problem = _("%(field)s: %(problem)s") % {"field": self.label, "problem": problem}
        return ValidationError(problem, code=code)


class AmountField(NumberField):
    """An amount in kroner: at most two decimals (øre), at most what a 16-digit column holds."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", -LARGEST_AMOUNT)
        kwargs.setdefault("max_value", LARGEST_AMOUNT)
        super().__init__(**kwargs)


class WholeNumberField(NumberField):
    """A count, a percentage or an ordering number: an int, written like an amount."""

    whole = True

    def __init__(self, **kwargs) -> None:
        kwargs["places"] = 0
        kwargs.setdefault("min_value", -WHOLE_NUMBER_LIMIT)
        kwargs.setdefault("max_value", WHOLE_NUMBER_LIMIT)
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:  # type: ignore[override]
        number = super().to_python(value)
        return None if number is None else int(number)


class YearField(WholeNumberField):
    """A calendar year: shown without a thousands separator, from 1900 to 2100 unless told otherwise."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", FIRST_DATE.year)
        kwargs.setdefault("max_value", LAST_DATE.year)
        kwargs["grouping"] = False
        super().__init__(**kwargs)


class SubmissionField(forms.UUIDField):
    """The one-time token of a create form: a fresh one each time the empty form is drawn."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, widget=forms.HiddenInput, initial=uuid.uuid4, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None  # a damaged token only loses the protection; the form still saves once


# --- What the base forms do to every field --------------------------------------------------------
_NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def _model_limits(model_field) -> tuple[int | None, int | None]:
    low = high = None
    for validator in getattr(model_field, "validators", ()):
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value if low is None else max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value if high is None else min(high, validator.limit_value)
    return low, high


def _number_field(field: forms.Field, model_field) -> NumberField:
    """The shared field that replaces a Django number field, keeping its label, help, limits."""
    low, high = _model_limits(model_field)
    low = field.min_value if getattr(field, "min_value", None) is not None else low
    high = field.max_value if getattr(field, "max_value", None) is not None else high
    common = {
        "label": field.label,
        "required": field.required,
        "help_text": field.help_text,
        "initial": field.initial,
        "error_messages": {
            key: message
            for key, message in field.error_messages.items()
            if key in ("required", "min_value", "max_value")
        },
    }
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField):
        kwargs = {k: v for k, v in (("min_value", low), ("max_value", high)) if v is not None}
        return WholeNumberField(**common, **kwargs)
    places = field.decimal_places if getattr(field, "decimal_places", None) is not None else 2
    digits = getattr(field, "max_digits", None)
    if digits is not None:
        largest = Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places)
        high = largest if high is None else min(Decimal(high), largest)
        low = -largest if low is None else max(Decimal(low), -largest)
    return AmountField(places=places, min_value=low, max_value=high, **common)


def _text_checked(field: forms.CharField) -> None:
    """Normalise what the field reads and refuse control characters, once per field."""
    if getattr(field, "_text_checked", False):
        return
    field._text_checked = True
    multiline = isinstance(field.widget, forms.Textarea)
    if isinstance(field.widget, forms.TextInput | forms.Textarea):
        field.widget.attrs.setdefault("dir", "auto")  # right-to-left names are typed and shown right
    read = field.to_python

    def to_python(value):
        value = read(value)
        return text.normalise(value) if isinstance(value, str) else value

    def refuse_controls(value) -> None:
        if not isinstance(value, str):
            return
        codes = text.control_characters(value, multiline=multiline)
        if not codes:
            return
        if set(codes) <= {"U+0009", "U+000A", "U+000D"}:
            problem = _("Write this on one line, without line breaks or tabs.")
        else:
            problem = _(
                "This holds a control character (%(codes)s) that cannot be stored. "
                "It is often pasted along with text from another program: type the text again."
            ) % {"codes": ", ".join(codes)}
        if field.label:
            problem = _("%(field)s: %(problem)s") % {"field": field.label, "problem": problem}
        raise ValidationError(problem, code="control_character")

    field.to_python = to_python
    field.validators.append(refuse_controls)


def _dates_bounded(field: forms.DateField) -> None:
    if getattr(field, "_dates_bounded", False):
        return
    field._dates_bounded = True

    def within_range(value) -> None:
        day = value.date() if isinstance(value, datetime.datetime) else value
        if isinstance(day, datetime.date) and not FIRST_DATE <= day <= LAST_DATE:
            problem = _("Choose a date between 1900 and 2100.")
            if field.label:
                problem = _("%(field)s: %(problem)s") % {"field": field.label, "problem": problem}
            raise ValidationError(problem, code="date_range")

    field.validators.append(within_range)


class TrustedFormMixin:
    """Applies the guarantees in the module docstring to the fields a form ends up with."""

    # A form that creates something sets this: it then carries a one-time token (`submission`)
    # unless it edits an existing row. The views pass `submission_token` to `submission_once`.
    creates = False
    submission_token: uuid.UUID | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.creates and getattr(getattr(self, "instance", None), "pk", None) is None:
            self.fields["submission"] = SubmissionField()
        self._make_trusted()

    def full_clean(self) -> None:
        self._make_trusted()  # fields a subclass added after __init__ are checked too
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            # Not a value to save: taken out so services receive only what they store.
            self.submission_token = self.cleaned_data.pop("submission", None)

    def _model_field(self, name: str):
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is None:
            return None
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def _make_trusted(self) -> None:
        for name, field in list(self.fields.items()):
            if isinstance(field, _NUMBER_FIELDS) and not field.widget.is_hidden:
                self.fields[name] = _number_field(field, self._model_field(name))
                getattr(self, "_bound_fields_cache", {}).pop(name, None)
            elif isinstance(field, forms.CharField) and not isinstance(field, NumberField | forms.UUIDField):
                if not isinstance(field.widget, forms.PasswordInput):
                    _text_checked(field)
            elif isinstance(field, forms.DateField | forms.DateTimeField):
                _dates_bounded(field)


class Form(TrustedFormMixin, forms.Form):
    pass


class ModelForm(TrustedFormMixin, forms.ModelForm):
    pass
