"""The core's own health components: revenue, margin and share-of-wallet trends, relationship coverage.

Each provider reads every customer it is given in at most one query of its own (the people on the map
are counted on the customer query `health.read_all` runs once) and scores in plain Python.
The scoring functions are pure, so they are tested without a database.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.utils.translation import gettext as _

from accounts import health
from accounts.figures import format_percent
from accounts.health import Reading, clamp
from accounts.models import FinancialPeriod, Relationship, Stakeholder
from accounts.models.stakeholders import Function, Level, Strength

# How a year's change moves a trend score: flat is 70; +10 % revenue reaches 100, −23 % reaches 0.
FLAT = 70
REVENUE_POINTS_PER_PCT = 3
MARGIN_POINTS_PER_PP = 10
WALLET_POINTS_PER_PP = 6


def _pct(value: Decimal | float) -> str:
    """A percentage (already times 100) in the active language: 8.2 → "8.2%" or "8,2 %"."""
    return format_percent(Decimal(str(value)) / 100, 1)


def revenue_reading(years: Sequence[tuple[int, Decimal]]) -> Reading:
    """From whole-year revenue rows (year, revenue), any order: the latest year against the one before."""
    rows = sorted(years)
    if len(rows) < 2:
        return Reading(None, "revenue.one_year" if rows else "revenue.none")
    (y0, r0), (y1, r1) = rows[-2], rows[-1]
    if not r0:
        return Reading(None, "revenue.from_zero", {"year": y1})
    change = float((r1 - r0) / r0 * 100)
    return Reading(
        clamp(FLAT + change * REVENUE_POINTS_PER_PCT),
        "revenue.change",
        {"change": change, "old": y0, "new": y1},
    )


def margin_reading(years: Sequence[tuple[int, Decimal, Decimal]]) -> Reading:
    """From (year, revenue, gross margin) rows: the margin % of the latest year against the one before."""
    rows = sorted((y, r, m) for y, r, m in years if r)
    if len(rows) < 2:
        return Reading(None, "margin.one_year" if rows else "margin.none")
    (y0, r0, m0), (y1, r1, m1) = rows[-2], rows[-1]
    before, now = float(m0 / r0 * 100), float(m1 / r1 * 100)
    return Reading(
        clamp(FLAT + (now - before) * MARGIN_POINTS_PER_PP),
        "margin.change",
        {"before": before, "now": now, "old": y0, "new": y1},
    )


def wallet_reading(years: Sequence[tuple[int, Decimal, Decimal | None]]) -> Reading:
    """From (year, revenue, their spend) rows: our share of their spend, latest year against the one before."""
    rows = sorted((y, r, s) for y, r, s in years if s)
    if len(rows) < 2:
        return Reading(None, "wallet.unknown")
    (y0, r0, s0), (y1, r1, s1) = rows[-2], rows[-1]
    before, now = float(r0 / s0 * 100), float(r1 / s1 * 100)
    return Reading(
        clamp(FLAT + (now - before) * WALLET_POINTS_PER_PP),
        "wallet.change",
        {"before": before, "now": now, "old": y0, "new": y1},
    )


def financial_periods(customer_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Every financial period of the customers, years and quarters, as (customer id, year, quarter,
    revenue, gross margin, their spend): one query per health reading, shared by the providers
    that judge from the figures (the trends here, the plan's financial goals)."""
    ids = sorted(customer_ids)
    return health.shared(
        f"financial_periods:{ids}",
        lambda: list(
            FinancialPeriod.objects.filter(customer__in=ids).values_list(
                "customer_id", "year", "quarter", "revenue", "gross_margin", "their_spend"
            )
        ),
    )


