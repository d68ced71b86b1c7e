"""What "your orchard this week" tells a KAM on Monday morning, read at send time and scoped to
what they may see now."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts import access
from accounts.models import User
from meetings.models import Meeting
from planning.models import Action


def week_summary(user: User, today: datetime.date) -> dict:
    visible = access.visible_customers(user).values("pk")
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    meetings = list(
        Meeting.objects.filter(
            customer__in=visible,
            our_attendees=user,
            status=Meeting.Status.PLANNED,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=7),
        )
        .select_related("customer")
        .order_by("starts_at")[:20]
    )
    overdue = (
        Action.objects.filter(
            owner=user,
            plan__customer__in=visible,
            status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS],
            due__lt=today,
        )
        .select_related("plan__customer")
        .order_by("due")
    )
    from meetings.attention import attention_lines

    return {
        "week_meetings": meetings,
        "overdue_actions": list(overdue[:10]),
        "overdue_count": overdue.count(),
        "attention": attention_lines(user, today),
    }
