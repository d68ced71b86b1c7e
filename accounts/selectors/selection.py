"""Reads for scoring and selection. Every list here costs a fixed number of queries: one for the
criteria, one for the customers, one for their scores, whatever the number of customers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import access, scoring
from accounts.models import Criterion, Customer, Score, SelectionDecision, Team, User

QUADRANT_LABELS = {
    scoring.DEVELOP: _("Develop"),
    scoring.INVEST: _("Invest / build position"),
    scoring.MAINTAIN: _("Maintain efficiently"),
    scoring.SERVE: _("Serve at low cost"),
}
QUADRANT_HINTS = {
    scoring.DEVELOP: _("Attractive, and we are well placed: the key accounts."),
    scoring.INVEST: _("Attractive, but our position is weak: build it before asking for the mandate."),
    scoring.MAINTAIN: _("We are well placed, but the customer is less attractive: serve it efficiently."),
    scoring.SERVE: _("Less attractive and a weak position: serve at low cost."),
}
DECISION_STATUSES = (Customer.Status.CANDIDATE, Customer.Status.KEY)
_CUSTOMER_FIELDS = (
    "pk",
    "name",
    "status",
    "tier",
    "owner_id",
    "owner__full_name",
    "owner__email",
    "team_id",
    "team__name",
    "next_step",
    "target_date",
)


def quadrant_label(code: str | None) -> str:
    return str(QUADRANT_LABELS[code]) if code in QUADRANT_LABELS else ""


# --- Criteria and one customer's scores -----------------------------------------------------------
def all_criteria() -> list[Criterion]:
    return list(Criterion.objects.order_by("order", "name"))


def active_criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(active=True).order_by("order", "name"))


def weights(criteria: Iterable[Criterion]) -> list[scoring.CriterionWeight]:
    return [scoring.CriterionWeight(id=c.pk, weight=c.weight, axis=c.axis, active=c.active) for c in criteria]


def customer_scores(customer: Customer) -> dict[int, Score]:
    """The customer's scores by criterion id, with who scored them; inactive criteria included."""
    scores = Score.objects.filter(customer=customer).select_related("criterion", "scored_by")
    return {score.criterion_id: score for score in scores}


def evaluation_for(customer: Customer, criteria: Iterable[Criterion]) -> scoring.Evaluation:
    values = dict(Score.objects.filter(customer=customer).values_list("criterion_id", "value"))
    return scoring.evaluate(weights(criteria), values)


def decision_history(customer: Customer) -> list[SelectionDecision]:
    return list(customer.decisions.select_related("decided_by").order_by("-decided_at", "-pk"))


# --- Key-account ceilings -------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyLoad:
    """How many key accounts the customer's KAM and the organisation hold, against the ceilings."""

    owner_name: str
    kam_count: int
    total_count: int
    kam_ceiling: int = field(default_factory=lambda: settings.SELECTION_KEY_ACCOUNTS_PER_KAM)
    total_ceiling: int = field(default_factory=lambda: settings.SELECTION_KEY_ACCOUNTS_TOTAL)

    @property
    def kam_over(self) -> bool:
        return scoring.over_ceiling(self.kam_count, self.kam_ceiling)

    @property
    def total_over(self) -> bool:
        return scoring.over_ceiling(self.total_count, self.total_ceiling)


def key_account_load(customer: Customer, *, if_made_key: bool = False) -> KeyLoad:
    """Key-account counts now, or as they would be if this customer became a key account."""
    extra = 1 if if_made_key and customer.status != Customer.Status.KEY else 0
    keys = Customer.objects.key_accounts()
    return KeyLoad(
        owner_name=str(customer.owner),
        kam_count=keys.filter(owner_id=customer.owner_id).count() + extra,
        total_count=keys.count() + extra,
    )


# --- Ranked rows: ranking, calibration, future key accounts --------------------------------------
@dataclass
class RankedRow:
    pk: int
    name: str
    status: str
    tier: int
    owner_id: int
    owner_name: str
    team_name: str
    next_step: str
    target_date: date | None
    evaluation: scoring.Evaluation
    cells: list[int | None] = field(default_factory=list)  # the scores, in the order of the criteria
    rank: int = 0
    overdue: bool = False
    over_if_key: bool = False  # making it key would put its KAM above the ceiling

    @property
    def status_label(self) -> str:
        return str(Customer.Status(self.status).label)

    @property
    def candidate_target(self) -> date | None:
        """The next step's target date, which matters only while the customer is a candidate."""
        return self.target_date if self.status == Customer.Status.CANDIDATE else None

    @property
    def tier_label(self) -> str:
        return str(Customer.Tier(self.tier).label)

    @property
    def quadrant(self) -> str | None:
        return self.evaluation.quadrant

    @property
    def quadrant_label(self) -> str:
        return quadrant_label(self.evaluation.quadrant)

    @property
    def is_key(self) -> bool:
        return self.status == Customer.Status.KEY


