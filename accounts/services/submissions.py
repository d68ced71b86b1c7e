"""Create forms that save once: the one-time token of a form is claimed with what it creates."""

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


class AlreadySubmitted(Exception):
    """The form was sent before; `location` is where what it created can be seen ("" if unknown)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def submission_once(
    *, token: uuid.UUID | None, user: User, create: Callable[[], T], location: Callable[[T], str]
) -> T:
    """Run `create` once per token and remember where its result lives.

    The token row is written in the same transaction as the create, so a create that fails leaves
    the token unused, and two sends at the same moment cannot both pass (the unique token decides).
    Raises AlreadySubmitted when the token was claimed before; a form without a token just creates.
    """
    if token is None:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = Submission.objects.create(token=token, user=user)
        except IntegrityError:
            raise AlreadySubmitted(_earlier(token, user)) from None
        result = create()
        claim.location = location(result)[:500]
        claim.save(update_fields=["location"])
    if claim.pk % 100 == 0:
        Submission.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return result


def submission_earlier(*, token: uuid.UUID | None, user: User) -> AlreadySubmitted | None:
    """The earlier send of this form, for views that ask questions before creating (duplicates)."""
    if token is None or not Submission.objects.filter(token=token).exists():
        return None
    return AlreadySubmitted(_earlier(token, user))


def _earlier(token: uuid.UUID, user: User) -> str:
    """Where the first send's result lives; another person's token reveals nothing."""
    found = Submission.objects.filter(token=token, user=user).values_list("location", flat=True).first()
    return found or ""
