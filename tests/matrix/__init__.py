"""The permission matrix's vocabulary: roles, expected-status shorthands, and row helpers.

Each module in this package holds the rows (`ROWS`) for one feature's URLs; the matrix test
collects them all and fails on any URL pattern without a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from accounts.jobs import job_file_path
from accounts.models import AccountMember, Job
from tests.factories import UserFactory

ROLES = ("anonymous", "outsider", "viewer", "contributor", "owner", "leader", "other_leader", "admin")


def codes(spec: str) -> dict[str, int]:
    values = [int(code) for code in spec.split()]
    assert len(values) == len(ROLES), spec
    return dict(zip(ROLES, values, strict=True))


# Shorthands for the common shapes.
ALL_200 = codes("302 200 200 200 200 200 200 200")
ALL_405 = codes("302 405 405 405 405 405 405 405")
PUBLIC_GET = codes("200 302 302 302 302 302 302 302")  # logged-in people are sent home
OWN_VIEW = codes("302 404 200 200 200 200 404 200")
FOREIGN_VIEW = codes("302 404 404 404 404 404 200 200")
OWN_MANAGE = codes("302 404 403 403 200 403 404 200")
FOREIGN_MANAGE = codes("302 404 404 404 404 404 403 200")
PUBLIC_405 = codes("405 405 405 405 405 405 405 405")
PORTFOLIO = codes("302 403 403 403 403 200 200 200")


@dataclass
class Row:
    kwargs: Callable = lambda cast, target: {}
    get: dict[str, int] = field(default_factory=lambda: ALL_405)
    post: dict[str, int] = field(default_factory=lambda: ALL_405)
    foreign_get: dict[str, int] | None = None
    foreign_post: dict[str, int] | None = None
    data: Callable = lambda cast, target: {}
    # A customer guest (a guest session for the own customer's plan): None means what a stranger gets.
    guest_get: int | None = None
    guest_post: int | None = None
    # POST status for a success is a redirect (302) unless stated otherwise.


def customer_kwargs(cast, target):
    return {"customer_id": target.pk}


def member_kwargs(cast, target):
    member = target.members.order_by("pk").first()
    if member is None:  # the foreign customer gets a member too, so the row can be tested there
        member = AccountMember.objects.create(customer=target, user=UserFactory(), role="viewer")
    return {"customer_id": target.pk, "member_id": member.pk}


def job_kwargs(cast, target):
    job = Job.objects.create(
        kind="timeline.export", created_by=cast.owner, customer=cast.customer, status=Job.Status.DONE
    )
    job_file_path(job, ".csv").write_text("When,Who,What\n")
    job.result = {"file": f"job-{job.pk}.csv", "filename": "timeline.csv", "content_type": "text/csv"}
    job.save()
    return {"job_id": job.pk}