def ranked_rows(customers: QuerySet[Customer], criteria: list[Criterion]) -> list[RankedRow]:
    """The customers with their evaluations, best first: two queries whatever their number."""
    records = list(customers.values(*_CUSTOMER_FIELDS))
    values: dict[int, dict[int, int]] = defaultdict(dict)
    active_ids = [c.pk for c in criteria if c.active]
    scores = Score.objects.filter(customer__in=customers.values("pk"), criterion_id__in=active_ids)
    for customer_id, criterion_id, value in scores.values_list("customer_id", "criterion_id", "value"):
        values[customer_id][criterion_id] = value
    criterion_weights = weights(criteria)
    rows = [
        RankedRow(
            pk=r["pk"],
            name=r["name"],
            status=r["status"],
            tier=r["tier"],
            owner_id=r["owner_id"],
            owner_name=r["owner__full_name"] or r["owner__email"],
            team_name=r["team__name"] or "",
            next_step=r["next_step"],
            target_date=r["target_date"],
            evaluation=scoring.evaluate(criterion_weights, values.get(r["pk"], {})),
            cells=[values.get(r["pk"], {}).get(pk) for pk in active_ids],
        )
        for r in records
    ]
    rows.sort(key=lambda row: scoring.rank_key(row.evaluation.weighted, row.name))
    for index, row in enumerate(rows, start=1):
        row.rank = index
    return rows


def ranking(user: User, filters: dict) -> list[RankedRow]:
    """Every customer the user may see, filtered by status and team, ranked by weighted score."""
    customers = access.visible_customers(user)
    if "status" in filters:
        customers = customers.filter(status=filters["status"])
    if "team" in filters:
        customers = customers.filter(team_id=filters["team"])
    return ranked_rows(customers, active_criteria())


def ranking_teams(user: User) -> list[Team]:
    """Teams the ranking may be filtered by: those of customers the user can see."""
    return list(Team.objects.filter(pk__in=access.visible_customers(user).values("team_id")).order_by("name"))


@dataclass(frozen=True)
class KamCount:
    pk: int
    name: str
    key_count: int
    ceiling: int

    @property
    def over(self) -> bool:
        return scoring.over_ceiling(self.key_count, self.ceiling)


@dataclass
class Calibration:
    criteria: list[Criterion]
    rows: list[RankedRow]
    kams: list[KamCount]
    total_key: int
    kam_ceiling: int
    total_ceiling: int

    @property
    def total_over(self) -> bool:
        return scoring.over_ceiling(self.total_key, self.total_ceiling)


def calibration_row(user: User, customer_pk: int) -> RankedRow | None:
    """One customer's calibration row, whatever its status now (a decision may just have changed it)."""
    rows = ranked_rows(access.decidable_customers(user).filter(pk=customer_pk), active_criteria())
    if rows:
        _mark_over_if_key(rows, _key_counts([rows[0].owner_id]))
    return rows[0] if rows else None


def calibration(user: User, filters: dict | None = None) -> Calibration:
    """The calibration board: rows, each KAM's key-account count and the organisation's, in five queries.

    `filters` may narrow the board to one team (`team`) or one status (`status`, candidate or key).
    """
    filters = filters or {}
    criteria = active_criteria()
    customers = access.decidable_customers(user).filter(status__in=DECISION_STATUSES)
    if "team" in filters:
        customers = customers.filter(team_id=filters["team"])
    if filters.get("status") in DECISION_STATUSES:
        customers = customers.filter(status=filters["status"])
    rows = ranked_rows(customers, criteria)
    owners = {row.owner_id: row.owner_name for row in rows}
    counts = _key_counts(list(owners))
    _mark_over_if_key(rows, counts)
    ceiling = settings.SELECTION_KEY_ACCOUNTS_PER_KAM
    kams = sorted(
        (KamCount(pk, name, counts.get(pk, 0), ceiling) for pk, name in owners.items()),
        key=lambda kam: (-kam.key_count, kam.name),
    )
    return Calibration(
        criteria=criteria,
        rows=rows,
        kams=kams,
        total_key=Customer.objects.key_accounts().count(),
        kam_ceiling=ceiling,
        total_ceiling=settings.SELECTION_KEY_ACCOUNTS_TOTAL,
    )


def _key_counts(owner_ids: list[int]) -> dict[int, int]:
    """Key accounts held by each of these KAMs, across every team (the ceiling is per person)."""
    counts = (
        Customer.objects.key_accounts()
        .filter(owner_id__in=owner_ids)
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    return dict(counts)


def _mark_over_if_key(rows: list[RankedRow], counts: dict[int, int]) -> None:
    ceiling = settings.SELECTION_KEY_ACCOUNTS_PER_KAM
    for row in rows:
        row.over_if_key = not row.is_key and scoring.over_ceiling(counts.get(row.owner_id, 0) + 1, ceiling)


def future_key_accounts(user: User, today: date) -> list[RankedRow]:
    """The candidates the user may decide on, soonest target date first; undated ones last."""
    customers = access.decidable_customers(user).filter(status=Customer.Status.CANDIDATE)
    rows = ranked_rows(customers, active_criteria())
    for row in rows:
        row.overdue = row.target_date is not None and row.target_date < today
    rows.sort(key=lambda row: (row.target_date is None, row.target_date or today, row.rank))
    return rows
