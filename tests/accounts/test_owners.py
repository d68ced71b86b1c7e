"""Who owns an account: the owner page, the administrator's customer form, decisions that make a key
account, and the hand-over of a leaving KAM's accounts, open actions and steps."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AccountMember, Customer, Event, NextStep, SelectionDecision
from planning.models import AccountPlan, Action
from risk.models import RiskItem
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """E-mails leave after the transaction commits: run those callbacks when each request ends."""
    from django.test import Client

    post = Client.post

    def post_and_commit(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post_and_commit)


@pytest.fixture
def newcomer(team_a):
    """A KAM in team A who is to take accounts over; reads Norwegian."""
    user = UserFactory(email="nina@example.org", full_name="Nina Ny", language="nb")
    team_a.members.add(user)
    return user


def _owner_post(client, customer, **data):
    customer.refresh_from_db()
    payload = {"team": customer.team_id, "version": customer.version} | data
    return client.post(reverse("accounts:customer-owner", args=[customer.pk]), payload)


def test_a_leader_gives_the_account_to_a_kam_of_the_team_who_is_told_in_their_language(
    client, leader, owner, customer, newcomer
):
    client.force_login(leader)
    page = client.get(reverse("accounts:customer-owner", args=[customer.pk])).content.decode()
    assert "Nina Ny" in page and "Olav" not in page
    r = _owner_post(client, customer, owner=newcomer.pk)
    assert r.status_code == 302
    customer.refresh_from_db()
    assert customer.owner == newcomer
    assert AccountMember.objects.filter(customer=customer, user=owner, role="contributor").exists()
    event = Event.objects.filter(customer=customer, kind="owner.changed").get()
    assert event.actor == leader and event.data == {"old": "Ingrid Solberg", "new": "Nina Ny"}
    (message,) = mail.outbox
    assert message.to == ["nina@example.org"]
    assert message.subject == "Du er nå kundeansvarlig for Nordfjord Energi AS"
    assert f"/customers/{customer.pk}/" in message.body and "Lars Haugen" in message.body


def test_the_new_owner_sees_the_account_on_their_home_page(client, leader, customer, newcomer):
    client.force_login(leader)
    _owner_post(client, customer, owner=newcomer.pk)
    client.force_login(newcomer)
    assert "Nordfjord Energi AS" in client.get(reverse("accounts:home")).content.decode()


@pytest.mark.parametrize("who", ["outsider", "inactive"])
def test_the_owner_must_be_an_active_member_of_the_team(client, leader, customer, team_a, outsider, who):
    person = outsider
    if who == "inactive":
        person = UserFactory(full_name="Gone Away", is_active=False)
        team_a.members.add(person)
    client.force_login(leader)
    r = _owner_post(client, customer, owner=person.pk)
    assert r.status_code == 400
    customer.refresh_from_db()
    assert customer.owner.full_name == "Ingrid Solberg" and not mail.outbox
    assert not Event.objects.filter(kind="owner.changed").exists()


def test_a_team_the_leader_does_not_lead_is_refused(client, leader, customer, team_b, newcomer):
    team_b.members.add(newcomer)
    client.force_login(leader)
    assert _owner_post(client, customer, owner=newcomer.pk, team=team_b.pk).status_code == 400
    customer.refresh_from_db()
    assert customer.team.name == "Energy and Industry Norway"


def test_a_stale_owner_form_changes_nothing(client, leader, customer, newcomer):
    client.force_login(leader)
    r = client.post(
        reverse("accounts:customer-owner", args=[customer.pk]),
        {"team": customer.team_id, "owner": newcomer.pk, "version": customer.version + 5},
        follow=True,
    )
    assert "nothing was saved" in r.content.decode()
    customer.refresh_from_db()
    assert customer.owner.full_name == "Ingrid Solberg"


def test_the_owner_page_is_linked_for_leaders_only(client, leader, owner, customer):
    url = reverse("accounts:customer-owner", args=[customer.pk])
    client.force_login(leader)
    assert url in client.get(customer.get_absolute_url()).content.decode()
    client.force_login(owner)
    assert url not in client.get(customer.get_absolute_url()).content.decode()


def test_the_administrators_customer_form_sets_owner_and_team(client, admin_user, customer, newcomer):
    client.force_login(admin_user)
    url = reverse("accounts:customer-edit", args=[customer.pk])
    assert 'name="owner"' in client.get(url).content.decode()
    customer.refresh_from_db()
    data = {
        "name": customer.name,
        "tier": customer.tier,
        "version": customer.version,
        "owner": newcomer.pk,
        "team": customer.team_id,
    }
    assert client.post(url, data).status_code == 302
    customer.refresh_from_db()
    assert customer.owner == newcomer and len(mail.outbox) == 1
    assert Event.objects.filter(customer=customer, kind="owner.changed").exists()


def test_a_kams_customer_form_has_no_owner_field(client, owner, customer):
    client.force_login(owner)
    assert (
        'name="owner"'
        not in client.get(reverse("accounts:customer-edit", args=[customer.pk])).content.decode()
    )


# --- Decisions that make a key account ------------------------------------------------------------
def test_making_a_key_account_asks_who_owns_it_and_hands_it_over(client, leader, customer, newcomer):
    Customer.objects.filter(pk=customer.pk).update(status="candidate")
    client.force_login(leader)
    tab = client.get(reverse("accounts:customer-selection", args=[customer.pk])).content.decode()
    assert "Who will own it as a key account?" in tab and "Nina Ny" in tab
    r = client.post(
        reverse("accounts:decision-create", args=[customer.pk]),
        {"kind": "make_key", "reason": "Agreed with management", "owner": newcomer.pk},
    )
    assert r.status_code == 302
    customer.refresh_from_db()
    assert (customer.status, customer.owner) == ("key", newcomer)
    assert [m.to for m in mail.outbox] == [["nina@example.org"]]


def test_a_key_account_decision_without_an_owner_is_refused(client, leader, customer):
    Customer.objects.filter(pk=customer.pk).update(status="candidate")
    client.force_login(leader)
    r = client.post(
        reverse("accounts:decision-create", args=[customer.pk]),
        {"kind": "make_key", "reason": "Agreed", "owner": ""},
    )
    assert r.status_code == 400 and "Choose who will own the key account." in r.content.decode()
    assert not SelectionDecision.objects.exists()


def test_an_owner_outside_the_team_refuses_the_whole_decision(client, leader, customer, outsider):
    Customer.objects.filter(pk=customer.pk).update(status="candidate")
    client.force_login(leader)
    r = client.post(
        reverse("accounts:decision-create", args=[customer.pk]),
        {"kind": "make_key", "reason": "Agreed", "owner": outsider.pk},
    )
    assert r.status_code == 400
    customer.refresh_from_db()
    assert customer.status == "candidate" and not SelectionDecision.objects.exists()


def test_the_calibration_row_asks_for_the_owner_too(client, leader, customer, newcomer):
    Customer.objects.filter(pk=customer.pk).update(status="candidate")
    client.force_login(leader)
    form = client.get(reverse("accounts:calibration-decide", args=[customer.pk]), HTTP_HX_REQUEST="true")
    assert 'name="owner"' in form.content.decode() and "Nina Ny" in form.content.decode()


# --- A leaving KAM hands everything over ---------------------------------------------------------
@pytest.fixture
def leaving_kam(owner, customer, team_a, contributor):
    """Ingrid leaves: she owns two accounts, is on a third team, has an open action, step and risk."""
    second = CustomerFactory(name="Fjellkraft AS", owner=owner, team=team_a)
    third = CustomerFactory(name="Havbruk AS", owner=contributor, team=team_a)
    AccountMember.objects.create(customer=third, user=owner, role="viewer")
    plan = AccountPlan.objects.create(
        customer=customer, period=2026, status="active", next_review_due=datetime.date(2026, 9, 1)
    )
    Action.objects.create(plan=plan, title="Book the QBR", owner=owner, due=datetime.date(2026, 6, 1))
    Action.objects.create(
        plan=plan, title="Old", owner=owner, due=datetime.date(2026, 6, 1), status=Action.Status.DONE
    )
    NextStep.objects.create(customer=second, gap_key="x", kind="plan_meeting", text="Call", assignee=owner)
    RiskItem.objects.create(customer=customer, title="Price war", owner=owner)
    return [customer, second, third]


def test_a_leader_hands_a_leaving_kams_accounts_actions_and_steps_over_in_one_step(
    client, leader, owner, newcomer, leaving_kam
):
    customer, second, third = leaving_kam
    client.force_login(leader)
    url = reverse("accounts:kam-hand-over", args=[owner.pk])
    page = client.get(url).content.decode()
    assert "Fjellkraft AS" in page and "1 open action" in page and "1 open risk" in page
    r = client.post(url, {"to": newcomer.pk, "confirm": "on"}, follow=True)
    body = r.content.decode()
    assert "Nina Ny now owns 2 accounts that Ingrid Solberg owned." in body
    assert "1 open action" in body and "1 open next step" in body and "1 seat on an account team" in body
    assert set(Customer.objects.filter(owner=newcomer)) == {customer, second}
    assert Action.objects.get(title="Book the QBR").owner == newcomer
    assert Action.objects.get(title="Old").owner == owner  # done work keeps its history
    assert NextStep.objects.get().assignee == newcomer and RiskItem.objects.get().owner == newcomer
    assert not AccountMember.objects.filter(user=owner).exists()
    assert AccountMember.objects.filter(customer=third, user=newcomer, role="viewer").exists()
    (message,) = mail.outbox
    assert "2" in message.subject


def test_a_hand_over_to_someone_outside_a_team_moves_nothing(client, leader, owner, outsider, leaving_kam):
    client.force_login(leader)
    r = client.post(reverse("accounts:kam-hand-over", args=[owner.pk]), {"to": outsider.pk, "confirm": "on"})
    assert r.status_code == 400
    assert Customer.objects.filter(owner=owner).count() == 2 and not mail.outbox


def test_a_hand_over_needs_the_confirmation(client, leader, owner, newcomer, leaving_kam):
    client.force_login(leader)
    r = client.post(reverse("accounts:kam-hand-over", args=[owner.pk]), {"to": newcomer.pk})
    assert r.status_code == 400 and Customer.objects.filter(owner=owner).count() == 2


def test_a_hand_over_recipient_outside_one_accounts_team_refuses_all(
    client, leader, owner, team_a, team_b, newcomer, leaving_kam
):
    customer, second, _third = leaving_kam
    team_b.leaders.add(leader)
    Customer.objects.filter(pk=second.pk).update(team=team_b)
    client.force_login(leader)
    r = client.post(reverse("accounts:kam-hand-over", args=[owner.pk]), {"to": newcomer.pk, "confirm": "on"})
    assert r.status_code == 400 and "Fjellkraft AS" in r.content.decode()
    assert Customer.objects.filter(owner=owner).count() == 2
    assert Action.objects.get(title="Book the QBR").owner == owner


def test_the_calibration_board_links_each_kam_to_their_hand_over(client, leader, owner, customer):
    client.force_login(leader)
    board = client.get(reverse("accounts:calibration")).content.decode()
    assert reverse("accounts:kam-hand-over", args=[owner.pk]) in board
