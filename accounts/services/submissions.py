"""Create forms that save once: a form's one-time token is claimed with what it creates.

Two keys recognise a second send. The token, drawn into the empty form, catches a double click
and a retried request. Pages are not kept by the browser (no-store), so Back fetches the form
again with a fresh token while the browser puts the typed values back; the fingerprint of what
was sent (who, where, which values) catches that: the same values sent again to the same place
by the same person within a few minutes show what the first send saved.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Submission, User

T = TypeVar("T")

# Tokens older than this are forgotten: nobody presses Back to a form sent a month ago.
KEEP_FOR = datetime.timedelta(days=30)
# The same values sent again within this time are the same form sent again, not a new item.
RESEND_WINDOW = datetime.timedelta(minutes=10)


class AlreadySubmitted(Exception):
    """The form was sent before; `location` is where what it created can be seen ("" if unknown)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def submission_once(
    *,
    token: uuid.UUID | None,
    user: User,
    create: Callable[[], T],
    location: Callable[[T], str],
    fingerprint: str = "",
) -> T:
    """Run `create` once per token (and per fingerprint within RESEND_WINDOW); remember where
    its result lives.

    The token row is written in the same transaction as the create, so a create that fails leaves
    the token unused, and two sends at the same moment cannot both pass (the unique token decides).
    Raises AlreadySubmitted when the form was sent before; a form without a token just creates.
    """
    if token is None:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = Submission.objects.create(token=token, user=user, fingerprint=fingerprint)
        except IntegrityError:
            raise AlreadySubmitted(_earlier(token, user)) from None
        resent = _resent(user, fingerprint, excluding=claim.pk)
        if resent is not None:
            raise resent  # rolls the claim back with the rest
        result = create()
        claim.location = location(result)[:500]
        claim.save(update_fields=["location"])
    if claim.pk % 100 == 0:
        Submission.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return result


def submission_earlier(
    *, token: uuid.UUID | None, user: User, fingerprint: str = ""
) -> AlreadySubmitted | None:
    """The earlier send of this form, for views that ask questions before creating (duplicates)."""
    if token is None:
        return None
    if Submission.objects.filter(token=token).exists():
        return AlreadySubmitted(_earlier(token, user))
    return _resent(user, fingerprint)


def _resent(user: User, fingerprint: str, excluding: int | None = None) -> AlreadySubmitted | None:
    if not fingerprint:
        return None
    since = timezone.now() - RESEND_WINDOW
    earlier = Submission.objects.filter(user=user, fingerprint=fingerprint, created_at__gte=since)
    if excluding is not None:
        earlier = earlier.exclude(pk=excluding)
    location = earlier.order_by("-created_at").values_list("location", flat=True).first()
    return None if location is None else AlreadySubmitted(location)


def _earlier(token: uuid.UUID, user: User) -> str:
    """Where the first send's result lives; another person's token reveals nothing."""
    found = Submission.objects.filter(token=token, user=user).values_list("location", flat=True).first()
    return found or ""
