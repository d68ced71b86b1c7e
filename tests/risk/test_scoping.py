"""No figure, chart or simulation includes a customer the user may not see.

The foreign customer carries a revenue no other number on the page can produce by accident.
"""

import pytest
from django.urls import reverse

from tests.risk.conftest import revenue

UNIQUE = "7,654,321"


@pytest.fixture
def two_teams(customer, foreign_customer):
    revenue(customer, 1_000_000, spend=4_000_000)
    revenue(foreign_customer, "7654321.09", spend=9_000_000)
    return customer, foreign_customer


def pages(customer, foreign_customer):
    whatif = reverse("risk:whatif")
    return [
        reverse("risk:portfolio"),
        reverse("risk:portfolio") + "?rows=all",
        f"{whatif}?kind=lose&customers={foreign_customer.pk}&customers={customer.pk}",
        f"{whatif}?q=M%C3%A4lar",
        reverse("risk:customer-risk", args=[customer.pk]),
    ]


@pytest.mark.parametrize("role", ["owner", "contributor", "viewer", "leader"])
def test_team_a_never_sees_the_foreign_customer_in_any_figure(client, cast, two_teams, role):
    client.force_login(cast.role(role))
    for url in pages(*two_teams):
        body = client.get(url).content.decode()
        assert UNIQUE not in body and "7654321" not in body, url
        assert cast.foreign_customer.name not in body, url
    body = client.get(reverse("risk:portfolio")).content.decode()
    assert "100.0\u00a0%" in body  # the own customer is the whole revenue in view


def test_the_other_leader_sees_only_their_team(client, cast, two_teams):
    client.force_login(cast.other_leader)
    body = client.get(reverse("risk:portfolio")).content.decode()
    assert UNIQUE in body
    assert cast.customer.name not in body and "1,000,000" not in body


def test_the_simulator_ignores_customers_outside_the_view(client, cast, two_teams):
    client.force_login(cast.owner)
    url = reverse("risk:whatif") + f"?kind=lose&customers={cast.foreign_customer.pk}"
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.context["simulation"].affected == ()
    assert response.context["simulation"].after.total == response.context["simulation"].before.total


def test_a_saved_scenario_never_reaches_a_foreign_customer(client, cast, two_teams):
    client.force_login(cast.owner)
    data = {"name": "Sneaky", "kind": "lose", "customers": [cast.foreign_customer.pk, cast.customer.pk]}
    client.post(reverse("risk:scenario-save"), data)
    scenario = cast.owner.whatif_scenarios.get()
    assert [change["customer"] for change in scenario.changes] == [cast.customer.pk]


def test_the_administrator_sees_everything_so_the_test_above_can_fail(client, cast, two_teams):
    client.force_login(cast.admin)
    body = client.get(reverse("risk:portfolio")).content.decode()
    assert UNIQUE in body and cast.customer.name in body


def test_an_outsider_sees_an_empty_portfolio(client, cast, two_teams):
    client.force_login(cast.outsider)
    response = client.get(reverse("risk:portfolio"))
    assert response.status_code == 200
    assert UNIQUE not in response.content.decode()
    assert "No revenue figures yet" in response.content.decode()
