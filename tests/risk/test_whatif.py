"""The what-if simulator on plain numbers: changes, refusals, and what losing a customer does."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk import whatif
from risk.concentration import Entry, Thresholds

portfolios = st.lists(
    st.tuples(
        st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
        st.decimals(min_value=-(10**8), max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
    ),
    min_size=2,
    max_size=40,
)


def entries(rows):
    return [Entry(i, f"C{i}", revenue, margin) for i, (revenue, margin) in enumerate(rows, 1)]


@given(portfolios, st.data())
def test_losing_a_customer_never_raises_the_others_revenue(rows, data):
    portfolio = entries(rows)
    lost = data.draw(st.sampled_from(portfolio)).customer_id
    after = {e.customer_id: e for e in whatif.apply(portfolio, [whatif.make_change(lost, whatif.LOSE)])}
    assert after[lost].revenue == 0
    for entry in portfolio:
        if entry.customer_id != lost:
            assert after[entry.customer_id].revenue <= entry.revenue
            assert after[entry.customer_id] == entry


@given(portfolios, st.data())
def test_losing_a_customer_never_raises_total_revenue(rows, data):
    portfolio = entries(rows)
    lost = data.draw(st.sampled_from(portfolio)).customer_id
    result = whatif.simulate(portfolio, [whatif.make_change(lost, whatif.LOSE)])
    assert result.after.total <= result.before.total
    assert result.revenue_change == -portfolio[lost - 1].revenue


def test_halving_the_largest_lowers_concentration():
    portfolio = entries(
        [(Decimal(600), Decimal(100)), (Decimal(200), Decimal(50)), (Decimal(200), Decimal(40))]
    )
    result = whatif.simulate(portfolio, [whatif.make_change(1, whatif.HALVE)], Thresholds())
    assert result.after.total == Decimal(700)
    assert result.after.gross_margin == Decimal(140)
    assert result.margin_change == Decimal(-50)
    assert result.before.hhi == Decimal("0.44")
    assert result.hhi_change < 0
    (affected,) = result.affected
    assert affected.revenue_after == Decimal(300) and affected.percent == -50
    assert affected.share_after == Decimal(300) / Decimal(700)


def test_custom_growth_is_applied():
    portfolio = entries([(Decimal(100), Decimal(10)), (Decimal(100), Decimal(10))])
    result = whatif.simulate(portfolio, [whatif.make_change(2, whatif.CUSTOM, 30)])
    assert result.after.total == Decimal(230)
    assert result.revenue_change_ratio == Decimal("0.15")


def test_losing_everything_leaves_no_shares():
    portfolio = entries([(Decimal(100), Decimal(10))])
    result = whatif.simulate(portfolio, [whatif.make_change(1, whatif.LOSE)])
    assert result.after.empty and result.after.hhi is None and result.top_pairs == []


def test_changes_for_customers_outside_the_entries_are_ignored():
    portfolio = entries([(Decimal(100), Decimal(10))])
    result = whatif.simulate(portfolio, [whatif.make_change(999, whatif.LOSE)])
    assert result.after.total == Decimal(100) and result.affected == ()


@pytest.mark.parametrize(
    ("kind", "percent", "code"),
    [
        ("vanish", None, "kind"),
        (whatif.CUSTOM, None, "percent-missing"),
        (whatif.CUSTOM, -101, "percent-range"),
        (whatif.CUSTOM, 301, "percent-range"),
    ],
)
def test_inputs_outside_range_are_refused(kind, percent, code):
    with pytest.raises(whatif.ChangeError) as refused:
        whatif.make_change(1, kind, percent)
    assert refused.value.code == code


def test_fixed_kinds_ignore_the_percentage():
    assert whatif.make_change(1, whatif.HALVE, 999).percent == -50
    assert whatif.make_change(1, whatif.LOSE).percent == -100
