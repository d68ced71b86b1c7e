"""Reading one cell: the typed value for its column, or a CellError saying what is wrong with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES

from accounts import countries
from accounts.excel import columns as cols
from accounts.exports import FORMULA_PREFIXES
from accounts.figures import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT
from accounts.numbers import parse_amount
from accounts.text import normalise

CENT = Decimal("0.01")


class CellError(ValueError):
    pass


# --- Cells ----------------------------------------------------------------------------------------
def convert(column: cols.Column, raw: Any) -> Any:
    """The typed value of one cell for `column`; None when blank. Raises CellError with the reason."""
    if isinstance(raw, str):
        raw = _unneutralise(raw.strip())
        if raw in ERROR_CODES:
            raise CellError(
                _("the cell shows the error %(code)s; fix the formula or type the value.") % {"code": raw}
            )
        if not raw:
            raw = None
    if raw is None:
        if column.required:
            raise CellError(_("%(header)s is required.") % {"header": column.header})
        return None
    if isinstance(raw, datetime | date | time):  # no column takes a date yet
        raise CellError(_("Excel stored a date here; format the cell as text and type the value again."))
    return CONVERTERS[column.kind](column, raw)


def _unneutralise(text: str) -> str:
    """Orchard's export writes text that looks like a formula with a leading apostrophe; take it off."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _as_text(column: cols.Column, raw: Any) -> str:
    if isinstance(raw, bool):
        raise CellError(_("write text, not TRUE or FALSE."))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = normalise(str(raw))  # NFC, no bidi controls: the same text as a form would store
    if column.max_length and len(text) > column.max_length:
        raise CellError(
            _("%(header)s is %(length)s characters long; at most %(max)s fit.")
            % {"header": column.header, "length": len(text), "max": column.max_length}
        )
    return text


def _org(column: cols.Column, raw: Any) -> str:
    text = " ".join(_as_text(column, raw).split())
    if not cols.canonical_key(text):
        raise CellError(_("“%(text)s” is not an organisation number.") % {"text": text})
    return text


STATUS_LOOKUP = cols.lookup(cols.STATUS_WORDS)
UNIT_KIND_LOOKUP = cols.lookup(cols.UNIT_KIND_WORDS)
URL_VALIDATOR = URLValidator()
EMAIL_VALIDATOR = EmailValidator()


def _status(column: cols.Column, raw: Any) -> str:
    code = STATUS_LOOKUP.get(cols.normalise_word(str(raw)))
    if code is None:
        raise CellError(
            _("“%(text)s” is not a status; write prospect, candidate, key or former.") % {"text": raw}
        )
    return code


def _unit_kind(column: cols.Column, raw: Any) -> str:
    code = UNIT_KIND_LOOKUP.get(cols.normalise_word(str(raw)))
    if code is None:
        raise CellError(
            _("“%(text)s” is not a kind of unit; write unit, country or location.") % {"text": raw}
        )
    return code


def _tier(column: cols.Column, raw: Any) -> int:
    number = _whole_number(raw, strip_words=("tier", "nivå"))
    if number not in {1, 2, 3}:
        raise CellError(_("“%(text)s” is not a tier; write 1, 2 or 3.") % {"text": raw})
    return number


def _whole_number(raw: Any, strip_words: tuple[str, ...] = ()) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    text = cols.normalise_word(str(raw))
    for word in strip_words:
        text = text.removeprefix(word).strip()
    return int(text) if text.isdigit() else None


def _country(column: cols.Column, raw: Any) -> str:
    try:
        return countries.check(str(raw))
    except ValueError as error:
        raise CellError(str(error)) from error


def _url(column: cols.Column, raw: Any) -> str:
    text = _as_text(column, raw)
    if "://" not in text:
        text = "https://" + text
    try:
        URL_VALIDATOR(text)
    except ValidationError as error:
        raise CellError(_("“%(text)s” is not a web address.") % {"text": raw}) from error
    return text


def _email(column: cols.Column, raw: Any) -> str:
    text = normalise(str(raw)).strip().lower()
    try:
        EMAIL_VALIDATOR(text)
    except ValidationError as error:
        raise CellError(_("“%(text)s” is not an e-mail address.") % {"text": raw}) from error
    return text


def _ref(column: cols.Column, raw: Any) -> str:
    text = " ".join(_as_text(column, raw).split())
    if len(text) > 64:
        raise CellError(
            _("“%(text)s” is too long for an organisation number or external id.") % {"text": text[:70]}
        )
    return text


def _year(column: cols.Column, raw: Any) -> int:
    number = _whole_number(raw)
    if number is None or not FIRST_YEAR <= number <= LAST_YEAR:
        raise CellError(
            _("“%(text)s” is not a year between %(first)s and %(last)s.")
            % {"text": raw, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return number


def _quarter(column: cols.Column, raw: Any) -> int:
    number = _whole_number(raw, strip_words=("q", "k"))
    if number is None or not 0 <= number <= 4:
        raise CellError(_("“%(text)s” is not a quarter; write 1–4, or 0 for the whole year.") % {"text": raw})
    return number


def _amount(column: cols.Column, raw: Any) -> Decimal:
    """A number cell as it is; a text cell read the Nordic way. Absurd sizes (which Decimal could not
    even round) and amounts below a cent are refused here; the rest of the limits are the row's
    `check_figures`."""
    try:
        value = parse_amount(raw if isinstance(raw, int | float | Decimal | bool) else str(raw))
    except ValueError as error:
        raise CellError(str(error)) from error
    if abs(value) >= MAX_AMOUNT:
        raise CellError(_("That is 10 000 billion or more: check the number of digits."))
    if value and abs(value) < CENT:
        raise CellError(
            _("%(amount)s is less than 0.01; write 0, or an amount of at least 0.01.")
            % {"amount": number_format(value, decimal_pos=None)}
        )
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


CONVERTERS: dict[str, Callable[[cols.Column, Any], Any]] = {
    cols.TEXT: _as_text,
    cols.ORG: _org,
    cols.STATUS: _status,
    cols.TIER: _tier,
    cols.COUNTRY: _country,
    cols.URL: _url,
    cols.EMAIL: _email,
    cols.REF: _ref,
    cols.UNIT_KIND: _unit_kind,
    cols.YEAR: _year,
    cols.QUARTER: _quarter,
    cols.AMOUNT: _amount,
}
