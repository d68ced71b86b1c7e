from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Customer, FinancialPeriod
from tests.factories import CustomerFactory


def _names(response) -> list[str]:
    return [c.name for c in response.context["page"].object_list]


def test_list_shows_only_customers_the_user_may_see(client, owner, customer, foreign_customer):
    client.force_login(owner)
    assert _names(client.get(reverse("accounts:customer-list"))) == ["Nordfjord Energi AS"]


def test_search_matches_name_org_number_and_industry(client, owner, customer):
    CustomerFactory(name="Havbris Sjømat AS", owner=owner, org_number="923 609 016", industry="Seafood")
    client.force_login(owner)
    url = reverse("accounts:customer-list")
    assert _names(client.get(url, {"q": "sjømat"})) == ["Havbris Sjømat AS"]
    assert _names(client.get(url, {"q": "609"})) == ["Havbris Sjømat AS"]
    assert _names(client.get(url, {"q": "seafood"})) == ["Havbris Sjømat AS"]
    for spelling in ("923609016", "NO 923 609 016 MVA"):  # stored one way, found however typed
        assert _names(client.get(url, {"q": spelling})) == ["Havbris Sjømat AS"], spelling


def test_filters_combine(client, owner, customer, team_a):
    CustomerFactory(name="Mjøsa Bygg AS", owner=owner, team=team_a, status="candidate", tier=1, country="NO")
    CustomerFactory(
        name="Göta Logistik AB", owner=owner, team=team_a, status="candidate", tier=2, country="SE"
    )
    client.force_login(owner)
    response = client.get(reverse("accounts:customer-list"), {"status": "candidate", "country": "SE"})
    assert _names(response) == ["Göta Logistik AB"]
    assert _names(client.get(reverse("accounts:customer-list"), {"tier": "1"})) == ["Mjøsa Bygg AS"]


def test_sort_by_revenue_puts_unknown_revenue_last(client, owner, customer):
    big = CustomerFactory(name="Big AS", owner=owner)
    small = CustomerFactory(name="Small AS", owner=owner)
    FinancialPeriod.objects.create(customer=big, year=2026, revenue=9_000_000, gross_margin=1)
    FinancialPeriod.objects.create(customer=small, year=2026, revenue=100, gross_margin=1)
    FinancialPeriod.objects.create(customer=small, year=2025, revenue=99_000_000, gross_margin=1)
    client.force_login(owner)
    response = client.get(reverse("accounts:customer-list"), {"sort": "-revenue"})
    assert _names(response) == ["Big AS", "Small AS", "Nordfjord Energi AS"]


def test_nonsense_filter_values_are_ignored_not_an_error(client, owner, customer):
    client.force_login(owner)
    response = client.get(
        reverse("accounts:customer-list"), {"status": "emperor", "tier": "x", "sort": "drop"}
    )
    assert response.status_code == 200
    assert _names(response) == ["Nordfjord Energi AS"]


def test_htmx_filter_request_gets_only_the_results(client, owner, customer):
    client.force_login(owner)
    response = client.get(reverse("accounts:customer-list"), {"q": "Nord"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="customer-results"' in body
    assert "HX-Request" in response["Vary"]


def _list_queries(client, user, count: int) -> tuple[int, int]:
    Customer.objects.bulk_create(
        [
            Customer(name=f"Kunde {i:04d} AS", owner=user, status="key", org_number=f"{user.pk}-{count}-{i}")
            for i in range(count)
        ]
    )
    customers = list(Customer.objects.filter(owner=user, org_number__startswith=f"{user.pk}-{count}-"))
    FinancialPeriod.objects.bulk_create(
        [
            FinancialPeriod(customer=c, year=2026, revenue=1000 + i, gross_margin=100)
            for i, c in enumerate(customers)
        ]
    )
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:customer-list"), {"sort": "-revenue"})
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_list_query_count_does_not_grow_with_the_number_of_customers(client, owner, other_leader):
    # The same person at both sizes: a team leader's page reads their teams, a KAM's does not.
    for user in (owner, other_leader):
        small, _ = _list_queries(client, user, 10)
        large, html_bytes = _list_queries(client, user, 2000)
        assert small == large, user
        assert large <= 15
        assert html_bytes < 60 * 1024  # 50 rows a page
