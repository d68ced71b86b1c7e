"""The 30-day start (computed, never ticked), coaching conversations, the calibration board's size,
and the home page's health, checklist and exceptions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import checklist
from accounts.checklist_items import key_account_result
from accounts.models import Customer, HealthSnapshot, Score
from planning.checklist import plan_complete
from planning.models import AccountPlan, Action, CoachingConversation
from tests.factories import CustomerFactory


def test_checklist_arithmetic_leaves_unavailable_items_out():
    lines = (
        checklist.Line("a", "A", checklist.Result(True)),
        checklist.Line("b", "B", checklist.Result(False)),
        checklist.Line("c", "C", None),
    )
    progress = checklist.Checklist(lines)
    assert (progress.done, progress.total, progress.percent, progress.complete) == (1, 2, 50, False)


def test_key_accounts_and_plan_items_judge_from_counts():
    assert not key_account_result(2).done
    assert key_account_result(3).done and key_account_result(5).done
    assert key_account_result(7).done and "More than five" in key_account_result(7).detail
    assert plan_complete(goals=1, opportunities=1, risks=1, people=2, actions=3)
    assert not plan_complete(goals=1, opportunities=1, risks=0, people=2, actions=5)
    assert not plan_complete(goals=1, opportunities=1, risks=1, people=2, actions=2)


def test_progress_moves_when_the_kam_records_the_data(owner, customer, team_a):
    today = timezone.localdate()
    before = checklist.evaluate([owner.pk], today)[owner.pk]
    line = {item.key: item for item in before.lines}
    assert not line["key_accounts"].result.done
    assert line["strategic_meeting"].result is not None and not line["strategic_meeting"].result.done
    CustomerFactory.create_batch(2, owner=owner, team=team_a)
    after = checklist.evaluate([owner.pk], today)[owner.pk]
    assert {item.key: item for item in after.lines}["key_accounts"].result.done
    assert after.done == before.done + 1


def test_the_start_page_shows_the_kams_checklist_and_a_leader_sees_every_kam(client, cast):
    client.force_login(cast.owner)
    body = client.get(reverse("accounts:start")).content.decode()
    assert "3–5 key accounts chosen" in body and "<progress" in body
    assert "A strategic meeting booked with each key account" in body
    client.force_login(cast.leader)
    body = client.get(reverse("accounts:start")).content.decode()
    assert cast.owner.full_name in body
    assert client.get(reverse("accounts:start") + f"?kam={cast.owner.pk}").status_code == 200
    other_kam = cast.foreign_customer.owner_id
    assert client.get(reverse("accounts:start") + f"?kam={other_kam}").status_code == 404
    client.force_login(cast.contributor)
    assert client.get(reverse("accounts:start") + f"?kam={cast.owner.pk}").status_code == 404


@pytest.fixture
def plan(customer):
    return AccountPlan.objects.create(
        customer=customer, period=2026, status="active", next_review_due=datetime.date(2027, 1, 1)
    )


def _post(client, cast, **extra):
    data = {
        "kam": cast.owner.pk,
        "held_on": "2026-11-02",
        "customers": [cast.customer.pk],
        "notes": "We talked about the <b>board</b> gap.",
        "action_1_title": "Book a meeting with the CFO",
        "action_1_due": "2027-01-15",
    } | extra
    return client.post(reverse("planning:coaching-create"), data)


def test_a_leader_records_coaching_and_the_agreed_action_becomes_the_kams(client, cast, plan):
    client.force_login(cast.leader)
    response = _post(client, cast)
    conversation = CoachingConversation.objects.get()
    assert response["Location"] == reverse("planning:coaching-detail", args=[conversation.pk])
    action = Action.objects.get(plan=plan)
    assert action.owner == cast.owner and action.title == "Book a meeting with the CFO"
    assert list(conversation.actions.all()) == [action]
    client.force_login(cast.owner)
    body = client.get(response["Location"]).content.decode()
    assert "&lt;b&gt;board&lt;/b&gt;" in body and "Book a meeting with the CFO" in body
    item = {
        line.key: line
        for line in checklist.evaluate([cast.owner.pk], timezone.localdate())[cast.owner.pk].lines
    }
    assert item["coaching"].result.done


@pytest.mark.parametrize("role", ["contributor", "viewer", "other_leader", "admin", "outsider"])
def test_coaching_notes_are_for_the_leader_and_the_kam_only(client, cast, plan, role):
    client.force_login(cast.leader)
    _post(client, cast)
    conversation = CoachingConversation.objects.get()
    client.force_login(cast.role(role))
    assert client.get(reverse("planning:coaching-detail", args=[conversation.pk])).status_code == 404
    assert "We talked about" not in client.get(reverse("planning:coaching")).content.decode()


def test_bad_coaching_input_is_refused_and_nothing_is_written(client, cast, customer, team_a):
    client.force_login(cast.leader)
    no_plan = _post(client, cast)  # the customer has no plan for the agreed action
    assert no_plan.status_code == 400 and "has no current account plan" in no_plan.content.decode()
    more = CustomerFactory.create_batch(2, owner=cast.owner, team=team_a)
    too_many = _post(client, cast, customers=[customer.pk] + [c.pk for c in more])
    assert too_many.status_code == 400 and "one or two accounts" in too_many.content.decode()
    future = _post(client, cast, held_on="2099-01-01")
    assert future.status_code == 400
    half = _post(client, cast, action_1_due="")
    assert "both a title and a due date" in half.content.decode()
    assert not CoachingConversation.objects.exists() and not Action.objects.exists()


def test_the_leaders_home_reminds_of_kams_without_coaching_for_a_month(client, cast, plan):
    client.force_login(cast.leader)
    assert (
        "no coaching conversation in the last month" in client.get(reverse("accounts:home")).content.decode()
    )
    CoachingConversation.objects.create(
        leader=cast.leader, kam=cast.owner, held_on=timezone.localdate(), notes="Monthly"
    ).customers.add(cast.customer)
    assert (
        "no coaching conversation in the last month"
        not in client.get(reverse("accounts:home")).content.decode()
    )


def test_home_shows_health_and_the_leaders_exceptions(client, cast):
    today = timezone.localdate()
    HealthSnapshot.objects.create(customer=cast.customer, day=today, score=31, confidence=60)
    HealthSnapshot.objects.create(customer=cast.foreign_customer, day=today, score=12, confidence=60)
    client.force_login(cast.owner)
    body = client.get(reverse("accounts:home")).content.decode()
    assert "health-poor" in body and ">31<" in body
    client.force_login(cast.leader)
    body = client.get(reverse("accounts:home")).content.decode()
    assert "Your teams" in body and cast.customer.name in body
    assert cast.foreign_customer.name not in body and ">12<" not in body


def test_the_calibration_board_pages_and_asks_for_the_decision_form_on_demand(
    client, admin_user, owner, team_a
):
    Customer.objects.bulk_create(
        Customer(name=f"Kandidat {i:03d} AS", owner=owner, team=team_a, status="candidate")
        for i in range(150)
    )
    client.force_login(admin_user)
    response = client.get(reverse("accounts:calibration"))
    body = response.content.decode()
    assert len(response.content) < 60 * 1024
    assert "Page 1 of 6" in body and 'name="reason"' not in body
    first = Customer.objects.order_by("name").first()
    fragment = client.get(reverse("accounts:calibration-decide", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert 'name="reason"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    filtered = client.get(reverse("accounts:calibration") + f"?team={team_a.pk}&status=key").content.decode()
    assert "Kandidat" not in filtered
    assert Score.objects.count() == 0


def test_the_assistant_item_is_done_once_the_kam_has_asked_it(owner, customer):
    from assistant.models import AssistantRun

    def item():
        lines = checklist.evaluate([owner.pk], timezone.localdate())[owner.pk].lines
        return {line.key: line for line in lines}["assistant"].result

    assert not item().done
    AssistantRun.objects.create(
        customer=customer,
        created_by=owner,
        kind=AssistantRun.Kind.SUMMARY,
        reference_date=timezone.localdate(),
    )
    assert item().done
