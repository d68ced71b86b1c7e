"""Deviations (open, close with a resolution, time to resolve) and the rhythm (tier defaults set by
administrators and leaders, a customer's own rhythm with its reason)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import Event
from meetings.models import CadenceRule, Deviation
from tests.meetings.conftest import make_meeting


def _deviation(**extra) -> dict:
    return {
        "title": "Late delivery in Bodø",
        "severity": "high",
        "sla_breached": "on",
        "owner": "",
        "opened_on": (timezone.localdate() - datetime.timedelta(days=5)).isoformat(),
        "description": "Two days late.",
        "resolution": "",
        "closed_on": "",
        **extra,
    }


def test_recording_and_closing_a_deviation(client, contributor, customer):
    client.force_login(contributor)
    response = client.post(
        reverse("meetings:deviation-add", args=[customer.pk]), _deviation(owner=contributor.pk)
    )
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert deviation.is_open and deviation.sla_breached and deviation.owner == contributor
    page = client.get(reverse("meetings:customer-meetings", args=[customer.pk])).content.decode()
    assert "Late delivery in Bodø" in page and "1 open" in page
    closing = _deviation(
        owner=contributor.pk,
        resolution="Extra truck on the route.",
        closed_on=timezone.localdate().isoformat(),
        version=deviation.version,
    )
    assert client.post(reverse("meetings:deviation-edit", args=[deviation.pk]), closing).status_code == 302
    deviation.refresh_from_db()
    assert deviation.days_to_resolve == 5
    assert Event.objects.filter(kind="deviation.closed").exists()
    page = client.get(reverse("meetings:customer-meetings", args=[customer.pk])).content.decode()
    assert "resolved in 5 days" in page


def test_closing_without_a_resolution_is_refused(client, owner, customer):
    deviation = Deviation.objects.create(
        customer=customer, title="Wrong invoice", opened_on=timezone.localdate()
    )
    client.force_login(owner)
    data = _deviation(closed_on=timezone.localdate().isoformat(), version=deviation.version)
    response = client.post(reverse("meetings:deviation-edit", args=[deviation.pk]), data)
    assert response.status_code == 400
    assert "Say how it was resolved before closing it." in response.content.decode()
    deviation.refresh_from_db()
    assert deviation.is_open and deviation.title == "Wrong invoice"


def test_a_deviation_closed_before_it_opened_is_refused(client, owner, customer):
    client.force_login(owner)
    data = _deviation(
        resolution="Fixed", closed_on=(timezone.localdate() - datetime.timedelta(days=9)).isoformat()
    )
    response = client.post(reverse("meetings:deviation-add", args=[customer.pk]), data)
    assert response.status_code == 400
    assert "cannot be closed before it was opened" in response.content.decode()
    assert not Deviation.objects.exists()


def test_a_leader_sets_a_tier_default_and_the_account_follows_it(client, leader, owner, customer):
    client.force_login(leader)
    url = reverse("meetings:cadence-default-edit", args=[customer.tier, "strategic"])
    assert client.post(url, {"interval_months": "2", "version": "0"}).status_code == 302
    rule = CadenceRule.objects.get(tier=customer.tier, meeting_type="strategic")
    assert rule.interval_months == 2
    client.force_login(owner)
    page = client.get(reverse("meetings:customer-meetings", args=[customer.pk])).content.decode()
    assert "every 2 months" in page and "the tier's rhythm" in page


def test_a_kam_may_not_change_the_tier_defaults(client, owner):
    client.force_login(owner)
    assert client.get(reverse("meetings:cadence-defaults")).status_code == 403
    url = reverse("meetings:cadence-default-edit", args=[1, "strategic"])
    assert client.post(url, {"interval_months": "1", "version": "0"}).status_code == 403
    assert not CadenceRule.objects.exists()


def test_a_customers_own_rhythm_needs_a_reason(client, owner, customer):
    client.force_login(owner)
    url = reverse("meetings:cadence-override", args=[customer.pk, "strategic"])
    response = client.post(url, {"interval_months": "1", "reason": "", "version": "0"})
    assert response.status_code == 400
    assert "Say why this account needs a rhythm of its own." in response.content.decode()
    assert not CadenceRule.objects.exists()
    assert client.post(url, {"interval_months": "1", "reason": "New CEO", "version": "0"}).status_code == 302
    rule = CadenceRule.objects.get(customer=customer)
    assert rule.interval_months == 1 and rule.reason == "New CEO"
    # A second editor who loaded the empty form is refused, with both values.
    response = client.post(url, {"interval_months": "6", "reason": "Calm year", "version": "0"})
    assert response.status_code == 409
    # Empty months: back to the tier's rhythm.
    assert (
        client.post(url, {"interval_months": "", "reason": "", "version": str(rule.version)}).status_code
        == 302
    )
    assert not CadenceRule.objects.exists()


def test_a_contributor_may_not_change_the_rhythm(client, contributor, customer):
    client.force_login(contributor)
    url = reverse("meetings:cadence-override", args=[customer.pk, "strategic"])
    assert client.post(url, {"interval_months": "1", "reason": "x", "version": "0"}).status_code == 403


def test_an_unknown_meeting_kind_is_not_found(client, owner, customer):
    client.force_login(owner)
    assert client.get(reverse("meetings:cadence-override", args=[customer.pk, "party"])).status_code == 404


def test_the_tab_shows_an_overdue_qbr_and_adherence(client, owner, customer):
    customer.created_at = timezone.now() - datetime.timedelta(days=800)
    customer.save()
    customer.tier = 1
    customer.save()
    make_meeting(customer, owner, days=-200, status="held")
    client.force_login(owner)
    page = client.get(reverse("meetings:customer-meetings", args=[customer.pk])).content.decode()
    assert "overdue since" in page
    assert "0 on time, 1 late" in page or "1 on time" in page
