""" "Needs attention" on the home page, fed by the user's open notifications: alike items read as
one line with a count. Scoped at display time: items of customers the user may no longer see are
left out, whoever they were sent to."""

from __future__ import annotations

import datetime
from collections import OrderedDict

from django.db.models import Count
from django.urls import reverse

from accounts import access
from accounts.home import AttentionLine
from accounts.models import User
from meetings import notices
from meetings.models import Notification
from meetings.reminders import CLEARABLE

SHOWN = 200


def open_notifications(user: User):
    rows = Notification.objects.filter(recipient=user, cleared_at__isnull=True, kind__in=CLEARABLE)
    return access.visible_rows(user, rows)


def attention_lines(user: User, today: datetime.date) -> list[AttentionLine]:
    """One line per kind (two queries whatever the number of items): the item itself when it is
    alone, else the count and the customers it concerns."""
    rows = open_notifications(user)
    counts = OrderedDict(
        (row["kind"], row["n"]) for row in rows.values("kind").annotate(n=Count("pk")).order_by("kind")
    )
    if not counts:
        return []
    latest = list(rows.order_by("-created_at", "-pk").values("kind", "params")[:SHOWN])
    by_kind: dict[str, list[dict]] = {}
    for row in latest:
        by_kind.setdefault(row["kind"], []).append(row["params"])
    lines = []
    for kind in CLEARABLE:
        count = counts.get(kind, 0)
        if not count:
            continue
        samples = by_kind.get(kind, [])
        if count == 1 and samples:
            lines.append(
                AttentionLine(notices.sentence(kind, samples[0]), notices.link(kind, samples[0]), 1, ())
            )
            continue
        names = tuple(dict.fromkeys(p.get("customer", "") for p in samples if p.get("customer")))[:3]
        url = reverse("meetings:notifications") + f"?kind={kind}"
        lines.append(AttentionLine(notices.group_sentence(kind, count), url, count, names))
    return lines