def financial_provider(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    rows: dict[int, list[tuple[int, Decimal, Decimal, Decimal | None]]] = defaultdict(list)
    for customer_id, year, quarter, revenue, margin, spend in financial_periods([c.pk for c in customers]):
        if quarter == 0 and year <= today.year:
            rows[customer_id].append((year, revenue, margin, spend))
    found = {}
    for customer in customers:
        years = sorted(rows.get(customer.pk, []))[-2:]
        found[customer.pk] = {
            "revenue_trend": revenue_reading([(y, r) for y, r, _m, _s in years]),
            "margin_trend": margin_reading([(y, r, m) for y, r, m, _s in years]),
            "wallet_trend": wallet_reading([(y, r, s) for y, r, _m, s in years]),
        }
    return found


FUNCTIONS, LEVELS = len(Function.values), len(Level.values)


def relationship_reading(mapped: int, cells: set[tuple[str, str]]) -> Reading:
    """Coverage: of the functions and levels, how many hold at least one strong relationship.

    `cells` are the (function, level) pairs of the people still at the customer whom one of our
    people knows strongly. Without anyone on the stakeholder map there is nothing to judge by.
    """
    if not mapped:
        return Reading(None, "relationships.unmapped")
    functions = len({f for f, _lv in cells})
    levels = len({lv for _f, lv in cells})
    score = clamp(100 * (functions + levels) / (FUNCTIONS + LEVELS))
    return Reading(
        score,
        "relationships.coverage",
        {"functions": functions, "levels": levels, "of_f": FUNCTIONS, "of_l": LEVELS},
    )


def _relationship_annotations(today: datetime.date) -> dict[str, Any]:
    present = Stakeholder.objects.present().filter(customer=OuterRef("pk")).order_by().values("customer")
    return {
        "health_people_mapped": Subquery(
            present.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        )
    }


def relationship_provider(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    """The people on the map are counted on the customers' row (`_relationship_annotations`); the
    strong relationships' functions and levels take one query."""
    ids = [c.pk for c in customers]
    mapped = {c.pk: c.health_people_mapped or 0 for c in customers}
    cells: dict[int, set[tuple[str, str]]] = defaultdict(set)
    strong = Relationship.objects.filter(
        stakeholder__customer__in=ids, stakeholder__has_left=False, strength__gte=Strength.STRONG
    )
    for customer_id, function, level in strong.values_list(
        "stakeholder__customer_id", "stakeholder__function", "stakeholder__level"
    ).distinct():
        cells[customer_id].add((function, level))
    return {
        c.pk: {"relationships": relationship_reading(mapped.get(c.pk, 0), cells[c.pk])} for c in customers
    }


def _change_sentence(p: Mapping[str, Any], up: str, down: str, flat: str) -> str:
    change = p["change"]
    text = up if change > 0.05 else down if change < -0.05 else flat
    return text % {"change": _pct(abs(change)), "old": p["old"], "new": p["new"]}


def _points_sentence(p: Mapping[str, Any], text: str) -> str:
    return text % {"before": _pct(p["before"]), "now": _pct(p["now"]), "old": p["old"], "new": p["new"]}


def register() -> None:
    health.register_components(("revenue_trend", "margin_trend", "wallet_trend"), financial_provider)
    health.register_components(
        ("relationships",), relationship_provider, annotations=_relationship_annotations
    )
    reasons = {
        "revenue.none": lambda p: _("No financial figures yet: add the yearly revenue to see a trend."),
        "revenue.one_year": lambda p: _("Only one year of figures so far: a trend needs two."),
        "revenue.from_zero": lambda p: _("No revenue the year before %(year)s to compare with.") % p,
        "revenue.change": lambda p: _change_sentence(
            p,
            _("Revenue grew %(change)s from %(old)s to %(new)s."),
            _("Revenue fell %(change)s from %(old)s to %(new)s."),
            _("Revenue held steady from %(old)s to %(new)s."),
        ),
        "margin.none": lambda p: _("No financial figures yet: add the yearly margin to see a trend."),
        "margin.one_year": lambda p: _("Only one year of figures so far: a trend needs two."),
        "margin.change": lambda p: _points_sentence(
            p, _("Gross margin went from %(before)s in %(old)s to %(now)s in %(new)s.")
        ),
        "wallet.unknown": lambda p: _(
            "Their total spend in our categories is not known for two years, so share of wallet has no trend."
        ),
        "wallet.change": lambda p: _points_sentence(
            p, _("Our share of their spend went from %(before)s in %(old)s to %(now)s in %(new)s.")
        ),
        "relationships.unmapped": lambda p: _("Nobody is on the stakeholder map yet."),
        "relationships.coverage": lambda p: (
            _(
                "Strong relationships in %(functions)s of %(of_f)s functions and at %(levels)s of %(of_l)s levels."
            )
            % p
        ),
    }
    for code, render in reasons.items():
        health.register_reason(code, render)
