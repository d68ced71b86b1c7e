"""Freeze a plan into plain JSON, and say what changed between two frozen plans (no ORM).

A snapshot holds one dict per section (goals, opportunities, actions, white space, stakeholders),
each keyed by a key that survives a roll-over, plus the white-space and pipeline totals. Values are
stored as strings, numbers-as-text or None, so the JSON reads back exactly as it was written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FORMAT = 1
SECTIONS: dict[str, tuple[str, ...]] = {
    "plan": ("summary", "status", "customer_in_change"),
    "goals": ("title", "kind", "target", "current", "progress", "due"),
    "opportunities": ("name", "stage", "value", "probability", "expected_close"),
    "actions": ("title", "owner", "due", "status"),
    "whitespace": ("status", "current_revenue", "potential"),
    "stakeholders": ("attitude", "strength"),
}
# The field that names an item in a sentence ("the goal Grow revenue …").
LABEL_FIELDS = {
    "plan": "label",
    "goals": "title",
    "opportunities": "name",
    "actions": "title",
    "whitespace": "label",
    "stakeholders": "name",
}
TOTALS = ("captured", "open_potential", "potential", "weighted_pipeline")
OPEN_CELL_STATUSES = frozenset({"open", "competitor", "in_progress"})
CLOSED_STAGES = frozenset({"won", "lost"})

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def build(sections: Mapping[str, Iterable[Mapping[str, Any]]], taken_at: datetime.datetime) -> dict:
    """The snapshot as JSON-ready data. Each item in `sections` is a mapping with a "key", the
    section's fields (see SECTIONS) and its label field; unknown sections are refused."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"Unknown snapshot sections: {sorted(unknown)}")
    data: dict[str, Any] = {"format": FORMAT, "taken_at": taken_at.isoformat(), "sections": {}}
    for name, fields in SECTIONS.items():
        label = LABEL_FIELDS[name]
        wanted = (label, *[f for f in fields if f != label])
        data["sections"][name] = {
            str(item["key"]): {field: _plain(item.get(field)) for field in wanted}
            for item in sections.get(name, ())
        }
    data["totals"] = totals(data["sections"])
    return data


def totals(sections: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, str]:
    """Captured revenue, open potential and total potential of the white space; weighted pipeline."""
    cells = sections.get("whitespace", {}).values()
    captured = sum((_decimal(c["current_revenue"]) for c in cells if c["status"] == "us"), Decimal(0))
    open_potential = sum(
        (_decimal(c["potential"]) for c in cells if c["status"] in OPEN_CELL_STATUSES), Decimal(0)
    )
    potential = sum((_decimal(c["potential"]) for c in cells if c["status"] != "not_relevant"), Decimal(0))
    pipeline = sum(
        (
            _decimal(o["value"]) * _decimal(o["probability"]) / 100
            for o in sections.get("opportunities", {}).values()
            if o["stage"] not in CLOSED_STAGES
        ),
        Decimal(0),
    )
    values = (captured, open_potential, potential, pipeline.quantize(Decimal("0.01")))
    return {name: _plain(value) for name, value in zip(TOTALS, values, strict=True)}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ItemChange:
    section: str
    key: str
    label: str
    kind: str  # added, removed or changed
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class SectionChanges:
    section: str
    items: tuple[ItemChange, ...]

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SectionChanges]:
    """What changed from `old` to `new`, section by section in SECTIONS order: items added, removed
    and changed (with each changed field's old and new value). Unchanged items are left out."""
    result = []
    for name, fields in SECTIONS.items():
        if name not in old.get("sections", {}) or name not in new.get("sections", {}):
            result.append(SectionChanges(name, ()))  # a snapshot taken before the section existed
            continue
        before = old["sections"][name]
        after = new["sections"][name]
        label = LABEL_FIELDS[name]
        items = [
            ItemChange(name, key, str(after[key].get(label, "")), ADDED) for key in after if key not in before
        ]
        for key, was in before.items():
            if key not in after:
                items.append(ItemChange(name, key, str(was.get(label, "")), REMOVED))
                continue
            changes = tuple(
                FieldChange(field, was.get(field), after[key].get(field))
                for field in fields
                if _differs(was.get(field), after[key].get(field))
            )
            if changes:
                items.append(ItemChange(name, key, str(after[key].get(label, "")), CHANGED, changes))
        order = {ADDED: 0, CHANGED: 1, REMOVED: 2}
        items.sort(key=lambda item: (order[item.kind], item.label.lower()))
        result.append(SectionChanges(name, tuple(items)))
    return result


def totals_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Each total whose value moved, with its old and new value as Decimals."""
    before, after = old.get("totals", {}), new.get("totals", {})
    changes = []
    for name in TOTALS:
        was, now = _decimal(before.get(name)), _decimal(after.get(name))
        if was != now:
            changes.append(FieldChange(name, was, now))
    return changes


def _differs(old: Any, new: Any) -> bool:
    """Numbers compare as numbers ("10.0" equals "10"); everything else as it is stored."""
    if old == new:
        return False
    if _NUMBER.match(str(old)) and _NUMBER.match(str(new)):
        return Decimal(str(old)) != Decimal(str(new))
    return True
