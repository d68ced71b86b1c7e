"""Every URL × every role × own and foreign objects × safe and unsafe methods.

A URL pattern without a row here fails `test_every_url_has_a_row`: a new page cannot ship
without saying who may open it. Codes are listed in ROLES order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


MATRIX: dict[str, Row] = {
    "health": Row(
        get=codes("200 200 200 200 200 200 200 200"), post=codes("405 405 405 405 405 405 405 405")
    ),
    "accounts:home": Row(get=ALL_200),
    "accounts:login": Row(get=PUBLIC_GET, post=codes("400 302 302 302 302 302 302 302")),
    "accounts:logout": Row(post=codes("302 302 302 302 302 302 302 302")),
    "accounts:password-change": Row(get=ALL_200, post=codes("302 200 200 200 200 200 200 200")),
    "accounts:password-change-done": Row(get=ALL_200),
    "accounts:password-reset": Row(
        get=codes("200 200 200 200 200 200 200 200"),
        post=codes("302 302 302 302 302 302 302 302"),
        data=lambda cast, target: {"email": "nobody@example.org"},
    ),
    "accounts:password-reset-done": Row(get=codes("200 200 200 200 200 200 200 200"), post=PUBLIC_405),
    "accounts:password-reset-confirm": Row(
        kwargs=lambda cast, target: {"uidb64": "MQ", "token": "bad-token"},
        get=codes("200 200 200 200 200 200 200 200"),
        post=codes("200 200 200 200 200 200 200 200"),
    ),
    "accounts:password-reset-complete": Row(get=codes("200 200 200 200 200 200 200 200"), post=PUBLIC_405),
    "accounts:set-language": Row(
        get=PUBLIC_405,
        post=codes("302 302 302 302 302 302 302 302"),
        data=lambda cast, target: {"language": "nb"},
    ),
    "accounts:preferences": Row(get=ALL_200, post=codes("302 400 400 400 400 400 400 400")),
    "accounts:customer-create": Row(
        get=ALL_200,
        post=codes("302 302 302 302 302 302 302 302"),
        data=lambda cast, target: {"name": "Polarlys AS", "status": "prospect"},
    ),
    "accounts:customer-detail": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:customer-edit": Row(
        kwargs=customer_kwargs,
        get=OWN_MANAGE,
        post=codes("302 404 403 403 302 403 404 302"),
        foreign_get=FOREIGN_MANAGE,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
        data=lambda cast, target: {"name": target.name, "status": "key"},
    ),
    "accounts:customer-timeline": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:timeline-export": Row(
        kwargs=customer_kwargs, get=ALL_405, post=OWN_VIEW, foreign_get=ALL_405, foreign_post=FOREIGN_VIEW
    ),
    "accounts:member-add": Row(
        kwargs=customer_kwargs,
        post=codes("302 404 403 403 302 403 404 302"),
        foreign_get=ALL_405,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
        data=lambda cast, target: {"user": cast.outsider.pk, "role": "viewer"},
    ),
    "accounts:member-remove": Row(
        kwargs=member_kwargs,
        post=codes("302 404 403 403 302 403 404 302"),
        foreign_get=ALL_405,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
    ),
    "accounts:portfolio": Row(get=PORTFOLIO),
    # A job belongs to the person who started it (the owner here) and to administrators.
    "accounts:job-status": Row(kwargs=job_kwargs, get=codes("302 404 404 404 200 404 404 200")),
    "accounts:job-download": Row(kwargs=job_kwargs, get=codes("302 404 404 404 200 404 404 200")),
}


def all_url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


def test_every_url_has_a_row():
    missing = [name for name in all_url_names() if not name.startswith("admin:") and name not in MATRIX]
    assert missing == [], f"URLs without a permission-matrix row: {missing}"
    stale = [name for name in MATRIX if name not in all_url_names()]
    assert stale == [], f"Matrix rows for URLs that no longer exist: {stale}"


def _cases():
    for name, row in MATRIX.items():
        yield name, "get", "own"
        yield name, "post", "own"
        if row.foreign_get is not None:
            yield name, "get", "foreign"
        if row.foreign_post is not None:
            yield name, "post", "foreign"


@pytest.mark.parametrize(("name", "method", "which"), list(_cases()))
def test_permission_matrix(client, cast, name, method, which):
    row = MATRIX[name]
    expected = getattr(row, method if which == "own" else f"foreign_{method}")
    target = cast.customer if which == "own" else cast.foreign_customer
    failures = []
    for role in ROLES:
        with transaction.atomic():
            user = cast.role(role)
            client.logout()
            if user is not None:
                client.force_login(user)
            url = reverse(name, kwargs=row.kwargs(cast, target))
            response = client.get(url) if method == "get" else client.post(url, row.data(cast, target))
            if response.status_code != expected[role]:
                failures.append(f"{role}: expected {expected[role]}, got {response.status_code}")
            transaction.set_rollback(True)
    assert failures == [], f"{method.upper()} {name} ({which}): " + "; ".join(failures)


def _admin_urls(cast) -> list[str]:
    """Index, app index, and each registered model's list, add and change pages."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        if model_admin.has_add_permission is not None:
            urls.append(reverse(f"admin:{info[0]}_{info[1]}_add"))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls.append(reverse(f"admin:{info[0]}_{info[1]}_change", args=[instance.pk]))
        urls.append(reverse("admin:app_list", kwargs={"app_label": info[0]}))
    return sorted(set(urls))


def test_admin_pages_are_for_administrators_only(client, cast):
    from tests.factories import EventFactory

    EventFactory(customer=cast.customer)
    Job.objects.create(kind="timeline.export", created_by=cast.owner)
    failures = []
    for url in _admin_urls(cast):
        for role in ROLES:
            user = cast.role(role)
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            allowed = role == "admin"
            ok = (
                response.status_code in (200, 403)
                if allowed
                else (response.status_code == 302 and "/login/" in response["Location"])
            )
            if allowed and response.status_code == 403:
                ok = "_add" in url or url.endswith("/add/")  # timeline and jobs are never added by hand
            if not ok:
                failures.append(f"{role} {url}: {response.status_code}")
    assert failures == []
