"""The rhythm of meetings, as pure functions: which rule applies, when the next meeting is due,
and how well the rhythm was kept over the last twelve months. No ORM here.

Days are the meeting's own local days: a meeting at 00:30 in Oslo on 1 April was held on 1 April,
although it is still 31 March in UTC.
"""

from __future__ import annotations

import calendar
import datetime
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

OPERATIONAL, STRATEGIC, RELATIONSHIP = "operational", "strategic", "relationship"
TYPES = (STRATEGIC, OPERATIONAL, RELATIONSHIP)

# The rhythm when an administrator or leader has set none: months between meetings per tier.
BUILT_IN: dict[int, dict[str, int]] = {
    1: {STRATEGIC: 3, OPERATIONAL: 1, RELATIONSHIP: 6},
    2: {STRATEGIC: 6, OPERATIONAL: 3, RELATIONSHIP: 12},
    3: {STRATEGIC: 12, OPERATIONAL: 6, RELATIONSHIP: 0},
}
WINDOW_MONTHS = 12
# How far before the window a rhythm looks for the meeting it counts from (the longest interval).
LONGEST_LOOKBACK = 24
DUE_SOON_DAYS = 14

NOT_EXPECTED, PLANNED, OVERDUE, DUE_SOON, ON_TRACK = (
    "not_expected",
    "planned",
    "overdue",
    "due_soon",
    "on_track",
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def grace_days(interval_months: int) -> int:
    """How late a meeting may be and still count as on time: a week a month, at most two weeks."""
    return min(14, 7 * interval_months)


def local_day(moment: datetime.datetime, time_zone: str) -> datetime.date:
    """The calendar day of an aware moment in the given time zone."""
    if moment.tzinfo is None:
        raise ValueError("A naive datetime has no day in any time zone")
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def local_moment(day: datetime.date, time: datetime.time, time_zone: str) -> datetime.datetime:
    """The aware moment of a wall-clock time on a day in a time zone.

    Raises NonexistentTime for a time the clocks skip (02:30 on the spring-forward night) and
    AmbiguousTime for one they pass twice (02:30 on the autumn night), so nobody books an hour
    that is not there or gets the wrong one of two.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    naive = datetime.datetime.combine(day, time)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != naive:
            raise NonexistentTime(naive, time_zone)
        raise AmbiguousTime(naive, time_zone)
    return first


class NonexistentTime(ValueError):
    def __init__(self, naive: datetime.datetime, time_zone: str) -> None:
        super().__init__(f"{naive} does not exist in {time_zone}")
        self.naive, self.time_zone = naive, time_zone


class AmbiguousTime(ValueError):
    def __init__(self, naive: datetime.datetime, time_zone: str) -> None:
        super().__init__(f"{naive} happens twice in {time_zone}")
        self.naive, self.time_zone = naive, time_zone


# --- Which rule applies --------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    meeting_type: str
    interval_months: int
    source: str  # "built_in", "tier" or "customer"
    reason: str = ""


def rules_for(
    tier: int,
    tier_defaults: Mapping[tuple[int, str], int],
    overrides: Mapping[str, tuple[int, str]],
) -> dict[str, Rule]:
    """The rhythm of each meeting type for one customer: its own override (with the reason), else
    the tier's default, else the built-in one."""
    found = {}
    for kind in TYPES:
        if kind in overrides:
            months, reason = overrides[kind]
            found[kind] = Rule(kind, months, "customer", reason)
        elif (tier, kind) in tier_defaults:
            found[kind] = Rule(kind, tier_defaults[(tier, kind)], "tier")
        else:
            found[kind] = Rule(kind, BUILT_IN.get(tier, BUILT_IN[3])[kind], "built_in")
    return found


# --- When the next one is due -------------------------------------------------------------------
def next_due(
    last_held: datetime.date | None, interval_months: int, since: datetime.date
) -> datetime.date | None:
    """The day the next meeting is due: one interval after the last one held, or after `since` (when
    the rhythm began) if none was. None when the type is not expected (interval 0)."""
    if interval_months <= 0:
        return None
    return add_months(last_held or since, interval_months)


@dataclass(frozen=True)
class State:
    state: str
    due: datetime.date | None
    planned: datetime.date | None = None

    def days_from(self, today: datetime.date) -> int | None:
        return None if self.due is None else (self.due - today).days


def state(
    due: datetime.date | None,
    planned: Iterable[datetime.date],
    today: datetime.date,
    interval_months: int = 1,
) -> State:
    """Where the rhythm stands today: a planned meeting that keeps it, overdue, due soon, on track."""
    if due is None:
        return State(NOT_EXPECTED, None)
    upcoming = sorted(d for d in planned if d >= today)
    first = upcoming[0] if upcoming else None
    if first is not None and first <= due + datetime.timedelta(days=grace_days(interval_months)):
        return State(PLANNED, due, first)
    if due < today:
        return State(OVERDUE, due, first)
    if (due - today).days <= DUE_SOON_DAYS:
        return State(DUE_SOON, due, first)
    return State(ON_TRACK, due, first)


# --- Adherence over the last twelve months --------------------------------------------------------
@dataclass(frozen=True)
class Adherence:
    on_time: int
    late: int
    missing: int

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


def adherence(
    held: Sequence[datetime.date],
    interval_months: int,
    today: datetime.date,
    since: datetime.date | None = None,
) -> Adherence | None:
    """How the rhythm was kept in the twelve months up to `today`.

    Each due date in the window is met on time (a meeting by the due date plus a short grace),
    late (the next meeting came after that but by today; whole intervals skipped before it count
    as missing), or missing (none by today). Extra meetings never hurt. The first due date is one
    interval after the last meeting before the window, or after the window's start (`since`, if
    later: when the account became key); a rhythm already overdue at the window's start is due on
    its first day. None when the type is not expected.
    """
    if interval_months <= 0:
        return None
    start = add_months(today, -WINDOW_MONTHS)
    if since is not None and since > start:
        start = since
    days = sorted(set(held))
    before = [d for d in days if d < start]
    later = [d for d in days if start <= d <= today]
    due = add_months(before[-1], interval_months) if before else add_months(start, interval_months)
    due = max(due, start)
    grace = datetime.timedelta(days=grace_days(interval_months))
    on_time = late = missing = 0
    index = 0
    while due <= today:
        meeting = later[index] if index < len(later) else None
        if meeting is not None and meeting <= due + grace:
            on_time += 1
        elif meeting is not None:
            skipped = 1
            while add_months(due, skipped * interval_months) + grace < meeting:
                skipped += 1
            missing += skipped - 1
            late += 1
        else:
            missing += 1
            due = add_months(due, interval_months)
            continue
        index += 1
        # Several meetings in one interval: the last of them starts the next interval.
        while index < len(later) and later[index] <= due + grace:
            index += 1
        due = add_months(later[index - 1], interval_months)
    return Adherence(on_time, late, missing)
