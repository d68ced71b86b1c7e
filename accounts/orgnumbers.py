"""Organisation numbers as people write them, checked and stored one way. Pure: no ORM, no settings.

    key(text) -> str                 how two numbers are compared: "NO 906 800 004 MVA", "906800004"
                                     and "906 800 004" all give "906800004"
    normalise(text, country) -> str  the stored form ("906 800 004", "556677-8899"); raises
                                     InvalidOrgNumber when a Norwegian or Swedish number's check digit
                                     is wrong

Norwegian numbers have 9 digits, the last a MOD11 check digit (weights 3 2 7 6 5 4 3 2); the VAT
form adds "NO" before and "MVA" after. Swedish ones have 10 digits, the last a Luhn check digit;
the VAT form adds "SE" before and "01" after. A number of another country (the customer's country
says so) is stored in the same shape but not checked; one of another shape is kept as typed, with
its spaces tidied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = ["InvalidOrgNumber", "explain", "key", "normalise"]

_SEPARATORS = re.compile(r"[\s\u00a0\u202f.\-–]")
_NORWEGIAN = re.compile(r"(NO)?(\d{9})(MVA)?")
_SWEDISH = re.compile(r"(SE)?(\d{10})(01)?")
_MOD11_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class InvalidOrgNumber(ValueError):
    country: str  # "NO" or "SE": whose rule the number breaks
    text: str


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def _recognise(text: str) -> tuple[str, str, bool] | None:
    """(country, digits, marked) for a number shaped like a Norwegian or Swedish one; None otherwise.
    `marked`: it carries the "NO"/"SE" prefix or the VAT suffix, so it surely is one."""
    compact = _compact(text)
    for code, pattern in (("NO", _NORWEGIAN), ("SE", _SWEDISH)):
        match = pattern.fullmatch(compact)
        if match is not None:
            return code, match.group(2), bool(match.group(1) or match.group(3))
    return None


def key(text: str) -> str:
    """The form two organisation numbers (or external references) are compared in."""
    recognised = _recognise(text)
    return recognised[1] if recognised else _compact(text)


def valid_mod11(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:8], _MOD11_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[8])


def valid_luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise(text: str, country: str = "") -> str:
    """The number as Orchard stores it: 9 digits as "906 800 004", 10 as "556677-8899" (so equal
    numbers are equal text), anything else as typed with its spaces tidied.

    Raises InvalidOrgNumber when the check digit is wrong for a number that is Norwegian or Swedish:
    it says so itself ("NO …", "… MVA"), or `country` (the customer's country code) is that country
    or unknown. A bare number of a customer in another country is not checked.
    """
    tidy = " ".join(text.split())
    recognised = _recognise(tidy)
    if recognised is None:
        return tidy
    code, digits, marked = recognised
    checked = marked or (country or "").upper() in ("", code)
    if code == "NO":
        if checked and not valid_mod11(digits):
            raise InvalidOrgNumber("NO", tidy)
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if checked and not valid_luhn(digits):
        raise InvalidOrgNumber("SE", tidy)
    return f"{digits[:6]}-{digits[6:]}"


def stored(text: str, country: str = "") -> str:
    """`normalise`, but a number that fails its check is kept as typed (for saves that do not
    validate, such as older rows; forms and the import refuse it first)."""
    try:
        return normalise(text, country)
    except InvalidOrgNumber:
        return " ".join(text.split())


def explain(error: InvalidOrgNumber) -> str:
    """What is wrong with the number, in the active language."""
    if error.country == "NO":
        return _(
            "“%(text)s” is not a Norwegian organisation number: its check digit does not match. "
            "Check it for a typing error."
        ) % {"text": error.text}
    return _(
        "“%(text)s” is not a Swedish organisation number: its check digit does not match. "
        "Check it for a typing error."
    ) % {"text": error.text}
