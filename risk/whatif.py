"""The what-if simulator on plain numbers: what if these customers halve, disappear or change by x %?

No ORM. Gross margin moves with volume (the customer's margin ratio is kept). Changes for
customers that are not among the entries are ignored: the caller passes only the customers the
user may see, so a scenario can never reach past that scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from risk.concentration import Concentration, Entry, Thresholds, TopShare, concentrate

HALVE, LOSE, CUSTOM = "halve", "lose", "custom"
KINDS = (HALVE, LOSE, CUSTOM)
FIXED_PERCENT = {HALVE: -50, LOSE: -100}
MIN_PERCENT, MAX_PERCENT = -100, 300
CENT = Decimal("0.01")


class ChangeError(ValueError):
    """A change the simulator refuses; `code` says which rule it breaks."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Change:
    customer_id: int
    kind: str
    percent: int

    @property
    def factor(self) -> Decimal:
        return 1 + Decimal(self.percent) / 100


def make_change(customer_id: int, kind: str, percent: int | None = None) -> Change:
    """A validated change. Halving is −50 %, losing −100 %; a custom change needs a percentage
    from −100 to +300. Raises ChangeError("kind" | "percent-missing" | "percent-range")."""
    if kind not in KINDS:
        raise ChangeError("kind")
    if kind in FIXED_PERCENT:
        return Change(customer_id, kind, FIXED_PERCENT[kind])
    if percent is None:
        raise ChangeError("percent-missing")
    if not MIN_PERCENT <= percent <= MAX_PERCENT:
        raise ChangeError("percent-range")
    return Change(customer_id, kind, int(percent))


@dataclass(frozen=True)
class Affected:
    customer_id: int
    name: str
    revenue_before: Decimal
    revenue_after: Decimal
    margin_before: Decimal
    margin_after: Decimal
    share_before: Decimal
    share_after: Decimal
    percent: int


@dataclass(frozen=True)
class Simulation:
    before: Concentration
    after: Concentration
    affected: tuple[Affected, ...]

    @property
    def revenue_change(self) -> Decimal:
        return self.after.total - self.before.total

    @property
    def margin_change(self) -> Decimal:
        return self.after.gross_margin - self.before.gross_margin

    @property
    def revenue_change_ratio(self) -> Decimal | None:
        return self.revenue_change / self.before.total if self.before.total > 0 else None

    @property
    def margin_change_ratio(self) -> Decimal | None:
        return self.margin_change / self.before.gross_margin if self.before.gross_margin > 0 else None

    @property
    def top_pairs(self) -> list[tuple[TopShare, TopShare]]:
        """The top-1/3/5/10 shares before and after, side by side (empty when either has no revenue)."""
        after = {top.n: top for top in self.after.top}
        return [(top, after[top.n]) for top in self.before.top if top.n in after]

    @property
    def hhi_change(self) -> Decimal | None:
        if self.before.hhi is None or self.after.hhi is None:
            return None
        return self.after.hhi - self.before.hhi


def apply(entries: Iterable[Entry], changes: Iterable[Change]) -> list[Entry]:
    """The entries after the changes; the last change for a customer wins."""
    by_customer = {change.customer_id: change for change in changes}
    return [_changed(entry, by_customer.get(entry.customer_id)) for entry in entries]


def _changed(entry: Entry, change: Change | None) -> Entry:
    if change is None:
        return entry
    return replace(
        entry,
        revenue=_scaled(entry.revenue, change.factor),
        gross_margin=_scaled(entry.gross_margin, change.factor),
    )


def _scaled(amount: Decimal, factor: Decimal) -> Decimal:
    # factor ≥ 0 (a change is at least −100 %), so a revenue never turns negative
    return (amount * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def simulate(
    entries: Sequence[Entry], changes: Iterable[Change], thresholds: Thresholds | None = None
) -> Simulation:
    """Before and after: revenue, gross margin, shares, the index and the threshold levels."""
    changes = list(changes)
    after_entries = apply(entries, changes)
    before, after = concentrate(entries, thresholds), concentrate(after_entries, thresholds)
    return Simulation(before, after, _affected(before, after, changes))


def _affected(before: Concentration, after: Concentration, changes: Sequence[Change]) -> tuple[Affected, ...]:
    percent = {change.customer_id: change.percent for change in changes}
    old = {row.customer_id: row for row in before.rows}
    rows = []
    for new in after.rows:
        if new.customer_id not in percent:
            continue
        was = old[new.customer_id]
        rows.append(
            Affected(
                customer_id=new.customer_id,
                name=new.name,
                revenue_before=was.revenue,
                revenue_after=new.revenue,
                margin_before=was.gross_margin,
                margin_after=new.gross_margin,
                share_before=was.share,
                share_after=new.share,
                percent=percent[new.customer_id],
            )
        )
    return tuple(sorted(rows, key=lambda row: (-row.revenue_before, row.name.casefold())))
