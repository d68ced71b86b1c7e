"""The rhythm as pure functions: rules, next due, state, adherence, and days in time zones (DST)."""

import datetime

import pytest

from meetings import cadence
from meetings.cadence import Adherence

D = datetime.date
UTC = datetime.UTC


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert cadence.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert cadence.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert cadence.add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert cadence.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_the_customers_own_rule_wins_then_the_tier_then_the_built_in_one():
    rules = cadence.rules_for(1, {(1, "operational"): 2}, {"strategic": (2, "New CEO: monthly for now")})
    assert rules["strategic"].interval_months == 2 and rules["strategic"].source == "customer"
    assert rules["strategic"].reason == "New CEO: monthly for now"
    assert rules["operational"].interval_months == 2 and rules["operational"].source == "tier"
    assert rules["relationship"].interval_months == 6 and rules["relationship"].source == "built_in"


def test_next_due_counts_from_the_last_meeting_or_from_when_the_rhythm_began():
    assert cadence.next_due(D(2026, 3, 10), 3, D(2020, 1, 1)) == D(2026, 6, 10)
    assert cadence.next_due(None, 3, D(2026, 1, 15)) == D(2026, 4, 15)
    assert cadence.next_due(D(2026, 3, 10), 0, D(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("due", "planned", "expected"),
    [
        (D(2026, 6, 10), [D(2026, 6, 1)], cadence.PLANNED),
        (D(2026, 6, 10), [D(2026, 6, 20)], cadence.PLANNED),  # within the two weeks' grace
        (D(2026, 6, 10), [D(2026, 8, 1)], cadence.DUE_SOON),
        (D(2026, 5, 1), [], cadence.OVERDUE),
        (D(2026, 9, 1), [], cadence.ON_TRACK),
        (None, [], cadence.NOT_EXPECTED),
    ],
)
def test_state_of_the_rhythm(due, planned, expected):
    assert cadence.state(due, planned, D(2026, 6, 1), 3).state == expected


def test_a_quarterly_rhythm_kept_all_year_is_four_on_time():
    held = [D(2025, 5, 20), D(2025, 8, 15), D(2025, 11, 20), D(2026, 2, 18), D(2026, 5, 19)]
    assert cadence.adherence(held, 3, D(2026, 6, 1)) == Adherence(on_time=4, late=0, missing=0)


def test_a_late_meeting_is_late_and_whole_quarters_skipped_before_it_are_missing():
    # May keeps the first due date; then due 20 Aug, nothing until 10 Feb: Nov was skipped
    # (missing) and the February meeting is late.
    held = [D(2025, 5, 20), D(2026, 2, 10)]
    result = cadence.adherence(held, 3, D(2026, 4, 1))
    assert result == Adherence(on_time=1, late=1, missing=1)


def test_nothing_held_since_counts_each_due_date_as_missing():
    result = cadence.adherence([D(2025, 5, 1)], 3, D(2026, 6, 1))
    assert result.missing == 4 and result.on_time == 0 and result.share_on_time == 0


def test_a_new_account_is_not_overdue_before_its_first_interval():
    result = cadence.adherence([], 3, D(2026, 6, 1), since=D(2026, 4, 1))
    assert result == Adherence(0, 0, 0)
    assert result.share_on_time is None


def test_extra_meetings_never_hurt():
    held = [D(2025, 7, 1), D(2025, 7, 15), D(2025, 8, 1), D(2025, 10, 1), D(2026, 1, 2), D(2026, 4, 1)]
    result = cadence.adherence(held, 3, D(2026, 6, 1), since=D(2025, 6, 1))
    assert result.late == 0 and result.missing == 0 and result.on_time >= 3


def test_not_expected_has_no_adherence():
    assert cadence.adherence([D(2026, 1, 1)], 0, D(2026, 6, 1)) is None


def test_local_day_is_the_meetings_own_day_not_utc():
    # 00:30 in Oslo on 1 April (summer time) is 22:30 UTC on 31 March.
    moment = datetime.datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    assert cadence.local_day(moment, "Europe/Oslo") == D(2026, 4, 1)
    assert cadence.local_day(moment, "America/New_York") == D(2026, 3, 31)
    with pytest.raises(ValueError):
        cadence.local_day(datetime.datetime(2026, 3, 31, 22, 30), "Europe/Oslo")


def test_local_moment_across_the_spring_change():
    # Oslo moves from UTC+1 to UTC+2 at 02:00 on 29 March 2026.
    before = cadence.local_moment(D(2026, 3, 28), datetime.time(9, 0), "Europe/Oslo")
    after = cadence.local_moment(D(2026, 3, 30), datetime.time(9, 0), "Europe/Oslo")
    assert before.astimezone(UTC).hour == 8 and after.astimezone(UTC).hour == 7
    with pytest.raises(cadence.NonexistentTime):
        cadence.local_moment(D(2026, 3, 29), datetime.time(2, 30), "Europe/Oslo")


def test_local_moment_refuses_the_hour_the_autumn_change_repeats():
    with pytest.raises(cadence.AmbiguousTime):
        cadence.local_moment(D(2026, 10, 25), datetime.time(2, 30), "Europe/Oslo")
    fine = cadence.local_moment(D(2026, 10, 25), datetime.time(3, 30), "Europe/Oslo")
    assert fine.astimezone(UTC) == datetime.datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_a_monthly_rhythm_over_the_dst_change_stays_on_time():
    # Meetings at 08:00 Oslo time every month: the UTC hour moves, the local day does not.
    days = [
        cadence.local_day(
            cadence.local_moment(D(2026, m, 2), datetime.time(8, 0), "Europe/Oslo"), "Europe/Oslo"
        )
        for m in range(1, 7)
    ]
    assert cadence.adherence(days, 1, D(2026, 6, 20), since=D(2026, 1, 1)) == Adherence(5, 0, 0)
