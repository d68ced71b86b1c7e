"""Demo data for planning: an offering catalogue and a living account plan for every key account.

The supplier is a Nordic B2B services company (field service, facilities, energy, digital services,
training, consulting). Each key account gets this year's plan with goals, opportunities linked to
the customer's own goals from the profile, actions owned by account-team members, who does what,
white-space cells over its units, and one past review whose snapshot differs from today, so "what
changed" has something to show. Runs after the financials and risk demos; uses only `org.rng`.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DemoOrganisation
from accounts.models import AccountMember, Customer, CustomerUnit, FinancialPeriod, ProfileSection
from planning import progress, selectors, snapshots
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

CATALOGUE = [
    ("Field service", ["Preventive maintenance", "Emergency call-out 24/7", "Spare parts logistics"]),
    ("Facility services", ["Cleaning and hygiene", "Security and reception", "Workplace management"]),
    ("Energy and sustainability", ["Energy audit", "Heat recovery", "ESG and CSRD reporting"]),
    ("Digital services", ["Remote monitoring", "Service portal and API", "Data and reporting"]),
    ("Training and safety", ["HSE training", "Certification courses", "E-learning platform"]),
    ("Consulting", ["Process improvement", "Project management", "Procurement advisory"]),
]
FALLBACK_GOALS = [
    "Lower operating costs per site",
    "Fewer unplanned stops in production",
    "Report emissions under CSRD from next year",
    "One supplier per category across the Nordics",
]
STRATEGIC = [
    "Sole supplier of {offering} across {unit}",
    "Joint improvement project with {unit}",
    "Framework agreement renewed for three years",
]
RELATIONAL = [
    "Meet the CFO twice a year",
    "A sponsor in top management",
    "Regular contact with the head of {unit}",
]
ACTIONS = [
    "Book the QBR with the leadership team",
    "Prepare a proposal for {offering}",
    "Workshop on {offering} with {unit}",
    "Map the decision makers in {unit}",
    "Follow up the delivery deviations from last quarter",
    "Send the annual value report",
    "Invite the operations manager to our customer day",
    "Agree success criteria for the pilot",
    "Introduce our product specialist to {unit}",
]
REVIEW_ANSWERS = {
    "business": [
        "Volumes are up in the north; the south is flat after the reorganisation.",
        "Good year so far, but they are cautious about new investments until the budget is set.",
    ],
    "living_up": [
        "Mostly: two actions slipped because the customer postponed the workshop.",
        "Yes on deliveries; we are behind on the relationship goals.",
    ],
    "feedback": [
        "Happy with response times; want better reporting from the service portal.",
        "The new contact person asked for fewer, better meetings.",
    ],
    "news": [
        "Possible expansion to a new site next year; a competitor is piloting remote monitoring.",
        "Tender for facility services expected in the spring.",
    ],
}
CELL_STATUSES = ["us"] * 3 + ["competitor"] * 2 + ["open"] * 4 + ["not_relevant"]
COMPETITORS = ["Norvik Solutions", "Fjordtech", "Baltic Supply", "Skagerak Partners", "Vesta Group"]
THOUSAND = Decimal(1000)


def extend(org: DemoOrganisation) -> None:
    rng = org.rng
    leaves = _catalogue()
    accounts = [c for c in org.customers if c.status == Customer.Status.KEY]
    ids = [c.pk for c in accounts]
    units, members, figures, goals_text = defaultdict(list), defaultdict(list), defaultdict(list), {}
    for unit in CustomerUnit.objects.filter(customer__in=ids).order_by("kind", "name"):
        units[unit.customer_id].append(unit)
    for member in AccountMember.objects.filter(customer__in=ids).select_related("user").order_by("pk"):
        members[member.customer_id].append(member)
    for row in FinancialPeriod.objects.filter(customer__in=ids).order_by("year", "quarter"):
        figures[row.customer_id].append(
            progress.PeriodFigures(row.year, row.quarter, row.revenue, row.gross_margin, row.their_spend)
        )
    for customer_id, body in ProfileSection.objects.filter(customer__in=ids, key="goals").values_list(
        "customer_id", "body"
    ):
        goals_text[customer_id] = body
    today = timezone.localdate()
    for customer in accounts:
        _plan(
            rng,
            customer,
            leaves,
            units[customer.pk],
            members[customer.pk],
            figures[customer.pk],
            goals_text.get(customer.pk, ""),
            today,
        )


def _catalogue() -> list[Offering]:
    groups = Offering.objects.bulk_create(
        [Offering(name=name, order=i) for i, (name, _) in enumerate(CATALOGUE)]
    )
    children = [
        Offering(name=child, parent=group, order=j)
        for group, (_, names) in zip(groups, CATALOGUE, strict=True)
        for j, child in enumerate(names)
    ]
    return Offering.objects.bulk_create(children)


def _team(customer: Customer, members: list[AccountMember]) -> list:
    return [customer.owner, *[m.user for m in members if m.role == AccountMember.Role.CONTRIBUTOR]]


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low, high)) * THOUSAND).quantize(THOUSAND)


def _plan(rng, customer, leaves, units, members, figures, goals_text, today) -> None:
    reviewed_on = today - datetime.timedelta(days=rng.randint(20, 110))
    in_change = rng.random() < 0.15
    plan = AccountPlan.objects.create(
        customer=customer,
        period=today.year,
        status=AccountPlan.Status.ACTIVE,
        summary=rng.choice(
            [
                "Strong position in field service; the next step is digital services across all sites.",
                "Stable core business. Grow into energy and sustainability while we defend maintenance.",
                "New leadership is reviewing suppliers: secure the relationship at top level and show value.",
            ]
        ),
        customer_in_change=in_change,
        in_change_reason="New CEO from the spring" if in_change else "",
        last_reviewed_on=reviewed_on,
        next_review_due=progress.next_review_due(reviewed_on, in_change),
        created_by=customer.owner,
    )
    team = _team(customer, members)
    cells = _cells(rng, customer, leaves, units)
    goals = _goals(rng, plan, figures, leaves, units)
    lines = selectors.goal_lines(goals_text) or FALLBACK_GOALS
    open_cells = [c for c in cells if c.status in {"open", "competitor"} and c.potential]
    opportunities = _opportunities(rng, plan, goals, open_cells[:3], lines)
    actions = _actions(rng, plan, team, goals, opportunities, leaves, units, today)
    Responsibility.objects.bulk_create(_responsibilities(plan, customer, members))
    _review(rng, plan, reviewed_on, customer.owner)
    _since_the_review(rng, plan, actions, open_cells[3:4], lines, today)


def _cells(rng, customer, leaves, units) -> list[WhiteSpaceCell]:
    cells = []
    for offering in leaves:
        for unit in units:
            if rng.random() < 0.45:
                continue
            status = rng.choice(CELL_STATUSES)
            revenue = _amount(rng, 200, 3_000) if status == "us" else Decimal(0)
            potential = Decimal(0) if status == "not_relevant" else _amount(rng, 300, 4_000)
            cells.append(
                WhiteSpaceCell(
                    customer=customer,
                    offering=offering,
                    unit=unit,
                    status=status,
                    current_revenue=revenue,
                    potential=max(potential, revenue),
                    competitor=rng.choice(COMPETITORS) if status == "competitor" else "",
                    confidence=rng.choice([1, 2, 2, 3]),
                )
            )
    created = WhiteSpaceCell.objects.bulk_create(cells)
    shared = rng.sample(leaves, k=3)
    WhiteSpaceRow.objects.bulk_create(
        [WhiteSpaceRow(customer=customer, offering=o, shared=True) for o in shared]
    )
    return sorted(created, key=lambda c: -c.potential)


def _goals(rng, plan, figures, leaves, units) -> list[Goal]:
    revenue = progress.financial_current(progress.REVENUE, [f for f in figures if f.year < plan.period])
    base = revenue.value or _amount(rng, 5_000, 40_000)
    start = datetime.date(plan.period, 1, 1)
    end = datetime.date(plan.period, 12, 31)
    unit = rng.choice(units).name if units else "the group"
    offering = rng.choice(leaves).name.lower()
    goals = [
        Goal(
            plan=plan,
            kind="financial",
            metric="revenue",
            title="Grow revenue with the customer",
            baseline=base,
            baseline_date=start,
            target=(base * Decimal("1.12")).quantize(THOUSAND),
            due=end,
            order=1,
            shared=True,
        ),
        Goal(
            plan=plan,
            kind="financial",
            metric="share_of_wallet",
            title="Larger share of their spend in our categories",
            baseline=Decimal(rng.randint(15, 35)),
            baseline_date=start,
            target=Decimal(rng.randint(36, 50)),
            due=end,
            order=2,
        ),
        Goal(
            plan=plan,
            kind="strategic",
            title=rng.choice(STRATEGIC).format(offering=offering, unit=unit),
            baseline_date=start,
            due=end,
            progress_entered=rng.choice([20, 40, 60]),
            order=3,
            shared=rng.random() < 0.5,
        ),
        Goal(
            plan=plan,
            kind="relational",
            title=rng.choice(RELATIONAL).format(unit=unit),
            baseline=Decimal(1),
            target=Decimal(3),
            current_value=Decimal(rng.randint(1, 2)),
            baseline_date=start,
            due=end,
            order=4,
        ),
    ]
    return Goal.objects.bulk_create(goals)


def _opportunities(rng, plan, goals, cells, lines) -> list[Opportunity]:
    stages = ["idea", "qualified", "proposal", "negotiation"]
    items = [
        Opportunity(
            plan=plan,
            name=f"{cell.offering.name} · {cell.unit.name}",
            customer_goal=rng.choice(lines)[:300],
            goal=goals[0],
            offering=cell.offering,
            unit=cell.unit,
            cell=cell,
            value=cell.potential,
            probability=rng.choice([10, 25, 40, 60, 75]),
            stage=rng.choice(stages),
            expected_close=plan.created_at.date() + datetime.timedelta(days=rng.randint(40, 300)),
            shared=rng.random() < 0.4,
        )
        for cell in cells
    ]
    WhiteSpaceCell.objects.filter(pk__in=[c.pk for c in cells]).update(status="in_progress")
    for cell in cells:
        cell.status = "in_progress"
    return Opportunity.objects.bulk_create(items)


def _actions(rng, plan, team, goals, opportunities, leaves, units, today) -> list[Action]:
    items = []
    for title in rng.sample(ACTIONS, k=rng.randint(4, 7)):
        serves = rng.random()
        items.append(
            Action(
                plan=plan,
                title=title.format(
                    offering=rng.choice(leaves).name.lower(), unit=rng.choice(units).name if units else "them"
                ),
                owner=rng.choice(team),
                due=today + datetime.timedelta(days=rng.randint(-25, 200)),
                goal=rng.choice(goals) if serves < 0.5 else None,
                opportunity=rng.choice(opportunities) if serves >= 0.5 and opportunities else None,
                status=rng.choice(["open", "open", "in_progress"]),
                shared=rng.random() < 0.3,
            )
        )
    return Action.objects.bulk_create(items)


def _responsibilities(plan, customer, members) -> list[Responsibility]:
    items = [Responsibility(plan=plan, person=customer.owner, area="Account owner, QBRs and the plan")]
    items += [
        Responsibility(plan=plan, person=m.user, area=(m.responsibility or m.user.title or "Delivery")[:120])
        for m in members
    ]
    return items


def _review(rng, plan, reviewed_on, by) -> None:
    taken_at = timezone.make_aware(datetime.datetime.combine(reviewed_on, datetime.time(14, 0)))
    data = snapshots.build(selectors.snapshot_sections(plan), taken_at)
    snapshot = PlanSnapshot.objects.create(
        plan=plan,
        taken_at=taken_at,
        data=data,
        captured=Decimal(data["totals"]["captured"]),
        open_potential=Decimal(data["totals"]["open_potential"]),
    )
    plan.latest_review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        reviewed_by=by,
        snapshot=snapshot,
        next_review_due=plan.next_review_due,
        **{key: rng.choice(answers) for key, answers in REVIEW_ANSWERS.items()},
    )
    plan.save(update_fields=["latest_review"])


def _since_the_review(rng, plan, actions, cells, lines, today) -> None:
    """What happened after the review: actions done, a cell won, a new opportunity."""
    done = rng.sample(actions, k=min(2, len(actions)))
    now = timezone.now()
    Action.objects.filter(pk__in=[a.pk for a in done]).update(status="done", completed_at=now, version=2)
    for cell in cells:
        Opportunity.objects.create(
            plan=plan,
            name=f"{cell.offering.name} · {cell.unit.name}",
            customer_goal=rng.choice(lines)[:300],
            offering=cell.offering,
            unit=cell.unit,
            cell=cell,
            value=cell.potential,
            probability=20,
            expected_close=today + datetime.timedelta(days=rng.randint(60, 200)),
        )
        WhiteSpaceCell.objects.filter(pk=cell.pk).update(status="in_progress", version=2)
    won = WhiteSpaceCell.objects.filter(customer=plan.customer, status="competitor").order_by("pk").first()
    if won is not None:
        WhiteSpaceCell.objects.filter(pk=won.pk).update(
            status="us", current_revenue=won.potential / 2, competitor="", version=2
        )
