"""Page reads that span models; each returns a queryset or a small dataclass."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from accounts import access, orgnumbers
from accounts.models import AccountMember, Customer, Event, FinancialPeriod, Team, User

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


def _timeline(customer: Customer) -> QuerySet[Event]:
    return Event.objects.filter(customer=customer).select_related("actor").order_by("-created_at", "-pk")


def timeline_page(customer: Customer, page_number: str | int | None) -> Page:
    return Paginator(_timeline(customer), TIMELINE_PAGE_SIZE).get_page(page_number)


def latest_events(customer: Customer, count: int) -> list[Event]:
    """The newest events, as the timeline's first page starts (without counting them all)."""
    return list(_timeline(customer)[:count])


CUSTOMER_LIST_PAGE_SIZE = 50
_SORT_FIELDS = {
    "name": ["name"],
    "-name": ["-name"],
    "status": ["status_rank", "name"],
    "tier": ["tier", "name"],
    "owner": ["owner__full_name", "name"],
    "-revenue": [F("latest_revenue").desc(nulls_last=True), "name"],
    "-updated": ["-updated_at"],
}


def latest_year(field: str) -> Subquery:
    """The customer's figure for the most recent whole year, as a correlated subquery (no N+1)."""
    periods = FinancialPeriod.objects.filter(customer=OuterRef("pk"), quarter=0).order_by("-year")
    return Subquery(periods.values(field)[:1])


def customer_list(user: User, filters: dict) -> QuerySet[Customer]:
    """Visible customers, searched, filtered and sorted; one query whatever the page size."""
    customers = (
        access.visible_customers(user)
        .select_related("owner", "team", "parent")
        .annotate(status_rank=STATUS_ORDER, latest_revenue=latest_year("revenue"))
    )
    if query := filters.get("q"):
        # A whole organisation number is found however it is typed ("NO 906800004 MVA"): it is
        # stored one way (`accounts.orgnumbers`).
        number = orgnumbers.stored(query)
        customers = customers.filter(
            Q(name__icontains=query)
            | Q(org_number__icontains=query)
            | Q(org_number=number)
            | Q(industry__icontains=query)
        )
    for name in ("status", "tier", "industry", "country"):
        if name in filters:
            customers = customers.filter(**{name: filters[name]})
    if "owner" in filters:
        customers = customers.filter(owner_id=filters["owner"])
    if "team" in filters:
        customers = customers.filter(team_id=filters["team"])
    return customers.order_by(*_SORT_FIELDS.get(filters.get("sort", "name"), ["name"]))


@dataclass
class FilterChoices:
    owners: list[User]
    teams: list[Team]
    industries: list[str]
    countries: list[str]


def customer_filter_choices(user: User) -> FilterChoices:
    """What the filters may offer: only values found among the customers the user can see."""
    visible = access.visible_customers(user)
    return FilterChoices(
        owners=list(User.objects.filter(pk__in=visible.values("owner_id")).order_by("full_name")),
        teams=list(Team.objects.filter(pk__in=visible.values("team_id")).order_by("name")),
        industries=list(
            visible.exclude(industry="").order_by("industry").values_list("industry", flat=True).distinct()
        ),
        countries=list(
            visible.exclude(country="").order_by("country").values_list("country", flat=True).distinct()
        ),
    )


def customer_page(customers: QuerySet[Customer], page_number: str | int | None) -> Page:
    return Paginator(customers, CUSTOMER_LIST_PAGE_SIZE).get_page(page_number)


# The columns of the customer list: plain values, not three model instances per row.
CUSTOMER_ROW_FIELDS = (
    "pk",
    "name",
    "org_number",
    "parent_id",
    "parent__name",
    "status",
    "tier",
    "owner__full_name",
    "owner__email",
    "team__name",
    "industry",
    "country",
    "latest_revenue",
)


def customer_row_page(customers: QuerySet[Customer], page_number: str | int | None) -> Page:
    """A page of `customer_list` as dicts of `CUSTOMER_ROW_FIELDS`: the same query, without building
    a customer, its owner, team and group for every row."""
    return customer_page(customers.values(*CUSTOMER_ROW_FIELDS), page_number)


def parent_choices(user: User, customer: Customer | None = None) -> QuerySet[Customer]:
    """Groups a customer may belong to: visible customers other than itself."""
    choices = access.visible_customers(user).order_by("name")
    return choices.exclude(pk=customer.pk) if customer else choices
