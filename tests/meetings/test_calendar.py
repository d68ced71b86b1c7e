"""Invitations and the personal feed: parsed back with icalendar and imported with vobject (the
parser CalDAV servers use), escaping, SEQUENCE and METHOD, VTIMEZONE, scope and revocation."""

import datetime
import re

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountMember
from meetings import calendar, delivery
from meetings.models import CalendarFeed, Reminder
from meetings.services import meeting_cancel, meeting_update
from planning.models import Action
from tests.meetings.conftest import make_meeting

TRICKY_TITLE = "QBR, spring; Bergen\\Oslo"
TRICKY_PLACE = "Bryggen 4; room «Fjord», 2nd floor"
AGENDA = "1. Results, goals; actions\n2. Next steps: who, what, when"


@pytest.fixture
def tricky(customer, owner, kari):
    meeting = make_meeting(customer, owner, title=TRICKY_TITLE, place=TRICKY_PLACE, agenda=AGENDA)
    meeting.their_attendees.set([kari])
    return meeting


def _event(content: bytes):
    parsed = icalendar.Calendar.from_ical(content)
    return parsed, parsed.walk("VEVENT")[0]


def test_the_invitation_round_trips(client, owner, tricky, kari):
    client.force_login(owner)
    response = client.get(reverse("meetings:meeting-invite", args=[tricky.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "method=REQUEST" in response["Content-Type"]
    parsed, event = _event(response.content)
    assert parsed["METHOD"] == "REQUEST"
    assert str(event["SUMMARY"]) == TRICKY_TITLE and str(event["LOCATION"]) == TRICKY_PLACE
    assert str(event["DESCRIPTION"]) == AGENDA
    assert str(event["UID"]) == tricky.uid and int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == tricky.starts_at and event.decoded("DTEND") == tricky.ends_at
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Oslo"]
    attendees = (
        [str(a) for a in event.get("ATTENDEE")]
        if isinstance(event.get("ATTENDEE"), list)
        else [str(event["ATTENDEE"])]
    )
    assert f"mailto:{kari.email}" in attendees and f"mailto:{owner.email}" in attendees
    assert str(event["ORGANIZER"]) == f"mailto:{owner.email}"
    raw = response.content.decode()
    assert "QBR\\, spring\\; Bergen\\\\Oslo" in raw  # escaped on the wire


def test_a_calendar_parser_imports_it(client, owner, tricky):
    client.force_login(owner)
    content = client.get(reverse("meetings:meeting-invite", args=[tricky.pk])).content.decode()
    imported = vobject.readOne(content)
    event = imported.vevent
    assert event.summary.value == TRICKY_TITLE and event.location.value == TRICKY_PLACE
    assert event.description.value == AGENDA
    assert event.dtstart.value == tricky.starts_at and event.uid.value == tricky.uid


def test_control_characters_never_reach_the_file():
    entry = calendar.Entry(
        uid="x@orchard",
        summary="Bad\x07 title\x1b",
        start=datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 12, 10, 10, tzinfo=datetime.UTC),
        time_zone="Europe/Oslo",
        location="Room\x00 4",
    )
    content = calendar.invitation(entry, now=timezone.now())
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", content)
    _parsed, event = _event(content)
    assert str(event["SUMMARY"]) == "Bad title" and str(event["LOCATION"]) == "Room 4"


def test_every_change_raises_the_sequence_and_cancel_says_cancel(client, owner, tricky):
    start = tricky.starts_at + datetime.timedelta(days=1)
    meeting = meeting_update(
        meeting=tricky,
        by=owner,
        version=tricky.version,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    assert meeting.sequence == 1
    meeting = meeting_cancel(meeting=meeting, by=owner, reason="Budget freeze")
    client.force_login(owner)
    response = client.get(reverse("meetings:meeting-invite", args=[meeting.pk]))
    parsed, event = _event(response.content)
    assert parsed["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2 and str(event["UID"]) == tricky.uid


def test_nothing_internal_goes_into_an_invitation(client, owner, customer, kari):
    kari.notes = "Keen cyclist; dislikes long decks"
    kari.save()
    meeting = make_meeting(customer, owner, kind="relationship", title="Lunch", agenda="Lunch at Bryggen")
    meeting.their_attendees.set([kari])
    client.force_login(owner)
    content = client.get(reverse("meetings:meeting-invite", args=[meeting.pk])).content.decode()
    assert "Red" not in content and "cyclist" not in content and "DISC" not in content


def test_emailing_the_invitation_reaches_each_address_once(client, owner, meeting, kari, per):
    meeting.their_attendees.add(per)  # Per has no address: nothing is sent to him
    client.force_login(owner)
    url = reverse("meetings:meeting-invite-send", args=[meeting.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: the same version goes once
    delivery.reminders_deliver()
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([kari.email, owner.email])
    theirs = next(m for m in mail.outbox if m.to == [kari.email])
    assert "/meetings/" not in theirs.body  # a customer gets no link into Orchard
    _name, content, mimetype = theirs.attachments[0]
    content = content if isinstance(content, str) else content.decode()
    assert mimetype.startswith("text/calendar") and "METHOD:REQUEST" in content
    assert "Red: dominant" not in theirs.body and "Red: dominant" not in content
    # Moving the meeting sends the new version (SEQUENCE 1) to the same people by itself.
    mail.outbox.clear()
    start = meeting.starts_at + datetime.timedelta(days=2)
    meeting.refresh_from_db()
    meeting_update(
        meeting=meeting,
        by=owner,
        version=meeting.version,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    delivery.reminders_deliver()
    assert len(mail.outbox) == 2
    assert all("SEQUENCE:1" in str(m.attachments[0][1]) for m in mail.outbox)


def test_a_meeting_never_invited_sends_nothing_when_cancelled(owner, meeting):
    meeting_cancel(meeting=meeting, by=owner)
    delivery.reminders_deliver()
    assert mail.outbox == [] and not Reminder.objects.exists()


def _feed_token(client, user) -> str:
    client.force_login(user)
    client.post(reverse("meetings:calendar-renew"))
    page = client.get(reverse("meetings:calendar")).content.decode()
    return re.search(r"/calendar/feed/([\w-]+)\.ics", page).group(1)


def test_the_feed_holds_meetings_reviews_actions_and_notice_dates(client, owner, meeting, plan):
    from risk.models import Contract

    Action.objects.create(
        plan=plan,
        title="Send the proposal",
        owner=owner,
        due=timezone.localdate() + datetime.timedelta(days=5),
    )
    Contract.objects.create(
        customer=meeting.customer,
        title="Frame agreement",
        start=datetime.date(2024, 1, 1),
        expiry=timezone.localdate() + datetime.timedelta(days=120),
        notice_amount=3,
    )
    token = _feed_token(client, owner)
    client.logout()
    response = client.get(reverse("meetings:calendar-feed", args=[token]))
    assert response.status_code == 200
    content = response.content.decode()
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")]
    assert any(s.startswith("QBR") for s in summaries)
    assert any("Send the proposal" in s for s in summaries)
    assert any(s.startswith("Plan review") for s in summaries)
    assert any("Frame agreement" in s for s in summaries)
    assert vobject.readOne(content).name == "VCALENDAR"
    assert CalendarFeed.objects.get().token_hash != token  # only the hash is kept


def test_a_revoked_or_renewed_address_is_not_found(client, owner, meeting):
    old = _feed_token(client, owner)
    new = _feed_token(client, owner)
    assert client.get(reverse("meetings:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:calendar-feed", args=[new])).status_code == 200
    client.post(reverse("meetings:calendar-revoke"))
    client.logout()
    assert client.get(reverse("meetings:calendar-feed", args=[new])).status_code == 404
    assert client.get(reverse("meetings:calendar-feed", args=["made-up"])).status_code == 404


def test_the_feed_shows_only_what_its_owner_may_see_now(client, owner, contributor, customer, meeting):
    meeting.our_attendees.add(contributor)
    token = _feed_token(client, contributor)
    assert "BEGIN:VEVENT" in client.get(reverse("meetings:calendar-feed", args=[token])).content.decode()
    AccountMember.objects.filter(user=contributor, customer=customer).delete()
    assert "BEGIN:VEVENT" not in client.get(reverse("meetings:calendar-feed", args=[token])).content.decode()
