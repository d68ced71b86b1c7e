"""The plan page and the white-space matrix in `manage.py bench`, on the KAM's first key account."""

from __future__ import annotations

from django.urls import reverse

from accounts.bench import SCENARIOS, BenchError, Scenario, UrlFor
from accounts.models import Customer, User


def _first_key_account(url_name: str) -> UrlFor:
    def url(user: User | None) -> str:
        customer = Customer.objects.owned_by(user).key_accounts().order_by("pk").first()
        if customer is None:
            raise BenchError(f"{user} owns no key account; is the bench database seeded?")
        return reverse(url_name, args=[customer.pk])

    return url


SCENARIOS += [
    Scenario("account plan (KAM's first key account)", "kam", _first_key_account("planning:customer-plan")),
    Scenario(
        "white-space matrix (KAM's first key account)",
        "kam",
        _first_key_account("planning:customer-whitespace"),
    ),
]
