"""The risk pages in `manage.py bench`: the portfolio risk page, the Risk tab and a simulator update."""

from __future__ import annotations

from django.urls import reverse

from accounts import access
from accounts.bench import PORTFOLIO_RATIO, SCENARIOS, BenchError, Scenario
from accounts.models import Customer, User
from risk import selectors


def _key_account_tab(user: User | None) -> str:
    customer = Customer.objects.owned_by(user).key_accounts().order_by("pk").first()
    if customer is None:
        raise BenchError(f"{user} owns no key account; is the bench database seeded?")
    return reverse("risk:customer-risk", args=[customer.pk])


def _lose_the_largest(user: User | None) -> str:
    """The simulator recalculating "we lose our largest customer" (a GET: it only reads)."""
    customers = access.visible_customers(user)
    year = selectors.pick_year(selectors.revenue_years(customers), None)
    entries = sorted(selectors.simulator_customers(customers, year), key=lambda e: -e.revenue)
    if not entries:
        raise BenchError(f"{user} sees no customer with revenue; is the bench database seeded?")
    return reverse("risk:whatif") + f"?kind=lose&customers={entries[0].customer_id}"


SCENARIOS.extend(
    [
        Scenario(
            "risk portfolio (leader)",
            "leader",
            lambda user: reverse("risk:portfolio"),
            min_ratio=PORTFOLIO_RATIO,
        ),
        Scenario(
            "risk portfolio (KAM)", "kam", lambda user: reverse("risk:portfolio"), min_ratio=PORTFOLIO_RATIO
        ),
        Scenario("customer Risk tab (KAM's key account)", "kam", _key_account_tab),
        Scenario(
            "what-if update: lose the largest (htmx, leader)",
            "leader",
            _lose_the_largest,
            headers={"HX-Request": "true"},
            min_ratio=PORTFOLIO_RATIO,
        ),
    ]
)
