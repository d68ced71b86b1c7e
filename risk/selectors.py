"""Page reads for the risk pages, each in a constant number of queries whatever the portfolio size.

Every read starts from a queryset of customers the caller got from `accounts.access`, so no
figure, chart or simulation can include a customer the user may not see.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import AccountMember, Customer, FinancialPeriod, Relationship, Stakeholder, User
from accounts.models.stakeholders import Attitude, Strength
from risk import assessment, contracts
from risk.assessment import AccountFacts, Assessment, ContractFacts, RelationshipFacts
from risk.concentration import Concentration, Entry, Thresholds, concentrate
from risk.models import CompetitorPresence, Contract, ExposedIndustry, RiskItem, RiskReview, WhatIfScenario

INFLUENTIAL = 4
MATRIX_LIST = 12
QUADRANT_POINTS = 100
OVERDUE_LIST = 25


def thresholds() -> Thresholds:
    """The concentration thresholds from the settings (CONCENTRATION_TOP*_PCT)."""
    return Thresholds.from_percent(
        settings.CONCENTRATION_TOP1_PCT, settings.CONCENTRATION_TOP3_PCT, settings.CONCENTRATION_TOP10_PCT
    )


# --- Years and revenue ---------------------------------------------------------------------------
def revenue_years(customers: QuerySet[Customer]) -> list[int]:
    """Years with a whole-year row for at least one of the customers, latest first."""
    rows = FinancialPeriod.objects.filter(customer__in=customers.values("pk"), quarter=0)
    return list(rows.order_by("-year").values_list("year", flat=True).distinct())


def pick_year(years: list[int], wanted: int | None) -> int | None:
    """The wanted year if there are figures for it, otherwise the latest year present."""
    if wanted in years:
        return wanted
    return years[0] if years else None


@dataclass(frozen=True)
class YearFigures:
    entries: list[Entry]
    their_spend: dict[int, Decimal | None]


def year_figures(customers: QuerySet[Customer], year: int | None) -> YearFigures:
    """One row per customer with a whole-year period in `year`: revenue, margin, their spend."""
    if year is None:
        return YearFigures([], {})
    rows = FinancialPeriod.objects.filter(
        customer__in=customers.values("pk"), year=year, quarter=0
    ).values_list("customer_id", "customer__name", "revenue", "gross_margin", "their_spend")
    entries, spend = [], {}
    for customer_id, name, revenue, margin, their_spend in rows:
        entries.append(Entry(customer_id, name, revenue, margin))
        spend[customer_id] = their_spend
    return YearFigures(entries, spend)


# --- Relationships -------------------------------------------------------------------------------
def relationship_summary(customer_ids: Iterable[int] | QuerySet) -> dict[int, RelationshipFacts]:
    """Per customer: our people on the account (owner + team), stakeholders mapped (still there),
    those with a strong relationship, how many of our people hold a relationship, and influential
    sceptics. Three grouped queries, whatever the number of customers; a customer with none of
    these has no entry (callers use `RelationshipFacts(our_people=1)`, the same as all zeros)."""
    team = dict(
        AccountMember.objects.filter(customer__in=customer_ids)
        .order_by()
        .values("customer")
        .annotate(n=Count("user", distinct=True))
        .values_list("customer", "n")
    )
    people = {
        customer: (mapped, sceptics)
        for customer, mapped, sceptics in Stakeholder.objects.present()
        .filter(customer__in=customer_ids)
        .order_by()
        .values("customer")
        .annotate(
            mapped=Count("pk"),
            sceptics=Count("pk", filter=Q(attitude=Attitude.SCEPTIC, influence__gte=INFLUENTIAL)),
        )
        .values_list("customer", "mapped", "sceptics")
    }
    held = {
        customer: (strong, holders)
        for customer, strong, holders in Relationship.objects.filter(
            stakeholder__customer__in=customer_ids, stakeholder__has_left=False
        )
        .order_by()
        .values("stakeholder__customer")
        .annotate(
            strong=Count("stakeholder", distinct=True, filter=Q(strength=Strength.STRONG)),
            holders=Count("user", distinct=True, filter=~Q(strength=Strength.NONE)),
        )
        .values_list("stakeholder__customer", "strong", "holders")
    }
    return {
        pk: RelationshipFacts(
            our_people=1 + team.get(pk, 0),
            mapped=people.get(pk, (0, 0))[0],
            strong=held.get(pk, (0, 0))[0],
            holders=held.get(pk, (0, 0))[1],
            influential_sceptics=people.get(pk, (0, 0))[1],
        )
        for pk in set(team) | set(people) | set(held)
    }


# --- Facts per customer --------------------------------------------------------------------------
def _per_customer(queryset: QuerySet, value) -> Subquery:
    return Subquery(
        queryset.filter(customer=OuterRef("pk"))
        .order_by()
        .values("customer")
        .annotate(v=value)
        .values("v")[:1],
        output_field=IntegerField(),
    )


def risk_annotations() -> dict[str, Any]:
    """`open_risks` (count), `top_risk` (highest likelihood × impact) and `review_due` (the latest
    review's next due date) as annotations on a customer query."""
    open_risks = RiskItem.objects.open()
    latest_review = RiskReview.objects.filter(customer=OuterRef("pk")).order_by("-reviewed_at", "-pk")
    return {
        "open_risks": Coalesce(_per_customer(open_risks, Count("pk")), 0),
        "top_risk": Coalesce(_per_customer(open_risks, Max(F("likelihood") * F("impact"))), 0),
        "review_due": Subquery(latest_review.values("next_review_due")[:1]),
    }


def annotated_customers(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers with their open-risk count and top score and their latest review's due date."""
    return customers.annotate(**risk_annotations())


def exposed_industries(industries: Iterable[str]) -> dict[str, str]:
    """Lower-cased industry → reason, for the industries given that are marked exposed."""
    names = {name.casefold() for name in industries if name}
    if not names:
        return {}
    return {
        name.casefold(): reason
        for name, reason in ExposedIndustry.objects.values_list("name", "reason")
        if name.casefold() in names
    }


def contract_facts(contract_rows: Iterable[Contract]) -> list[ContractFacts]:
    return [ContractFacts(c.title, c.start, c.expiry, c.notice_by) for c in contract_rows]


@dataclass
class _Bulk:
    """What the importance × risk matrix reads once for all customers in view."""

    figures: YearFigures
    concentration: Concentration
    relationships: dict[int, RelationshipFacts]
    competitors: dict[int, list[tuple[str, int]]]
    contracts: dict[int, list[ContractFacts]]
    exposed: dict[str, str]


def _bulk(
    customers: QuerySet[Customer], figures: YearFigures, conc: Concentration, industries: set[str]
) -> _Bulk:
    scope = customers.values("pk")
    competitors: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for customer_id, name, strength in CompetitorPresence.objects.filter(customer__in=scope).values_list(
        "customer_id", "name", "strength"
    ):
        competitors[customer_id].append((name, strength))
    by_customer: dict[int, list[ContractFacts]] = defaultdict(list)
    for row in Contract.objects.filter(customer__in=scope).values_list(
        "customer_id", "title", "start", "expiry", "notice_amount", "notice_unit"
    ):
        customer_id, title, start, expiry, amount, unit = row
        by_customer[customer_id].append(
            ContractFacts(title, start, expiry, contracts.notice_deadline(expiry, amount, unit))
        )
    return _Bulk(
        figures=figures,
        concentration=conc,
        relationships=relationship_summary(scope),
        competitors=competitors,
        contracts=by_customer,
        exposed=exposed_industries(industries),
    )


def _facts(
    customer: Account, bulk: _Bulk, year: int | None, today: datetime.date, heavy: Decimal
) -> AccountFacts:
    row = bulk.concentration.share_of(customer.pk)
    return AccountFacts(
        today=today,
        year=year,
        revenue=row.revenue if row else None,
        their_spend=bulk.figures.their_spend.get(customer.pk),
        portfolio_share=row.share if row and not bulk.concentration.empty else None,
        relationships=bulk.relationships.get(customer.pk, RelationshipFacts(our_people=1)),
        competitors=bulk.competitors.get(customer.pk, ()),
        contracts=bulk.contracts.get(customer.pk, ()),
        industry=customer.industry,
        exposed_reason=bulk.exposed.get(customer.industry.casefold()),
        open_risks=customer.open_risks,
        top_risk_score=customer.top_risk,
        review_due=customer.review_due,
        reviewed=customer.review_due is not None,
        heavy_share=heavy,
    )


# --- The portfolio page --------------------------------------------------------------------------
@dataclass(frozen=True)
class DependencyPoint:
    customer_id: int
    name: str
    ours: Decimal
    theirs: Decimal
    quadrant: str


@dataclass(frozen=True)
class MatrixCell:
    importance: str
    risk: str
    count: int


@dataclass(frozen=True, slots=True)
class Account:
    """A customer in view with what the portfolio reads of it: plain values, as the page reads
    hundreds of them (a model instance each was a fifth of the leader's request)."""

    pk: int
    name: str
    industry: str
    tier: int
    status: str
    open_risks: int
    top_risk: int
    review_due: datetime.date | None


@dataclass(frozen=True)
class MatrixRow:
    customer: Account
    importance: int
    assessment: Assessment


@dataclass(frozen=True)
class ReviewRow:
    customer: Account
    due: datetime.date | None
    days_overdue: int | None


@dataclass
class PortfolioRisk:
    year: int | None
    years: list[int]
    in_view: int
    concentration: Concentration
    thresholds: Thresholds
    without_figures: int
    dependency: list[DependencyPoint]
    dependency_unknown: int
    overdue: list[ReviewRow]
    overdue_count: int
    never_reviewed: int
    matrix: list[MatrixCell] = field(default_factory=list)
    focus: list[MatrixRow] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)


def portfolio_risk(
    customers: QuerySet[Customer], wanted_year: int | None, today: datetime.date, *, with_matrix: bool
) -> PortfolioRisk:
    """Concentration, two-way dependency, overdue reviews and (for leaders) importance × risk,
    for the customers given, in a constant number of queries."""
    limits = thresholds()
    years = revenue_years(customers)
    year = pick_year(years, wanted_year)
    rows = [
        Account(**values)
        for values in annotated_customers(customers).order_by("name").values(*Account.__slots__)
    ]
    figures = year_figures(customers, year)
    conc = concentrate(figures.entries, limits)
    dependency, unknown, inconsistent = _dependency_points(conc, figures)
    result = PortfolioRisk(
        year=year,
        years=years,
        in_view=len(rows),
        concentration=conc,
        thresholds=limits,
        without_figures=len(rows) - conc.count,
        dependency=dependency,
        dependency_unknown=unknown,
        inconsistent=inconsistent,
        **_reviews(rows, today),
    )
    if with_matrix:
        bulk = _bulk(customers, figures, conc, {c.industry for c in rows})
        _matrix(result, rows, bulk, year, today, limits)
    return result


def _dependency_points(
    conc: Concentration, figures: YearFigures
) -> tuple[list[DependencyPoint], int, list[str]]:
    points, unknown, inconsistent = [], 0, []
    if conc.empty:
        return points, 0, inconsistent
    for row in conc.rows:
        spend = figures.their_spend.get(row.customer_id)
        wallet = assessment.share_of_wallet(row.revenue, spend)
        if spend is not None and spend < row.revenue:
            inconsistent.append(row.name)
        if wallet is None:
            unknown += 1
        elif len(points) < QUADRANT_POINTS:
            quadrant = assessment.dependency_quadrant(row.share, wallet)
            points.append(DependencyPoint(row.customer_id, row.name, row.share, wallet, quadrant))
    return points, unknown, inconsistent


def _reviews(rows: list[Account], today: datetime.date) -> dict:
    overdue = sorted(
        (
            ReviewRow(c, c.review_due, (today - c.review_due).days)
            for c in rows
            if c.review_due and c.review_due < today
        ),
        key=lambda r: (r.due, r.customer.name),
    )
    never = sum(1 for c in rows if c.review_due is None and c.status == Customer.Status.KEY)
    return {"overdue": overdue[:OVERDUE_LIST], "overdue_count": len(overdue), "never_reviewed": never}


def _matrix(result: PortfolioRisk, rows: list[Account], bulk: _Bulk, year, today, limits: Thresholds) -> None:
    """Importance × risk for every customer in view; the sentences only for the few to act on."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    focus = []
    for customer in rows:
        facts = _facts(customer, bulk, year, today, limits.top1)
        judged = assessment.assess(facts, explain=False)
        weight = assessment.importance(facts.portfolio_share, customer.tier)
        band = assessment.importance_band(weight)
        counts[(band, judged.level)] += 1
        if band == assessment.HIGH and judged.level != assessment.LOW:
            focus.append((judged.points, weight, customer, facts))
    result.matrix = [
        MatrixCell(importance, risk, counts[(importance, risk)])
        for importance in reversed(assessment.LEVELS)
        for risk in assessment.LEVELS
    ]
    focus.sort(key=lambda row: (-row[0], -row[1], row[2].name))
    result.focus = [
        MatrixRow(customer, weight, assessment.assess(facts))
        for _points, weight, customer, facts in focus[:MATRIX_LIST]
    ]


# --- One customer's Risk tab ---------------------------------------------------------------------
@dataclass(frozen=True)
class ContractRow:
    """A contract with where it stands today: "expired", "passed" (notice date gone), "soon"
    (notice within 90 days), "later"; and whether its notice is longer than its term."""

    contract: Contract
    notice_by: datetime.date
    days_to_notice: int
    state: str
    notice_longer_than_term: bool


def contract_rows(items: Iterable[Contract], today: datetime.date) -> list[ContractRow]:
    rows = []
    for contract in items:
        notice_by = contract.notice_by
        days = (notice_by - today).days
        if contract.expiry < today:
            state = "expired"
        elif days < 0:
            state = "passed"
        else:
            state = "soon" if days <= assessment.NOTICE_SOON_DAYS else "later"
        rows.append(ContractRow(contract, notice_by, days, state, contract.notice_longer_than_term))
    return rows


@dataclass
class CustomerRisk:
    year: int | None
    years: list[int]
    assessment: Assessment
    revenue: Decimal | None
    their_spend: Decimal | None
    scope_total: Decimal | None
    contracts: list[ContractRow]
    competitors: list[CompetitorPresence]
    risks: list[RiskItem]
    reviews: list[RiskReview]
    review_due: datetime.date | None
    review_overdue: bool
    relationships: RelationshipFacts
    heat: list[list[int]]

    @property
    def open_risks(self) -> list[RiskItem]:
        return [risk for risk in self.risks if risk.status != RiskItem.Status.CLOSED]


def customer_risk(
    customer: Customer, customers_in_view: QuerySet[Customer], wanted_year: int | None, today: datetime.date
) -> CustomerRisk:
    """Everything the Risk tab shows for one customer; its share is of the revenue in the user's view."""
    figures = customer_years(customer, customers_in_view)
    years = sorted(figures, reverse=True)
    year = pick_year(years, wanted_year)
    row = figures.get(year, {})
    total = row.get("total")
    share = row["revenue"] / total if row and total else None
    items = list(customer.contracts.all())
    risks = list(customer.risks.select_related("owner", "scenario"))
    reviews = list(customer.risk_reviews.select_related("reviewed_by")[:10])
    competitors = list(customer.competitors.select_related("unit"))
    relationships = relationship_summary([customer.pk]).get(customer.pk, RelationshipFacts(our_people=1))
    open_risks = [r for r in risks if r.status != RiskItem.Status.CLOSED]
    due = reviews[0].next_review_due if reviews else None
    facts = AccountFacts(
        today=today,
        year=year,
        revenue=row.get("revenue"),
        their_spend=row.get("spend"),
        portfolio_share=share,
        relationships=relationships,
        competitors=[(c.name, c.strength) for c in competitors],
        contracts=contract_facts(items),
        industry=customer.industry,
        exposed_reason=exposed_industries([customer.industry]).get(customer.industry.casefold()),
        open_risks=len(open_risks),
        top_risk_score=max((r.score for r in open_risks), default=0),
        review_due=due,
        reviewed=bool(reviews),
        heavy_share=thresholds().top1,
    )
    return CustomerRisk(
        year=year,
        years=years,
        assessment=assessment.assess(facts),
        revenue=facts.revenue,
        their_spend=facts.their_spend,
        scope_total=total,
        contracts=contract_rows(items, today),
        competitors=competitors,
        risks=risks,
        reviews=reviews,
        review_due=due,
        review_overdue=bool(due and due < today),
        relationships=relationships,
        heat=heat_counts(open_risks),
    )


def customer_years(customer: Customer, customers_in_view: QuerySet[Customer]) -> dict[int, dict]:
    """Per year in which the customer has whole-year figures: its revenue and their spend, and the
    total revenue of all customers in view. One query."""
    mine = Q(customer=customer)
    rows = (
        FinancialPeriod.objects.filter(customer__in=customers_in_view.values("pk"), quarter=0)
        .order_by()
        .values("year")
        .annotate(
            total=Sum("revenue"),
            count=Count("pk", filter=mine),
            revenue=Sum("revenue", filter=mine),
            spend=Sum("their_spend", filter=mine),
        )
        .filter(count__gt=0)
    )
    return {row["year"]: row for row in rows}


def heat_counts(risks: Iterable[RiskItem]) -> list[list[int]]:
    """Open risks per cell: rows are impact 5 → 1, columns likelihood 1 → 5."""
    grid = [[0] * 5 for _ in range(5)]
    for risk in risks:
        grid[5 - risk.impact][risk.likelihood - 1] += 1
    return grid


def risk_owner_choices(customer: Customer) -> QuerySet[User]:
    """People who can own a risk: the account owner and the account team."""
    return (
        User.objects.filter(Q(pk=customer.owner_id) | Q(memberships__customer=customer), is_active=True)
        .distinct()
        .order_by("full_name")
    )


# --- The simulator -------------------------------------------------------------------------------
def simulator_customers(customers: QuerySet[Customer], year: int | None) -> list[Entry]:
    """The simulator's inputs: one entry per customer in view with figures for the year."""
    return year_figures(customers, year).entries


def scenarios_for(user: User) -> QuerySet[WhatIfScenario]:
    return WhatIfScenario.objects.owned_by(user)
