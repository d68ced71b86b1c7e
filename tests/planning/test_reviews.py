"""Reviews freeze the plan; "what changed" shows the difference; roll-over carries open items over."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from planning import services
from planning.models import AccountPlan, Action, Goal, Opportunity, PlanReview, WhiteSpaceCell

pytestmark = pytest.mark.django_db

ANSWERS = {
    "business": "Volumes up in the north.",
    "living_up": "Mostly.",
    "feedback": "Happy with response times.",
    "news": "A tender in the spring.",
}


def test_a_review_records_the_four_answers_freezes_a_snapshot_and_sets_the_next_review(
    client, owner, plan, goal, action
):
    client.force_login(owner)
    r = client.post(reverse("planning:review-create", args=[plan.pk]), ANSWERS)
    assert r.status_code == 302
    review = PlanReview.objects.get()
    plan.refresh_from_db()
    today = datetime.date.today()
    assert review.feedback == "Happy with response times." and review.reviewed_by == owner
    assert plan.last_reviewed_on == today and plan.next_review_due == review.next_review_due > today
    sections = review.snapshot.data["sections"]
    assert sections["goals"][str(goal.key)]["title"] == goal.title
    assert sections["actions"][str(action.key)]["status"] == "open"


def test_a_review_without_answers_is_refused_and_writes_nothing(client, owner, plan):
    client.force_login(owner)
    r = client.post(reverse("planning:review-create", args=[plan.pk]), {"business": "", "living_up": ""})
    assert r.status_code == 400
    assert not PlanReview.objects.exists()


def test_what_changed_since_the_last_review(client, owner, plan, goal, action, customer, catalogue, units):
    cell = WhiteSpaceCell.objects.create(
        customer=customer, offering=catalogue[0], unit=units[0], potential=Decimal(800)
    )
    services.review_record(plan=plan, by=owner, **ANSWERS)
    services.action_complete(action=action, by=owner)
    services.cell_save(
        customer=customer,
        offering=catalogue[0],
        unit=units[0],
        by=owner,
        version=cell.version,
        status="us",
        current_revenue=Decimal(300),
        potential=Decimal(800),
    )
    Opportunity.objects.create(plan=plan, name="New pilot", value=100, probability=10)

    client.force_login(owner)
    r = client.get(reverse("planning:plan-changes", args=[plan.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "New pilot" in body and "Added" in body
    assert "Book the QBR" in body and "Done" in body
    assert "Buying from us" in body and "Captured revenue" in body

    fragment = client.get(reverse("planning:plan-changes", args=[plan.pk]), HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b'id="changes"' in fragment.content


def test_what_changed_before_any_review_explains_itself(client, viewer, plan):
    client.force_login(viewer)
    r = client.get(reverse("planning:plan-changes", args=[plan.pk]))
    assert r.status_code == 200 and "Nothing to compare yet" in r.content.decode()


def test_roll_over_carries_open_items_and_archives_the_old_plan(
    client, owner, plan, goal, opportunity, action
):
    done = Action.objects.create(
        plan=plan, title="Sent the value report", owner=owner, due=datetime.date(2027, 1, 5), status="done"
    )
    reached = Goal.objects.create(plan=plan, kind="relational", title="Meet the CFO", progress_entered=100)
    plan.responsibilities.create(person=owner, area="QBRs")
    client.force_login(owner)
    r = client.post(reverse("planning:plan-rollover", args=[plan.pk]), {"period": 2028})
    new = AccountPlan.objects.get(period=2028)
    assert r.status_code == 302 and r["Location"] == new.get_absolute_url()
    plan.refresh_from_db()
    assert plan.status == "archived" and new.status == "active" and new.rolled_over_from == plan
    assert [g.title for g in new.goals.all()] == [goal.title]
    assert new.goals.get().key == goal.key
    carried = new.opportunities.get()
    assert carried.key == opportunity.key and carried.goal == new.goals.get()
    assert [a.title for a in new.actions.all()] == [action.title]
    assert new.responsibilities.get().area == "QBRs"
    assert plan.snapshots.filter(reason="rollover").exists()
    assert done.plan_id == plan.pk and reached.plan_id == plan.pk


def test_roll_over_into_a_period_that_has_a_plan_is_refused(client, owner, plan):
    AccountPlan.objects.create(customer=plan.customer, period=2028, next_review_due=datetime.date(2028, 3, 1))
    client.force_login(owner)
    r = client.post(reverse("planning:plan-rollover", args=[plan.pk]), {"period": 2028})
    assert r.status_code == 400 and "already has a plan for 2028" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == "active" and not plan.snapshots.exists()


def test_what_changed_compares_across_a_roll_over(client, owner, plan, goal):
    services.review_record(plan=plan, by=owner, **ANSWERS)
    new = services.plan_rollover(plan=plan, by=owner)
    carried = new.goals.get()
    services.goal_update(goal=carried, by=owner, version=1, progress_entered=80)
    client.force_login(owner)
    body = client.get(reverse("planning:plan-changes", args=[new.pk])).content.decode()
    assert goal.title in body and "30 %" in body and "80 %" in body


def test_what_changed_includes_the_plans_own_summary_and_status(client, owner, plan):
    services.review_record(plan=plan, by=owner, **ANSWERS)
    plan.refresh_from_db()
    services.plan_update(
        plan=plan, by=owner, version=plan.version, summary="Win the tender in the south.", status="draft"
    )
    client.force_login(owner)
    body = client.get(reverse("planning:plan-changes", args=[plan.pk])).content.decode()
    assert "The plan" in body and "Grow in the north." in body and "Win the tender in the south." in body
    assert "Draft" in body


def test_a_snapshot_from_before_plan_fields_were_kept_shows_no_false_change(owner, plan):
    from planning import selectors, snapshots

    review = services.review_record(plan=plan, by=owner, **ANSWERS)
    old = review.snapshot.data
    del old["sections"]["plan"]
    sections = snapshots.diff(old, selectors.snapshot_now(plan))
    assert next(s for s in sections if s.section == "plan").items == ()


def test_the_review_message_gives_the_next_date_the_readers_way(client, owner, plan):
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    r = client.post(reverse("planning:review-create", args=[plan.pk]), ANSWERS, follow=True)
    due = PlanReview.objects.get().next_review_due
    body = r.content.decode()
    assert due.isoformat() not in body and str(due.year) in body
