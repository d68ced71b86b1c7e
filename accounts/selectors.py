"""Page reads that span models; each returns a queryset or a small dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from accounts import access
from accounts.models import AccountMember, Customer, Event, Team, User

STATUS_ORDER = Case(
    When(status=Customer.Status.KEY, then=Value(0)),
    When(status=Customer.Status.CANDIDATE, then=Value(1)),
    When(status=Customer.Status.PROSPECT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
TIMELINE_PAGE_SIZE = 25


def my_accounts(user: User) -> QuerySet[Customer]:
    """Customers the user owns or is on the account team of: key accounts first."""
    member_of = AccountMember.objects.filter(user=user).values("customer")
    return (
        Customer.objects.filter(Q(owner=user) | Q(pk__in=member_of))
        .select_related("owner", "team")
        .annotate(status_rank=STATUS_ORDER)
        .order_by("status_rank", "name")
    )


def recent_events(customers: QuerySet[Customer], limit: int = 8) -> list[Event]:
    return list(
        Event.objects.filter(customer__in=customers.values("pk"))
        .select_related("actor", "customer")
        .order_by("-created_at", "-pk")[:limit]
    )


def account_team(customer: Customer) -> list[AccountMember]:
    return list(customer.members.select_related("user").order_by("user__full_name"))


def timeline_page(customer: Customer, page_number: str | int | None) -> Page:
    events = Event.objects.filter(customer=customer).select_related("actor").order_by("-created_at", "-pk")
    return Paginator(events, TIMELINE_PAGE_SIZE).get_page(page_number)


@dataclass
class KamRow:
    user: User
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class TeamPortfolio:
    team: Team
    rows: list[KamRow]
    totals: dict[str, int]


def portfolio(user: User) -> list[TeamPortfolio]:
    """Per team the user may see: each KAM's customers counted by status, in three queries."""
    teams = list(access.portfolio_teams(user).prefetch_related("members"))
    counts = (
        Customer.objects.filter(team__in=[t.pk for t in teams])
        .values("team_id", "owner_id", "status")
        .annotate(n=Count("pk"))
    )
    by_team: dict[int, dict[int, dict[str, int]]] = {}
    for row in counts:
        by_team.setdefault(row["team_id"], {}).setdefault(row["owner_id"], {})[row["status"]] = row["n"]
    owners = {u.pk: u for u in User.objects.filter(pk__in={o for t in by_team.values() for o in t})}
    result = []
    for team in teams:
        owner_counts = by_team.get(team.pk, {})
        people = {m.pk: m for m in team.members.all()} | {pk: owners[pk] for pk in owner_counts}
        rows = [KamRow(user=u, counts=owner_counts.get(pk, {})) for pk, u in people.items()]
        rows.sort(key=lambda r: (-r.counts.get(Customer.Status.KEY, 0), r.user.full_name))
        totals = {status: sum(r.counts.get(status, 0) for r in rows) for status in Customer.Status.values}
        result.append(TeamPortfolio(team=team, rows=rows, totals=totals))
    return result
