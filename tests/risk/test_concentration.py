"""Shares, top-N and the Herfindahl-Hirschman index on plain numbers, with property-based tests."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk.concentration import NEAR, OK, OVER, UNSET, Entry, Thresholds, concentrate, hhi, level, shares

TOLERANCE = Decimal("1e-20")
revenues = st.lists(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=60,
).filter(lambda values: sum(values) > 0)


def entries(values):
    return [Entry(i, f"Customer {i}", value) for i, value in enumerate(values, 1)]


@given(revenues)
def test_shares_sum_to_one_hundred_percent(values):
    assert abs(sum(shares(values)) - 1) < TOLERANCE


@given(revenues)
def test_index_lies_between_one_over_n_and_one(values):
    index = hhi(shares(values))
    assert Decimal(1) / len(values) - TOLERANCE <= index <= 1 + TOLERANCE


@given(revenues)
def test_top_shares_grow_with_n_and_cumulative_ends_at_one(values):
    result = concentrate(entries(values))
    tops = [top.share for top in result.top]
    assert tops == sorted(tops)
    assert abs(result.rows[-1].cumulative - 1) < TOLERANCE
    assert [row.revenue for row in result.rows] == sorted(values, reverse=True)


def test_one_customer_carries_everything():
    result = concentrate(entries([Decimal(500)]))
    assert result.hhi == 1
    assert result.hhi_points == 10000
    assert result.top[0].share == 1
    assert result.top[0].level == OVER


def test_equal_customers_give_index_one_over_n():
    result = concentrate(entries([Decimal(100)] * 20))
    assert result.hhi == Decimal("0.05")
    assert result.hhi_points == 500
    assert result.equivalent_count == 20
    assert result.hhi_level == OK


def test_top_shares_and_threshold_levels():
    # 40 + 20 + 10 + 7 × 30/7 … a portfolio of ten with a dominant customer
    values = [Decimal(v) for v in (40, 20, 10, 6, 6, 6, 6, 2, 2, 2)]
    result = concentrate(entries(values), Thresholds.from_percent(20, 40, 60))
    by_n = {top.n: top for top in result.top}
    assert by_n[1].share == Decimal("0.4") and by_n[1].level == OVER
    assert by_n[3].share == Decimal("0.7") and by_n[3].level == OVER
    assert by_n[5].share == Decimal("0.82") and by_n[5].threshold is None and by_n[5].level == UNSET
    assert by_n[10].share == 1 and by_n[10].level == OVER
    assert result.hhi == Decimal("0.2256")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("0.10"), OK), (Decimal("0.15"), NEAR), (Decimal("0.20"), NEAR), (Decimal("0.21"), OVER)],
)
def test_level_is_near_from_three_quarters_of_the_limit(value, expected):
    assert level(value, Decimal("0.20")) == expected


def test_a_zero_revenue_portfolio_has_no_shares_and_no_index():
    result = concentrate(entries([Decimal(0), Decimal(0)]))
    assert result.empty
    assert result.hhi is None and result.hhi_points is None
    assert result.top == ()
    with pytest.raises(ValueError):
        shares([Decimal(0)])


def test_an_empty_portfolio_is_empty():
    result = concentrate([])
    assert result.empty and result.count == 0


def test_negative_revenue_is_refused():
    with pytest.raises(ValueError):
        shares([Decimal(10), Decimal(-1)])


def test_ties_are_ordered_by_name():
    result = concentrate([Entry(2, "Beta", Decimal(5)), Entry(1, "alfa", Decimal(5))])
    assert [row.name for row in result.rows] == ["alfa", "Beta"]
    assert result.share_of(2).rank == 2
    assert result.share_of(99) is None
