"""Filters for the risk pages: fractions as percentages, and translated words by code."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, places: int = 1) -> str:
    """A fraction (0.234) as a percentage in the active language ("23.4 %"); "–" when unknown."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value)) * 100
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{number_format(amount, decimal_pos=int(places))}\u00a0%"


@register.filter
def lookup(key, words: Mapping) -> str:
    """The word for a code from a mapping the view passed in (e.g. a level → "high")."""
    return str(words.get(key, key)) if isinstance(words, Mapping) else str(key)
