"""The internal QBR pack holds the decisions of the customer's last held QBR; the customer copy
and a customer without a held QBR leave the section out."""

import datetime

from django.utils import timezone

from meetings.models import Meeting
from planning import documents
from planning.models import PlanDocument


def _qbr(customer, days_ago: int, decisions: str, **fields) -> Meeting:
    start = timezone.now() - datetime.timedelta(days=days_ago)
    fields.setdefault("meeting_type", "strategic")
    return Meeting.objects.create(
        customer=customer,
        title=f"QBR {days_ago}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        status=Meeting.Status.HELD,
        decisions=decisions,
        **fields,
    )


def test_the_last_held_qbrs_decisions_are_in_the_internal_pack(plan, owner):
    _qbr(plan.customer, 200, "An old decision")
    _qbr(plan.customer, 20, "Extend the pilot to Bergen\nA second site survey in May", customer_rating=4)
    html = documents.build_html(plan, PlanDocument.Kind.QBR, owner)
    assert "Decisions from the last QBR" in html
    assert "Extend the pilot to Bergen" in html and "A second site survey in May" in html
    assert "rated it 4 of 5" in html
    assert "An old decision" not in html
    customer_copy = documents.build_html(plan, PlanDocument.Kind.QBR_CUSTOMER, owner)
    assert "Decisions from the last QBR" not in customer_copy


def test_without_a_held_qbr_the_section_is_left_out(plan, owner):
    _qbr(plan.customer, 5, "Not a QBR", meeting_type="operational")
    html = documents.build_html(plan, PlanDocument.Kind.QBR, owner)
    assert "Decisions from the last QBR" not in html
