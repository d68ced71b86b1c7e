"""Page reads for plans, white space and actions: each a fixed number of queries, whatever the size."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django.db.models import Case, IntegerField, Max, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import AccountMember, Customer, CustomerUnit, FinancialPeriod, ProfileSection, User
from accounts.templatetags.orchard import BABEL_LOCALES, money
from planning import charts, matrix, progress, snapshots
from planning.models import (
    AccountPlan,
    Action,
    Goal,
    Offering,
    Opportunity,
    PlanReview,
    PlanSnapshot,
    Responsibility,
    WhiteSpaceCell,
    WhiteSpaceRow,
)
from risk.models import RiskItem

try:  # the stakeholder map is built alongside; until it lands, snapshots leave stakeholders out
    from accounts.models import Relationship, Stakeholder
except ImportError:  # pragma: no cover
    Relationship = Stakeholder = None


# --- Plans ---------------------------------------------------------------------------------------
def customer_plans(customer: Customer) -> list[AccountPlan]:
    """Every plan of the customer, newest period first, each with its latest review (one query)."""
    plans = AccountPlan.objects.filter(customer=customer).select_related("latest_review__reviewed_by")
    return list(plans.order_by("-period"))


def pick_current(plans: Sequence[AccountPlan]) -> AccountPlan | None:
    """The active plan, else the latest draft; None when every plan is archived (or there is none)."""
    for status in (AccountPlan.Status.ACTIVE, AccountPlan.Status.DRAFT):
        found = [p for p in plans if p.status == status]
        if found:
            return max(found, key=lambda p: p.period)
    return None


@dataclass
class GoalRow:
    goal: Goal
    current: Decimal | None
    progress: Decimal | None
    measured_in: str = ""  # the period a financial goal's current value comes from

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else int(self.progress * 100)

    @property
    def is_money(self) -> bool:
        """Revenue and margin goals are amounts; the rest are plain numbers (share of wallet in %)."""
        return self.goal.metric in {progress.REVENUE, progress.GROSS_MARGIN}

    @property
    def is_percent(self) -> bool:
        return self.goal.metric == progress.SHARE_OF_WALLET


def _figures(customer_id: int) -> list[progress.PeriodFigures]:
    return [
        progress.PeriodFigures(p.year, p.quarter, p.revenue, p.gross_margin, p.their_spend)
        for p in FinancialPeriod.objects.filter(customer_id=customer_id).order_by("year", "quarter")
    ]


def goal_rows(plan: AccountPlan, goals: Sequence[Goal] | None = None) -> list[GoalRow]:
    """Each goal with its current value and progress: financial ones from the financial history
    (one query for all of them), the others as entered."""
    goals = list(plan.goals.all()) if goals is None else goals
    figures = _figures(plan.customer_id) if any(g.is_financial for g in goals) else []
    return [_goal_row(goal, figures) for goal in goals]


def _goal_row(goal: Goal, figures: list[progress.PeriodFigures]) -> GoalRow:
    if goal.is_financial:
        current = progress.financial_current(goal.metric, figures)
        return GoalRow(
            goal, current.value, progress.progress(goal.baseline, goal.target, current.value), current.period
        )
    if goal.progress_entered is not None:
        return GoalRow(goal, goal.current_value, progress.entered_progress(goal.progress_entered))
    return GoalRow(
        goal, goal.current_value, progress.progress(goal.baseline, goal.target, goal.current_value)
    )


@dataclass
class PlanPage:
    plan: AccountPlan
    goals: list[GoalRow]
    opportunities: list[Opportunity]
    pipeline_total: Decimal
    pipeline_weighted: Decimal
    risks: list
    open_actions: list[Action]
    closed_actions: list[Action]
    overdue: int
    responsibilities: list[Responsibility]
    periods: list[AccountPlan]
    latest_review: PlanReview | None
    freshness: progress.Freshness


def plan_page(
    plan: AccountPlan, periods: Sequence[AccountPlan] | None = None, today: datetime.date | None = None
) -> PlanPage:
    """Everything the plan tab shows, in at most seven queries whatever the number of items.

    `periods` are the customer's plans when the caller has them; the plan's latest review should
    come with it (select_related), as `customer_plans` and the plan views fetch it.
    """
    today = today or timezone.localdate()
    goal_list = list(plan.goals.all())
    goals = goal_rows(plan, goal_list)
    by_goal = {g.pk: g for g in goal_list}
    opportunities = list(plan.opportunities.select_related("offering", "unit"))
    attach(opportunities, "goal", by_goal)
    open_opportunities = [o for o in opportunities if o.is_open]
    # Goals, opportunities and risks come from the page's other reads: joining them here too made
    # PostgreSQL plan a seven-table join on every request, which cost more than the rows themselves.
    actions = list(plan.actions.select_related("owner", "assignee", "meeting").order_by("due", "pk"))
    attach(actions, "goal", by_goal)
    attach(actions, "opportunity", {o.pk: o for o in opportunities})
    risks = _plan_risks(plan.customer_id, {a.risk_id for a in actions} - {None})
    attach(actions, "risk", {r.pk: r for r in risks})
    open_actions = [a for a in actions if a.is_open]
    return PlanPage(
        plan=plan,
        goals=goals,
        opportunities=opportunities,
        pipeline_total=sum((o.value for o in open_opportunities), Decimal(0)),
        pipeline_weighted=sum((o.weighted_value for o in open_opportunities), Decimal(0)),
        risks=[r for r in risks if r.status != RiskItem.Status.CLOSED],
        open_actions=open_actions,
        closed_actions=[a for a in actions if not a.is_open],
        overdue=sum(1 for a in open_actions if a.due < today),
        responsibilities=list(plan.responsibilities.select_related("person")),
        periods=list(periods) if periods is not None else _periods(plan.customer_id),
        latest_review=plan.latest_review,
        freshness=plan.freshness(today),
    )


def _plan_risks(customer_id: int, linked: set[int]) -> list[RiskItem]:
    """The customer's open risks, plus closed ones an action still points to (one query)."""
    wanted = (
        ~Q(status=RiskItem.Status.CLOSED) | Q(pk__in=linked) if linked else ~Q(status=RiskItem.Status.CLOSED)
    )
    return list(RiskItem.objects.filter(wanted, customer_id=customer_id).select_related("owner"))


