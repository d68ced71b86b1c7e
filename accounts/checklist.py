"""The 30-day start: a checklist per KAM, computed from the data and never ticked by hand.

The core owns the list and the arithmetic; each app registers the items it can judge from its
`apps.py` (`register_item`). An item's check answers for many KAMs at once in a fixed number of
queries, so the leader's overview of every KAM costs the same as one KAM's page; what the items read
from each key account's own row (counts, "has a review") is read for all of them in one query. Items the product
expects but no app judges yet are listed as "not available yet" and left out of the progress.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Result:
    """One item for one KAM: met or not, a line saying where they stand, the page that fixes it."""

    done: bool
    detail: str = ""
    url: str = ""


# The KAMs' key accounts, ordered by name: {"pk", "owner_id", and every item's annotations}.
KeyAccounts = Sequence[Mapping[str, Any]]
# `check(kam_ids, today, key_accounts)` answers for every KAM given.
Check = Callable[[Sequence[int], datetime.date, KeyAccounts], Mapping[int, Result]]
# What an item reads from each key account's row, given the day: {name: expression}, such as a
# correlated count. `evaluate` puts every item's annotations on one query of the key accounts.
Annotations = Callable[[datetime.date], Mapping[str, Any]]


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
_ANNOTATIONS: dict[str, Annotations] = {}


def register_item(
    key: str,
    check: Check,
    label: Promise | None = None,
    order: int = 100,
    *,
    annotations: Annotations | None = None,
) -> None:
    """Called from an app's `ready()`; `check(kam_ids, today, key_accounts)` answers for every KAM
    given. An item that judges each key account declares what it reads as `annotations`: every
    item's annotations are read on one query of the key accounts, which each check is given."""
    if key not in EXPECTED:
        if label is None:
            raise ValueError(f"Checklist item {key!r} needs a label")
        EXPECTED[key] = (label, order)
    _CHECKS[key] = check
    if annotations is not None:
        _ANNOTATIONS[key] = annotations


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


def key_accounts(kam_ids: Sequence[int], today: datetime.date) -> list[dict[str, Any]]:
    """The KAMs' key accounts by name, with every item's annotations, in one query."""
    from accounts.models import Customer

    annotations: dict[str, Any] = {}
    for make in _ANNOTATIONS.values():
        for name, expression in make(today).items():
            if name in annotations:
                raise ValueError(f"Two checklist items annotate {name!r}")
            annotations[name] = expression
    rows = Customer.objects.key_accounts().filter(owner__in=kam_ids).annotate(**annotations)
    return list(rows.order_by("name", "pk").values("pk", "owner_id", *annotations))


def by_owner(rows: KeyAccounts, done: Callable[[Mapping[str, Any]], bool]) -> tuple[dict, dict]:
    """owner id → the pks of their key accounts that are done, and of those still to do (by name)."""
    ready: dict[int, list[int]] = defaultdict(list)
    todo: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        (ready if done(row) else todo)[row["owner_id"]].append(row["pk"])
    return ready, todo


def evaluate(kam_ids: Sequence[int], today: datetime.date) -> dict[int, Checklist]:
    """Every KAM's checklist; each registered check runs once for all of them, on the key accounts
    read once with every item's annotations."""
    found: dict[str, Mapping[int, Result]] = {}
    listed = items()
    if kam_ids and any(item.check is not None for item in listed):
        rows = key_accounts(kam_ids, today)
        for item in listed:
            if item.check is not None:
                found[item.key] = item.check(kam_ids, today, rows)
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
