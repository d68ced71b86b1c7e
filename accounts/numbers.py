"""Reading amounts the way Nordic people and their spreadsheets write them. Pure: no ORM, no settings.

`parse_amount` is shared by the forms and the Excel import; its interface is stable:

    parse_amount(text) -> Decimal        raises ValueError(reason) when `text` is not an amount

What it accepts (a sign, digits, separators, and a currency word before or after):

    "1234567.50"  "1234567,50"                   no thousands separator
    "1 234 567,50"  "1 234 567,50"  (NBSP)        spaces (also narrow and thin) between groups of three
    "1.234.567,50"                                dots between groups, comma for decimals
    "1,234,567.50"                                commas between groups, dot for decimals
    "12 400 000 kr"  "kr 12 400 000"  "NOK 1,5"   "kr", "kr." or "NOK" before or after, any case
    "1 234,-"                                     the Nordic ",-" for whole kroner
    "-1 234"  "−1 234"  "+1 234"                  a sign (the Unicode minus too); callers decide
                                                  whether a negative amount is allowed

One `,` or `.` followed by exactly three digits ("1.234", "12,500") is read as a thousands
separator, because amounts carry at most two decimals; followed by one, two or four and more
digits it is the decimal separator. Groups after a thousands separator must have three digits,
so a typo such as "1 2345" is refused rather than guessed. The result is exact (no float), with
as many decimals as written; rounding and limits are the caller's business.

Numbers (int, Decimal) are returned as Decimal unchanged, so an importer can pass a cell value
straight through; floats go through their shortest text form. Booleans are refused.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

__all__ = ["MAX_AMOUNT_LENGTH", "format_score", "parse_amount", "round_score"]

MAX_AMOUNT_LENGTH = 64

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " "})
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_CURRENCY_BEFORE = re.compile(r"^(?:nok|kr\.?)\s*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:,-|\.-|nok|kr\.?)$", re.IGNORECASE)
_BODY = re.compile(r"^[0-9][0-9 .,]*$")
_GROUP = re.compile(r"^[0-9]{3}$")
_HEAD = re.compile(r"^[0-9]{1,3}$")


def parse_amount(text: str | int | Decimal | float) -> Decimal:
    """The amount written in `text`, exactly. Raises ValueError with a reason a person can act on."""
    if isinstance(text, bool):
        raise ValueError(_("Expected an amount, not yes or no."))
    if isinstance(text, int | Decimal):
        return _finite(Decimal(text))
    if isinstance(text, float):
        return _finite(Decimal(repr(text)))
    if not isinstance(text, str):
        raise ValueError(_("Expected an amount."))
    if len(text) > MAX_AMOUNT_LENGTH:
        raise ValueError(_("That is too long to be an amount."))
    cleaned = " ".join(text.translate(_SPACES).translate(_MINUS).split())
    if not cleaned:
        raise ValueError(_("Write an amount, e.g. 1 234 567,50."))
    sign, body = _split_sign(_strip_currency(cleaned))
    if not _BODY.match(body):
        raise ValueError(
            _("“%(text)s” is not an amount: use digits, spaces, one decimal comma or point.") % {"text": text}
        )
    whole, fraction = _split_decimal(body.rstrip())
    digits = _join_groups(whole)
    return _finite(Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}"))


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(_("Expected an amount."))
    return value


def _strip_currency(text: str) -> str:
    sign = ""
    if text.startswith(("+", "-")):
        sign, text = text[0], text[1:].lstrip()
    text = _CURRENCY_AFTER.sub("", _CURRENCY_BEFORE.sub("", text))
    return sign + text.strip()


def _split_sign(text: str) -> tuple[str, str]:
    if text.startswith(("+", "-")):
        return ("-" if text[0] == "-" else ""), text[1:].lstrip()
    return "", text


def _split_decimal(body: str) -> tuple[str, str]:
    """Split into the whole part (still with its group separators) and the decimals."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _mark, fraction = body.rpartition(decimal_mark)
        if body.count(decimal_mark) > 1 or thousands in fraction:
            raise ValueError(_("Use one decimal separator, after the thousands separators."))
        return _checked_fraction(whole, fraction)
    mark = "," if commas else "." if dots else ""
    if not mark:
        return body, ""
    if body.count(mark) > 1:  # "1.234.567": the mark separates thousands
        return body, ""
    whole, _mark, fraction = body.partition(mark)
    if len(fraction) == 3 and " " not in whole and _HEAD.match(whole) and not whole.startswith("0"):
        return body, ""  # "1.234" or "12,500": thousands (amounts have at most two decimals)
    return _checked_fraction(whole, fraction)


def _checked_fraction(whole: str, fraction: str) -> tuple[str, str]:
    if not fraction.isdigit() or not whole:
        raise ValueError(_("Write the decimals right after the decimal separator, e.g. 1 234,50."))
    return whole, fraction


def _join_groups(whole: str) -> str:
    """Remove thousands separators, insisting on groups of three after the first one."""
    separators = {char for char in whole if char in " .,"}
    if not separators:
        return whole
    if len(separators) > 1:
        raise ValueError(_("Use one kind of thousands separator: spaces, points or commas."))
    head, *groups = whole.split(separators.pop())
    if not _HEAD.match(head) or not all(_GROUP.match(group) for group in groups):
        raise ValueError(_("Thousands separators must stand between groups of three digits, e.g. 1 234 567."))
    return head + "".join(groups)


def round_score(value: float | Decimal, places: int = 1) -> Decimal:
    """The one rounding rule for scores: half up on the decimal value (4.25 → 4.3), never the
    binary float's half-even, so a table, a tooltip and an export show the same figure."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_score(value: float | Decimal | None, places: int = 1) -> str:
    """A score rounded by `round_score` and written the active language's way (4,3 in nb and sv)."""
    if value is None or value == "":
        return "–"
    from django.utils.formats import number_format

    return number_format(round_score(value, places), places)
