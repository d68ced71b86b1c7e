"""Rows for the meetings app: the customer's Meetings tab, meetings from scheduling to outcome,
deviations, and the rhythm (a customer's own, and the tier defaults)."""

import datetime

from django.utils import timezone

from meetings.models import Deviation, Meeting
from tests.matrix import ALL_405, FOREIGN_VIEW, OWN_VIEW, PORTFOLIO, Row, codes, customer_kwargs

OWN_EDIT_GET = codes("302 404 403 200 200 403 404 200")
FOREIGN_EDIT_GET = codes("302 404 404 404 404 404 403 200")
OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")
OWN_CADENCE_GET = codes("302 404 403 403 200 200 404 200")
FOREIGN_CADENCE_GET = codes("302 404 404 404 404 404 200 200")
OWN_CADENCE_POST = codes("302 404 403 403 302 302 404 302")
FOREIGN_CADENCE_POST = codes("302 404 404 404 404 404 302 302")
PORTFOLIO_POST = codes("302 403 403 403 403 302 302 302")


def _meeting_at(target, days: int) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        customer=target, title="QBR", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )


def _meeting(cast, target):
    return {"meeting_id": _meeting_at(target, 7).pk}


def _past_meeting(cast, target):
    return {"meeting_id": _meeting_at(target, -1).pk}


def _deviation(cast, target):
    return {"deviation_id": Deviation.objects.create(customer=target, title="Late delivery").pk}


def _schedule(cast, target, **extra):
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    return {
        "meeting_type": "strategic",
        "title": "QBR spring",
        "start_date": day,
        "start_time": "10:00",
        "end_time": "11:00",
        "time_zone": "Europe/Oslo",
        "agenda": "",
        **extra,
    }


def _outcome(cast, target):
    return {
        "notes": "Good meeting.",
        "version": "1",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "10",
    }


DEVIATION = {"title": "Late delivery", "severity": "medium", "opened_on": "2026-01-10", "version": "1"}


def _form(kwargs, data) -> Row:
    return Row(
        kwargs=kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=data,
    )


ROWS: dict[str, Row] = {
    "meetings:customer-meetings": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "meetings:meeting-create": _form(customer_kwargs, _schedule),
    "meetings:meeting-detail": Row(
        kwargs=_meeting, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "meetings:meeting-edit": _form(_meeting, lambda cast, target: _schedule(cast, target, version="1")),
    "meetings:meeting-cancel": _form(_meeting, lambda cast, target: {"reason": "Budget freeze"}),
    "meetings:meeting-outcome": _form(_past_meeting, _outcome),
    "meetings:deviation-add": _form(customer_kwargs, lambda cast, target: DEVIATION),
    "meetings:deviation-edit": _form(_deviation, lambda cast, target: DEVIATION),
    "meetings:cadence-override": Row(
        kwargs=lambda cast, target: {"customer_id": target.pk, "meeting_type": "strategic"},
        get=OWN_CADENCE_GET,
        post=OWN_CADENCE_POST,
        foreign_get=FOREIGN_CADENCE_GET,
        foreign_post=FOREIGN_CADENCE_POST,
        data=lambda cast, target: {"interval_months": "2", "reason": "New CEO", "version": "0"},
    ),
    "meetings:cadence-defaults": Row(get=PORTFOLIO),
    "meetings:cadence-default-edit": Row(
        kwargs=lambda cast, target: {"tier": 1, "meeting_type": "strategic"},
        get=PORTFOLIO,
        post=PORTFOLIO_POST,
        data=lambda cast, target: {"interval_months": "2", "version": "0"},
    ),
}


def _notification(cast, target):
    from meetings.models import Notification

    note = Notification.objects.create(
        recipient=cast.owner,
        kind="action_due",
        customer=target,
        params={"title": "Send it", "due": "2027-01-01"},
    )
    return {"notification_id": note.pk}


def _feed(cast, target):
    from meetings.notifying import feed_renew

    return {"token": feed_renew(user=cast.owner)}


OWNER_ONLY_POST = codes("302 404 404 404 302 404 404 404")
ALL_302 = codes("302 302 302 302 302 302 302 302")
FEED = codes("200 200 200 200 200 200 200 200")

ROWS.update(
    {
        "meetings:meeting-invite": Row(
            kwargs=_meeting, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
        ),
        "meetings:meeting-invite-send": Row(
            kwargs=_meeting, post=OWN_EDIT_POST, foreign_get=ALL_405, foreign_post=FOREIGN_EDIT_POST
        ),
        "meetings:calendar": Row(get=codes("302 200 200 200 200 200 200 200")),
        "meetings:calendar-renew": Row(post=ALL_302),
        "meetings:calendar-revoke": Row(post=ALL_302),
        # The secret address is the key: whoever holds it reads the owner's feed, signed in or not.
        "meetings:calendar-feed": Row(kwargs=_feed, get=FEED, post=codes("405 405 405 405 405 405 405 405")),
        "meetings:notifications": Row(get=codes("302 200 200 200 200 200 200 200")),
        "meetings:bell": Row(get=codes("302 200 200 200 200 200 200 200")),
        "meetings:notifications-read-all": Row(post=ALL_302),
        # A notification is its recipient's alone (the owner here); anyone else is told it does not exist.
        "meetings:notification-read": Row(kwargs=_notification, post=OWNER_ONLY_POST),
        "meetings:notification-preferences": Row(
            get=codes("302 200 200 200 200 200 200 200"),
            post=ALL_302,
            data=lambda cast, target: {"action_due": "digest"},
        ),
    }
)
