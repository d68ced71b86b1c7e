"""How timeline events read: each kind is a sentence translated when it is shown, not when stored.

Later features register their own kinds with `register_event_kind` from their app's `ready()`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts import generated

# kind → (lazy sentence with %(name)s placeholders, {param: label lookup})
_SENTENCES: dict[str, Any] = {
    "customer.created": _("created the customer with status %(status)s"),
    "customer.updated": _("changed %(fields)s"),
    "customer.status_changed": _("changed the status from %(old)s to %(new)s"),
    "member.added": _("added %(person)s to the account team as %(role)s"),
    "member.role_changed": _("made %(person)s %(role)s on the account team"),
    "member.removed": _("removed %(person)s from the account team"),
    "owner.changed": _("handed the account over from %(old)s to %(new)s"),
    "team.changed": _("moved the account from the team %(old_team)s to %(new_team)s"),
    "unit.added": _("added %(unit_kind)s %(unit)s"),
    "unit.removed": _("removed %(unit_kind)s %(unit)s"),
    "financials.recorded": _("recorded %(period)s figures: revenue %(revenue_amount)s"),
    "financials.updated": _("corrected the %(period)s figures: revenue %(revenue_amount)s"),
    "financials.deleted": _("removed the %(period)s figures"),
    "profile.updated": _("updated the profile section “%(profile_section)s”"),
    "score.added": _("scored %(criterion)s %(value)s"),
    "score.changed": _("scored %(criterion)s %(value)s (was %(was)s)"),
    "score.explained": _("explained the score %(value)s for %(criterion)s"),
    "score.removed": _("removed the score for %(criterion)s (was %(was)s)"),
    "selection.decided": _("decided “%(decision_kind)s” (%(old)s → %(new)s): %(reason)s"),
    "stakeholder.added": _("added %(stakeholder)s to the stakeholder map"),
    "stakeholder.updated": _("updated %(stakeholder)s on the stakeholder map: %(stakeholder_fields)s"),
    "stakeholder.attitude_changed": _("noted that %(stakeholder)s's attitude to us is now %(attitude)s"),
    "stakeholder.left": _("noted that %(stakeholder)s has left"),
    "stakeholder.erased": _("erased a person's data from the stakeholder map"),
    "relationship.added": _("recorded %(person)s's %(strength)s relationship with %(stakeholder)s"),
    "relationship.changed": _(
        "changed %(person)s's relationship with %(stakeholder)s from %(old_strength)s to %(new_strength)s"
    ),
    "relationship.removed": _("removed %(person)s's relationship with %(stakeholder)s"),
    "interaction.logged": _("logged a contact (%(interaction_kind)s) with %(stakeholders)s"),
    "interaction.removed": _("removed a contact (%(interaction_kind)s) from the contact log"),
    "next_step.stored": _("stored the next step “%(step_kind)s”"),
    "next_step.done": _("marked the next step “%(step_kind)s” done"),
    "next_step.dismissed": _("dismissed the next step “%(step_kind)s”"),
    "next_step.reminded": _(
        "reminded the account owner to tell people that we keep their details (not yet informed: %(count)s)"
    ),
}

_LABELS: dict[str, Callable[[str], str]] = {}

SYSTEM_ACTOR = pgettext_lazy("timeline actor", "Orchard")


def register_event_kind(kind: str, sentence: Any) -> None:
    _SENTENCES[kind] = sentence


def register_label(param: str, lookup: Callable[[str], str]) -> None:
    """Translate a stored code (a status, a role) when the sentence is shown."""
    _LABELS[param] = lookup


def day(value: str) -> str:
    """A date stored as ISO text, written the reader's way (3. desember 2026)."""
    try:
        return formats.date_format(datetime.date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
    except ValueError:
        return str(value)


def describe(kind: str, data: Mapping[str, Any]) -> str:
    """The sentence for one event in the active language; unknown kinds fall back to the code."""
    sentence = _SENTENCES.get(kind)
    if sentence is None:
        return kind
    params = _Values({key: _label(key, value) for key, value in data.items()})
    try:
        return gettext(str(sentence)) % params
    except (TypeError, ValueError):
        return gettext(str(sentence)).replace("%(", "(")


class _Values(dict):
    """A value an older event did not record reads as a dash, never as a raw placeholder."""

    def __missing__(self, key: str) -> str:
        return "–"


def _label(key: str, value: Any) -> str:
    if isinstance(value, dict) and "text_kind" in value:  # a text Orchard wrote: worded for this reader
        return generated.render(value["text_kind"], value.get("params"), fallback=str(value.get("text", "")))
    lookup = _LABELS.get(key)
    if lookup is not None and isinstance(value, str):
        return str(lookup(value))
    if isinstance(value, list):
        return ", ".join(str(_label(key, item)) for item in value)
    return str(value)
