"""The stakeholder pages keep a constant number of queries whatever the size of the map (10 and 200)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Interaction, Relationship, Stakeholder

LEVELS = ["executive", "management", "specialist", "operational"]
FUNCTIONS = ["top", "users", "finance", "operations"]


def build_map(customer, size: int, ours) -> list[Stakeholder]:
    people = Stakeholder.objects.bulk_create(
        Stakeholder(
            customer=customer,
            name=f"Person {n:03d}",
            title="Specialist",
            level=LEVELS[n % 4],
            function=FUNCTIONS[(n // 4) % 4],
            influence=1 + n % 5,
            attitude=["supporter", "neutral", "sceptic"][n % 3],
            disc=["red", "yellow", "green", "blue", "unknown"][n % 5],
            has_left=n % 37 == 36,
        )
        for n in range(size)
    )
    for n, person in enumerate(people[1:], start=1):
        person.reports_to = people[(n - 1) // 4]  # a real hierarchy, four reports each
    Stakeholder.objects.bulk_update(people, ["reports_to"])
    Relationship.objects.bulk_create(
        Relationship(stakeholder=p, user=ours[n % len(ours)], strength=n % 4, target=3, is_owner=True)
        for n, p in enumerate(people)
        if n % 3
    )
    entry = Interaction.objects.create(customer=customer, occurred_on=timezone.localdate(), summary="QBR")
    entry.stakeholders.set(people[:20])
    entry.our_people.set(ours)
    return people


PAGES = [
    ("accounts:customer-stakeholders", {}),
    ("accounts:customer-stakeholders", {"HTTP_HX_REQUEST": "true"}),
    ("accounts:stakeholder-map", {}),
    ("accounts:gap-list", {}),
    ("accounts:interaction-list", {}),
]


def _count(client, url, headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(("name", "headers"), PAGES)
def test_query_count_does_not_grow_with_the_map(client, owner, contributor, customer, name, headers):
    client.force_login(owner)
    url = reverse(name, args=[customer.pk])
    build_map(customer, 10, [owner, contributor])
    small = _count(client, url, headers)
    Stakeholder.objects.filter(customer=customer).delete()
    build_map(customer, 200, [owner, contributor])
    large = _count(client, url, headers)
    assert small == large, f"{name}: {small} queries for 10 people, {large} for 200"
    assert large <= 15


def test_the_map_page_with_200_people_draws_everyone(client, owner, contributor, customer):
    people = build_map(customer, 200, [owner, contributor])
    client.force_login(owner)
    body = client.get(reverse("accounts:stakeholder-map", args=[customer.pk])).content.decode()
    assert all(f'href="{p.get_absolute_url()}"' in body for p in people)


def test_a_person_page_has_a_fixed_number_of_queries(client, owner, contributor, customer):
    people = build_map(customer, 200, [owner, contributor])
    client.force_login(owner)
    # People with the same shape of data (a manager, reports, a relationship, a contact-log entry).
    counts = {_count(client, people[n].get_absolute_url(), {}) for n in (1, 4, 13)}
    assert len(counts) == 1 and counts.pop() <= 15
