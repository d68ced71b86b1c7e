"""The one place that selects what a customer guest may see of a plan.

Everything here reads with explicit column lists (`values()`), so a field that is not named below
never leaves the database for a guest: notes, values and probabilities, margins, competitors,
risks, DISC styles, personal notes and every item not marked shared. The guest page, "view as the
customer" and the customer copy of the PDF are all drawn from `guest_plan()`; templates get plain
dataclasses and never reach the ORM.

A fixed number of queries (at most nine) whatever the size of the plan.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, F, Value, When

from accounts.models import CustomerUnit, FinancialPeriod
from planning import progress
from planning.models import (
    AccountPlan,
    Action,
    Goal,
    GuestActivity,
    Opportunity,
    WhiteSpaceCell,
    WhiteSpaceRow,
)

COMMENTS_SHOWN = 300
# The white-space statuses a guest reads: who else they buy from is ours to know.
GUEST_CELL_STATUS = {
    WhiteSpaceCell.Status.US: WhiteSpaceCell.Status.US,
    WhiteSpaceCell.Status.COMPETITOR: WhiteSpaceCell.Status.OPEN,
    WhiteSpaceCell.Status.OPEN: WhiteSpaceCell.Status.OPEN,
    WhiteSpaceCell.Status.IN_PROGRESS: WhiteSpaceCell.Status.IN_PROGRESS,
    WhiteSpaceCell.Status.NOT_RELEVANT: WhiteSpaceCell.Status.NOT_RELEVANT,
}
GUEST_ACTION_STATUSES = (Action.Status.OPEN, Action.Status.IN_PROGRESS, Action.Status.DONE)


@dataclass
class GuestComment:
    pk: int
    author: str
    text: str
    created_at: datetime.datetime
    reply: str
    replied_by: str
    replied_at: datetime.datetime | None


@dataclass
class GuestGoal:
    pk: int
    title: str
    kind: str
    kind_label: str
    due: datetime.date | None
    criteria: list[str]
    percent: int | None
    baseline: Decimal | None
    target: Decimal | None
    current: Decimal | None
    is_money: bool
    agreement: str = ""  # "agree", "propose" or "" (the latest answer from the customer)
    agreement_by: str = ""
    agreement_text: str = ""
    comments: list[GuestComment] = field(default_factory=list)

    @property
    def item(self) -> str:
        return f"goal-{self.pk}"


@dataclass
class GuestInitiative:
    pk: int
    name: str
    customer_goal: str
    expected_close: datetime.date | None
    rank: int | None = None
    comments: list[GuestComment] = field(default_factory=list)

    @property
    def item(self) -> str:
        return f"initiative-{self.pk}"


@dataclass
class GuestAction:
    pk: int
    title: str
    due: datetime.date
    status: str
    status_label: str
    our_owner: str
    assignee: str
    mine: bool
    overdue: bool
    comments: list[GuestComment] = field(default_factory=list)

    @property
    def item(self) -> str:
        return f"action-{self.pk}"


@dataclass
class GuestWhiteSpaceRow:
    offering_id: int
    offering: str
    cells: list[tuple[str, str]]  # (status code, label) per unit, in unit order
    comments: list[GuestComment] = field(default_factory=list)

    @property
    def item(self) -> str:
        return f"row-{self.offering_id}"


@dataclass
class GuestPlan:
    plan_id: int
    customer_id: int
    customer_name: str
    period: int
    kam_name: str
    kam_email: str
    summary: str
    goals: list[GuestGoal]
    initiatives: list[GuestInitiative]
    actions: list[GuestAction]
    units: list[str]
    whitespace: list[GuestWhiteSpaceRow]
    plan_comments: list[GuestComment]
    ranked: bool
    my_pulse: int | None
    my_pulse_at: datetime.datetime | None

    @property
    def is_empty(self) -> bool:
        return not (self.summary or self.goals or self.initiatives or self.actions or self.whitespace)


def guest_plan(
    plan_id: int, viewer_stakeholder_id: int | None = None, today: datetime.date | None = None
) -> GuestPlan:
    """Everything a guest of this plan may see. `viewer_stakeholder_id` marks their own actions and
    pulse; "view as the customer" passes None and sees what any guest of the plan sees."""
    today = today or datetime.date.today()
    head = _plan_head(plan_id)
    activity = _activity(plan_id)
    comments = _comments_by_item(activity)
    goals = _goals(plan_id, head["customer_id"], activity, comments)
    initiatives, ranked = _initiatives(plan_id, activity, comments)
    actions = _actions(plan_id, viewer_stakeholder_id, today, comments)
    units, rows = _whitespace(head["customer_id"], comments)
    pulse = next(
        (
            a
            for a in activity
            if a["kind"] == GuestActivity.Kind.PULSE
            and viewer_stakeholder_id is not None
            and a["stakeholder_id"] == viewer_stakeholder_id
        ),
        None,
    )
    return GuestPlan(
        plan_id=plan_id,
        customer_id=head["customer_id"],
        customer_name=head["customer__name"],
        period=head["period"],
        kam_name=head["customer__owner__full_name"],
        kam_email=head["customer__owner__email"],
        summary=head["shared_summary"] or "",
        goals=goals,
        initiatives=initiatives,
        actions=actions,
        units=units,
        whitespace=rows,
        plan_comments=comments.get("plan", []),
        ranked=ranked,
        my_pulse=pulse["score"] if pulse else None,
        my_pulse_at=pulse["created_at"] if pulse else None,
    )


def _plan_head(plan_id: int) -> dict:
    shared_summary = Case(
        When(summary_shared=True, then=F("summary")), default=Value(""), output_field=CharField()
    )
    return (
        AccountPlan.objects.filter(pk=plan_id)
        .annotate(shared_summary=shared_summary)
        .values(
            "pk",
            "period",
            "customer_id",
            "customer__name",
            "customer__owner__full_name",
            "customer__owner__email",
            "shared_summary",
        )
        .get()
    )


def _activity(plan_id: int) -> list[dict]:
    kinds = [
        GuestActivity.Kind.COMMENT,
        GuestActivity.Kind.AGREE,
        GuestActivity.Kind.PROPOSE,
        GuestActivity.Kind.RANK,
        GuestActivity.Kind.PULSE,
    ]
    rows = (
        GuestActivity.objects.filter(plan_id=plan_id, kind__in=kinds)
        .order_by("-created_at", "-pk")
        .values(
            "pk",
            "kind",
            "goal_id",
            "opportunity_id",
            "action_id",
            "offering_id",
            "text",
            "score",
            "data",
            "created_at",
            "stakeholder_id",
            "stakeholder__name",
            "reply",
            "replied_by__full_name",
            "replied_at",
        )
    )
    return list(rows[: COMMENTS_SHOWN * 2])


def _item_key(row: dict) -> str:
    if row["goal_id"]:
        return f"goal-{row['goal_id']}"
    if row["opportunity_id"]:
        return f"initiative-{row['opportunity_id']}"
    if row["action_id"]:
        return f"action-{row['action_id']}"
    if row["offering_id"]:
        return f"row-{row['offering_id']}"
    return "plan"


def _comments_by_item(activity: list[dict]) -> dict[str, list[GuestComment]]:
    found: dict[str, list[GuestComment]] = defaultdict(list)
    for row in reversed(activity):  # oldest first under each item
        if row["kind"] != GuestActivity.Kind.COMMENT:
            continue
        found[_item_key(row)].append(
            GuestComment(
                pk=row["pk"],
                author=row["stakeholder__name"] or "",
                text=row["text"],
                created_at=row["created_at"],
                reply=row["reply"],
                replied_by=row["replied_by__full_name"] or "",
                replied_at=row["replied_at"],
            )
        )
    return found


def _goals(plan_id: int, customer_id: int, activity: list[dict], comments) -> list[GuestGoal]:
    criteria = Case(
        When(criteria_shared=True, then=F("success_criteria")), default=Value(""), output_field=CharField()
    )
    rows = list(
        Goal.objects.filter(plan_id=plan_id, shared=True)
        .annotate(shared_criteria=criteria)
        .order_by("order", "pk")
        .values(
            "pk",
            "title",
            "kind",
            "metric",
            "due",
            "baseline",
            "target",
            "current_value",
            "progress_entered",
            "shared_criteria",
        )
    )
    figures = _figures(customer_id) if any(r["kind"] == Goal.Kind.FINANCIAL for r in rows) else []
    answers = {}
    for row in activity:  # newest first: the first answer per goal is the latest
        if row["kind"] in (GuestActivity.Kind.AGREE, GuestActivity.Kind.PROPOSE) and row["goal_id"]:
            answers.setdefault(row["goal_id"], row)
    return [_guest_goal(row, figures, answers.get(row["pk"]), comments) for row in rows]


def _figures(customer_id: int) -> list[progress.PeriodFigures]:
    # Read to compute progress only; no figure of the financial history is handed to the page.
    return [
        progress.PeriodFigures(*values)
        for values in FinancialPeriod.objects.filter(customer_id=customer_id)
        .order_by("year", "quarter")
        .values_list("year", "quarter", "revenue", "gross_margin", "their_spend")
    ]


def _guest_goal(row: dict, figures, answer: dict | None, comments) -> GuestGoal:
    kind_label = str(Goal.Kind(row["kind"]).label)
    baseline, target = row["baseline"], row["target"]
    if row["kind"] == Goal.Kind.FINANCIAL:
        current = progress.financial_current(row["metric"], figures).value
        fraction = progress.progress(baseline, target, current)
        if row["metric"] == progress.GROSS_MARGIN:  # margins stay ours: progress only, no figures
            baseline = target = current = None
    else:
        current = row["current_value"]
        fraction = (
            progress.entered_progress(row["progress_entered"])
            if row["progress_entered"] is not None
            else progress.progress(baseline, target, current)
        )
    return GuestGoal(
        pk=row["pk"],
        title=row["title"],
        kind=row["kind"],
        kind_label=kind_label,
        due=row["due"],
        criteria=[line.strip() for line in (row["shared_criteria"] or "").splitlines() if line.strip()],
        percent=None if fraction is None else int(fraction * 100),
        baseline=baseline,
        target=target,
        current=current,
        is_money=row["metric"] == progress.REVENUE,
        agreement=answer["kind"] if answer else "",
        agreement_by=(answer["stakeholder__name"] or "") if answer else "",
        agreement_text=answer["text"] if answer else "",
        comments=comments.get(f"goal-{row['pk']}", []),
    )


def _initiatives(plan_id: int, activity: list[dict], comments) -> tuple[list[GuestInitiative], bool]:
    rows = list(
        Opportunity.objects.filter(plan_id=plan_id, shared=True)
        .order_by("expected_close", "pk")
        .values("pk", "name", "customer_goal", "expected_close")
    )
    ranking = next((a["data"].get("order", []) for a in activity if a["kind"] == GuestActivity.Kind.RANK), [])
    position = {pk: index for index, pk in enumerate(ranking, start=1) if isinstance(pk, int)}
    items = [
        GuestInitiative(
            pk=r["pk"],
            name=r["name"],
            customer_goal=r["customer_goal"],
            expected_close=r["expected_close"],
            rank=position.get(r["pk"]),
            comments=comments.get(f"initiative-{r['pk']}", []),
        )
        for r in rows
    ]
    items.sort(key=lambda i: (i.rank is None, i.rank or 0))
    return items, bool(position)


def _actions(plan_id: int, viewer: int | None, today: datetime.date, comments) -> list[GuestAction]:
    rows = (
        Action.objects.filter(plan_id=plan_id, shared=True)
        .exclude(status=Action.Status.CANCELLED)
        .order_by("due", "pk")
        .values("pk", "title", "due", "status", "owner__full_name", "assignee_id", "assignee__name")
    )
    return [
        GuestAction(
            pk=r["pk"],
            title=r["title"],
            due=r["due"],
            status=r["status"],
            status_label=str(Action.Status(r["status"]).label),
            our_owner=r["owner__full_name"],
            assignee=r["assignee__name"] or "",
            mine=viewer is not None and r["assignee_id"] == viewer,
            overdue=r["status"] in (Action.Status.OPEN, Action.Status.IN_PROGRESS) and r["due"] < today,
            comments=comments.get(f"action-{r['pk']}", []),
        )
        for r in rows
    ]


def _whitespace(customer_id: int, comments) -> tuple[list[str], list[GuestWhiteSpaceRow]]:
    rows = list(
        WhiteSpaceRow.objects.filter(customer_id=customer_id, shared=True, offering__active=True)
        .order_by("offering__order", "offering__name")
        .values("offering_id", "offering__name")
    )
    if not rows:
        return [], []
    units = list(
        CustomerUnit.objects.filter(customer_id=customer_id).order_by("kind", "name").values("pk", "name")
    )
    statuses = {
        (c["offering_id"], c["unit_id"]): c["status"]
        for c in WhiteSpaceCell.objects.filter(
            customer_id=customer_id, offering_id__in=[r["offering_id"] for r in rows]
        ).values("offering_id", "unit_id", "status")
    }
    labels = dict(WhiteSpaceCell.Status.choices)
    result = []
    for row in rows:
        cells = []
        for unit in units:
            status = GUEST_CELL_STATUS.get(statuses.get((row["offering_id"], unit["pk"]), ""), "")
            cells.append((status, str(labels.get(status, "–"))))
        result.append(
            GuestWhiteSpaceRow(
                row["offering_id"],
                row["offering__name"],
                cells,
                comments.get(f"row-{row['offering_id']}", []),
            )
        )
    return [u["name"] for u in units], result
