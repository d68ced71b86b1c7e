"""Reads about coaching: who a leader coaches and when they last talked, one person's conversations,
the 30-day start's coaching item and the home page's reminder after a month without a conversation."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access, checklist
from accounts.checklist import Result
from accounts.models import Customer, User
from planning.models import CoachingConversation

DUE_DAYS = 30


@dataclass(frozen=True)
class KamCoaching:
    kam: User
    last: datetime.date | None
    due: bool


def overview(leader: User, today: datetime.date) -> list[KamCoaching]:
    """Every KAM the leader coaches, with their last conversation (with any leader), overdue first."""
    kams = access.coachable_kams(leader).annotate(last=Max("coaching_received__held_on"))
    rows = [KamCoaching(k, k.last, k.last is None or (today - k.last).days > DUE_DAYS) for k in kams]
    return sorted(rows, key=lambda r: (not r.due, r.last or datetime.date.min, r.kam.full_name))


def conversations_for(user: User) -> QuerySet[CoachingConversation]:
    """The conversations the user took part in, as leader or as KAM: nobody else sees them."""
    return (
        CoachingConversation.objects.filter(Q(leader=user) | Q(kam=user))
        .select_related("leader", "kam")
        .prefetch_related("customers", "actions__plan__customer")
    )


def kam_accounts(leader: User, kam: User) -> QuerySet[Customer]:
    """The KAM's key accounts and candidates in the teams the leader leads: what they may talk about."""
    return (
        Customer.objects.filter(owner=kam, team__in=access.led_team_ids(leader))
        .filter(status__in=[Customer.Status.KEY, Customer.Status.CANDIDATE])
        .order_by("name")
    )


def coaching_item(
    kam_ids: Sequence[int], today: datetime.date, key_accounts: checklist.KeyAccounts
) -> dict[int, Result]:
    last = dict(
        CoachingConversation.objects.filter(kam__in=kam_ids)
        .order_by()
        .values("kam")
        .annotate(last=Max("held_on"))
        .values_list("kam", "last")
    )
    url = reverse("planning:coaching")
    found = {}
    for kam in kam_ids:
        day = last.get(kam)
        if day is None:
            found[kam] = Result(
                False, _("No coaching conversation yet: agree a time with your sales leader."), url
            )
        else:
            text = _("Last conversation %(date)s.") % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")}
            found[kam] = Result(True, text, url)
    return found


def home_notices(user: User, today: datetime.date) -> list[tuple[str, str]]:
    """(sentence, link) for the home page: a leader's KAMs without a conversation for a month."""
    if not access.is_leader(user):
        return []
    due = [row for row in overview(user, today) if row.due]
    if not due:
        return []
    text = ngettext(
        "%(count)s KAM has had no coaching conversation in the last month.",
        "%(count)s KAMs have had no coaching conversation in the last month.",
        len(due),
    ) % {"count": len(due)}
    return [(text, reverse("planning:coaching"))]


def register() -> None:
    checklist.register_item("coaching", coaching_item)