def attach(items: Sequence[Any], name: str, known: dict[int, Any]) -> None:
    """Set each item's foreign key `name` from objects the page has already read. Ids it has not
    read (none while goals and opportunities stay within their plan) are fetched in one query."""
    if not items:
        return
    field = type(items[0])._meta.get_field(name)
    missing = {getattr(item, field.attname) for item in items} - known.keys() - {None}
    if missing:
        known = {**known, **field.related_model._base_manager.in_bulk(missing)}
    for item in items:
        key = getattr(item, field.attname)
        field.set_cached_value(item, None if key is None else known.get(key))


def _periods(customer_id: int) -> list[AccountPlan]:
    plans = AccountPlan.objects.filter(customer_id=customer_id).only("pk", "period", "status", "customer_id")
    return list(plans.order_by("-period"))


def account_team_users(customer: Customer) -> list[User]:
    """The owner first, then the account team by name."""
    members = [m.user for m in AccountMember.objects.filter(customer=customer).select_related("user")]
    return [customer.owner, *sorted(members, key=lambda u: u.full_name)]


def owner_choices(customer: Customer) -> QuerySet[User]:
    """People an action may be given to: the account owner and the account team, active ones."""
    return (
        User.objects.filter(Q(pk=customer.owner_id) | Q(memberships__customer=customer), is_active=True)
        .distinct()
        .order_by("full_name")
    )


def team_candidates(customer: Customer) -> QuerySet[User]:
    """Active people not on the account team yet: whom "add someone to the team" offers."""
    return (
        User.objects.filter(is_active=True)
        .exclude(pk=customer.owner_id)
        .exclude(memberships__customer=customer)
        .order_by("full_name")
    )


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


def customer_goal_lines(customer: Customer) -> list[str]:
    """The customer's own goals from the profile's goals section, one per line or bullet."""
    body = (
        ProfileSection.objects.filter(customer=customer, key=ProfileSection.Key.GOALS)
        .values_list("body", flat=True)
        .first()
    )
    return goal_lines(body or "")


def goal_lines(body: str) -> list[str]:
    """Lines of a goals text without bullets, numbering or headings; duplicates and scraps left out."""
    lines = [_BULLET.sub("", line).strip().strip("#").strip() for line in body.splitlines()]
    return list(dict.fromkeys(line[:300] for line in lines if len(line) > 2))


def open_risks(customer: Customer) -> QuerySet:
    return RiskItem.objects.open().filter(customer=customer)


