"""Patterns on one account, spotted from its own data, each with the figures that triggered it.

Pure: plain figures in, `Pattern`s out (a kind and the values that fill its sentence, which the
page words in the reader's language). The thresholds are named here so a KAM can be told exactly
why a pattern shows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

REVENUE_DROP = Decimal("0.05")  # revenue 5 % or more below last year
MARGIN_DROP_POINTS = Decimal("0.02")  # gross margin ratio 2 percentage points or more below
SHARE_DROP_POINTS = Decimal("0.02")  # share of wallet 2 points or more below
CHAMPION_SILENT_DAYS = 60
PEERS_BUYING_SHARE = Decimal("0.5")  # half or more of the similar customers buy it from us
PEERS_BUYING_MIN = 2
OVERDUE_MIN = 3

REVENUE_FALLING = "revenue_falling"
MARGIN_FALLING = "margin_falling"
SHARE_SHRINKING = "share_shrinking"
CHAMPION_SILENT = "champion_silent"
NO_CHAMPION = "no_champion"
PEER_WHITE_SPACE = "peer_white_space"
OVERDUE_PILING = "overdue_piling"


@dataclass(frozen=True)
class Year:
    """One year's figures with the customer (annual row, or the sum of four quarters)."""

    year: int
    revenue: Decimal
    gross_margin: Decimal
    their_spend: Decimal | None = None


@dataclass(frozen=True)
class Champion:
    name: str
    last_contacted: datetime.date | None


@dataclass(frozen=True)
class PeerOffering:
    """An offering this customer does not buy from us, and how many similar customers do."""

    offering: str
    buying: int
    similar: int
    their_revenue: Decimal


@dataclass
class Pattern:
    kind: str
    values: dict = field(default_factory=dict)
    severity: int = 1  # 1 worth a look, 2 act on it


def years_from(rows: list[tuple[int, int, Decimal, Decimal, Decimal | None]]) -> list[Year]:
    """(year, quarter, revenue, margin, spend) rows → complete years, oldest first: an annual row
    (quarter 0) counts as the year; otherwise four quarters add up to it; a partial year is left out."""
    annual = {r[0]: Year(r[0], r[2], r[3], r[4]) for r in rows if r[1] == 0}
    quarters: dict[int, list] = {}
    for r in rows:
        if r[1]:
            quarters.setdefault(r[0], []).append(r)
    for year, parts in quarters.items():
        if year in annual or len({p[1] for p in parts}) < 4:
            continue
        spends = [p[4] for p in parts]
        annual[year] = Year(
            year,
            sum((p[2] for p in parts), Decimal(0)),
            sum((p[3] for p in parts), Decimal(0)),
            None if any(s is None for s in spends) else sum(spends, Decimal(0)),
        )
    return [annual[y] for y in sorted(annual)]


def financial_patterns(years: list[Year]) -> list[Pattern]:
    """Revenue, margin and share of wallet of the latest year against the year before it."""
    if len(years) < 2 or years[-1].year - years[-2].year != 1:
        return []
    before, now = years[-2], years[-1]
    found = []
    if before.revenue > 0:
        change = (now.revenue - before.revenue) / before.revenue
        if change <= -REVENUE_DROP:
            found.append(
                Pattern(
                    REVENUE_FALLING,
                    {"year": now.year, "revenue": now.revenue, "previous": before.revenue, "change": change},
                    2 if change <= -2 * REVENUE_DROP else 1,
                )
            )
    if before.revenue > 0 and now.revenue > 0:
        ratio_now, ratio_before = now.gross_margin / now.revenue, before.gross_margin / before.revenue
        if ratio_before - ratio_now >= MARGIN_DROP_POINTS:
            found.append(
                Pattern(
                    MARGIN_FALLING,
                    {
                        "year": now.year,
                        "ratio": ratio_now,
                        "previous": ratio_before,
                        "points": ratio_now - ratio_before,
                    },
                )
            )
    if before.their_spend and now.their_spend:
        share_now, share_before = now.revenue / now.their_spend, before.revenue / before.their_spend
        if share_before - share_now >= SHARE_DROP_POINTS:
            found.append(
                Pattern(
                    SHARE_SHRINKING,
                    {
                        "year": now.year,
                        "share": share_now,
                        "previous": share_before,
                        "points": share_now - share_before,
                        "their_spend": now.their_spend,
                    },
                )
            )
    return found


def champion_patterns(champions: list[Champion], today: datetime.date, has_people: bool) -> list[Pattern]:
    """A champion not contacted for CHAMPION_SILENT_DAYS (or never); no champion at all on a mapped account."""
    if has_people and not champions:
        return [Pattern(NO_CHAMPION)]
    found = []
    for person in champions:
        if person.last_contacted is None:
            found.append(Pattern(CHAMPION_SILENT, {"name": person.name, "days": None}, 2))
            continue
        days = (today - person.last_contacted).days
        if days >= CHAMPION_SILENT_DAYS:
            found.append(
                Pattern(
                    CHAMPION_SILENT,
                    {"name": person.name, "days": days, "since": person.last_contacted},
                    2 if days >= 2 * CHAMPION_SILENT_DAYS else 1,
                )
            )
    return found


def peer_patterns(offerings: list[PeerOffering]) -> list[Pattern]:
    """Offerings most similar customers buy from us and this one does not."""
    found = []
    for peer in offerings:
        if (
            peer.similar
            and peer.buying >= PEERS_BUYING_MIN
            and peer.buying / peer.similar >= PEERS_BUYING_SHARE
        ):
            found.append(
                Pattern(
                    PEER_WHITE_SPACE,
                    {
                        "offering": peer.offering,
                        "buying": peer.buying,
                        "similar": peer.similar,
                        "their_revenue": peer.their_revenue,
                    },
                )
            )
    return sorted(found, key=lambda p: (-p.values["buying"] / p.values["similar"], p.values["offering"]))


def overdue_patterns(
    overdue_dues: list[datetime.date], open_count: int, today: datetime.date
) -> list[Pattern]:
    """Overdue actions piling up: OVERDUE_MIN or more, or most of the open ones."""
    count = len(overdue_dues)
    if count < OVERDUE_MIN and not (count >= 2 and count * 2 > open_count):
        return []
    oldest = min(overdue_dues)
    return [
        Pattern(
            OVERDUE_PILING,
            {"count": count, "open": open_count, "oldest_days": (today - oldest).days},
            2 if count >= 2 * OVERDUE_MIN else 1,
        )
    ]
