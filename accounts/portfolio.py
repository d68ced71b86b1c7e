"""The portfolio dashboard: the key accounts a leader (their teams) or an administrator (all) sees.

The core reads the accounts, their financial history and their stored health; each feature app
registers its own figures from its `apps.py` (`register_figure`). A figure adds per-account
columns to the one key-account query as SQL subqueries (`annotations`) and turns the rows into a
value and the groups of customers behind it (`measure`), so the page costs the same number of
queries for 30 or 300 key accounts. Every figure says which customers it counts: the drill-down.
Figures that no app provides yet are listed as "not available yet".
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import access, health
from accounts.models import Criterion, Customer, FinancialPeriod, Score, Team, User
from accounts.selectors.health import Stored, latest_health

SPARK_YEARS = 5
PAGE_SIZE = 50


@dataclass(frozen=True)
class Group:
    """Customers behind part of a figure, e.g. "reviewed in the last 90 days"."""

    key: str
    label: str
    ids: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Value:
    """What a figure shows: the headline, a line of explanation, its groups and an optional link."""

    headline: str
    note: str = ""
    groups: tuple[Group, ...] = ()
    link: str = ""
    link_label: str = ""
    state: str = ""  # "good", "fair", "poor" or "" (colours the card)


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    annotations: Callable[[datetime.date], Mapping[str, Any]] = lambda today: {}
    measure: Callable[[Sequence[Any], QuerySet, datetime.date], Value] | None = None
    order: int = 50


# Figures the product expects but whose app may not be there yet: shown as "not available yet".
EXPECTED: dict[str, tuple[Promise, int]] = {
    "qbr_cadence": (_("QBR cadence kept"), 60),
    "satisfaction": (_("Customer satisfaction"), 70),
}
_FIGURES: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    """Called from an app's `ready()`. Annotation names must be unique across figures."""
    _FIGURES[figure.key] = figure


def figures() -> list[Figure]:
    return sorted(_FIGURES.values(), key=lambda f: (f.order, f.key))


def missing_figures() -> list[tuple[str, Promise]]:
    return [
        (key, label)
        for key, (label, _order) in sorted(EXPECTED.items(), key=lambda i: i[1][1])
        if key not in _FIGURES
    ]


# --- Scope and filters ---------------------------------------------------------------------------
def scope(user: User) -> QuerySet[Customer]:
    """Every customer of the portfolio the user may see: all for administrators, led teams' for leaders."""
    if access.is_admin(user):
        return Customer.objects.all()
    return Customer.objects.filter(team__in=access.led_team_ids(user))


@dataclass(frozen=True)
class Choices:
    teams: list[Team]
    owners: list[User]


def filter_choices(user: User, customers: QuerySet[Customer]) -> Choices:
    return Choices(
        teams=list(access.portfolio_teams(user).order_by("name")),
        owners=list(
            User.objects.filter(pk__in=customers.key_accounts().values("owner_id")).order_by("full_name")
        ),
    )


def apply_filters(customers: QuerySet[Customer], filters: Mapping[str, int]) -> QuerySet[Customer]:
    if "team" in filters:
        customers = customers.filter(team_id=filters["team"])
    if "owner" in filters:
        customers = customers.filter(owner_id=filters["owner"])
    if "tier" in filters:
        customers = customers.filter(tier=filters["tier"])
    return customers


# --- The rows ------------------------------------------------------------------------------------
@dataclass
class Row:
    customer: Customer
    revenue: Decimal | None = None
    margin: Decimal | None = None
    their_spend: Decimal | None = None
    year: int | None = None
    history: list[tuple[int, Decimal | None]] = field(default_factory=list)
    health: Stored | None = None
    attractiveness: float | None = None

    @property
    def margin_ratio(self) -> Decimal | None:
        return self.margin / self.revenue if self.revenue and self.margin is not None else None

    @property
    def wallet(self) -> Decimal | None:
        return self.revenue / self.their_spend if self.their_spend and self.revenue is not None else None

    @property
    def score(self) -> int | None:
        return self.health.score if self.health else None

    @property
    def band(self) -> str:
        return health.band(self.score)


