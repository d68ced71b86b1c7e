"""Account health: the arithmetic (pure), the components' readings, the nightly snapshot and the page."""

import datetime
from decimal import Decimal

from django.urls import reverse

from accounts import health
from accounts.health import Reading
from accounts.health_components import margin_reading, relationship_reading, revenue_reading, wallet_reading
from accounts.models import FinancialPeriod, HealthSnapshot, HealthWeight
from accounts.services.health import health_snapshots_take
from accounts.tasks import take_health_snapshots
from planning.health import actions_reading, freshness_reading, goal_reading
from risk.health import risk_reading

TODAY = datetime.date(2026, 12, 3)


def test_missing_data_lowers_the_confidence_not_the_score():
    weights = {key: 0 for key in health.CATALOGUE} | {"plan_freshness": 30, "risk": 10, "revenue_trend": 60}
    available = {"plan_freshness", "risk", "revenue_trend"}
    full = health.combine(
        {
            "plan_freshness": Reading(80, "x"),
            "risk": Reading(40, "x"),
            "revenue_trend": Reading(None, "revenue.none"),
        },
        weights,
        available,
    )
    assert full.score == 70  # (30 × 80 + 10 × 40) / 40: the revenue trend without data is left out
    assert full.confidence == 40  # 40 of 100 weight could be judged
    assert [p.key for p in full.missing] == ["revenue_trend"]


def test_a_component_no_app_provides_is_not_available_yet_and_counts_nowhere():
    weights = {key: 0 for key in health.CATALOGUE} | {"plan_freshness": 50, "cadence": 50}
    result = health.combine({"plan_freshness": Reading(100, "plan.fresh", {})}, weights, {"plan_freshness"})
    cadence = result.part("cadence")
    assert not cadence.available
    assert "Not available yet" in cadence.reason
    assert result.score == 100 and result.confidence == 100
    assert result.missing == ()


def test_no_data_at_all_gives_no_score_and_no_confidence():
    result = health.combine({}, {}, set())
    assert result.score is None and result.confidence == 0 and result.band == health.UNKNOWN


def test_readings_say_why_in_words():
    grown = revenue_reading([(2025, Decimal(100)), (2024, Decimal(80))])
    assert grown.score == 100 and grown.params["change"] == 25.0
    assert "Revenue grew 25.0% from 2024 to 2025" in health.reason_text(grown.reason, grown.params)
    fell = revenue_reading([(2024, Decimal(100)), (2025, Decimal(90))])
    assert fell.score == 40
    assert revenue_reading([(2025, Decimal(100))]).score is None
    assert margin_reading([(2024, Decimal(100), Decimal(20)), (2025, Decimal(100), Decimal(25))]).score == 100
    assert wallet_reading([(2024, Decimal(100), None), (2025, Decimal(100), Decimal(400))]).score is None
    assert relationship_reading(0, set()).score is None
    assert relationship_reading(5, {("top", "executive"), ("users", "specialist")}).score == 50


def test_plan_and_risk_readings():
    assert freshness_reading(None, False, TODAY).score == 0
    assert freshness_reading(TODAY + datetime.timedelta(days=60), False, TODAY).score == 100
    late = freshness_reading(TODAY - datetime.timedelta(days=10), False, TODAY)
    assert late.score == 30 and "10 days overdue" in health.reason_text(late.reason, late.params)
    assert goal_reading([], 2026, TODAY).score is None
    assert (
        goal_reading([Decimal("0.5")], 2026, datetime.date(2026, 7, 2)).score == 100
    )  # half-way at mid-year
    assert actions_reading(0, 0, 0).score is None
    assert actions_reading(4, 3, 1).score == 75
    assert risk_reading(0, 0, None, TODAY).score is None  # never analysed: no data, not "no risk"
    assert risk_reading(1, 20, TODAY + datetime.timedelta(days=30), TODAY).score == 20
    assert risk_reading(0, 0, TODAY - datetime.timedelta(days=1), TODAY).score == 85


