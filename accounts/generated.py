"""Texts Orchard writes by itself (a next step from a gap, a risk title from a what-if scenario) and
the built-in defaults it ships with (the selection criteria).

A generated text is stored as a kind and its values and worded in the reader's language when it is
shown, so a Swedish colleague never reads the Norwegian KAM's step in Norwegian. Built-in defaults
are stored in English, as data an administrator may edit; as long as a text is the shipped one it is
shown translated, and once someone rewrites it, it is shown as written.

Higher apps register their own kinds with `register_kind` (at import of their services).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop

# kind → a lazy sentence: gettext_lazy, or ngettext_lazy(singular, plural, "<value that counts>")
_KINDS: dict[str, Any] = {}
_LABELS: dict[str, Callable[[Any], str]] = {}


def register_kind(code: str, sentence: Any) -> str:
    _KINDS[code] = sentence
    return code


def register_label(param: str, lookup: Callable[[Any], str]) -> None:
    """Word a stored code (a strength, a function) in the reader's language when the text is shown."""
    _LABELS[param] = lookup


def kinds() -> dict[str, Any]:
    return dict(_KINDS)


def render(code: str, params: Mapping[str, Any] | None, fallback: str = "") -> str:
    """The sentence for `code` in the active language; `fallback` (the stored text) when the kind
    is unknown or the values do not fit."""
    sentence = _KINDS.get(code or "")
    if sentence is None:
        return fallback
    values = {key: _label(key, value) for key, value in (params or {}).items()}
    try:
        return str(sentence % values)
    except (KeyError, TypeError, ValueError):
        return fallback


def _label(key: str, value: Any) -> Any:
    lookup = _LABELS.get(key)
    return value if lookup is None else str(lookup(value))


# --- Built-in defaults ----------------------------------------------------------------------------
# The selection criteria the first migrations seed (accounts/migrations/0003_default_criteria.py).
BUILTIN_TEXTS = frozenset(
    {
        gettext_noop("Revenue"),
        gettext_noop("What the customer buys from us today, compared with our other customers."),
        gettext_noop("Among our smallest customers; occasional purchases"),
        gettext_noop("Below the average customer"),
        gettext_noop("An average customer for us"),
        gettext_noop("Among our top 20 % of customers by revenue"),
        gettext_noop("Among our largest customers; a big share of our total revenue"),
        gettext_noop("Margin"),
        gettext_noop("The gross margin we earn with the customer, after discounts and the cost to serve."),
        gettext_noop("We lose money or barely break even on this customer"),
        gettext_noop("Clearly below our average margin"),
        gettext_noop("About our average margin"),
        gettext_noop("Above our average margin"),
        gettext_noop("Among our most profitable customers"),
        gettext_noop("Growth potential"),
        gettext_noop(
            "Room to grow with them: more business areas, locations and countries we do not serve yet, "
            "and an industry that is growing."
        ),
        gettext_noop("Shrinking or in an industry in decline; no new areas within reach"),
        gettext_noop("Stable; little we do not already sell them"),
        gettext_noop("Some new areas or locations we could win over time"),
        gettext_noop("Several business areas, locations or countries open to us; a growing industry"),
        gettext_noop("Large untapped potential across units and countries, in a fast-growing industry"),
        gettext_noop("Strategic importance"),
        gettext_noop(
            "What the customer means beyond its own revenue: a reference or 'logo' customer, a door "
            "into a segment, a partner for developing our offering."
        ),
        gettext_noop("No value beyond the business itself"),
        gettext_noop("Useful as a reference on request"),
        gettext_noop("A good reference in its segment"),
        gettext_noop("A strong 'logo' customer others ask about; opens doors in the segment"),
        gettext_noop("Defines our position in the market; a showcase and development partner"),
        gettext_noop("Business risk if lost"),
        gettext_noop("What happens to us if we lose the customer: revenue, people, capacity, reputation."),
        gettext_noop("Hardly noticed; easily replaced"),
        gettext_noop("A gap we would fill within a year"),
        gettext_noop("Noticeable in results; some capacity left idle"),
        gettext_noop("Hurts results and reputation; hard to replace"),
        gettext_noop("Threatens a business area or jobs; cannot be replaced in the short term"),
        gettext_noop("Willingness to partner"),
        gettext_noop(
            "Whether the customer wants to develop together with us: shared plans, access to decision "
            "makers, openness about their goals."
        ),
        gettext_noop("Buys on price through tenders; no interest in a closer relationship"),
        gettext_noop("Open to meetings, but decisions are made without us"),
        gettext_noop("Shares some plans; we meet a few decision makers"),
        gettext_noop("Invites us into planning; regular strategic meetings"),
        gettext_noop("Sees us as a partner: joint goals, shared plans and access at every level"),
        gettext_noop("Internal complexity"),
        gettext_noop(
            "Does the customer need special resources and several of our units working together, and "
            "are we set up to give them that? Scored as how well we meet their complexity."
        ),
        gettext_noop("Needs resources we do not have or cannot coordinate"),
        gettext_noop("Needs several of our units; coordination is ad hoc and often fails"),
        gettext_noop("Needs some coordination; we manage it with effort"),
        gettext_noop("Needs several of our units and we coordinate them well"),
        gettext_noop("Complex needs across units and countries that we already serve as one team"),
    }
)


def builtin(value: str) -> str:
    """A shipped default in the active language; any other text as it is."""
    return gettext(value) if value in BUILTIN_TEXTS else value
