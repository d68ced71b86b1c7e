"""Template filters for the financials tab and the key figures: percentages in the user's language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings

from accounts.figures import format_compact, format_percent

register = template.Library()


@register.filter
def percent(value: Decimal | None, places: int = 0) -> str:
    """A fraction as a percentage: 0.345 → "34.5%" (en) or "34,5 %" (nb, sv); "–" when unknown."""
    return format_percent(value, int(places))


@register.filter
def growth(value: Decimal | None, places: int = 1) -> str:
    """A change with its sign: "+12.5%", "−3.0%"; "–" when there is nothing to compare with."""
    return format_percent(value, int(places), signed=True)


@register.filter
def trend(value: Decimal | None) -> str:
    """The class that colours a change: "up", "down" or "flat"."""
    if value is None or abs(value) < Decimal("0.0005"):
        return "flat"
    return "up" if value > 0 else "down"


@register.filter
def compact_money(value: Decimal | None) -> str:
    """A large amount in short form with the currency: "680.5M NOK" (en), "680,5 mill. NOK" (nb)."""
    if value is None:
        return "–"
    return f"{format_compact(value)}\u00a0{settings.REPORTING_CURRENCY}"
