"""Reads for the assistant: an account's facts and patterns in a bounded number of queries.

Everything here reads only what the viewer may see: similar customers are looked for among the
customers visible to the viewer, and internal-only data (DISC styles, personal notes) is loaded
only for people with `customer.internal` on the account.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts import access
from accounts.models import Customer, FinancialPeriod, Interaction, Stakeholder, User
from assistant import patterns
from assistant.models import AssistantRun
from assistant.notes import Person
from planning import selectors as planning_selectors
from planning.models import AccountPlan, Action, WhiteSpaceCell
from risk.models import RiskItem

RECENT_DONE_DAYS = 90


def today_for(user: User) -> datetime.date:
    """Today in the user's own time zone: the day "next Friday" is counted from."""
    import zoneinfo

    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_default_timezone()
    return timezone.now().astimezone(zone).date()


# --- Patterns ------------------------------------------------------------------------------------
def account_patterns(customer: Customer, viewer: User, today: datetime.date) -> list[patterns.Pattern]:
    """Every pattern on the account, most pressing first (at most six queries)."""
    rows = FinancialPeriod.objects.filter(customer=customer).values_list(
        "year", "quarter", "revenue", "gross_margin", "their_spend"
    )
    found = patterns.financial_patterns(patterns.years_from(list(rows)))
    people = list(
        Stakeholder.objects.present()
        .filter(customer=customer)
        .values_list("name", "decision_role", "last_contacted_on")
    )
    champions = [patterns.Champion(name, last) for name, role, last in people if role == "champion"]
    found += patterns.champion_patterns(champions, today, has_people=len(people) >= 3)
    found += patterns.peer_patterns(peer_offerings(customer, viewer))
    overdue, open_count = _overdue_dues(customer, today)
    found += patterns.overdue_patterns(overdue, open_count, today)
    return sorted(found, key=lambda p: -p.severity)


def peer_offerings(customer: Customer, viewer: User) -> list[patterns.PeerOffering]:
    """Offerings that customers in the same industry (among those the viewer sees) buy from us,
    with how many of them do, for the offerings this customer does not buy from us."""
    if not customer.industry.strip():
        return []
    similar = (
        access.visible_customers(viewer)
        .filter(industry__iexact=customer.industry.strip())
        .exclude(pk=customer.pk)
        .filter(whitespace_cells__isnull=False)
        .values("pk")
        .distinct()
    )
    similar_count = Customer.objects.filter(pk__in=similar).count()
    if similar_count < patterns.PEERS_BUYING_MIN:
        return []
    own = WhiteSpaceCell.objects.filter(customer=customer).values_list("offering_id", "status")
    taken = {offering for offering, status in own if status in {"us", "in_progress"}}
    statuses: dict[int, set[str]] = {}
    for offering, status in own:
        statuses.setdefault(offering, set()).add(status)
    irrelevant = {offering for offering, seen in statuses.items() if seen == {"not_relevant"}}
    bought = (
        WhiteSpaceCell.objects.filter(customer__in=similar, status=WhiteSpaceCell.Status.US)
        .values("offering_id", "offering__name")
        .annotate(buying=Count("customer", distinct=True), revenue=Sum("current_revenue"))
    )
    return [
        patterns.PeerOffering(
            row["offering__name"], row["buying"], similar_count, row["revenue"] or Decimal(0)
        )
        for row in bought
        if row["offering_id"] not in taken | irrelevant
    ]


def _overdue_dues(customer: Customer, today: datetime.date) -> tuple[list[datetime.date], int]:
    dues = list(
        Action.objects.open()
        .filter(plan__customer=customer)
        .exclude(plan__status=AccountPlan.Status.ARCHIVED)
        .values_list("due", flat=True)
    )
    return [d for d in dues if d < today], len(dues)


# --- Facts for drafts and prompts ----------------------------------------------------------------
@dataclass
class PersonFact:
    id: int
    name: str
    title: str
    role: str
    role_label: str
    attitude: str
    attitude_label: str
    disc: str = ""
    notes: str = ""
    last_contacted: datetime.date | None = None