def _attractiveness() -> dict[str, Subquery]:
    """Σ(weight × value) and Σ(weight) over the scored, active attractiveness criteria (1–5 scale)."""
    scores = Score.objects.filter(
        customer=OuterRef("pk"), criterion__active=True, criterion__axis=Criterion.Axis.ATTRACTIVENESS
    ).order_by()

    def total(expression):
        return Subquery(
            scores.values("customer").annotate(v=Sum(expression)).values("v")[:1], output_field=IntegerField()
        )

    return {
        "attr_points": total(F("value") * F("criterion__weight")),
        "attr_weight": total(F("criterion__weight")),
    }


def key_account_rows(customers: QuerySet[Customer], today: datetime.date) -> list[Row]:
    """The key accounts with every figure's columns (one query), their last five years of figures
    (one query) and their latest stored health (two queries)."""
    annotations: dict[str, Any] = _attractiveness()
    for figure in figures():
        annotations.update(figure.annotations(today))
    accounts = list(
        customers.key_accounts()
        .select_related("owner", "team")
        .only("pk", "name", "tier", "status", "owner__full_name", "owner__email", "team__name")
        .annotate(**annotations)
        .order_by("name")
    )
    rows = {c.pk: Row(customer=c) for c in accounts}
    for c in accounts:
        if c.attr_weight:
            rows[c.pk].attractiveness = c.attr_points / c.attr_weight
    _attach_financials(rows, customers, today)
    stored = latest_health(customers.key_accounts())
    for pk, row in rows.items():
        row.health = stored.get(pk)
    return list(rows.values())


def _attach_financials(rows: dict[int, Row], customers: QuerySet[Customer], today: datetime.date) -> None:
    periods = FinancialPeriod.objects.filter(
        customer__in=customers.key_accounts().values("pk"), quarter=0, year__lte=today.year
    )
    by_customer: dict[int, dict[int, tuple]] = defaultdict(dict)
    for customer_id, year, revenue, margin, spend in periods.values_list(
        "customer_id", "year", "revenue", "gross_margin", "their_spend"
    ):
        by_customer[customer_id][year] = (revenue, margin, spend)
    for pk, row in rows.items():
        years = by_customer.get(pk)
        if not years:
            continue
        row.year = max(years)
        row.revenue, row.margin, row.their_spend = years[row.year]
        row.history = [(y, years.get(y, (None,))[0]) for y in range(row.year - SPARK_YEARS + 1, row.year + 1)]


