"""The assistant's item of the 30-day start: the KAM has asked the assistant once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import checklist
from accounts.checklist import Result
from assistant.models import AssistantRun


def assistant_tried(
    kam_ids: Sequence[int], today: datetime.date, rows: checklist.KeyAccounts
) -> dict[int, Result]:
    tried = set(
        AssistantRun.objects.filter(created_by__in=kam_ids)
        .order_by()
        .values_list("created_by", flat=True)
        .distinct()
    )
    first: dict[int, int] = {}  # each KAM's key account with the lowest id
    for row in rows:
        first[row["owner_id"]] = min(row["pk"], first.get(row["owner_id"], row["pk"]))
    found = {}
    for kam in kam_ids:
        url = reverse("assistant:customer-assistant", args=[first[kam]]) if kam in first else ""
        if kam in tried:
            found[kam] = Result(True, _("You have asked the assistant at least once."), url)
        else:
            found[kam] = Result(
                False, _("Ask it to prepare a meeting or summarise notes on one of your accounts."), url
            )
    return found


def register() -> None:
    checklist.register_item("assistant", assistant_tried)