@dataclass
class Facts:
    """What the assistant knows about one account, as plain values."""

    customer: Customer
    today: datetime.date
    years: list[patterns.Year] = field(default_factory=list)
    plan: AccountPlan | None = None
    goals: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    open_actions: list[Action] = field(default_factory=list)
    overdue_actions: list[Action] = field(default_factory=list)
    done_actions: list[Action] = field(default_factory=list)
    risks: list[RiskItem] = field(default_factory=list)
    white_space: list[WhiteSpaceCell] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    contacts: list[Interaction] = field(default_factory=list)
    patterns: list[patterns.Pattern] = field(default_factory=list)

    @property
    def latest_year(self) -> patterns.Year | None:
        return self.years[-1] if self.years else None

    @property
    def previous_year(self) -> patterns.Year | None:
        return self.years[-2] if len(self.years) > 1 else None

    @property
    def revenue_change(self) -> Decimal | None:
        now, before = self.latest_year, self.previous_year
        if now is None or before is None or not before.revenue:
            return None
        return (now.revenue - before.revenue) / before.revenue

    @property
    def margin_ratio(self) -> Decimal | None:
        year = self.latest_year
        return year.gross_margin / year.revenue if year and year.revenue else None

    @property
    def share_of_wallet(self) -> Decimal | None:
        year = self.latest_year
        return year.revenue / year.their_spend if year and year.their_spend else None

    @property
    def pipeline_weighted(self) -> Decimal:
        return sum((o.weighted_value for o in self.opportunities), Decimal(0))

    @property
    def open_potential(self) -> Decimal:
        return sum((cell.potential for cell in self.white_space), Decimal(0))


def account_facts(customer: Customer, viewer: User, today: datetime.date) -> Facts:
    """The account's figures, plan, risks, white space, people and recent contacts (about a dozen
    queries whatever the size of the account). DISC and personal notes only for the account team."""
    facts = Facts(customer=customer, today=today)
    rows = FinancialPeriod.objects.filter(customer=customer).values_list(
        "year", "quarter", "revenue", "gross_margin", "their_spend"
    )
    facts.years = patterns.years_from(list(rows))[-3:]
    facts.plan = planning_selectors.pick_current(planning_selectors.customer_plans(customer))
    if facts.plan is not None:
        page = planning_selectors.plan_page(facts.plan, periods=[], today=today)
        facts.goals = page.goals
        facts.opportunities = sorted(
            (o for o in page.opportunities if o.is_open), key=lambda o: -o.weighted_value
        )
        facts.open_actions = page.open_actions
        facts.overdue_actions = [a for a in page.open_actions if a.due < today]
        since = timezone.now() - datetime.timedelta(days=RECENT_DONE_DAYS)
        facts.done_actions = [
            a
            for a in page.closed_actions
            if a.status == Action.Status.DONE and a.completed_at and a.completed_at >= since
        ]
    facts.risks = sorted(
        RiskItem.objects.open().filter(customer=customer).select_related("owner"), key=lambda r: -r.score
    )
    facts.white_space = list(
        WhiteSpaceCell.objects.filter(
            customer=customer, status__in=WhiteSpaceCell.OPEN_STATUSES, potential__gt=0
        )
        .select_related("offering", "unit")
        .order_by("-potential")[:8]
    )
    facts.people = people_facts(customer, internal=access.can(viewer, "customer.internal", customer))
    facts.contacts = list(
        Interaction.objects.filter(customer=customer, redacted_at__isnull=True)
        .prefetch_related("stakeholders")
        .order_by("-occurred_on", "-pk")[:5]
    )
    facts.patterns = account_patterns(customer, viewer, today)
    return facts


def people_facts(customer: Customer, *, internal: bool, ids: list[int] | None = None) -> list[PersonFact]:
    from accounts.models.stakeholders import Attitude, DecisionRole

    people = Stakeholder.objects.present().filter(customer=customer)
    if ids is not None:
        people = people.filter(pk__in=ids)
    if not internal:
        people = people.without_internal()
    roles, attitudes = dict(DecisionRole.choices), dict(Attitude.choices)
    return [
        PersonFact(
            id=p.pk,
            name=p.name,
            title=p.title,
            role=p.decision_role,
            role_label=str(roles.get(p.decision_role, "")),
            attitude=p.attitude,
            attitude_label=str(attitudes.get(p.attitude, "")),
            disc=p.disc if internal and p.disc != "unknown" else "",
            notes=p.notes if internal else "",
            last_contacted=p.last_contacted_on,
        )
        for p in people.order_by("-influence", "name")
    ]


