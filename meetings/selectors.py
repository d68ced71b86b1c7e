"""Page reads of the meetings app. The rhythm of many customers is read in three queries whatever
their number, so the tab, account health, the portfolio and the reminder sweep share one path."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Customer, Stakeholder, User
from meetings import cadence
from meetings.models import CadenceRule, Deviation, Meeting, MeetingChange, MeetingType

PAST_PAGE = 20


@dataclass(frozen=True)
class Rhythm:
    """One meeting type for one customer: its rule, where it stands, how it was kept."""

    meeting_type: str
    rule: cadence.Rule
    last_held: datetime.date | None
    state: cadence.State
    adherence: cadence.Adherence | None
    version: int = 0  # of the customer's own rule (0 when it follows the tier)

    @property
    def label(self) -> str:
        return str(MeetingType(self.meeting_type).label)


def tier_defaults() -> dict[tuple[int, str], CadenceRule]:
    rules = CadenceRule.objects.filter(customer__isnull=True)
    return {(r.tier, r.meeting_type): r for r in rules}


def rhythms(
    customers: Sequence[Customer], today: datetime.date, kinds: Collection[str] | None = None
) -> dict[int, dict[str, Rhythm]]:
    """Every meeting type's rhythm for each customer given (or only the `kinds` asked for, reading
    only their meetings), in two queries.

    The rhythm begins on the day the customer was added (its `since`), so a new account is not
    overdue on its first day. Meetings older than the window and the longest interval before it
    (three years) are not read: a rhythm that old is overdue whatever happened then.
    """
    ids = [c.pk for c in customers]
    if not ids:
        return {}
    defaults, overrides = {}, defaultdict(dict)
    for rule in CadenceRule.objects.filter(Q(customer__isnull=True) | Q(customer__in=ids)):
        if rule.customer_id is None:
            defaults[(rule.tier, rule.meeting_type)] = rule.interval_months
        else:
            overrides[rule.customer_id][rule.meeting_type] = rule
    horizon = cadence.add_months(today, -cadence.WINDOW_MONTHS - cadence.LONGEST_LOOKBACK)
    held, planned = defaultdict(list), defaultdict(list)
    rows = Meeting.objects.filter(customer__in=ids, starts_at__date__gte=horizon).exclude(
        status=Meeting.Status.CANCELLED
    )
    if kinds is not None:
        rows = rows.filter(meeting_type__in=kinds)
    for customer_id, kind, status, starts_at, zone in rows.values_list(
        "customer_id", "meeting_type", "status", "starts_at", "time_zone"
    ):
        day = cadence.local_day(starts_at, zone)
        (held if status == Meeting.Status.HELD else planned)[(customer_id, kind)].append(day)
    found = {}
    for customer in customers:
        own = overrides.get(customer.pk, {})
        rules = cadence.rules_for(
            customer.tier, defaults, {k: (r.interval_months, r.reason) for k, r in own.items()}
        )
        since = timezone.localdate(customer.created_at)
        found[customer.pk] = {}
        for kind, rule in rules.items():
            if kinds is not None and kind not in kinds:
                continue
            days = held[(customer.pk, kind)]
            last = max(days, default=None)
            due = cadence.next_due(last, rule.interval_months, since)
            found[customer.pk][kind] = Rhythm(
                meeting_type=kind,
                rule=rule,
                last_held=last,
                state=cadence.state(due, planned[(customer.pk, kind)], today, rule.interval_months),
                adherence=cadence.adherence(days, rule.interval_months, today, since),
                version=own[kind].version if kind in own else 0,
            )
    return found


# --- The customer's Meetings tab ------------------------------------------------------------------
def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("organizer").annotate(
        our_count=Count("our_attendees", distinct=True),
        their_count=Count("their_attendees", distinct=True),
        action_count=Count("actions", distinct=True),
    )


@dataclass
class Tab:
    rhythm: list[Rhythm]
    upcoming: list[Meeting]
    past: list[Meeting]
    past_total: int
    open_deviations: list[Deviation]
    closed_deviations: list[Deviation]
    mean_days_to_resolve: float | None


def customer_tab(customer: Customer, today: datetime.date, show_all: bool = False) -> Tab:
    """What the Meetings tab shows: rhythm, upcoming and past meetings, deviations (fixed queries)."""
    now = timezone.now()
    meetings = Meeting.objects.filter(customer=customer)
    upcoming = _with_counts(meetings.planned().filter(ends_at__gte=now)).order_by("starts_at", "pk")
    past = _with_counts(meetings.filter(Q(ends_at__lt=now) | ~Q(status=Meeting.Status.PLANNED))).order_by(
        "-starts_at", "-pk"
    )
    past_list = list(past if show_all else past[:PAST_PAGE])
    total = len(past_list) if show_all else past.count()
    deviations = Deviation.objects.filter(customer=customer).select_related("owner")
    closed = list(deviations.filter(closed_on__isnull=False).order_by("-closed_on", "-pk")[:10])
    year_ago = today - datetime.timedelta(days=365)
    resolved = [d.days_to_resolve for d in closed if d.closed_on >= year_ago]
    return Tab(
        rhythm=list(rhythms([customer], today)[customer.pk].values()),
        upcoming=list(upcoming),
        past=past_list,
        past_total=total,
        open_deviations=list(deviations.filter(closed_on__isnull=True).order_by("opened_on", "pk")),
        closed_deviations=closed,
        mean_days_to_resolve=sum(resolved) / len(resolved) if resolved else None,
    )


def team_people(customer: Customer) -> QuerySet[User]:
    """Our people who may attend: the account owner and the account team, active."""
    return (
        User.objects.filter(Q(pk=customer.owner_id) | Q(memberships__customer=customer), is_active=True)
        .distinct()
        .order_by("full_name")
    )


def their_people(customer: Customer) -> QuerySet[Stakeholder]:
    """Their people who may attend: the customer's stakeholders still there (no internal fields)."""
    return Stakeholder.objects.filter(customer=customer).present().without_internal().order_by("name")


def meeting_detail_queryset() -> QuerySet[Meeting]:
    """Meetings with both sides' attendees, their history and the actions they created, and the
    customer's header, in five queries whatever the history (DISC and notes are never loaded)."""
    from django.db.models import Prefetch

    from planning.models import Action

    return Meeting.objects.select_related("customer__owner", "customer__team", "organizer").prefetch_related(
        "our_attendees",
        Prefetch("their_attendees", queryset=Stakeholder.objects.without_internal()),
        Prefetch("changes", queryset=MeetingChange.objects.select_related("by")),
        Prefetch("actions", queryset=Action.objects.select_related("owner", "plan")),
    )
