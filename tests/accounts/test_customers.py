from django.urls import reverse

from accounts import access
from accounts.models import AccountMember, Customer, Event


def test_home_lists_my_accounts_with_key_accounts_first(client, owner, customer, foreign_customer):
    Customer.objects.create(name="Aasen Prospekt AS", owner=owner, status=Customer.Status.PROSPECT)
    client.force_login(owner)
    page = client.get(reverse("accounts:home")).content.decode()
    assert page.index("Nordfjord Energi AS") < page.index("Aasen Prospekt AS")
    assert "Mälarkraft AB" not in page


def test_contributor_sees_the_accounts_they_are_on(client, contributor, customer):
    client.force_login(contributor)
    assert "Nordfjord Energi AS" in client.get(reverse("accounts:home")).content.decode()


def test_creating_a_customer_makes_me_the_owner_and_starts_the_timeline(client, owner, team_a):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:customer-create"), {"name": "  Fjellheim Bygg AS ", "status": "prospect"}
    )
    customer = Customer.objects.get(name="Fjellheim Bygg AS")
    assert response["Location"] == customer.get_absolute_url()
    assert (customer.owner, customer.team) == (owner, team_a)
    assert customer.events.get().kind == "customer.created"


def test_a_blank_name_or_bad_country_is_refused_and_nothing_is_written(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:customer-create"), {"name": "   ", "status": "key", "country": "N0"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required" in body or "Give the customer a name" in body
    assert "is not an ISO 3166 country code" in body
    assert not Customer.objects.exists()


def test_status_change_is_written_to_the_timeline(client, owner, customer):
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.PROSPECT)
    client.force_login(owner)
    url = reverse("accounts:customer-edit", args=[customer.pk])
    client.post(url, {"name": customer.name, "status": "candidate", "version": customer.version})
    event = Event.objects.get(customer=customer, kind="customer.status_changed")
    assert event.data == {"old": "prospect", "new": "candidate"}
    assert event.actor == owner
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "changed the status from Prospect to Candidate" in page


def test_a_key_account_cannot_be_demoted_through_the_edit_form(client, owner, customer):
    client.force_login(owner)
    client.post(
        reverse("accounts:customer-edit", args=[customer.pk]), {"name": customer.name, "status": "prospect"}
    )
    customer.refresh_from_db()
    assert customer.status == Customer.Status.KEY


def test_over_long_name_is_refused_without_a_change(client, owner, customer):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:customer-edit", args=[customer.pk]), {"name": "N" * 201, "status": "key"}
    )
    assert response.status_code == 400
    customer.refresh_from_db()
    assert customer.name == "Nordfjord Energi AS"


def test_owner_adds_a_member_through_htmx_and_gets_the_fragment(client, owner, outsider, customer):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:member-add", args=[customer.pk]),
        {"user": outsider.pk, "role": "viewer", "responsibility": "Invoicing"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Olav Utenfor" in response.content.decode()
    assert AccountMember.objects.get(customer=customer, user=outsider).role == "viewer"
    assert access.can(outsider, "customer.view", customer)
    assert not access.can(outsider, "customer.edit", customer)


def test_adding_with_a_bogus_role_writes_nothing(client, owner, outsider, customer):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:member-add", args=[customer.pk]),
        {"user": outsider.pk, "role": "emperor"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert not AccountMember.objects.filter(user=outsider).exists()


def test_removing_a_member_takes_away_their_access(client, owner, contributor, customer):
    client.force_login(owner)
    member = AccountMember.objects.get(customer=customer, user=contributor)
    client.post(reverse("accounts:member-remove", args=[customer.pk, member.pk]))
    assert not access.visible_customers(contributor).filter(pk=customer.pk).exists()
    assert customer.events.filter(kind="member.removed").exists()


def test_a_member_of_another_customer_cannot_be_removed_through_mine(
    client, owner, customer, foreign_customer
):
    other = AccountMember.objects.create(customer=foreign_customer, user=owner, role="viewer")
    client.force_login(owner)
    response = client.post(reverse("accounts:member-remove", args=[customer.pk, other.pk]))
    assert response.status_code == 404
    assert AccountMember.objects.filter(pk=other.pk).exists()


def test_timeline_is_paged_and_the_fragment_has_no_page_frame(client, owner, customer):
    from tests.factories import EventFactory

    EventFactory.create_batch(30, customer=customer)
    client.force_login(owner)
    url = reverse("accounts:customer-timeline", args=[customer.pk]) + "?page=2"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    full = client.get(url)
    assert "<html" not in fragment.content.decode()
    assert "<html" in full.content.decode()
    assert "Page 2 of 2" in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    assert "HX-Request" in full["Vary"]


def test_leader_sees_team_portfolio_but_not_other_teams(client, leader, customer, foreign_customer):
    client.force_login(leader)
    page = client.get(reverse("accounts:portfolio")).content.decode()
    assert "Energy and Industry Norway" in page
    assert "Sweden Enterprise" not in page
    assert "Ingrid Solberg" in page
    assert customer.name in page and foreign_customer.name not in page


def test_leader_may_decide_but_not_edit_plan_content(leader, customer):
    assert access.can(leader, "customer.decide", customer)
    assert not access.can(leader, "customer.edit", customer)


def test_visible_customers_is_one_query_whatever_the_number_of_teams(
    django_assert_num_queries, owner, customer
):
    with django_assert_num_queries(1):
        list(access.visible_customers(owner))
