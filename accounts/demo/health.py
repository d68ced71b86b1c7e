"""Demo health: today's snapshot measured from the demo data, and eight weeks of history before it.

The history is made up (a gentle random walk ending at today's measured score), so the trend and
the sparklines have something to show on a fresh demo; from tomorrow the nightly task adds real days.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import HealthSnapshot
from accounts.selectors.health import SPARK_DAYS
from accounts.services.health import health_snapshots_take


def extend(org) -> None:
    today = timezone.localdate()
    health_snapshots_take(day=today)
    rows = []
    for snap in HealthSnapshot.objects.filter(day=today).exclude(score=None):
        score = snap.score
        for back in range(1, SPARK_DAYS):
            score = max(0, min(100, score + org.rng.choice((-3, -1, 0, 0, 1, 2, 4))))
            rows.append(
                HealthSnapshot(
                    customer_id=snap.customer_id,
                    day=today - datetime.timedelta(days=back),
                    score=score,
                    confidence=snap.confidence,
                )
            )
    HealthSnapshot.objects.bulk_create(rows, batch_size=2000)
