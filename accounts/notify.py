"""Telling a person that something now lands on their desk: a new account, a proposed step.

A notice is a kind and its values, worded in the recipient's language when it is sent (by e-mail,
after the transaction that caused it commits). Callers use the `notify_*` functions only, so the
delivery can move to in-app notifications without touching them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from accounts import generated

if TYPE_CHECKING:
    from accounts.models import Customer, NextStep, User

# kind → (subject, first line of the body); both worded with the notice's values.
NOTICES: dict[str, tuple[Any, Any]] = {
    "owner.assigned": (
        ngettext_lazy(
            "You are now the account owner of %(customers)s",
            "You are now the account owner of %(count)s accounts",
            "count",
        ),
        ngettext_lazy(
            "%(by)s made you the account owner of this customer:",
            "%(by)s made you the account owner of these %(count)s customers:",
            "count",
        ),
    ),
    "step.proposed": (
        gettext_lazy("%(by)s proposes a next step for %(customer)s"),
        gettext_lazy("%(by)s proposes a next step for %(customer)s:"),
    ),
}


def render_notice(kind: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) in the active language."""
    subject, intro = NOTICES[kind]
    params = dict(values)
    params.setdefault("customers", ", ".join(values.get("names", [])))
    lines = [str(intro % params), ""]
    if kind == "owner.assigned":
        lines += [
            f"- {name}: {settings.SITE_URL}{url}"
            for name, url in zip(values["names"], values["urls"], strict=True)
        ]
    else:
        lines += [generated.render(values["text_kind"], values["text_params"], fallback=values["text"]), ""]
        lines.append(f"{settings.SITE_URL}{values['url']}")
    lines += ["", gettext("— Orchard")]
    return str(subject % params), "\n".join(lines) + "\n"


def _send(user: User, kind: str, values: dict) -> None:
    from accounts import tasks  # the task module imports the services, which import this one

    if not user.is_active or not user.email:
        return
    transaction.on_commit(lambda: tasks.send_notice.delay(user.pk, kind, values))


def notify_owner_changed(*, owner: User, customers: Iterable[Customer], by: User) -> None:
    """The new account owner learns which customers are now theirs (one notice for a hand-over)."""
    customers = [c for c in customers]
    if not customers or owner.pk == by.pk:
        return
    values = {
        "by": str(by),
        "count": len(customers),
        "names": [c.name for c in customers],
        "urls": [reverse("accounts:customer-detail", args=[c.pk]) for c in customers],
    }
    _send(owner, "owner.assigned", values)


def notify_step_proposed(*, step: NextStep, by: User) -> None:
    """The assignee of a step someone else proposed hears of it."""
    if step.assignee is None or step.assignee_id == by.pk:
        return
    values = {
        "by": str(by),
        "customer": step.customer.name,
        "text_kind": step.text_kind,
        "text_params": step.text_params,
        "text": step.text,
        "url": reverse("accounts:gap-list", args=[step.customer_id]),
    }
    _send(step.assignee, "step.proposed", values)
