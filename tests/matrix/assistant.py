"""Rows for the assistant: the customer's Assistant tab, drafts, note summaries and their answers.

An answer (a run) is private to the person who asked and to administrators: everyone else gets 404.
"""

import datetime

from django.utils import timezone

from assistant.models import AssistantRun
from meetings.models import Meeting
from tests.matrix import ALL_405, FOREIGN_VIEW, OWN_VIEW, Row, codes, customer_kwargs

OWN_VIEW_POST = codes("302 404 302 302 302 302 404 302")
FOREIGN_VIEW_POST = codes("302 404 404 404 404 404 302 302")
OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")
AUTHOR_GET = codes("302 404 404 404 200 404 404 200")
AUTHOR_POST = codes("302 404 404 404 302 404 404 302")
ADMIN_ONLY_GET = codes("302 404 404 404 404 404 404 200")
ADMIN_ONLY_POST = codes("302 404 404 404 404 404 404 302")
ASKER_ONLY_POST = codes("302 404 404 404 302 404 404 404")  # only the one who asked decides the items
NOBODY_POST = codes("302 404 404 404 404 404 404 404")


def _summary(cast, target) -> AssistantRun:
    return AssistantRun.objects.create(
        customer=target,
        created_by=cast.owner,
        kind=AssistantRun.Kind.SUMMARY,
        status=AssistantRun.Status.DONE,
        reference_date="2027-03-03",
        source_text="Marte will send the offer by Friday.",
        result={
            "items": [
                {"n": 0, "kind": "task", "text": "Marte will send the offer by Friday.", "state": "proposed"}
            ]
        },
    )


def _run_kwargs(cast, target):
    return {"run_id": _summary(cast, target).pk}


def _item_kwargs(cast, target):
    return {"run_id": _summary(cast, target).pk, "index": 0}


def _drop(cast, target):
    return {"decision": "drop", "version": "1"}


def _meeting(target, days: int, **fields) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        customer=target, title="QBR", starts_at=start, ends_at=start + datetime.timedelta(hours=1), **fields
    )


def _prep_kwargs(cast, target):
    meeting = _meeting(target, 7)
    run = AssistantRun.objects.create(
        customer=target,
        created_by=cast.owner,
        kind=AssistantRun.Kind.MEETING_PREP,
        status=AssistantRun.Status.DONE,
        reference_date="2027-03-03",
        result={"extra": {"meeting_id": meeting.pk}, "data": {"agenda": []}},
    )
    return {"run_id": run.pk}


ROWS = {
    "assistant:customer-assistant": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "assistant:draft": Row(
        kwargs=lambda cast, target: {"customer_id": target.pk, "kind": "plan_summary"},
        post=OWN_VIEW_POST,
        foreign_post=FOREIGN_VIEW_POST,
    ),
    "assistant:summarise": Row(
        kwargs=customer_kwargs,
        post=OWN_EDIT_POST,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: {
            "notes": "We agreed to extend the pilot. Marte will send the offer by Friday."
        },
    ),
    "assistant:prepare": Row(
        kwargs=customer_kwargs,
        post=OWN_EDIT_POST,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: {"meeting_type": "strategic"},
    ),
    "assistant:run": Row(kwargs=_run_kwargs, get=AUTHOR_GET, foreign_get=ADMIN_ONLY_GET),
    "assistant:item-decide": Row(
        kwargs=_item_kwargs, post=ASKER_ONLY_POST, foreign_post=NOBODY_POST, data=_drop
    ),
    "assistant:follow-up": Row(kwargs=_run_kwargs, post=AUTHOR_POST, foreign_post=ADMIN_ONLY_POST),
    "assistant:meeting-agenda": Row(
        kwargs=_prep_kwargs,
        post=AUTHOR_POST,
        foreign_post=ADMIN_ONLY_POST,
        data=lambda cast, target: {"agenda": "1. Welcome\n2. Results", "version": "1"},
    ),
    "assistant:meeting-prepare": Row(
        kwargs=lambda cast, target: {"meeting_id": _meeting(target, 7).pk},
        post=OWN_EDIT_POST,
        foreign_post=FOREIGN_EDIT_POST,
    ),
    "assistant:meeting-summarise": Row(
        kwargs=lambda cast, target: {
            "meeting_id": _meeting(
                target, -7, status=Meeting.Status.HELD, notes="We agreed to extend the pilot."
            ).pk
        },
        post=OWN_EDIT_POST,
        foreign_post=FOREIGN_EDIT_POST,
    ),
}