# --- People a note may name ----------------------------------------------------------------------
def note_people(customer: Customer, stakeholder_ids: list[int] | None = None) -> list[Person]:
    """The account team (owner first) and the customer's present people: who a note may name."""
    team = planning_selectors.account_team_users(customer)
    people = [Person(u.pk, u.full_name, "user") for u in team if u.full_name]
    stakeholders = Stakeholder.objects.present().filter(customer=customer)
    if stakeholder_ids is not None:
        stakeholders = stakeholders.filter(pk__in=stakeholder_ids)
    people += [Person(pk, name, "stakeholder") for pk, name in stakeholders.values_list("pk", "name")]
    return people


def attendee_briefs(customer: Customer, people: list[PersonFact]) -> list:
    """A brief per attending stakeholder with their last three contact-log entries (two queries)."""
    from assistant.prep import Brief

    ids = [person.id for person in people]
    entries = (
        Interaction.objects.filter(customer=customer, stakeholders__in=ids, redacted_at__isnull=True)
        .prefetch_related("stakeholders")
        .order_by("-occurred_on", "-pk")
        .distinct()[:40]
    )
    recent: dict[int, list[dict]] = {pk: [] for pk in ids}
    for entry in entries:
        for person in entry.stakeholders.all():
            if person.pk in recent and len(recent[person.pk]) < 3:
                recent[person.pk].append(
                    {
                        "date": entry.occurred_on.isoformat(),
                        "kind": entry.kind,
                        "summary": entry.summary[:300],
                    }
                )
    return [
        Brief(
            id=p.id,
            name=p.name,
            title=p.title,
            role=p.role,
            attitude=p.attitude,
            disc=p.disc,
            last_contacted=p.last_contacted.isoformat() if p.last_contacted else None,
            recent=recent.get(p.id, []),
        )
        for p in people
    ]


def open_items(customer: Customer, user: User, earlier_notes: list[dict]) -> list[dict]:
    """What earlier notes left open: items the user's summaries proposed and nobody decided, and
    the tasks and next steps the rule-based summariser finds in earlier meetings' notes."""
    from assistant import notes

    found = []
    runs = AssistantRun.objects.filter(
        customer=customer, created_by=user, kind=AssistantRun.Kind.SUMMARY, status=AssistantRun.Status.DONE
    ).order_by("-created_at")[:5]
    for run in runs:
        for item in run.items:
            if item.get("state") == "proposed" and item.get("kind") in ("task", "next_step", "risk"):
                found.append({"text": item["text"], "date": run.reference_date.isoformat()})
    for earlier in earlier_notes[:3]:
        day = datetime.date.fromisoformat(earlier["date"])
        summary = notes.summarise(earlier.get("text", ""), today=day, people=[])
        for item in summary.items:
            if item.kind in ("task", "next_step"):
                found.append({"text": item.text, "date": earlier["date"]})
    return found


def recent_runs(customer: Customer, user: User, limit: int = 8) -> list[AssistantRun]:
    return list(
        AssistantRun.objects.filter(customer=customer, created_by=user)
        .only("pk", "kind", "status", "provider", "created_at", "customer_id")
        .order_by("-created_at", "-pk")[:limit]
    )


def runs_naming(person: Stakeholder, pattern) -> list[int]:
    """Ids of the runs that name the person: linked to them, or mentioning them in any text kept."""
    ids = set(AssistantRun.objects.filter(stakeholders=person).values_list("pk", flat=True))
    if pattern is not None:
        for pk, source, prompt, response, result in AssistantRun.objects.filter(
            customer_id=person.customer_id
        ).values_list("pk", "source_text", "prompt", "response", "result"):
            if any(pattern.search(str(text)) for text in (source, prompt, response, result)):
                ids.add(pk)
    return sorted(ids)


def visible_q(user: User) -> Q:
    """Runs a user may open: their own (administrators may open any)."""
    return Q() if access.is_admin(user) else Q(created_by=user)
