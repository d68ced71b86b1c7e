"""How timeline events read: each kind is a sentence translated when it is shown, not when stored.

Later features register their own kinds with `register_event_kind` from their app's `ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# kind → (lazy sentence with %(name)s placeholders, {param: label lookup})
_SENTENCES: dict[str, Any] = {
    "customer.created": _("created the customer with status %(status)s"),
    "customer.updated": _("changed %(fields)s"),
    "customer.status_changed": _("changed the status from %(old)s to %(new)s"),
    "member.added": _("added %(person)s to the account team as %(role)s"),
    "member.role_changed": _("made %(person)s %(role)s on the account team"),
    "member.removed": _("removed %(person)s from the account team"),
    "owner.changed": _("handed the account over from %(old)s to %(new)s"),
    "unit.added": _("added %(unit_kind)s %(unit)s"),
    "unit.removed": _("removed %(unit_kind)s %(unit)s"),
}

_LABELS: dict[str, Callable[[str], str]] = {}

SYSTEM_ACTOR = pgettext_lazy("timeline actor", "Orchard")


def register_event_kind(kind: str, sentence: Any) -> None:
    _SENTENCES[kind] = sentence


def register_label(param: str, lookup: Callable[[str], str]) -> None:
    """Translate a stored code (a status, a role) when the sentence is shown."""
    _LABELS[param] = lookup


def describe(kind: str, data: Mapping[str, Any]) -> str:
    """The sentence for one event in the active language; unknown kinds fall back to the code."""
    sentence = _SENTENCES.get(kind)
    if sentence is None:
        return kind
    params = {key: _label(key, value) for key, value in data.items()}
    try:
        return gettext(str(sentence)) % params
    except (KeyError, TypeError, ValueError):
        return str(sentence)


def _label(key: str, value: Any) -> str:
    lookup = _LABELS.get(key)
    if lookup is not None and isinstance(value, str):
        return str(lookup(value))
    if isinstance(value, list):
        return ", ".join(str(_label(key, item)) for item in value)
    return str(value)