def test_the_nightly_task_stores_one_snapshot_per_key_account_and_day(customer, foreign_customer):
    FinancialPeriod.objects.create(customer=customer, year=2024, revenue=100, gross_margin=20)
    FinancialPeriod.objects.create(customer=customer, year=2025, revenue=120, gross_margin=30)
    assert take_health_snapshots() == 2
    assert take_health_snapshots() == 2  # a second run the same day replaces, never duplicates
    snap = HealthSnapshot.objects.get(customer=customer)
    assert snap.readings["revenue_trend"]["r"] == "revenue.change"
    assert snap.readings["plan_freshness"]["s"] == 0  # no plan
    assert snap.score is not None and 0 < snap.confidence < 100


def test_weights_set_by_administrators_change_the_score(customer):
    FinancialPeriod.objects.create(customer=customer, year=2024, revenue=100, gross_margin=20)
    FinancialPeriod.objects.create(customer=customer, year=2025, revenue=150, gross_margin=30)
    day = datetime.date(2026, 1, 5)
    health_snapshots_take(day=day)
    before = HealthSnapshot.objects.get(customer=customer, day=day).score
    for key in health.CATALOGUE:
        HealthWeight.objects.create(key=key, weight=100 if key == "revenue_trend" else 0)
    health_snapshots_take(day=day)
    assert HealthSnapshot.objects.get(customer=customer, day=day).score == 100 != before


def test_health_page_explains_each_component(client, owner, customer):
    FinancialPeriod.objects.create(customer=customer, year=2024, revenue=100, gross_margin=20)
    FinancialPeriod.objects.create(customer=customer, year=2025, revenue=110, gross_margin=20)
    for offset in range(3):
        HealthSnapshot.objects.create(
            customer=customer, day=TODAY - datetime.timedelta(days=offset), score=50 + offset
        )
    client.force_login(owner)
    body = client.get(reverse("accounts:customer-health", args=[customer.pk])).content.decode()
    assert "Revenue grew 10.0% from 2024 to 2025" in body
    assert "There is no current account plan." in body
    assert "No meeting has fallen due under the rhythm yet." in body  # the meetings app measures cadence
    assert "Missing data does not lower the score" in body
    assert "<svg" in body  # the trend sparkline


def test_health_page_in_norwegian_has_no_english_reason(client, owner, customer):
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    client.cookies["django_language"] = "nb"
    body = client.get(
        reverse("accounts:customer-health", args=[customer.pk]), HTTP_ACCEPT_LANGUAGE="nb"
    ).content.decode()
    assert "There is no current account plan." not in body
    assert "Not available yet" not in body


def test_a_changed_weight_counts_at_once_though_the_weights_are_cached(db, django_assert_num_queries):
    from accounts.selectors.health import weights

    default = weights()["revenue_trend"]
    with django_assert_num_queries(0):
        weights()  # read from the cache
    row = HealthWeight.objects.create(key="revenue_trend", weight=default + 7)
    assert weights()["revenue_trend"] == default + 7
    row.weight = 3
    row.save()
    assert weights()["revenue_trend"] == 3
    row.delete()
    assert weights()["revenue_trend"] == default


def test_two_readings_of_one_component_both_count_and_both_are_explained():
    pulse = Reading(75, "pulse.mean", {"count": 2, "mean": "4"})
    rating = Reading(100, "satisfaction.qbr", {"count": 1, "mean": "5.0"})
    both = health.merged(pulse, rating)
    assert both.score == 88  # (75 + 100) / 2, rounded as every score is
    assert health.merged(Reading(None, "pulse.none"), rating) == rating
    assert health.merged(pulse, Reading(None, "satisfaction.none")) == pulse
    assert health.merged(None, rating) == rating
    text = health.reason_text(both.reason, both.params)
    assert health.reason_text("pulse.mean", pulse.params) in text
    assert health.reason_text("satisfaction.qbr", rating.params) in text
    stored = both.as_stored()  # what the nightly snapshot keeps
    assert health.reason_text(stored["r"], stored["p"]) == text
