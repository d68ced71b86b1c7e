"""One account's risk in words, from plain facts: points, level, reasons and notes on bad data."""

import datetime
from decimal import Decimal

from risk import assessment
from risk.assessment import AccountFacts, ContractFacts, RelationshipFacts, assess
from risk.contracts import months_before, notice_deadline

TODAY = datetime.date(2026, 6, 1)


def facts(**overrides) -> AccountFacts:
    base = {
        "today": TODAY,
        "year": 2025,
        "revenue": Decimal(1_000_000),
        "their_spend": Decimal(2_000_000),
        "portfolio_share": Decimal("0.005"),
        "relationships": RelationshipFacts(our_people=3),
        "reviewed": True,
        "review_due": TODAY + datetime.timedelta(days=30),
    }
    return AccountFacts(**{**base, **overrides})


def topics(result) -> set[str]:
    return {reason.topic for reason in result.counted}


def test_a_calm_account_is_low_risk_and_says_they_depend_on_us():
    result = assess(facts())
    assert result.level == assessment.LOW
    assert result.their_dependency == Decimal("0.5")
    assert any("depend on us too" in reason.text for reason in result.calm)


def test_a_heavy_single_threaded_account_with_a_strong_competitor_is_high_risk():
    result = assess(
        facts(
            portfolio_share=Decimal("0.35"),
            their_spend=Decimal(10_000_000),
            relationships=RelationshipFacts(our_people=1),
            competitors=[("Fjordtech", 3)],
        )
    )
    assert result.level == assessment.HIGH
    assert {"dependency", "relationships", "competitors"} <= topics(result)
    assert any("Fjordtech" in reason.text for reason in result.reasons)
    assert result.quadrant == assessment.EXPOSED


def test_stakeholder_map_drives_relationship_risk_when_present():
    mapped = RelationshipFacts(our_people=4, mapped=6, strong=0, holders=1, influential_sceptics=3)
    result = assess(facts(relationships=mapped))
    points = sum(r.points for r in result.reasons if r.topic == "relationships")
    assert points == 2 + 2 + 2
    assert not any("No stakeholders" in note for note in result.notes)


def test_our_revenue_above_their_spend_is_a_note_not_a_figure():
    result = assess(facts(revenue=Decimal(3_000_000), their_spend=Decimal(1_000_000)))
    assert result.their_dependency is None
    assert any("above their recorded total spend" in note for note in result.notes)


def test_missing_periods_are_explained():
    result = assess(facts(revenue=None, their_spend=None, portfolio_share=None))
    assert result.our_dependency is None
    assert any("No whole-year revenue" in note for note in result.notes)


def test_a_zero_revenue_view_is_explained():
    result = assess(facts(revenue=Decimal(0), portfolio_share=None))
    assert any("zero" in note for note in result.notes)


def test_notice_soon_counts_and_a_notice_longer_than_the_contract_is_a_note():
    soon = ContractFacts(
        "Framework", datetime.date(2024, 1, 1), datetime.date(2026, 9, 1), datetime.date(2026, 7, 1)
    )
    odd = ContractFacts(
        "Pilot", datetime.date(2026, 5, 1), datetime.date(2026, 12, 1), datetime.date(2026, 1, 1)
    )
    result = assess(facts(contracts=[soon, odd]))
    notice = [r for r in result.reasons if r.topic == "contract" and "must be given" in r.text]
    assert notice and notice[0].points == 2 and "30 days" in notice[0].text
    assert any("longer than the contract" in note for note in result.notes)


def test_expired_contracts_and_overdue_reviews_count():
    old = ContractFacts(
        "Old", datetime.date(2020, 1, 1), datetime.date(2025, 1, 1), datetime.date(2024, 10, 1)
    )
    result = assess(facts(contracts=[old], review_due=TODAY - datetime.timedelta(days=3)))
    assert {"contract", "review"} <= topics(result)


def test_never_reviewed_is_a_note():
    assert any("never been reviewed" in note for note in assess(facts(reviewed=False, review_due=None)).notes)


def test_without_explanations_the_level_is_the_same():
    heavy = facts(
        portfolio_share=Decimal("0.5"), competitors=[("A", 3)], exposed_reason="shrinking", industry="X"
    )
    assert assess(heavy, explain=False).points == assess(heavy).points
    assert all(reason.text == "" for reason in assess(heavy, explain=False).reasons)


def test_importance_combines_tier_and_weight():
    assert assessment.importance(Decimal("0.2"), 1) == 5
    assert assessment.importance(None, 3) == 1
    assert assessment.importance_band(3) == assessment.MEDIUM


def test_notice_deadline_in_months_is_clamped_to_the_month_end():
    assert months_before(datetime.date(2027, 3, 31), 1) == datetime.date(2027, 2, 28)
    assert notice_deadline(datetime.date(2027, 1, 31), 3, "months") == datetime.date(2026, 10, 31)
    assert notice_deadline(datetime.date(2027, 1, 31), 90, "days") == datetime.date(2026, 11, 2)
    assert notice_deadline(datetime.date(2027, 1, 31), 0, "months") == datetime.date(2027, 1, 31)
    assert notice_deadline(datetime.date(2, 1, 1), 3660, "months") == datetime.date.min


def test_a_passed_notice_date_on_a_running_contract_counts():
    passed = ContractFacts(
        "Service", datetime.date(2024, 1, 1), datetime.date(2027, 1, 1), datetime.date(2026, 1, 1)
    )
    later = ContractFacts(
        "SLA", datetime.date(2024, 1, 1), datetime.date(2029, 1, 1), datetime.date(2028, 10, 1)
    )
    reasons = [r for r in assess(facts(contracts=[passed, later])).reasons if r.topic == "contract"]
    assert [r.points for r in reasons] == [1, 0]
    assert "passed on" in reasons[0].text and "SLA" in reasons[1].text
