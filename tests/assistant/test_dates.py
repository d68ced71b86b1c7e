"""Due dates as people write them, resolved against the note-taker's today (a Wednesday here)."""

import datetime

import pytest

from assistant.dates import find_due

WEDNESDAY = datetime.date(2027, 3, 3)


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        ("Send it next Friday", datetime.date(2027, 3, 12), "next Friday"),
        ("Send it by Friday", datetime.date(2027, 3, 5), "by Friday"),
        ("by 12 March", datetime.date(2027, 3, 12), "by 12 March"),
        ("before March 20th", datetime.date(2027, 3, 20), "before March 20th"),
        ("in two weeks", datetime.date(2027, 3, 17), "in two weeks"),
        ("tomorrow", datetime.date(2027, 3, 4), "tomorrow"),
        ("by the end of the month", datetime.date(2027, 3, 31), "by the end of the month"),
        ("innen 15. mars", datetime.date(2027, 3, 15), "innen 15. mars"),
        ("neste fredag", datetime.date(2027, 3, 12), "neste fredag"),
        ("på mandag", datetime.date(2027, 3, 8), "på mandag"),
        ("om to uker", datetime.date(2027, 3, 17), "om to uker"),
        ("i uke 12", datetime.date(2027, 3, 26), "uke 12"),
        ("innen 15.3.", datetime.date(2027, 3, 15), "innen 15.3."),
        ("senast 3 april", datetime.date(2027, 4, 3), "senast 3 april"),
        ("nästa vecka", datetime.date(2027, 3, 12), "nästa vecka"),
        ("på fredag", datetime.date(2027, 3, 5), "på fredag"),
        ("i morgon", datetime.date(2027, 3, 4), "i morgon"),
        ("inom tre veckor", datetime.date(2027, 3, 24), "inom tre veckor"),
        ("2027-04-01", datetime.date(2027, 4, 1), "2027-04-01"),
    ],
)
def test_due_phrases_resolve_against_the_reference_date(text, expected, phrase):
    found = find_due(text, WEDNESDAY)
    assert found is not None
    assert (found.date, found.phrase) == (expected, phrase)


def test_a_day_that_has_passed_this_year_means_next_year():
    assert find_due("by 12 January", WEDNESDAY).date == datetime.date(2028, 1, 12)


def test_a_weekday_named_on_that_weekday_means_a_week_later():
    assert find_due("by Wednesday", WEDNESDAY).date == datetime.date(2027, 3, 10)


def test_an_impossible_date_is_not_used():
    assert find_due("by 31 February", WEDNESDAY) is None


def test_text_without_a_date_has_no_due_date():
    assert find_due("We talked about the weather and the pilot in Bergen.", WEDNESDAY) is None
    assert find_due("The offer is 2.5 million", WEDNESDAY) is None
