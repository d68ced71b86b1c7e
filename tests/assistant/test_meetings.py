"""The assistant from a meeting's page: a planned meeting is prepared and the edited agenda saved
into it (with the meeting's version check); a held meeting's notes are summarised, and the actions
accepted from them point back to the meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Stakeholder
from assistant.models import AssistantRun
from meetings.models import Deviation, Meeting
from planning.models import Action


def _meeting(customer, days: int, **fields) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        customer=customer,
        title="Spring QBR",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **fields,
    )


@pytest.fixture
def planned(account):
    meeting = _meeting(account, 7, meeting_type="strategic")
    meeting.their_attendees.add(Stakeholder.objects.get(name="Kari Nordmann"))
    return meeting


def _prepare(client, user, meeting) -> AssistantRun:
    client.force_login(user)
    response = client.post(reverse("assistant:meeting-prepare", args=[meeting.pk]))
    assert response.status_code == 302, response.content[:500]
    return AssistantRun.objects.get(kind="meeting_prep")


def test_the_meeting_page_offers_preparation_to_the_team_only(client, owner, viewer, planned):
    client.force_login(owner)
    page = client.get(reverse("meetings:meeting-detail", args=[planned.pk])).content.decode()
    assert reverse("assistant:meeting-prepare", args=[planned.pk]) in page
    client.force_login(viewer)
    page = client.get(reverse("meetings:meeting-detail", args=[planned.pk])).content.decode()
    assert reverse("assistant:meeting-prepare", args=[planned.pk]) not in page


def test_preparing_a_meeting_reads_its_attendees_deviations_and_earlier_notes(
    client, owner, account, planned
):
    Deviation.objects.create(customer=account, title="Late deliveries to Bergen", severity="high")
    _meeting(
        account,
        -60,
        status=Meeting.Status.HELD,
        notes="Ola will send the revised price list by 1 March.",
    )
    run = _prepare(client, owner, planned)
    extra = run.result["extra"]
    assert extra["meeting_id"] == planned.pk and extra["meeting_type"] == "strategic"
    assert extra["stakeholder_ids"] == [Stakeholder.objects.get(name="Kari Nordmann").pk]
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Late deliveries to Bergen" in page
    assert "revised price list" in page  # what the earlier meeting left open
    assert "Blue: conscientious" in page  # Kari's DISC advice, for the account team
    assert "Save into the meeting&#x27;s agenda" in page or "Save into the meeting's agenda" in page
    assert reverse("assistant:meeting-agenda", args=[run.pk]) in page


def test_the_edited_agenda_is_saved_into_the_meeting(client, owner, planned):
    run = _prepare(client, owner, planned)
    response = client.post(
        reverse("assistant:meeting-agenda", args=[run.pk]),
        {"agenda": "1. Results\n2. The Bergen rollout", "version": str(planned.version)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting-detail", args=[planned.pk])
    planned.refresh_from_db()
    assert planned.agenda == "1. Results\n2. The Bergen rollout"
    assert planned.version == 2 and planned.sequence == 1  # calendars get the changed invite


def test_a_stale_agenda_save_shows_both_versions_and_changes_nothing(client, owner, planned):
    run = _prepare(client, owner, planned)
    Meeting.objects.filter(pk=planned.pk).update(agenda="Their agenda", version=2)
    response = client.post(
        reverse("assistant:meeting-agenda", args=[run.pk]), {"agenda": "My agenda", "version": "1"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Their agenda" in page and "My agenda" in page
    assert 'name="version" value="2"' in page  # saving again keeps mine, knowingly
    planned.refresh_from_db()
    assert planned.agenda == "Their agenda"


@pytest.mark.parametrize(
    ("data", "status"), [({"agenda": "   ", "version": "1"}, 400), ({"agenda": "x"}, 409)]
)
def test_an_empty_agenda_or_a_form_without_version_changes_nothing(client, owner, planned, data, status):
    run = _prepare(client, owner, planned)
    response = client.post(reverse("assistant:meeting-agenda", args=[run.pk]), data)
    assert response.status_code == status
    planned.refresh_from_db()
    assert planned.agenda == "" and planned.version == 1


def test_a_meeting_no_longer_planned_cannot_take_the_agenda(client, owner, planned):
    run = _prepare(client, owner, planned)
    Meeting.objects.filter(pk=planned.pk).update(status=Meeting.Status.CANCELLED)
    response = client.post(
        reverse("assistant:meeting-agenda", args=[run.pk]), {"agenda": "1. Results", "version": "1"}
    )
    assert response.status_code == 404
    assert Meeting.objects.get(pk=planned.pk).agenda == ""


def test_a_held_meeting_is_not_prepared(client, owner, account):
    held = _meeting(account, -3, status=Meeting.Status.HELD, notes="Done.")
    client.force_login(owner)
    response = client.post(reverse("assistant:meeting-prepare", args=[held.pk]), follow=True)
    assert "Only a planned meeting can be prepared." in response.content.decode()
    assert not AssistantRun.objects.exists()


def test_summarised_notes_become_actions_linked_to_the_meeting(client, owner, account, plan):
    held = _meeting(
        account,
        -3,
        status=Meeting.Status.HELD,
        notes="We agreed to extend the pilot to Bergen. Ingrid will send the offer by 2027-03-20.",
    )
    client.force_login(owner)
    page = client.get(reverse("meetings:meeting-detail", args=[held.pk])).content.decode()
    assert reverse("assistant:meeting-summarise", args=[held.pk]) in page
    response = client.post(reverse("assistant:meeting-summarise", args=[held.pk]))
    run = AssistantRun.objects.get(kind="summary")
    assert response["Location"] == run.get_absolute_url()
    assert "extend the pilot" in run.source_text
    task = next(item for item in run.items if item["kind"] == "task")
    response = client.post(
        reverse("assistant:item-decide", args=[run.pk, task["n"]]),
        {
            "decision": "action",
            "version": str(run.version),
            "title": "Send the Bergen offer",
            "owner": owner.pk,
            "due": "2027-03-20",
        },
    )
    assert response.status_code == 302, response.content[:800]
    action = Action.objects.get(title="Send the Bergen offer")
    assert action.meeting == held and action.plan == plan


def test_a_meeting_without_notes_is_not_summarised(client, owner, account):
    held = _meeting(account, -3, status=Meeting.Status.HELD)
    client.force_login(owner)
    response = client.post(reverse("assistant:meeting-summarise", args=[held.pk]), follow=True)
    assert "The meeting has no notes to summarise yet." in response.content.decode()
    assert not AssistantRun.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"), [("nb", "Forbered med assistenten"), ("sv", "Förbered med assistenten")]
)
def test_the_meeting_page_offers_it_in_the_readers_language(client, owner, planned, language, words):
    owner.language = language
    owner.save()
    client.force_login(owner)
    assert words in client.get(reverse("meetings:meeting-detail", args=[planned.pk])).content.decode()
