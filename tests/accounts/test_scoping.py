"""Lists that follow a person (steps, actions) show only what the person may see now."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccountMember, NextStep

pytestmark = pytest.mark.django_db


def step(customer, text, **fields):
    return NextStep.objects.create(
        customer=customer, gap_key=f"map:{text}", kind=NextStep.Kind.MAP_PEOPLE, text=text, **fields
    )


def home(client, user) -> str:
    from meetings.tasks import sweep

    sweep()  # "Needs attention" reads the reminder outbox, which the sweep fills
    client.force_login(user)
    return client.get(reverse("accounts:home")).content.decode()


def test_someone_taken_off_the_account_team_stops_seeing_its_next_steps(client, owner, contributor, customer):
    step(customer, "Map the procurement department", assignee=contributor)
    assert "Map the procurement department" in home(client, contributor)

    member = AccountMember.objects.get(customer=customer, user=contributor)
    services.member_remove(member=member, by=owner)

    assert "Map the procurement department" not in home(client, contributor)
    assert NextStep.objects.filter(assignee=contributor, status=NextStep.Status.OPEN).exists()


def test_a_former_owner_taken_off_the_team_no_longer_sees_steps_of_the_customer(
    client, owner, contributor, customer, team_a
):
    step(customer, "Plan a meeting with the new CFO", assignee=owner)
    services.customer_hand_over(customer=customer, new_owner=contributor, by=owner)
    services.member_remove(member=AccountMember.objects.get(customer=customer, user=owner), by=contributor)
    team_a.members.remove(owner)

    assert "Plan a meeting with the new CFO" not in home(client, owner)


def test_steps_on_customers_the_user_still_sees_stay_listed(client, owner, contributor, customer):
    step(customer, "Introduce our delivery lead", assignee=contributor)
    step(customer, "Unassigned, for the owner")
    assert "Introduce our delivery lead" in home(client, contributor)
    assert "Unassigned, for the owner" in home(client, owner)
    assert "Unassigned, for the owner" not in home(client, contributor)
