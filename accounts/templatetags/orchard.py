"""Template filters for showing values in the user's language: money, timeline sentences."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from django import template
from django.conf import settings
from django.utils import translation

from accounts import numbers, timeline

register = template.Library()

# Babel locale for each interface language: formats follow the language, not the server.
BABEL_LOCALES = {"en": "en_GB", "nb": "nb_NO", "sv": "sv_SE"}


@register.filter
def money(value, places: int = 0) -> str:
    """An amount in the reporting currency, formatted for the active language (e.g. 1 234 kr)."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    locale, pattern = _money_pattern(translation.get_language() or "en", int(places))
    return pattern.apply(amount, locale, currency=settings.REPORTING_CURRENCY, currency_digits=False)


@lru_cache(maxsize=32)
def _money_pattern(language: str, places: int) -> tuple[Locale, NumberPattern]:
    """The locale and parsed number pattern for a language, parsed once: parsing costs more than
    formatting, and a page can show hundreds of amounts."""
    locale = BABEL_LOCALES.get(language, "en_GB")
    number = "#,##0" + ("." + "0" * places if places else "")
    pattern = f"¤\u00a0{number}" if locale == "en_GB" else f"{number}\u00a0¤"
    return Locale.parse(locale), parse_pattern(pattern)


@register.filter
def score(value, places: int = 1) -> str:
    """A score with the one rounding rule (`accounts.numbers.round_score`), e.g. 4,3 in nb."""
    return numbers.format_score(value, int(places))


@register.filter
def event_sentence(event) -> str:
    return timeline.describe(event.kind, event.data)


@register.simple_tag
def actor_name(event) -> str:
    return str(event.actor) if event.actor else str(timeline.SYSTEM_ACTOR)
