"""Rows for the 30-day start, the calibration board's decision form and coaching conversations."""

import datetime

from planning.models import CoachingConversation
from tests.matrix import ALL_200, ALL_405, Row, codes, customer_kwargs

OWN_DECIDE_GET = codes("302 404 403 403 403 200 404 200")
FOREIGN_DECIDE_GET = codes("302 404 404 404 404 404 200 200")


def conversation_kwargs(cast, target):
    conversation = CoachingConversation.objects.create(
        leader=cast.leader, kam=cast.owner, held_on=datetime.date(2026, 11, 2), notes="Private to the two"
    )
    conversation.customers.add(cast.customer)
    return {"conversation_id": conversation.pk}


def coaching_data(cast, target):
    return {"kam": cast.owner.pk, "held_on": "2026-11-02", "customers": [cast.customer.pk], "notes": "Talked"}


ROWS: dict[str, Row] = {
    "accounts:start": Row(get=ALL_200),
    "accounts:calibration-decide": Row(
        kwargs=customer_kwargs, get=OWN_DECIDE_GET, foreign_get=FOREIGN_DECIDE_GET, foreign_post=ALL_405
    ),
    "planning:coaching": Row(get=ALL_200),
    # Only a leader records a conversation, and only with a KAM of their teams (here the owner).
    "planning:coaching-create": Row(
        get=codes("302 403 403 403 403 404 404 403"),
        post=codes("302 403 403 403 403 302 404 403"),
        data=coaching_data,
    ),
    # The notes are for the leader and the KAM alone: not the account team, not an administrator.
    "planning:coaching-detail": Row(kwargs=conversation_kwargs, get=codes("302 404 404 404 200 200 404 404")),
}
