"""Writes for account health: the daily snapshot of every key account."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts import health
from accounts.models import Customer, HealthSnapshot
from accounts.selectors.health import weights

BATCH = 200


def health_snapshots_take(*, day: datetime.date | None = None) -> int:
    """Store today's health of every key account (replacing a snapshot already taken that day).

    Components are read in batches, each provider once per batch, so the work grows with the
    number of key accounts but the queries per batch do not. Returns the number of snapshots.
    """
    day = day or timezone.localdate()
    current = weights()
    available = health.provided_keys()
    ids = list(Customer.objects.key_accounts().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(Customer.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"))
        found = health.read_all(batch, day)
        rows = []
        for customer in batch:
            result = health.combine(found[customer.pk], current, available)
            stored = {key: reading.as_stored() for key, reading in found[customer.pk].items()}
            rows.append(
                HealthSnapshot(
                    customer=customer,
                    day=day,
                    score=result.score,
                    confidence=result.confidence,
                    readings=stored,
                )
            )
        with transaction.atomic():
            HealthSnapshot.objects.filter(customer__in=batch, day=day).delete()
            HealthSnapshot.objects.bulk_create(rows)
    return len(ids)