# --- Snapshots -----------------------------------------------------------------------------------
def snapshot_sections(plan: AccountPlan) -> dict[str, list[dict[str, Any]]]:
    """The plan, white space and stakeholders as plain items for `snapshots.build`."""
    goals = [
        {
            "key": row.goal.key,
            "title": row.goal.title,
            "kind": row.goal.kind,
            "target": row.goal.target,
            "current": row.current,
            "progress": None if row.progress is None else row.progress.quantize(Decimal("0.01")),
            "due": row.goal.due,
        }
        for row in goal_rows(plan)
    ]
    opportunities = [
        {
            "key": o.key,
            "name": o.name,
            "stage": o.stage,
            "value": o.value,
            "probability": o.probability,
            "expected_close": o.expected_close,
        }
        for o in plan.opportunities.all()
    ]
    actions = [
        {"key": a.key, "title": a.title, "owner": str(a.owner), "due": a.due, "status": a.status}
        for a in plan.actions.select_related("owner")
    ]
    cells = [
        {
            "key": f"{c.offering_id}:{c.unit_id}",
            "label": f"{c.offering.name} · {c.unit.name}",
            "status": c.status,
            "current_revenue": c.current_revenue,
            "potential": c.potential,
        }
        for c in WhiteSpaceCell.objects.filter(customer_id=plan.customer_id).select_related(
            "offering", "unit"
        )
    ]
    # The plan itself, keyed the same in every period so a roll-over compares summary and status too.
    own = {
        "key": "plan",
        "label": str(plan.period),
        "summary": plan.summary,
        "status": plan.status,
        "customer_in_change": plan.customer_in_change,
    }
    return {
        "plan": [own],
        "goals": goals,
        "opportunities": opportunities,
        "actions": actions,
        "whitespace": cells,
        "stakeholders": _stakeholder_items(plan.customer_id),
    }


def _stakeholder_items(customer_id: int) -> list[dict[str, Any]]:
    if Stakeholder is None:
        return []
    people = Stakeholder.objects.filter(customer_id=customer_id, has_left=False).annotate(
        strongest=Max("relationships__strength")
    )
    return [
        {"key": f"s{p.pk}", "name": p.name, "attitude": p.attitude, "strength": p.strongest or 0}
        for p in people.only("pk", "name", "attitude")
    ]


@dataclass
class ChangeLine:
    field: str
    old: str
    new: str


CHANGE_KINDS = {snapshots.ADDED: _("Added"), snapshots.CHANGED: _("Changed"), snapshots.REMOVED: _("Removed")}


@dataclass
class ItemLine:
    kind: str
    label: str
    fields: list[ChangeLine] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(CHANGE_KINDS[self.kind])


@dataclass
class SectionLines:
    section: str
    title: str
    items: list[ItemLine]
    added: int
    changed: int
    removed: int


@dataclass
class Comparison:
    old_label: str
    new_label: str
    sections: list[SectionLines]
    totals: list[ChangeLine]

    @property
    def is_empty(self) -> bool:
        return not self.totals and not any(s.items for s in self.sections)


SECTION_TITLES = {
    "plan": _("The plan"),
    "goals": _("Goals"),
    "opportunities": _("Opportunities"),
    "actions": _("Actions"),
    "whitespace": _("White space"),
    "stakeholders": _("Stakeholders"),
}
FIELD_LABELS = {
    "summary": _("summary"),
    "customer_in_change": _("customer in change"),
    "title": _("title"),
    "name": _("name"),
    "kind": _("kind"),
    "target": _("target"),
    "current": _("current value"),
    "progress": _("progress"),
    "due": _("due date"),
    "stage": _("stage"),
    "value": _("value"),
    "probability": _("probability"),
    "expected_close": _("expected close"),
    "owner": _("owner"),
    "status": _("status"),
    "current_revenue": _("current revenue"),
    "potential": _("potential"),
    "attitude": _("attitude"),
    "strength": _("relationship strength"),
    "captured": _("Captured revenue"),
    "open_potential": _("Open potential"),
    "weighted_pipeline": _("Weighted pipeline"),
}


def _choices() -> dict[tuple[str, str], dict]:
    table = {
        ("plan", "status"): dict(AccountPlan.Status.choices),
        ("plan", "customer_in_change"): {True: _("yes"), False: _("no")},
        ("goals", "kind"): dict(Goal.Kind.choices),
        ("opportunities", "stage"): dict(Opportunity.Stage.choices),
        ("actions", "status"): dict(Action.Status.choices),
        ("whitespace", "status"): dict(WhiteSpaceCell.Status.choices),
    }
    if Stakeholder is not None:
        table[("stakeholders", "attitude")] = dict(Stakeholder._meta.get_field("attitude").choices)
        table[("stakeholders", "strength")] = {
            str(k): v for k, v in Relationship._meta.get_field("strength").choices
        }
    return table


