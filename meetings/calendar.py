"""Calendar files (RFC 5545) built with the icalendar library: one meeting's invitation, and a
person's feed. Pure: plain values in, bytes out, no ORM.

An invitation carries a stable UID and the meeting's SEQUENCE (raised on every change), METHOD
REQUEST or CANCEL, the time zone's VTIMEZONE, ORGANIZER and one ATTENDEE per person with an
address. The library escapes commas, semicolons and line breaks in text; control characters never
reach it (forms refuse them), and `_clean` drops any that slipped into stored data.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Orchard//Meetings//EN"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str = "REQ-PARTICIPANT"


@dataclass(frozen=True)
class Entry:
    """One calendar entry: a timed meeting, or an all-day date (a review, a due date, a notice date)."""

    uid: str
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    time_zone: str = ""
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    organizer: Person | None = None
    attendees: Sequence[Person] = ()


def _clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


def _address(person: Person, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(_clean(person.name))
    if attendee:
        address.params["ROLE"] = vText(person.role)
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("TRUE")
    return address


def _event(entry: Entry, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", entry.sequence)
    event.add("summary", _clean(entry.summary))
    if isinstance(entry.start, datetime.datetime):
        zone = zoneinfo.ZoneInfo(entry.time_zone or "UTC")
        event.add("dtstart", entry.start.astimezone(zone))
        if entry.end is not None:
            event.add("dtend", entry.end.astimezone(zone))
    else:
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end or entry.start + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if entry.location:
        event.add("location", _clean(entry.location))
    if entry.description:
        event.add("description", _clean(entry.description))
    if entry.url:
        event.add("url", entry.url)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.organizer is not None and entry.organizer.email:
        event.add("organizer", _address(entry.organizer, attendee=False))
    for person in entry.attendees:
        if person.email:
            event.add("attendee", _address(person, attendee=True), encode=0)
    return event


def invitation(entry: Entry, *, now: datetime.datetime) -> bytes:
    """One meeting's invitation: METHOD:REQUEST, or METHOD:CANCEL when the meeting is cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if entry.cancelled else "REQUEST")
    calendar.add_component(_event(entry, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed(entries: Iterable[Entry], *, name: str, now: datetime.datetime) -> bytes:
    """A subscribed calendar (METHOD:PUBLISH) with every entry given."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _clean(name))
    for entry in entries:
        calendar.add_component(_event(entry, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
