"""The free-text meeting of existing actions becomes a link to a real (held) meeting."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0003_constraint_messages"), ("meetings", "0001_initial")]
AFTER = [("planning", "0004_action_meeting_link")]


@pytest.mark.django_db(transaction=True)
def test_free_text_meetings_become_linked_meetings():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    Customer = old.get_model("accounts", "Customer")
    Plan = old.get_model("planning", "AccountPlan")
    Action = old.get_model("planning", "Action")
    kam = User.objects.create(email="kam@example.org", full_name="Kam")
    customer = Customer.objects.create(name="Nordfjord", owner=kam)
    plan = Plan.objects.create(customer=customer, period=2026, next_review_due=datetime.date(2026, 6, 1))
    for title, text in (
        ("One", "QBR 12 March 2026"),
        ("Two", "qbr 12 march 2026"),
        ("Three", ""),
        ("Four", "Lunch"),
    ):
        Action.objects.create(plan=plan, title=title, owner=kam, due=datetime.date(2026, 5, 1), meeting=text)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Action = new.get_model("planning", "Action")
    Meeting = new.get_model("meetings", "Meeting")
    one, two, three, four = (Action.objects.get(title=t) for t in ("One", "Two", "Three", "Four"))
    assert one.meeting_id == two.meeting_id and three.meeting_id is None
    qbr = Meeting.objects.get(pk=one.meeting_id)
    assert qbr.title == "QBR 12 March 2026" and qbr.meeting_type == "strategic" and qbr.status == "held"
    assert qbr.starts_at.date() == datetime.date(2026, 3, 12) and qbr.customer_id == customer.pk
    assert Meeting.objects.get(pk=four.meeting_id).meeting_type == "relationship"
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