MONEY_FIELDS = {("opportunities", "value"), ("whitespace", "current_revenue"), ("whitespace", "potential")}
DATE_FIELDS = {"due", "expected_close"}


def _display(section: str, name: str, value: Any, choices: dict) -> str:
    if value in (None, ""):
        return "–"
    lookup = choices.get((section, name))
    if lookup is not None:
        return str(lookup.get(value, lookup.get(str(value), value)))
    if (section, name) in MONEY_FIELDS or section == "totals":
        return money(value)
    if name in DATE_FIELDS:
        return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    if name == "progress":
        return f"{round(Decimal(str(value)) * 100)} %"
    if name == "probability":
        return f"{value} %"
    if name in {"target", "current"}:
        locale = BABEL_LOCALES.get(translation.get_language() or "en", "en_GB")
        return format_decimal(Decimal(str(value)), locale=locale)
    return str(value)


def compare(old: dict, new: dict, old_label: str, new_label: str) -> Comparison:
    """Two snapshots' difference, with every value shown in the active language."""
    choices = _choices()
    sections = []
    for section in snapshots.diff(old, new):
        items = [
            ItemLine(
                item.kind,
                item.label,
                [
                    ChangeLine(
                        str(FIELD_LABELS[f.field]),
                        _display(section.section, f.field, f.old, choices),
                        _display(section.section, f.field, f.new, choices),
                    )
                    for f in item.fields
                ],
            )
            for item in section.items
        ]
        sections.append(
            SectionLines(
                section.section,
                str(SECTION_TITLES[section.section]),
                items,
                section.count(snapshots.ADDED),
                section.count(snapshots.CHANGED),
                section.count(snapshots.REMOVED),
            )
        )
    totals = [
        ChangeLine(str(FIELD_LABELS[c.field]), money(c.old), money(c.new))
        for c in snapshots.totals_diff(old, new)
    ]
    return Comparison(old_label, new_label, sections, totals)


def comparable_snapshots(plan: AccountPlan) -> list[PlanSnapshot]:
    """The plan's snapshots and its predecessor's, newest first: "what changed" compares any two."""
    plan_ids = [plan.pk] + ([plan.rolled_over_from_id] if plan.rolled_over_from_id else [])
    return list(
        PlanSnapshot.objects.filter(plan_id__in=plan_ids)
        .select_related("plan", "review")
        .defer("data")
        .order_by("-taken_at", "-pk")
    )


def snapshot_now(plan: AccountPlan) -> dict:
    """The plan as it is now, in the shape of a stored snapshot (nothing is stored)."""
    return snapshots.build(snapshot_sections(plan), timezone.now())


def snapshot_data(snapshot_id: int) -> dict:
    return PlanSnapshot.objects.values_list("data", flat=True).get(pk=snapshot_id)


# --- White space ---------------------------------------------------------------------------------
@dataclass
class WhiteSpacePage:
    matrix: matrix.Matrix
    heatmap: str
    captured_chart: str
    units_missing: bool
    offerings_missing: bool


# Columns: business units first, then countries, then locations (the order of CustomerUnit.Kind).
UNIT_KIND_ORDER = Case(
    *[When(kind=kind, then=Value(i)) for i, kind in enumerate(CustomerUnit.Kind.values)],
    default=Value(9),
    output_field=IntegerField(),
)


def whitespace_matrix(customer: Customer) -> matrix.Matrix:
    """The customer's matrix in four queries: offerings, units, cells and shared rows."""
    offerings = list(Offering.objects.active().order_by("order", "name"))
    units = list(CustomerUnit.objects.filter(customer=customer).order_by(UNIT_KIND_ORDER, "name"))
    cells = WhiteSpaceCell.objects.filter(customer=customer)
    shared = WhiteSpaceRow.objects.filter(customer=customer, shared=True).values_list(
        "offering_id", flat=True
    )
    return matrix.build_matrix(offerings, units, list(cells), list(shared))


def capture_points(customer: Customer, now: matrix.Totals | None = None) -> list[charts.CapturePoint]:
    """Captured revenue and open potential at each review of any of the customer's plans, oldest
    first, then today's figures."""
    rows = (
        PlanSnapshot.objects.filter(plan__customer=customer)
        .order_by("taken_at", "pk")
        .values_list("taken_at", "captured", "open_potential")
    )
    points = [
        charts.CapturePoint(
            formats.date_format(timezone.localtime(at), "SHORT_DATE_FORMAT"), captured, still_open
        )
        for at, captured, still_open in rows
    ]
    if now is not None:
        points.append(charts.CapturePoint(str(_("Today")), now.revenue, now.open_potential))
    return points


