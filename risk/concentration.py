"""Portfolio concentration on plain numbers: shares, top-N, the Herfindahl-Hirschman index.

No ORM: the selector hands in one row per customer (revenue of one year), so every rule is
testable without a database and the page, the simulator and a test all compute the same figures.
Shares are fractions (0–1); the index is computed on fractions, so it lies between 1/n (n equal
customers) and 1 (one customer carries everything). `hhi_points` gives the conventional 0–10,000.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

TOP_NS = (1, 3, 5, 10)
ZERO = Decimal(0)
ONE = Decimal(1)

OK, NEAR, OVER = "ok", "near", "over"
UNSET = "unset"  # no threshold for this figure (the top 5): shown, never coloured
# Within three quarters of a threshold a figure is "near": worth watching before it is crossed.
NEAR_FRACTION = Decimal("0.75")
# Conventional index bands (antitrust practice): under 1,500 unconcentrated, above 2,500 high.
HHI_MODERATE = Decimal("0.15")
HHI_HIGH = Decimal("0.25")


@dataclass(frozen=True)
class Thresholds:
    """Shares (fractions) above which the largest 1, 3 and 10 customers are too much."""

    top1: Decimal = Decimal("0.20")
    top3: Decimal = Decimal("0.40")
    top10: Decimal = Decimal("0.60")

    @classmethod
    def from_percent(cls, top1: int, top3: int, top10: int) -> Thresholds:
        return cls(Decimal(top1) / 100, Decimal(top3) / 100, Decimal(top10) / 100)

    def for_top(self, n: int) -> Decimal | None:
        return {1: self.top1, 3: self.top3, 10: self.top10}.get(n)


@dataclass(frozen=True)
class Entry:
    """One customer's figures for the year: the input."""

    customer_id: int
    name: str
    revenue: Decimal
    gross_margin: Decimal = ZERO


@dataclass(frozen=True)
class Share:
    """One customer's place in the portfolio, largest first (rank 1)."""

    rank: int
    customer_id: int
    name: str
    revenue: Decimal
    gross_margin: Decimal
    share: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class TopShare:
    """The share of the largest `n` customers (fewer when the portfolio is smaller)."""

    n: int
    count: int
    share: Decimal
    threshold: Decimal | None
    level: str


@dataclass(frozen=True)
class Concentration:
    total: Decimal
    gross_margin: Decimal
    rows: tuple[Share, ...]
    top: tuple[TopShare, ...]
    hhi: Decimal | None

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def empty(self) -> bool:
        """No revenue at all: shares and the index are undefined, and the page says so."""
        return self.total <= 0

    @property
    def hhi_points(self) -> int | None:
        return None if self.hhi is None else int((self.hhi * 10000).to_integral_value())

    @property
    def hhi_level(self) -> str | None:
        if self.hhi is None:
            return None
        if self.hhi > HHI_HIGH:
            return OVER
        return NEAR if self.hhi >= HHI_MODERATE else OK

    @property
    def equivalent_count(self) -> Decimal | None:
        """1 / index: the portfolio is as concentrated as this many equally large customers."""
        return None if not self.hhi else ONE / self.hhi

    @property
    def worst_level(self) -> str:
        levels = {top.level for top in self.top}
        return OVER if OVER in levels else NEAR if NEAR in levels else OK

    @cached_property
    def _by_customer(self) -> dict[int, Share]:
        return {row.customer_id: row for row in self.rows}

    def share_of(self, customer_id: int) -> Share | None:
        return self._by_customer.get(customer_id)


def shares(revenues: Sequence[Decimal]) -> list[Decimal]:
    """Each revenue as a fraction of the total. Raises ValueError when the total is not positive
    or a revenue is negative (shares of nothing are undefined, not zero)."""
    if any(revenue < 0 for revenue in revenues):
        raise ValueError("A revenue cannot be negative.")
    total = sum(revenues, ZERO)
    if total <= 0:
        raise ValueError("Shares need a positive total revenue.")
    return [revenue / total for revenue in revenues]


def hhi(fractions: Iterable[Decimal]) -> Decimal:
    """The Herfindahl-Hirschman index: the sum of the squared shares (fractions)."""
    return sum((share * share for share in fractions), ZERO)


def top_share(fractions_largest_first: Sequence[Decimal], n: int) -> Decimal:
    return sum(fractions_largest_first[:n], ZERO)


def level(value: Decimal | None, threshold: Decimal | None) -> str:
    """OVER above the threshold, NEAR from three quarters of it, otherwise OK."""
    if value is None or threshold is None:
        return OK
    if value > threshold:
        return OVER
    return NEAR if value >= threshold * NEAR_FRACTION else OK


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Largest revenue first; ties by name, then id, so the order is stable."""
    return sorted(entries, key=lambda e: (-e.revenue, e.name.casefold(), e.customer_id))


def concentrate(entries: Iterable[Entry], thresholds: Thresholds | None = None) -> Concentration:
    """Shares, cumulative shares, top-N shares with their levels, and the index, for one year."""
    thresholds = thresholds or Thresholds()
    rows = ordered(entries)
    total = sum((e.revenue for e in rows), ZERO)
    margin = sum((e.gross_margin for e in rows), ZERO)
    if total <= 0:
        flat = tuple(
            Share(i, e.customer_id, e.name, e.revenue, e.gross_margin, ZERO, ZERO)
            for i, e in enumerate(rows, 1)
        )
        return Concentration(total, margin, flat, (), None)
    fractions = shares([e.revenue for e in rows])
    return Concentration(
        total=total,
        gross_margin=margin,
        rows=_share_rows(rows, fractions),
        top=tuple(_top(fractions, n, thresholds.for_top(n)) for n in TOP_NS),
        hhi=hhi(fractions),
    )


def _share_rows(rows: Sequence[Entry], fractions: Sequence[Decimal]) -> tuple[Share, ...]:
    result, running = [], ZERO
    for rank, (entry, fraction) in enumerate(zip(rows, fractions, strict=True), 1):
        running += fraction
        result.append(
            Share(
                rank,
                entry.customer_id,
                entry.name,
                entry.revenue,
                entry.gross_margin,
                fraction,
                min(running, ONE),
            )
        )
    return tuple(result)


def _top(fractions: Sequence[Decimal], n: int, threshold: Decimal | None) -> TopShare:
    value = top_share(fractions, n)
    judged = UNSET if threshold is None else level(value, threshold)
    return TopShare(n=n, count=min(n, len(fractions)), share=value, threshold=threshold, level=judged)
