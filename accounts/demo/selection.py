"""Demo data for scoring and selection: scores with rationales, the decisions behind each key account
and candidate, and the candidates' next steps. Uses only `org.rng`, so every run is the same."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts import scoring
from accounts.demo import DemoOrganisation
from accounts.models import Criterion, Customer, Event, Score, SelectionDecision

# Score ranges by status: (attractiveness low, high), (position low, high).
RANGES = {
    Customer.Status.KEY: ((3, 5), (3, 5)),
    Customer.Status.CANDIDATE: ((2, 5), (1, 4)),
    Customer.Status.PROSPECT: ((1, 4), (1, 3)),
    Customer.Status.FORMER: ((1, 3), (1, 3)),
}
PROSPECT_SHARE_SCORED = 0.25

RATIONALES = {
    "Revenue": {
        "low": ["Small orders, mostly call-offs from the framework agreement.", "Under 1 MNOK last year."],
        "mid": ["About our average customer; stable volumes.", "Around 3 MNOK a year, flat."],
        "high": ["Among our ten largest customers last year.", "Over 15 MNOK last year, up from 12."],
    },
    "Margin": {
        "low": ["Heavy discounts from the last tender.", "Margin eaten by custom deliveries."],
        "mid": ["Close to our average margin.", "Standard price list with small discounts."],
        "high": ["Buys our service add-ons; margin well above average.", "Low cost to serve, good margin."],
    },
    "Growth potential": {
        "low": [
            "Industry under pressure; they are cutting sites.",
            "We already sell them most of what fits.",
        ],
        "mid": ["Two units we do not serve yet.", "Expanding slowly into Sweden."],
        "high": ["Opening three new sites next year.", "Five business areas, we serve only one today."],
    },
    "Strategic importance": {
        "low": ["No reference value beyond the business.", "Not a segment we focus on."],
        "mid": ["Willing to be a reference on request.", "Known name in their region."],
        "high": ["A 'logo' customer the whole segment looks to.", "Our showcase for the new offering."],
    },
    "Business risk if lost": {
        "low": ["Easily replaced within a quarter.", "Little capacity tied to them."],
        "mid": ["Would leave a team partly idle for a while.", "Noticeable, but we would recover in a year."],
        "high": [
            "A whole delivery team works for them.",
            "Losing them would hurt the regional office badly.",
        ],
    },
    "Willingness to partner": {
        "low": ["Buys on price through tenders only.", "Procurement keeps us away from the users."],
        "mid": [
            "Shares plans once a year; we meet the IT manager.",
            "Open to a workshop, no joint plan yet.",
        ],
        "high": ["Joint plan agreed with their COO.", "Quarterly business reviews with their management."],
    },
    "Internal complexity": {
        "low": [
            "Needs product, service and finance aligned; we struggle.",
            "Orders go through four of our units.",
        ],
        "mid": [
            "Two of our units involved; coordination works with effort.",
            "One contact point, some handovers.",
        ],
        "high": ["One account team covers all their sites.", "Our squad already works as one team for them."],
    },
}
KEY_REASONS = [
    "Top of the ranking in our team; large growth potential and a COO who wants a joint plan.",
    "Carries a big share of our revenue and the relationship is strong at management level.",
    "Strategic reference in the segment; agreed with the KAM at the yearly calibration.",
    "Pilot delivered on time and the customer asked for a framework agreement.",
]
CANDIDATE_REASONS = [
    "Attractive, but our position is still weak: start a pilot before we give the mandate.",
    "Growth potential is clear; we need access to more decision makers first.",
    "Scores well on revenue; margin must be proven in a pilot.",
]
RETIRE_REASONS = [
    "Moved their purchasing to a group agreement we are not part of.",
    "Volumes fell below what a key account needs; served by the regular sales team.",
]
NEXT_STEPS = [
    "Pilot: service agreement for one site; evaluate together after three months.",
    "Workshop with their operations director on next year's priorities.",
    "Offer a joint improvement project on delivery quality in the north region.",
    "Meet their new CFO with our finance lead; present the total cost view.",
    "Trial of the new monitoring offering at two locations.",
]


def extend(org: DemoOrganisation) -> None:
    criteria = list(Criterion.objects.filter(active=True).order_by("order", "name"))
    if not criteria:
        return
    rng, now = org.rng, timezone.now()
    weights = [scoring.CriterionWeight(id=c.pk, weight=c.weight, axis=c.axis) for c in criteria]
    leaders = {team.pk: leader for team, leader in zip(org.teams, org.leaders, strict=False)}
    scores, decisions, events, candidates = [], [], [], []
    for customer in org.customers:
        scored = customer.status != Customer.Status.PROSPECT or rng.random() < PROSPECT_SHARE_SCORED
        values = _score(org, customer, criteria, scores, now) if scored else {}
        leader = leaders.get(customer.team_id)
        if leader is None or customer.status == Customer.Status.PROSPECT:
            continue
        decision = _decision(org, customer, leader, scoring.weighted_score(weights, values), now)
        decisions.append(decision)
        events.append(_decision_event(decision))
        if customer.status == Customer.Status.CANDIDATE:
            customer.next_step = rng.choice(NEXT_STEPS)
            # about one in five is overdue, so the future key accounts page has something to flag
            customer.target_date = (now + timedelta(days=rng.randint(-40, 160))).date()
            candidates.append(customer)
    Score.objects.bulk_create(scores, batch_size=1000)
    SelectionDecision.objects.bulk_create(decisions, batch_size=1000)
    Event.objects.bulk_create(events, batch_size=1000)
    Customer.objects.bulk_update(candidates, ["next_step", "target_date"], batch_size=500)


def _score(org: DemoOrganisation, customer: Customer, criteria: list[Criterion], scores: list, now) -> dict:
    rng = org.rng
    (a_low, a_high), (p_low, p_high) = RANGES[customer.status]
    partial = customer.status == Customer.Status.PROSPECT
    values = {}
    for criterion in criteria:
        if partial and rng.random() < 0.3:
            continue  # prospects are often scored only on what is known
        low, high = (a_low, a_high) if criterion.axis == scoring.ATTRACTIVENESS else (p_low, p_high)
        value = rng.randint(low, high)
        values[criterion.pk] = value
        scores.append(
            Score(
                customer=customer,
                criterion=criterion,
                value=value,
                rationale=_rationale(rng, criterion.name, value),
                scored_by=customer.owner,
                scored_at=now - timedelta(days=rng.randint(5, 120), minutes=rng.randint(0, 600)),
            )
        )
    return values


def _rationale(rng, name: str, value: int) -> str:
    texts = RATIONALES.get(name)
    if texts is None:
        return ""
    return rng.choice(texts["low" if value <= 2 else "mid" if value == 3 else "high"])


def _decision(
    org: DemoOrganisation, customer: Customer, leader, weighted: float | None, now
) -> SelectionDecision:
    rng = org.rng
    kind, reasons = {
        Customer.Status.KEY: (SelectionDecision.Kind.MAKE_KEY, KEY_REASONS),
        Customer.Status.CANDIDATE: (SelectionDecision.Kind.KEEP_CANDIDATE, CANDIDATE_REASONS),
        Customer.Status.FORMER: (SelectionDecision.Kind.RETIRE, RETIRE_REASONS),
    }[customer.status]
    previous = Customer.Status.KEY if kind == SelectionDecision.Kind.RETIRE else Customer.Status.PROSPECT
    return SelectionDecision(
        customer=customer,
        kind=kind,
        reason=rng.choice(reasons),
        decided_by=leader,
        decided_at=now - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600)),
        previous_status=previous,
        new_status=customer.status,
        weighted_score=Decimal(str(round(weighted, 2))) if weighted is not None else None,
    )


def _decision_event(decision: SelectionDecision) -> Event:
    return Event(
        customer=decision.customer,
        actor=decision.decided_by,
        kind="selection.decided",
        data={
            "decision_kind": decision.kind,
            "old": decision.previous_status,
            "new": decision.new_status,
            "reason": decision.reason,
        },
        created_at=decision.decided_at,
    )