# --- The core's own figures ---------------------------------------------------------------------
def health_distribution(rows: Sequence[Row]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {
        band: [] for band in (health.GOOD, health.FAIR, health.POOR, health.UNKNOWN)
    }
    for row in rows:
        found[row.band].append(row.customer.pk)
    return found


@dataclass(frozen=True)
class Totals:
    revenue: Decimal
    margin: Decimal
    wallet: Decimal | None
    without_figures: tuple[int, ...]
    without_spend: tuple[int, ...]

    @property
    def margin_ratio(self) -> Decimal | None:
        return self.margin / self.revenue if self.revenue else None


def totals(rows: Sequence[Row]) -> Totals:
    with_figures = [r for r in rows if r.revenue is not None]
    with_spend = [r for r in with_figures if r.their_spend]
    spend = sum((r.their_spend for r in with_spend), Decimal(0))
    return Totals(
        revenue=sum((r.revenue for r in with_figures), Decimal(0)),
        margin=sum((r.margin for r in with_figures), Decimal(0)),
        wallet=(sum((r.revenue for r in with_spend), Decimal(0)) / spend) if spend else None,
        without_figures=tuple(r.customer.pk for r in rows if r.revenue is None),
        without_spend=tuple(r.customer.pk for r in with_figures if not r.their_spend),
    )


def relationship_coverage(rows: Sequence[Row]) -> Value:
    """From the stored health: the relationship component of each key account."""
    wide, thin, unmapped = [], [], []
    scores = []
    for row in rows:
        reading = (row.health.readings if row.health else {}).get("relationships") or {}
        score = reading.get("s")
        if score is None:
            unmapped.append(row.customer.pk)
            continue
        scores.append(score)
        (wide if score >= health.FAIR_FROM + 10 else thin).append(row.customer.pk)
    mean = round(sum(scores) / len(scores)) if scores else None
    return Value(
        headline="–" if mean is None else f"{mean} / 100",
        note=str(_("Strong relationships across the customer's functions and levels, on average.")),
        groups=(
            Group("wide", str(_("Strong relationships in half or more")), tuple(wide)),
            Group("thin", str(_("Thin coverage")), tuple(thin)),
            Group("unmapped", str(_("Nobody on the stakeholder map")), tuple(unmapped)),
        ),
        state="" if mean is None else health.band(mean),
    )


# --- The page ------------------------------------------------------------------------------------
@dataclass
class Card:
    key: str
    label: Promise
    value: Value | None  # None: no app provides it yet


@dataclass
class Dashboard:
    rows: list[Row]
    totals: Totals
    cards: list[Card]
    distribution: dict[str, list[int]]
    health_day: datetime.date | None

    def card(self, key: str) -> Card | None:
        return next((c for c in self.cards if c.key == key), None)

    def group(self, figure: str, group: str) -> Group | None:
        if (figure, group) == ("revenue", "none"):
            return Group(group, str(_("Without figures")), self.totals.without_figures)
        if (figure, group) == ("wallet", "unknown"):
            return Group(group, str(_("Their spend unknown")), self.totals.without_spend)
        if figure == "health":
            ids = self.distribution.get(group)
            return None if ids is None else Group(group, str(health.BAND_LABELS[group]), tuple(ids))
        card = self.card(figure)
        if card is None or card.value is None:
            return None
        return next((g for g in card.value.groups if g.key == group), None)


def dashboard(customers: QuerySet[Customer], today: datetime.date) -> Dashboard:
    """Everything the dashboard shows for the customers given (already scoped and filtered)."""
    rows = key_account_rows(customers, today)
    cards = [Card("relationships", _("Relationship coverage"), relationship_coverage(rows))]
    for figure in figures():
        if figure.measure is not None:
            cards.append(Card(figure.key, figure.label, figure.measure(rows, customers, today)))
    cards += [Card(key, label, None) for key, label in missing_figures()]
    days = {r.health.day for r in rows if r.health}
    return Dashboard(
        rows=rows,
        totals=totals(rows),
        cards=cards,
        distribution=health_distribution(rows),
        health_day=max(days) if days else None,
    )


def order_rows(rows: list[Row], sort: str) -> list[Row]:
    """Worst health first by default; or by revenue, or by name."""
    if sort == "revenue":
        return sorted(rows, key=lambda r: (r.revenue is None, -(r.revenue or 0), r.customer.name))
    if sort == "name":
        return sorted(rows, key=lambda r: r.customer.name.casefold())
    return sorted(rows, key=lambda r: (r.score is None, r.score or 0, r.customer.name))


EXCEPTION_DROP = 10
EXCEPTIONS_SHOWN = 8


@dataclass(frozen=True)
class Flagged:
    customer: Customer
    health: Stored


def exceptions(user: User) -> tuple[list[Flagged], int]:
    """The leader's home: key accounts of their teams at risk or whose health fell ten points or more
    in four weeks, weakest first (a few of them, and how many there are); three queries."""
    customers = scope(user).key_accounts()
    stored = latest_health(customers, with_readings=False)
    flagged = [
        pk
        for pk, s in stored.items()
        if s.band == health.POOR or (s.trend is not None and s.trend <= -EXCEPTION_DROP)
    ]
    flagged.sort(key=lambda pk: stored[pk].score if stored[pk].score is not None else 101)
    shown = {c.pk: c for c in customers.filter(pk__in=flagged[:EXCEPTIONS_SHOWN]).select_related("owner")}
    return [Flagged(shown[pk], stored[pk]) for pk in flagged[:EXCEPTIONS_SHOWN] if pk in shown], len(flagged)
