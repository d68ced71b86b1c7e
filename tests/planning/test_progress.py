"""Goal progress, review rhythm and freshness: pure functions, no database."""

import datetime
from decimal import Decimal

import pytest

from planning import progress
from planning.progress import PeriodFigures


def figures(*rows):
    return [PeriodFigures(y, q, Decimal(r), Decimal(r) / 4, Decimal(s) if s else None) for y, q, r, s in rows]


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    assert progress.progress(Decimal(100), Decimal(200), Decimal(150)) == Decimal("0.5")
    assert progress.progress(Decimal(100), Decimal(200), Decimal(250)) == 1
    assert progress.progress(Decimal(100), Decimal(200), Decimal(50)) == 0


def test_a_goal_to_go_down_counts_progress_downwards():
    assert progress.progress(Decimal(40), Decimal(20), Decimal(30)) == Decimal("0.5")


def test_progress_is_unknown_without_a_target_or_a_current_value():
    assert progress.progress(Decimal(1), None, Decimal(2)) is None
    assert progress.progress(Decimal(1), Decimal(2), None) is None


def test_a_missing_baseline_counts_as_zero_and_an_equal_target_is_reached_or_not():
    assert progress.progress(None, Decimal(10), Decimal(5)) == Decimal("0.5")
    assert progress.progress(Decimal(5), Decimal(5), Decimal(5)) == 1
    assert progress.progress(Decimal(5), Decimal(5), Decimal(4)) == 0


def test_a_financial_goal_reads_the_latest_whole_year():
    rows = figures((2025, 0, "1000", "4000"), (2026, 0, "1200", "4000"))
    assert progress.financial_current("revenue", rows) == progress.Current(Decimal(1200), "2026")
    assert progress.financial_current("gross_margin", rows).value == Decimal(300)
    assert progress.financial_current("share_of_wallet", rows).value == Decimal("30.0")


def test_a_year_with_quarters_only_counts_as_year_to_date():
    rows = figures((2025, 0, "1000", None), (2026, 1, "300", None), (2026, 2, "350", None))
    current = progress.financial_current("revenue", rows)
    assert current == progress.Current(Decimal(650), "2026 Q1–Q2")


def test_share_of_wallet_is_unknown_without_their_spend_and_nothing_without_history():
    assert progress.financial_current("share_of_wallet", figures((2026, 0, "10", None))).value is None
    assert progress.financial_current("revenue", []) == progress.Current(None)
    with pytest.raises(ValueError):
        progress.financial_current("headcount", figures((2026, 0, "10", None)))


def test_entered_progress_is_a_fraction_kept_within_0_and_100_percent():
    assert progress.entered_progress(40) == Decimal("0.4")
    assert progress.entered_progress(None) is None
    assert progress.entered_progress(140) == 1


def test_the_next_review_is_a_quarter_later_or_a_month_while_in_change():
    assert progress.next_review_due(datetime.date(2027, 1, 31), False) == datetime.date(2027, 4, 30)
    assert progress.next_review_due(datetime.date(2027, 1, 31), True) == datetime.date(2027, 2, 28)
    assert progress.next_review_due(datetime.date(2027, 11, 15), False) == datetime.date(2028, 2, 15)


@pytest.mark.parametrize(
    ("due", "in_change", "state"),
    [
        (datetime.date(2027, 3, 1), False, "fresh"),
        (datetime.date(2027, 2, 14), False, "due"),
        (datetime.date(2027, 2, 14), True, "fresh"),
        (datetime.date(2027, 2, 1), False, "due"),
        (datetime.date(2027, 1, 31), False, "overdue"),
    ],
)
def test_freshness_says_fresh_due_or_overdue(due, in_change, state):
    result = progress.freshness(due, datetime.date(2027, 2, 1), in_change)
    assert result.state == state
    assert str(result.label)


def test_weighted_value_multiplies_by_probability():
    assert progress.weighted(Decimal("1000"), 25) == Decimal("250.00")
