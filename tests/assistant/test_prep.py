"""Meeting preparation: agenda by kind of meeting, angles from the account's data and earlier
notes, and a brief per attendee whose DISC advice only the account team sees."""

import datetime

from django.urls import reverse

from accounts.models import Interaction, Stakeholder
from assistant.models import AssistantRun
from risk.models import RiskItem


def _prepare(client, user, account, **data):
    client.force_login(user)
    kari = Stakeholder.objects.get(name="Kari Nordmann")
    payload = {"meeting_type": "strategic", "attendees": [kari.pk], **data}
    response = client.post(reverse("assistant:prepare", args=[account.pk]), payload)
    assert response.status_code == 302, response.content[:500]
    return AssistantRun.objects.get(kind="meeting_prep")


def test_a_qbr_preparation_has_agenda_angles_and_briefs(client, owner, account):
    RiskItem.objects.create(customer=account, title="Budget freeze", likelihood=4, impact=4)
    kari = Stakeholder.objects.get(name="Kari Nordmann")
    entry = Interaction.objects.create(
        customer=account,
        occurred_on=datetime.date(2026, 1, 10),
        summary="Lunch in Bergen",
        why_it_matters="She doubts the Q3 rollout",
    )
    entry.stakeholders.add(kari)
    run = _prepare(client, owner, account)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "1. Welcome, and what we both want from this meeting" in page
    assert "Results: revenue −20.0% against last year" in page
    assert "The risk “Budget freeze” (16 of 25)" in page
    assert "She doubts the Q3 rollout" in page
    assert "Lunch in Bergen" in page  # Kari's recent history
    assert "Blue: conscientious" in page  # DISC advice for the account team
    assert "Book the QBR" in page  # open actions


def test_an_operational_preparation_has_its_own_agenda(client, owner, account):
    run = _prepare(client, owner, account, meeting_type="operational")
    assert [p["kind"] for p in run.result["data"]["agenda"]][:3] == ["welcome", "deliveries", "deviations"]


def test_open_items_from_earlier_notes_become_angles(client, owner, account):
    client.force_login(owner)
    client.post(
        reverse("assistant:summarise", args=[account.pk]),
        {"notes": "Marte will send the revised offer by Friday."},
    )
    run = _prepare(client, owner, account)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Still open from the notes of" in page and "Marte will send the revised offer by Friday." in page


def test_disc_advice_is_not_shown_to_an_administrator(client, admin_user, account):
    run = _prepare(client, admin_user, account)
    assert run.result["data"]["briefs"][0]["disc"] == ""  # not even stored for someone outside the team
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Kari Nordmann" in page and "conscientious" not in page


def test_a_preparation_in_swedish(client, owner, account):
    owner.language = "sv"
    owner.save()
    run = _prepare(client, owner, account)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Välkomna" in page or "Välkommen" in page
    assert "Föreslagen dagordning" in page


def test_a_viewer_cannot_prepare(client, viewer, account):
    client.force_login(viewer)
    response = client.post(reverse("assistant:prepare", args=[account.pk]), {"meeting_type": "strategic"})
    assert response.status_code == 403


def test_an_attendee_of_another_customer_is_refused(client, owner, account, foreign_customer):
    stranger = Stakeholder.objects.create(customer=foreign_customer, name="Sven Svensson")
    client.force_login(owner)
    response = client.post(
        reverse("assistant:prepare", args=[account.pk]),
        {"meeting_type": "strategic", "attendees": [stranger.pk]},
    )
    assert response.status_code == 400
    assert not AssistantRun.objects.exists()
