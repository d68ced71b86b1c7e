"""Meetings through the client: schedule with an agenda from live data, change, move and cancel
with history, record the outcome (plan actions, last contacted, contact log), and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Event, Interaction, Stakeholder
from meetings.models import Meeting, MeetingChange
from planning.models import Action
from tests.meetings.conftest import make_meeting


def _when(days: int = 10, hour: str = "10:00", end: str = "11:30") -> dict:
    day = (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
    return {"start_date": day, "start_time": hour, "end_time": end, "end_date": ""}


def _schedule_data(owner, kari, **extra) -> dict:
    return {
        "meeting_type": "strategic",
        "title": "QBR spring",
        **_when(),
        "time_zone": "Europe/Oslo",
        "place": "Bergen office",
        "video_url": "",
        "our_attendees": [owner.pk],
        "their_attendees": [kari.pk],
        "agenda": "1. Results",
        **extra,
    }


def test_the_tab_shows_the_rhythm_and_the_meetings(client, viewer, customer, meeting):
    client.force_login(viewer)
    page = client.get(reverse("meetings:customer-meetings", args=[customer.pk])).content.decode()
    assert "Strategic / QBR" in page and "Operational" in page and "Relationship" in page
    assert meeting.title in page
    assert "Schedule a meeting" not in page  # a viewer reads, never schedules


def test_the_schedule_form_fills_the_qbr_agenda_from_the_plan(client, owner, customer, plan):
    client.force_login(owner)
    page = client.get(
        reverse("meetings:meeting-create", args=[customer.pk]) + "?type=strategic"
    ).content.decode()
    assert "Results against goals" in page
    assert "Sole supplier of maintenance in the north: 30 % of the way" in page


def test_the_agenda_prefill_leaves_internal_lines_out(client, owner, customer, plan):
    from risk.models import RiskItem

    RiskItem.objects.create(customer=customer, title="Champion may leave", likelihood=4, impact=5)
    client.force_login(owner)
    page = client.get(reverse("meetings:meeting-create", args=[customer.pk])).content.decode()
    assert "Open risks" in page and "Champion may leave" not in page


def test_scheduling_a_meeting(client, owner, customer, kari):
    client.force_login(owner)
    response = client.post(
        reverse("meetings:meeting-create", args=[customer.pk]), _schedule_data(owner, kari)
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == "planned" and meeting.time_zone == "Europe/Oslo"
    assert meeting.local_start.hour == 10 and (meeting.ends_at - meeting.starts_at) == datetime.timedelta(
        minutes=90
    )
    assert list(meeting.their_attendees.all()) == [kari]
    assert meeting.changes.get().kind == MeetingChange.Kind.SCHEDULED
    assert Event.objects.filter(kind="meeting.scheduled", customer=customer).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_time": "11:00", "end_time": "10:00"}, "The meeting must end after it starts."),
        ({**_when(days=-3)}, "A planned meeting cannot start in the past."),
        ({"time_zone": "Mars/Olympus_Mons"}, "“Mars/Olympus_Mons” is not a known time zone."),
        ({"title": "QBR\nspring"}, "Write this on one line"),
        ({"place": "Room\x07 4"}, "control character"),
        ({"start_date": _when(days=400)["start_date"][:4] + "-13-40"}, "Enter a valid date."),
    ],
)
def test_bad_meeting_input_is_refused_with_a_message_and_nothing_saved(
    client, owner, customer, kari, change, message
):
    client.force_login(owner)
    response = client.post(
        reverse("meetings:meeting-create", args=[customer.pk]), _schedule_data(owner, kari, **change)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_attendee_from_another_customer_is_refused(client, owner, customer, kari, stranger):
    client.force_login(owner)
    data = _schedule_data(owner, kari, their_attendees=[kari.pk, stranger.pk])
    response = client.post(reverse("meetings:meeting-create", args=[customer.pk]), data)
    assert response.status_code == 400
    assert "Choose people from this customer" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_message_is_in_the_users_language(client, owner, customer, kari):
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    client.cookies["django_language"] = "nb"
    response = client.post(
        reverse("meetings:meeting-create", args=[customer.pk]),
        _schedule_data(owner, kari, start_time="11:00", end_time="10:00"),
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 400
    assert "Møtet må slutte etter at det begynner." in response.content.decode()


def test_a_past_meeting_can_be_recorded_as_taken_place(client, owner, customer, kari):
    client.force_login(owner)
    data = _schedule_data(owner, kari, already_held="on", **_when(days=-3))
    response = client.post(reverse("meetings:meeting-create", args=[customer.pk]), data)
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:meeting-outcome", args=[meeting.pk])
    assert meeting.status == "held"


def test_a_nonexistent_local_time_is_refused(client, owner, customer, kari):
    client.force_login(owner)
    year = timezone.localdate().year + 1
    # The last Sunday of March: 02:30 does not exist in Oslo.
    day = max(datetime.date(year, 3, d) for d in range(25, 32) if datetime.date(year, 3, d).weekday() == 6)
    data = _schedule_data(owner, kari, start_date=day.isoformat(), start_time="02:30", end_time="04:00")
    response = client.post(reverse("meetings:meeting-create", args=[customer.pk]), data)
    assert response.status_code == 400
    assert "does not exist in Europe/Oslo" in response.content.decode()


def _edit_data(meeting, **extra) -> dict:
    start, end = meeting.local_start, meeting.local_end
    return {
        "meeting_type": meeting.meeting_type,
        "title": meeting.title,
        "start_date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_date": "",
        "end_time": end.strftime("%H:%M"),
        "time_zone": meeting.time_zone,
        "place": meeting.place,
        "video_url": "",
        "our_attendees": [u.pk for u in meeting.our_attendees.all()],
        "their_attendees": [s.pk for s in meeting.their_attendees.all()],
        "agenda": meeting.agenda,
        "version": meeting.version,
        "reason": "",
        **extra,
    }


def test_moving_a_meeting_keeps_the_old_time_in_its_history_and_raises_the_sequence(client, owner, meeting):
    client.force_login(owner)
    old_start = meeting.starts_at
    data = _edit_data(meeting, **_when(days=20, hour="13:00", end="14:00"), reason="The CFO is travelling")
    response = client.post(reverse("meetings:meeting-edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.version == 2 and meeting.local_start.hour == 13
    change = meeting.changes.get(kind=MeetingChange.Kind.RESCHEDULED)
    assert change.old_starts_at == old_start and change.reason == "The CFO is travelling"


def test_a_stale_edit_is_refused_with_both_versions(client, owner, contributor, meeting):
    client.force_login(owner)
    stale = _edit_data(meeting, title="QBR with the board")
    client.post(
        reverse("meetings:meeting-edit", args=[meeting.pk]), _edit_data(meeting, title="QBR in Bergen")
    )
    client.force_login(contributor)
    response = client.post(reverse("meetings:meeting-edit", args=[meeting.pk]), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "QBR in Bergen" in page and "QBR with the board" in page
    meeting.refresh_from_db()
    assert meeting.title == "QBR in Bergen"


def test_cancelling_keeps_the_meeting_and_its_history(client, owner, meeting):
    client.force_login(owner)
    response = client.post(reverse("meetings:meeting-cancel", args=[meeting.pk]), {"reason": "Budget freeze"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (
        meeting.status == "cancelled" and meeting.sequence == 1 and meeting.cancel_reason == "Budget freeze"
    )
    assert meeting.changes.filter(kind="cancelled").exists()
    # Cancelling twice changes nothing more.
    client.post(reverse("meetings:meeting-cancel", args=[meeting.pk]), {"reason": "again"})
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.changes.filter(kind="cancelled").count() == 1


def _outcome_data(meeting, owner, kari, **extra) -> dict:
    data = {
        "notes": "Went through the results; they want remote monitoring in the north.",
        "why_it_matters": "Opens the door to the operations budget.",
        "decisions": "Pilot in Tromsø\nMonthly steering meeting",
        "customer_rating": "4",
        "our_rating": "3",
        "our_attendees": [owner.pk],
        "their_attendees": [kari.pk],
        "version": meeting.version,
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "10",
    }
    for index in range(3):
        data.update({f"steps-{index}-title": "", f"steps-{index}-owner": "", f"steps-{index}-due": ""})
    data.update(extra)
    return data


def test_recording_the_outcome(client, owner, contributor, customer, past_meeting, kari, plan):
    client.force_login(owner)
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    data = _outcome_data(
        past_meeting,
        owner,
        kari,
        **{
            "steps-0-title": "Send the pilot proposal",
            "steps-0-owner": str(contributor.pk),
            "steps-0-due": due,
            "steps-1-title": "Book the steering meeting",
            "steps-1-owner": str(owner.pk),
            "steps-1-due": due,
        },
    )
    response = client.post(reverse("meetings:meeting-outcome", args=[past_meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    past_meeting.refresh_from_db()
    assert (
        past_meeting.status == "held" and past_meeting.customer_rating == 4 and past_meeting.our_rating == 3
    )
    actions = Action.objects.filter(meeting=past_meeting).order_by("title")
    assert [a.title for a in actions] == ["Book the steering meeting", "Send the pilot proposal"]
    assert {a.plan_id for a in actions} == {plan.pk}
    kari.refresh_from_db()
    assert kari.last_contacted_on == past_meeting.local_start.date()
    entry = Interaction.objects.get(customer=customer)
    assert entry.kind == "meeting" and list(entry.stakeholders.all()) == [kari]
    assert "remote monitoring" in entry.summary and entry.why_it_matters.startswith("Opens the door")
    # The meeting page shows the notes, the decisions and the next steps as plan actions.
    page = client.get(past_meeting.get_absolute_url()).content.decode()
    assert "Pilot in Tromsø" in page and "Send the pilot proposal" in page and "4 of 5" in page
    # Editing the notes later writes no second contact-log entry.
    past_meeting.refresh_from_db()
    again = _outcome_data(past_meeting, owner, kari, notes="Corrected notes.")
    assert client.post(reverse("meetings:meeting-outcome", args=[past_meeting.pk]), again).status_code == 302
    assert Interaction.objects.count() == 1 and Action.objects.filter(meeting=past_meeting).count() == 2


def test_next_steps_without_a_plan_are_refused_and_nothing_changes(client, owner, past_meeting, kari):
    client.force_login(owner)
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    data = _outcome_data(
        past_meeting,
        owner,
        kari,
        **{"steps-0-title": "Send it", "steps-0-owner": owner.pk, "steps-0-due": due},
    )
    response = client.post(reverse("meetings:meeting-outcome", args=[past_meeting.pk]), data)
    assert response.status_code == 400
    assert "has no account plan" in response.content.decode()
    past_meeting.refresh_from_db()
    assert past_meeting.status == "planned" and not Interaction.objects.exists()
    assert Stakeholder.objects.get(pk=kari.pk).last_contacted_on is None


def test_a_half_filled_next_step_is_refused(client, owner, past_meeting, kari, plan):
    client.force_login(owner)
    data = _outcome_data(past_meeting, owner, kari, **{"steps-0-title": "Send it"})
    response = client.post(reverse("meetings:meeting-outcome", args=[past_meeting.pk]), data)
    assert response.status_code == 400
    assert "A next step needs what, who and by when." in response.content.decode()
    assert not Action.objects.exists()


def test_one_megabyte_of_notes_is_refused_with_a_message(client, owner, past_meeting, kari):
    client.force_login(owner)
    data = _outcome_data(past_meeting, owner, kari, notes="x" * 1_048_576)
    response = client.post(reverse("meetings:meeting-outcome", args=[past_meeting.pk]), data)
    assert response.status_code == 400
    assert "at most 50000 characters" in response.content.decode() or "50,000" in response.content.decode()
    past_meeting.refresh_from_db()
    assert past_meeting.notes == "" and past_meeting.status == "planned"


def test_a_future_meeting_has_no_outcome_yet(client, owner, meeting):
    client.force_login(owner)
    response = client.get(reverse("meetings:meeting-outcome", args=[meeting.pk]))
    assert response.status_code == 302


def test_disc_advice_reaches_the_account_team_only(client, owner, leader, customer, kari):
    meeting = make_meeting(customer, owner, kind="relationship", title="Lunch")
    meeting.their_attendees.set([kari])
    client.force_login(owner)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Red: dominant" in page and "Kari Nordmann" in page
    client.force_login(leader)  # a leader sees the customer, not its internal notes
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Kari Nordmann" in page and "Red: dominant" not in page


def test_the_operational_preparation_lists_open_deviations(client, owner, customer):
    from meetings.models import Deviation

    Deviation.objects.create(
        customer=customer, title="Late delivery in Bodø", severity="high", sla_breached=True
    )
    meeting = make_meeting(customer, owner, kind="operational", title="Monthly operations")
    client.force_login(owner)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Late delivery in Bodø: high" in page and "SLA breached" in page
