"""The core's items of the 30-day start: key accounts chosen, stakeholders mapped with role and DISC."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import checklist
from accounts.checklist import Result
from accounts.models import Stakeholder
from accounts.models.stakeholders import Disc

FIRST, ENOUGH = 3, 5


def key_account_result(count: int) -> Result:
    url = reverse("accounts:ranking")
    text = ngettext("You hold %(count)s key account.", "You hold %(count)s key accounts.", count) % {
        "count": count
    }
    if count < FIRST:
        return Result(False, text + " " + _("Choose at least three with your sales leader."), url)
    if count > ENOUGH:
        return Result(True, text + " " + _("More than five: make sure each gets the care it needs."), url)
    return Result(True, text, url)


def key_accounts(
    kam_ids: Sequence[int], today: datetime.date, rows: checklist.KeyAccounts
) -> dict[int, Result]:
    counts = Counter(row["owner_id"] for row in rows)
    return {kam: key_account_result(counts.get(kam, 0)) for kam in kam_ids}


def _stakeholder_annotations(today: datetime.date) -> dict[str, Any]:
    present = Stakeholder.objects.present().filter(customer=OuterRef("pk")).order_by().values("customer")
    return {
        "mapped_people": Subquery(
            present.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        "mapped_missing": Subquery(
            present.filter(Q(disc=Disc.UNKNOWN) | Q(decision_role=""))
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
    }


def stakeholders(
    kam_ids: Sequence[int], today: datetime.date, rows: checklist.KeyAccounts
) -> dict[int, Result]:
    """Every key account has people on its map, and each of them has a decision role and a DISC style."""
    ready, todo = checklist.by_owner(
        rows, lambda row: bool(row["mapped_people"] and not row["mapped_missing"])
    )
    found = {}
    for kam in kam_ids:
        total = len(ready[kam]) + len(todo[kam])
        url = reverse("accounts:customer-stakeholders", args=[todo[kam][0]]) if todo[kam] else ""
        text = ngettext(
            "%(ready)s of %(count)s key account has people mapped with role and DISC style.",
            "%(ready)s of %(count)s key accounts have people mapped with role and DISC style.",
            total,
        ) % {
            "ready": len(ready[kam]),
            "count": total,
        }
        found[kam] = Result(bool(total) and not todo[kam], text, url)
    return found


def register() -> None:
    checklist.register_item("key_accounts", key_accounts)
    checklist.register_item("stakeholders", stakeholders, annotations=_stakeholder_annotations)
