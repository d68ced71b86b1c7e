"""Reads for account health: weights, the latest stored snapshots, their history, a live reading."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet, Subquery
from django.utils import timezone

from accounts import health
from accounts.models import Customer, HealthSnapshot, HealthWeight

TREND_DAYS = 28
SPARK_DAYS = 56


def weights() -> dict[str, int]:
    """Every component's weight: the administrators' rows over the catalogue defaults. The rows
    are kept in the cache until one is saved or deleted (see `HealthWeight`), so a page that
    reads health live does not ask the database for the weights every time."""
    found = cache.get(HealthWeight.CACHE_KEY)
    if found is None:
        found = dict(HealthWeight.objects.values_list("key", "weight"))
        cache.set(HealthWeight.CACHE_KEY, found, timeout=None)
    return {key: found.get(key, spec.default_weight) for key, spec in health.CATALOGUE.items()}


def customer_health(customer: Customer, today: datetime.date) -> health.Health:
    """The account's health right now, read live from every registered component."""
    readings = health.read_all([customer], today)[customer.pk]
    return health.combine(readings, weights())


@dataclass(frozen=True)
class Stored:
    """A key account's latest stored health, and its score four weeks before (for the trend)."""

    day: datetime.date
    score: int | None
    confidence: int
    readings: dict
    earlier: int | None

    @property
    def band(self) -> str:
        return health.band(self.score)

    @property
    def trend(self) -> int | None:
        if self.score is None or self.earlier is None:
            return None
        return self.score - self.earlier


def latest_day() -> Subquery:
    """The last day health was measured: the nightly task measures every key account at once, so the
    latest day overall is every account's latest day (an index lookup, not a scan per scope)."""
    return Subquery(HealthSnapshot.objects.order_by("-day").values("day")[:1])


def latest_health(customers: QuerySet[Customer], *, with_readings: bool = True) -> dict[int, Stored]:
    """customer id → the health stored on the latest snapshot day, with the trend (two queries)."""
    fields = ["customer_id", "day", "score", "confidence"] + (["readings"] if with_readings else [])
    rows = list(
        HealthSnapshot.objects.filter(customer__in=customers.values("pk"), day=latest_day()).values(*fields)
    )
    if not rows:
        return {}
    then = rows[0]["day"] - datetime.timedelta(days=TREND_DAYS)
    earlier = dict(
        HealthSnapshot.objects.filter(customer__in=customers.values("pk"), day=then).values_list(
            "customer_id", "score"
        )
    )
    return {
        r["customer_id"]: Stored(
            r["day"], r["score"], r["confidence"], r.get("readings") or {}, earlier.get(r["customer_id"])
        )
        for r in rows
    }


def score_history(customer_ids: list[int], days: int = SPARK_DAYS) -> dict[int, list[int | None]]:
    """customer id → the daily scores of the last `days` stored days, oldest first (one query)."""
    rows = HealthSnapshot.objects.filter(customer_id__in=customer_ids).order_by("day")
    rows = list(rows.values_list("customer_id", "day", "score"))
    if not rows:
        return {}
    last = max(day for _c, day, _s in rows)
    first = last - datetime.timedelta(days=days - 1)
    series: dict[int, list[int | None]] = defaultdict(lambda: [None] * days)
    for customer_id, day, score in rows:
        if day >= first:
            series[customer_id][(day - first).days] = score
    return dict(series)


def customer_history(customer: Customer, days: int = SPARK_DAYS) -> list[int | None]:
    return score_history([customer.pk], days).get(customer.pk, [])


def attach_health(customers: list[Customer]) -> None:
    """Give each key account a `health` (Stored, or None before the first measurement) in one query."""
    keys = [c for c in customers if c.status == Customer.Status.KEY]
    if not keys:
        return
    rows = HealthSnapshot.objects.filter(
        customer__in=[c.pk for c in keys],
        day__gte=timezone.localdate() - datetime.timedelta(days=TREND_DAYS + 3),
    ).values_list("customer_id", "day", "score", "confidence")
    by_customer: dict[int, dict] = defaultdict(dict)
    for customer_id, day, score, confidence in rows:
        by_customer[customer_id][day] = (score, confidence)
    for customer in keys:
        days = by_customer.get(customer.pk)
        if not days:
            customer.health = None
            continue
        last = max(days)
        earlier = days.get(last - datetime.timedelta(days=TREND_DAYS), (None, 0))[0]
        customer.health = Stored(last, days[last][0], days[last][1], {}, earlier)
