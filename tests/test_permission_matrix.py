"""Every URL × every role × own and foreign objects × safe and unsafe methods.

A URL pattern without a row in `tests/matrix/` fails `test_every_url_has_a_row`: a new page
cannot ship without saying who may open it. Codes are listed in ROLES order.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from accounts.models import Job
from tests.matrix import ROLES, Row


def _collect() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module in pkgutil.iter_modules(tests.matrix.__path__):
        found = importlib.import_module(f"tests.matrix.{module.name}").ROWS
        clash = set(rows) & set(found)
        assert not clash, f"URLs with two rows: {clash}"
        rows.update(found)
    return rows


MATRIX = _collect()


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
        cache.clear()  # each role starts clean: throttle counters are not rolled back with the database
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


# --- The customer guest: a fourth kind of user, with a session for one plan and no login ------------
def _guest_session(client, cast):
    from accounts.access import GUEST_INVITATION_KEY, GUEST_PLAN_KEY
    from tests.matrix.sharing import invitation_of

    invitation = invitation_of(cast.customer, token="G" * 43)
    client.logout()
    session = client.session
    session[GUEST_INVITATION_KEY] = invitation.pk
    session[GUEST_PLAN_KEY] = invitation.plan_id
    session.save()
    return invitation


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_guest_permission_matrix(client, cast, name):
    """A guest reaches only the customer's pages; every page of ours answers them as a stranger."""
    row = MATRIX[name]
    failures = []
    for method in ("get", "post"):
        cache.clear()
        with transaction.atomic():
            invitation = _guest_session(client, cast)
            url = reverse(name, kwargs=row.kwargs(cast, cast.customer))
            response = client.get(url) if method == "get" else client.post(url, row.data(cast, cast.customer))
            expected = getattr(row, f"guest_{method}")
            if expected is None:
                expected = getattr(row, method)["anonymous"]
            if response.status_code != expected:
                failures.append(f"{method.upper()}: expected {expected}, got {response.status_code}")
            if getattr(row, f"guest_{method}") is None and response.status_code == 302:
                client.logout()  # a stranger must be sent to the same place
                again = (
                    client.get(url) if method == "get" else client.post(url, row.data(cast, cast.customer))
                )
                if again.get("Location") != response["Location"]:
                    failures.append(f"{method.upper()}: a guest was sent to {response['Location']}")
            assert invitation.plan.customer_id == cast.customer.pk
            transaction.set_rollback(True)
    assert failures == [], f"guest {name}: " + "; ".join(failures)
