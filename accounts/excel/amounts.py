"""Amounts typed as text the Nordic way: `1 234,50`, `1.234,50`, `1 234 kr`, `kr 1 234,-`.

A spreadsheet cell that Excel stored as a number never comes here; this is for text cells, such as
figures pasted from a report. An amount that could be read two ways (`1.234`: a thousand and
more, or one and a bit?) is refused rather than guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_CURRENCY_BEFORE = re.compile(r"^(?:kr\.?|nok|sek|dkk|eur|€)\s*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:kr\.?|nok|sek|dkk|eur|€|,-|:-|\.-)$", re.IGNORECASE)
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+")


def parse_amount(text: str) -> Decimal:
    """The amount written in `text`, sign included. Raises ValueError with the reason in words."""
    cleaned, negative = _strip_sign_and_currency(text)
    cleaned = _SPACES.sub("", cleaned)
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(_("“%(text)s” is not an amount.") % {"text": text.strip()})
    whole, fraction = _split_decimals(cleaned, text)
    if not _GROUPED.fullmatch(whole or "0"):
        raise ValueError(_("“%(text)s” has its thousands separators in odd places.") % {"text": text.strip()})
    try:
        value = Decimal(f"{re.sub(r'[.,]', '', whole) or '0'}.{fraction or '0'}")
    except InvalidOperation as error:
        raise ValueError(_("“%(text)s” is not an amount.") % {"text": text.strip()}) from error
    return -value if negative else value


def _strip_sign_and_currency(text: str) -> tuple[str, bool]:
    cleaned = text.strip().replace("\u2212", "-")
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    for _round in range(2):  # "kr -1 234,-" and "-1 234 kr" alike
        cleaned = _CURRENCY_AFTER.sub("", _CURRENCY_BEFORE.sub("", cleaned)).strip()
        if cleaned[:1] in {"-", "+"}:
            negative ^= cleaned[0] == "-"
            cleaned = cleaned[1:].strip()
    return cleaned, negative


def _split_decimals(cleaned: str, text: str) -> tuple[str, str]:
    """Split into the whole part (separators still in) and the decimals."""
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        if cleaned.count(mark) > 1:
            raise ValueError(_("“%(text)s” is not an amount.") % {"text": text.strip()})
        whole, fraction = cleaned.split(mark)
        return whole, fraction
    if commas + dots == 0:
        return cleaned, ""
    mark = "," if commas else "."
    if commas + dots > 1:
        return cleaned, ""  # 1.234.567 or 1,234,567: thousands only
    whole, fraction = cleaned.split(mark)
    if len(fraction) == 3 and whole not in {"", "0"} and len(whole) <= 3:
        raise ValueError(
            _(
                "“%(text)s” could be read two ways; write it without a thousands separator "
                "(1234) or with two decimals (1,23)."
            )
            % {"text": text.strip()}
        )
    return whole, fraction
