"""The Risk tab counts people and strong relationships each with its own plural, in every language."""

import pytest
from django.urls import reverse

from accounts.models import Relationship, Stakeholder
from accounts.models.stakeholders import Strength


@pytest.mark.parametrize(
    ("language", "one_strong", "two_people"),
    [
        ("en", "1 strong relationship", "2 people"),
        ("nb", "1 sterk relasjon", "2 personer"),
        ("sv", "1 stark relation", "2 personer"),
    ],
)
def test_one_strong_relationship_is_singular(client, customer, owner, language, one_strong, two_people):
    kari = Stakeholder.objects.create(customer=customer, name="Kari Nordmann")
    Stakeholder.objects.create(customer=customer, name="Per Olsen")
    Relationship.objects.create(stakeholder=kari, user=owner, strength=Strength.STRONG)
    owner.language = language
    owner.save()
    client.force_login(owner)
    page = client.get(reverse("risk:customer-risk", args=[customer.pk])).content.decode()
    assert f"{two_people}, {one_strong}<" in page
