"""The 30-day start: a checklist per KAM, computed from the data and never ticked by hand.

The core owns the list and the arithmetic; each app registers the items it can judge from its
`apps.py` (`register_item`). An item's check answers for many KAMs at once in a fixed number of
queries, so the leader's overview of every KAM costs the same as one KAM's page. Items the product
expects but no app judges yet are listed as "not available yet" and left out of the progress.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Result:
    """One item for one KAM: met or not, a line saying where they stand, the page that fixes it."""

    done: bool
    detail: str = ""
    url: str = ""


Check = Callable[[Sequence[int], datetime.date], Mapping[int, Result]]


@dataclass(frozen=True)
class Item:
    key: str
    label: Promise
    order: int
    check: Check | None = None


# Every item of the start, in order; an app supplies the check for its own.
EXPECTED: dict[str, tuple[Promise, int]] = {
    "key_accounts": (_("3–5 key accounts chosen"), 10),
    "plans": (
        _(
            "Each key account has a plan with goals, opportunities, risks, key people and 3–5 actions for the next 6–12 months"
        ),
        20,
    ),
    "stakeholders": (_("Stakeholders mapped with their role and DISC style"), 30),
    "risk_analysis": (_("A risk analysis of each key account"), 40),
    "strategic_meeting": (_("A strategic meeting booked with each key account"), 50),
    "assistant": (_("The assistant tried once"), 60),
    "coaching": (_("A coaching conversation held with your sales leader"), 70),
}
_CHECKS: dict[str, Check] = {}


def register_item(key: str, check: Check, label: Promise | None = None, order: int = 100) -> None:
    """Called from an app's `ready()`; `check(kam_ids, today)` answers for every KAM given."""
    if key not in EXPECTED:
        if label is None:
            raise ValueError(f"Checklist item {key!r} needs a label")
        EXPECTED[key] = (label, order)
    _CHECKS[key] = check


def items() -> list[Item]:
    return [
        Item(key, label, order, _CHECKS.get(key))
        for key, (label, order) in sorted(EXPECTED.items(), key=lambda pair: pair[1][1])
    ]


@dataclass(frozen=True)
class Line:
    key: str
    label: Promise
    result: Result | None  # None: not available yet


@dataclass(frozen=True)
class Checklist:
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(1 for line in self.lines if line.result is not None)

    @property
    def done(self) -> int:
        return sum(1 for line in self.lines if line.result is not None and line.result.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def evaluate(kam_ids: Sequence[int], today: datetime.date) -> dict[int, Checklist]:
    """Every KAM's checklist; each registered check runs once for all of them."""
    found: dict[str, Mapping[int, Result]] = {}
    listed = items()
    for item in listed:
        if item.check is not None and kam_ids:
            found[item.key] = item.check(kam_ids, today)
    return {
        kam: Checklist(
            tuple(
                Line(
                    item.key,
                    item.label,
                    None if item.check is None else found.get(item.key, {}).get(kam, Result(False)),
                )
                for item in listed
            )
        )
        for kam in kam_ids
    }