# Short status words for a narrow matrix cell; the legend under the matrix gives the full ones.
CELL_LABELS = {
    WhiteSpaceCell.Status.US: _("Ours"),
    WhiteSpaceCell.Status.COMPETITOR: _("Competitor"),
    WhiteSpaceCell.Status.OPEN: _("Open"),
    WhiteSpaceCell.Status.IN_PROGRESS: _("In progress"),
    WhiteSpaceCell.Status.NOT_RELEVANT: _("Not relevant"),
}


def whitespace_page(customer: Customer) -> WhiteSpacePage:
    grid = whitespace_matrix(customer)
    # One reverse() for the whole matrix: a cell's URL is the matrix URL plus offering and unit (see
    # planning/urls.py); hundreds of reverse() calls would cost more than the rest of the page.
    base = reverse("planning:customer-whitespace", args=[customer.pk])
    labels = {code: str(label) for code, label in CELL_LABELS.items()}
    for row in grid.rows:
        for cell in row.cells:
            cell.url = f"{base}{cell.offering_id}/{cell.unit_id}/"
            if cell.cell is not None:
                cell.label = labels[cell.status]
                cell.amounts = f"{charts.compact(cell.current_revenue)} / {charts.compact(cell.potential)}"
    return WhiteSpacePage(
        matrix=grid,
        heatmap=charts.heatmap_svg(grid, title=str(_("Open potential by offering and unit"))),
        captured_chart=charts.captured_svg(
            capture_points(customer, grid.totals), title=str(_("Potential captured over time"))
        ),
        units_missing=not grid.columns,
        offerings_missing=not grid.rows,
    )


def cell_for(customer: Customer, offering: Offering, unit: CustomerUnit) -> WhiteSpaceCell | None:
    return WhiteSpaceCell.objects.filter(customer=customer, offering=offering, unit=unit).first()


def offering_catalogue() -> list[tuple[Offering, list[Offering]]]:
    """Groups in catalogue order, each with its offerings (two queries)."""
    children = Prefetch("children", queryset=Offering.objects.order_by("order", "name"))
    return [
        (group, list(group.children.all())) for group in Offering.objects.groups().prefetch_related(children)
    ]


def leaf_offerings() -> QuerySet[Offering]:
    """Offerings an opportunity or a cell can name: active and with nothing under them."""
    return (
        Offering.objects.active()
        .filter(children__isnull=True)
        .select_related("parent")
        .order_by("parent__order", "parent__name", "order", "name")
    )


# --- Actions across customers --------------------------------------------------------------------
@dataclass
class MyActions:
    open: list[Action]
    overdue: int
    done_recently: list[Action]


def my_actions(user: User, today: datetime.date | None = None, recent_days: int = 30) -> MyActions:
    """The user's actions on every customer they may still see, open ones by due date (two queries)."""
    today = today or timezone.localdate()
    mine = access.visible_rows(user, Action.objects.owned_by(user), "plan__customer").exclude(
        plan__status=AccountPlan.Status.ARCHIVED
    )
    related = mine.select_related("plan__customer", "goal", "opportunity", "risk", "meeting")
    open_actions = list(related.open().order_by("due", "pk"))
    since = timezone.now() - datetime.timedelta(days=recent_days)
    done = list(
        related.filter(status=Action.Status.DONE, completed_at__gte=since).order_by("-completed_at")[:20]
    )
    return MyActions(open_actions, sum(1 for a in open_actions if a.due < today), done)


# --- The home page -------------------------------------------------------------------------------
def attach_plan_freshness(customers: Iterable[Customer], today: datetime.date | None = None) -> None:
    """Give each customer a `plan_freshness` (None without a current plan) in one query."""
    customers = list(customers)
    today = today or timezone.localdate()
    plans = AccountPlan.objects.filter(customer__in=[c.pk for c in customers]).current()
    best: dict[int, AccountPlan] = {}
    for plan in plans.only("pk", "customer_id", "status", "period", "next_review_due", "customer_in_change"):
        best.setdefault(plan.customer_id, plan)
    for customer in customers:
        plan = best.get(customer.pk)
        customer.plan_freshness = plan.freshness(today) if plan else None
