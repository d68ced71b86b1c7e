"""Starting a plan and filling its sections through the client, with every kind of bad input."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AccountMember, Event
from planning.models import AccountPlan, Action, Goal, Opportunity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_contributor_starts_a_plan_and_the_first_review_is_due_a_quarter_later(client, contributor, customer):
    client.force_login(contributor)
    r = client.post(reverse("planning:plan-create", args=[customer.pk]), {"period": 2027, "summary": "Grow"})
    plan = AccountPlan.objects.get(customer=customer)
    assert r.status_code == 302 and r["Location"] == plan.get_absolute_url()
    assert plan.period == 2027 and plan.status == "draft" and plan.created_by == contributor
    assert (plan.next_review_due - datetime.date.today()).days in range(88, 93)
    assert Event.objects.filter(customer=customer, kind="plan.created").exists()


def test_a_second_plan_for_the_same_period_is_refused_with_a_message(client, owner, plan):
    client.force_login(owner)
    r = client.post(reverse("planning:plan-create", args=[plan.customer.pk]), {"period": 2027})
    assert r.status_code == 400
    assert "already has a plan for 2027" in r.content.decode()
    assert AccountPlan.objects.count() == 1


def test_the_plan_tab_shows_the_current_plan_and_viewers_read_it_without_edit_links(
    client, viewer, plan, goal
):
    client.force_login(viewer)
    r = client.get(reverse("planning:customer-plan", args=[plan.customer.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert goal.title in body
    assert reverse("planning:goal-edit", args=[goal.pk]) not in body
    assert reverse("planning:goal-create", args=[plan.pk]) not in body


def test_a_leader_reads_the_teams_plan_but_may_not_change_it(client, leader, plan, goal):
    client.force_login(leader)
    assert client.get(plan.get_absolute_url()).status_code == 200
    r = client.post(
        reverse("planning:goal-edit", args=[goal.pk]), {"kind": "strategic", "title": "X", "version": 1}
    )
    assert r.status_code == 403
    goal.refresh_from_db()
    assert goal.title != "X"


def test_the_plan_tab_without_a_plan_explains_and_offers_to_start_one(client, owner, customer):
    client.force_login(owner)
    r = client.get(reverse("planning:customer-plan", args=[customer.pk]))
    assert r.status_code == 200
    assert reverse("planning:plan-create", args=[customer.pk]) in r.content.decode()


def test_a_goal_due_before_its_baseline_date_is_refused(client, owner, plan):
    client.force_login(owner)
    r = client.post(
        reverse("planning:goal-create", args=[plan.pk]),
        {"kind": "strategic", "title": "Joint project", "baseline_date": "2027-06-01", "due": "2027-01-01"},
    )
    assert r.status_code == 400
    assert "cannot be before the baseline date" in r.content.decode()
    assert not Goal.objects.exists()


def test_a_financial_goal_needs_its_figure_and_reads_progress_from_the_financials(
    client, owner, plan, financials
):
    client.force_login(owner)
    url = reverse("planning:goal-create", args=[plan.pk])
    r = client.post(
        url, {"kind": "financial", "title": "Grow revenue", "baseline": "10000000", "target": "12000000"}
    )
    assert r.status_code == 400 and not Goal.objects.exists()
    data = {
        "kind": "financial",
        "metric": "revenue",
        "title": "Grow revenue",
        "baseline": "10000000",
        "target": "12000000",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "50 %" in page and "from the financials" in page


@pytest.mark.parametrize("probability", ["-1", "101", "abc"])
def test_a_probability_outside_0_to_100_percent_is_refused(client, owner, plan, probability):
    client.force_login(owner)
    r = client.post(
        reverse("planning:opportunity-create", args=[plan.pk]),
        {"name": "Pilot", "value": "1000", "probability": probability, "stage": "idea"},
    )
    assert r.status_code == 400
    assert not Opportunity.objects.exists()


def test_a_negative_opportunity_value_is_refused(client, owner, plan):
    client.force_login(owner)
    r = client.post(
        reverse("planning:opportunity-create", args=[plan.pk]),
        {"name": "Pilot", "value": "-5", "probability": "50", "stage": "idea"},
    )
    assert r.status_code == 400 and not Opportunity.objects.exists()


def test_an_opportunity_links_to_a_customer_goal_from_the_profile(client, owner, plan):
    from accounts.models import ProfileSection

    ProfileSection.objects.create(
        customer=plan.customer, key="goals", body="- Fewer outages\n- 400 chargers by 2028"
    )
    client.force_login(owner)
    url = reverse("planning:opportunity-create", args=[plan.pk])
    assert "400 chargers by 2028" in client.get(url).content.decode()
    data = {
        "name": "Charging",
        "customer_goal": "400 chargers by 2028",
        "value": "900",
        "probability": "30",
        "stage": "idea",
    }
    assert client.post(url, data).status_code == 302
    assert Opportunity.objects.get().customer_goal == "400 chargers by 2028"
    assert client.post(url, data | {"customer_goal": "Made up"}).status_code == 400


def test_the_action_owner_picker_offers_the_account_team_and_a_separate_add_someone_choice(
    client, owner, plan, contributor, viewer
):
    stranger = UserFactory(full_name="Nils Holm")
    client.force_login(owner)
    url = reverse("planning:action-create", args=[plan.pk])
    form = client.get(url).content.decode()
    picker = form.split('name="owner"', 1)[1].split("</select>", 1)[0]
    assert "Marte Eide" in picker and "Ingrid Solberg" in picker and "Nils Holm" not in picker
    newcomer = form.split('name="newcomer"', 1)[1].split("</select>", 1)[0]
    assert "Nils Holm" in newcomer and "Marte Eide" not in newcomer
    assert "or add someone to the account team" in form

    data = {"title": "Site visit", "owner": stranger.pk, "due": "2027-05-01", "status": "open"}
    assert client.post(url, data).status_code == 400  # not on the team: not offered, not taken
    assert not Action.objects.exists()

    r = client.post(url, data | {"owner": "", "newcomer": stranger.pk})
    assert r.status_code == 302
    assert Action.objects.get().owner == stranger
    assert AccountMember.objects.get(customer=plan.customer, user=stranger).role == "contributor"


def test_choosing_both_a_team_member_and_someone_new_is_refused(client, owner, plan, contributor):
    stranger = UserFactory(full_name="Nils Holm")
    client.force_login(owner)
    data = {"title": "Site visit", "owner": contributor.pk, "newcomer": stranger.pk, "due": "2027-05-01"}
    r = client.post(reverse("planning:action-create", args=[plan.pk]), data | {"status": "open"})
    assert r.status_code == 400 and not Action.objects.exists()


def test_a_contributor_cannot_add_people_to_the_team_through_the_picker(client, contributor, plan):
    stranger = UserFactory(full_name="Nils Holm")
    client.force_login(contributor)
    url = reverse("planning:action-create", args=[plan.pk])
    assert 'name="newcomer"' not in client.get(url).content.decode()
    data = {"title": "Site visit", "due": "2027-05-01", "status": "open", "add_to_team": "1"}
    for attempt in ({"owner": stranger.pk}, {"newcomer": stranger.pk}):
        assert client.post(url, data | attempt).status_code == 400
    assert not Action.objects.exists()
    assert not AccountMember.objects.filter(user=stranger).exists()


def test_a_responsibility_goes_to_the_team_or_to_someone_added_to_it(client, owner, plan):
    stranger = UserFactory(full_name="Nils Holm")
    client.force_login(owner)
    url = reverse("planning:responsibility-create", args=[plan.pk])
    picker = client.get(url).content.decode().split('name="person"', 1)[1].split("</select>", 1)[0]
    assert "Nils Holm" not in picker
    assert client.post(url, {"newcomer": stranger.pk, "area": "Invoicing"}).status_code == 302
    assert AccountMember.objects.filter(customer=plan.customer, user=stranger).exists()


def test_completing_an_action_with_htmx_returns_its_row(client, contributor, action):
    client.force_login(contributor)
    r = client.post(reverse("planning:action-complete", args=[action.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert b"<html" not in r.content and b"action-%d" % action.pk in r.content
    action.refresh_from_db()
    assert action.status == "done" and action.completed_at is not None


def test_viewer_cannot_complete_action(client, viewer, action):
    client.force_login(viewer)
    r = client.post(reverse("planning:action-complete", args=[action.pk]), HTTP_HX_REQUEST="true")
    assert r.status_code == 403
    action.refresh_from_db()
    assert action.status != Action.Status.DONE


def test_overdue_actions_stand_out_on_the_plan_and_in_my_actions(client, owner, plan):
    Action.objects.create(
        plan=plan, title="Late call", owner=owner, due=datetime.date.today() - datetime.timedelta(days=3)
    )
    Action.objects.create(
        plan=plan, title="Later call", owner=owner, due=datetime.date.today() + datetime.timedelta(days=9)
    )
    client.force_login(owner)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'class="overdue"' in page and "1 overdue" in page
    mine = client.get(reverse("planning:my-actions")).content.decode()
    assert mine.index("Late call") < mine.index("Later call") and "1 overdue" in mine


def test_my_actions_leaves_out_customers_the_user_no_longer_sees(client, owner, plan, foreign_customer):
    foreign_plan = AccountPlan.objects.create(
        customer=foreign_customer, period=2027, next_review_due=datetime.date(2027, 5, 1)
    )
    Action.objects.create(plan=foreign_plan, title="Secret", owner=owner, due=datetime.date(2027, 3, 1))
    client.force_login(owner)
    assert "Secret" not in client.get(reverse("planning:my-actions")).content.decode()


def test_responsibilities_name_people_on_the_account_team(client, owner, contributor, plan):
    client.force_login(owner)
    url = reverse("planning:responsibility-create", args=[plan.pk])
    assert client.post(url, {"person": contributor.pk, "area": "Delivery"}).status_code == 302
    assert client.post(url, {"person": contributor.pk, "area": "delivery"}).status_code == 400
    assert plan.responsibilities.get().area == "Delivery"


def test_an_archived_plan_can_no_longer_be_changed(client, owner, plan, goal):
    AccountPlan.objects.filter(pk=plan.pk).update(status="archived")
    client.force_login(owner)
    r = client.post(
        reverse("planning:goal-edit", args=[goal.pk]), {"kind": "strategic", "title": "New", "version": 1}
    )
    assert r.status_code == 400 and "archived" in r.content.decode()
    goal.refresh_from_db()
    assert goal.title != "New"


def test_a_second_active_plan_is_refused(client, owner, plan):
    draft = AccountPlan.objects.create(
        customer=plan.customer, period=2028, next_review_due=datetime.date(2028, 3, 1)
    )
    client.force_login(owner)
    r = client.post(reverse("planning:plan-edit", args=[draft.pk]), {"status": "active", "version": 1})
    assert r.status_code == 400 and "one active plan at a time" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_flagging_the_customer_in_change_moves_the_next_review_to_a_month(client, owner, plan):
    AccountPlan.objects.filter(pk=plan.pk).update(last_reviewed_on=datetime.date(2027, 1, 10))
    client.force_login(owner)
    data = {
        "summary": plan.summary,
        "status": "active",
        "customer_in_change": "on",
        "in_change_reason": "New CEO",
        "version": 1,
    }
    assert client.post(reverse("planning:plan-edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.next_review_due == datetime.date(2027, 2, 10) and plan.version == 2


def test_the_plan_export_is_a_workbook_with_formulas_neutralised(client, owner, plan):
    from io import BytesIO

    from openpyxl import load_workbook

    Goal.objects.create(plan=plan, kind="strategic", title='=HYPERLINK("http://evil")')
    client.force_login(owner)
    r = client.get(reverse("planning:plan-export", args=[plan.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(r.content))
    assert book.sheetnames[:3] == ["Plan", "Goals", "Opportunities"]
    assert book["Goals"]["A2"].value == '\'=HYPERLINK("http://evil")'
