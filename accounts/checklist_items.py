"""The core's items of the 30-day start: key accounts chosen, stakeholders mapped with role and DISC."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import checklist
from accounts.checklist import Result
from accounts.models import Customer, Stakeholder
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


def key_accounts(kam_ids: Sequence[int], today: datetime.date) -> dict[int, Result]:
    counts = dict(
        Customer.objects.key_accounts()
        .filter(owner__in=kam_ids)
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values_list("owner", "n")
    )
    return {kam: key_account_result(counts.get(kam, 0)) for kam in kam_ids}


def stakeholders(kam_ids: Sequence[int], today: datetime.date) -> dict[int, Result]:
    """Every key account has people on its map, and each of them has a decision role and a DISC style."""
    present = Stakeholder.objects.present().filter(customer=OuterRef("pk")).order_by().values("customer")
    rows = (
        Customer.objects.key_accounts()
        .filter(owner__in=kam_ids)
        .annotate(
            people=Subquery(present.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
            missing=Subquery(
                present.filter(Q(disc=Disc.UNKNOWN) | Q(decision_role=""))
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
        )
        .order_by("name")
        .values_list("pk", "owner_id", "people", "missing")
    )
    ready: dict[int, list[int]] = defaultdict(list)
    todo: dict[int, list[int]] = defaultdict(list)
    for pk, owner, people, missing in rows:
        (ready if people and not missing else todo)[owner].append(pk)
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
    checklist.register_item("stakeholders", stakeholders)
