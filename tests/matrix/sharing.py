"""Rows for sharing a plan with the customer: our side (sharing page, invitations, view as the
customer, answers) and the customer's side (the link and "Our plan").

The customer's pages need no login: a user is never a guest there (404), a stranger goes to the
login page (302). The guest actor's codes are in `guest_get` / `guest_post` (see the guest test in
`tests/test_permission_matrix.py`); rows without them expect for a guest what a stranger gets.
"""

import datetime

from django.utils import timezone

from accounts.models import Stakeholder
from planning.models import Action, Goal, GuestActivity, Invitation, PlanDocument
from planning.services.sharing import token_digest
from tests.matrix import ALL_405, FOREIGN_MANAGE, FOREIGN_VIEW, OWN_MANAGE, OWN_VIEW, PUBLIC_405, Row, codes
from tests.matrix.planning import (
    FOREIGN_EDIT_POST,
    OWN_EDIT_POST,
    action_kwargs,
    goal_kwargs,
    plan_kwargs,
    plan_of,
)

MANAGE_POST = codes("302 404 403 403 302 403 404 302")
FOREIGN_MANAGE_POST = codes("302 404 404 404 404 404 403 302")
EVERYONE_200 = codes("200 200 200 200 200 200 200 200")
EVERYONE_302 = codes("302 302 302 302 302 302 302 302")
GUEST_ONLY = codes("302 404 404 404 404 404 404 404")  # strangers to the login page, users 404
TOKEN = "T" * 40 + "abc"


def contact_of(target) -> Stakeholder:
    contact, _ = Stakeholder.objects.get_or_create(
        customer=target, name="Kari Nordmann", defaults={"email": "kari@customer.example"}
    )
    return contact


def invitation_of(target, *, expired: bool = False, token: str = TOKEN) -> Invitation:
    Invitation.objects.filter(token_hash=token_digest(token)).delete()
    when = timezone.now() + datetime.timedelta(days=-1 if expired else 14)
    return Invitation.objects.create(
        plan=plan_of(target),
        stakeholder=contact_of(target),
        email="kari@customer.example",
        token_hash=token_digest(token),
        expires_at=when,
    )


def link_kwargs(cast, target):
    invitation_of(target)
    return {"token": TOKEN}


def expired_link_kwargs(cast, target):
    invitation_of(target, expired=True)
    return {"token": TOKEN}


def invitation_kwargs(cast, target):
    return {"invitation_id": invitation_of(target, token="I" * 43).pk}


def activity_kwargs(cast, target):
    plan = plan_of(target)
    row = GuestActivity.objects.create(plan=plan, stakeholder=contact_of(target), kind="comment", text="Hi")
    return {"activity_id": row.pk}


def shared_goal_kwargs(cast, target):
    kwargs = goal_kwargs(cast, target)
    Goal.objects.filter(pk=kwargs["goal_id"]).update(
        shared=True, criteria_shared=True, success_criteria="On time"
    )
    return kwargs


def guest_action_kwargs(cast, target):
    kwargs = action_kwargs(cast, target)
    Action.objects.filter(pk=kwargs["action_id"]).update(shared=True, assignee=contact_of(target))
    return kwargs


def document_kwargs(cast, target):
    from planning import documents

    document = PlanDocument.objects.create(
        plan=plan_of(target), kind="internal", number=1, language="en", file=f"matrix-{target.pk}.pdf"
    )
    documents.document_path(document).write_bytes(b"%PDF-1.7\n")
    return {"document_id": document.pk}


def _guest_post(kwargs=lambda cast, target: {}, data=lambda cast, target: {}, guest=302) -> Row:
    return Row(kwargs=kwargs, get=PUBLIC_405, post=GUEST_ONLY, data=data, guest_get=405, guest_post=guest)


ROWS: dict[str, Row] = {
    # Our side
    "planning:plan-sharing": Row(
        kwargs=plan_kwargs,
        get=OWN_MANAGE,
        post=MANAGE_POST,
        foreign_get=FOREIGN_MANAGE,
        foreign_post=FOREIGN_MANAGE_POST,
        data=lambda cast, target: {"stakeholder": contact_of(target).pk, "days": "14", "language": "nb"},
    ),
    "planning:share-toggle": Row(
        kwargs=plan_kwargs,
        post=MANAGE_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_MANAGE_POST,
        data=lambda cast, target: {
            "kind": "plan",
            "item": plan_of(target).pk,
            "flag": "summary_shared",
            "value": "1",
        },
    ),
    "planning:plan-as-customer": Row(
        kwargs=plan_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "planning:invitation-revoke": Row(
        kwargs=invitation_kwargs, post=MANAGE_POST, foreign_get=ALL_405, foreign_post=FOREIGN_MANAGE_POST
    ),
    "planning:invitation-resend": Row(
        kwargs=invitation_kwargs,
        post=MANAGE_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_MANAGE_POST,
        data=lambda cast, target: {"days": "14"},
    ),
    "planning:guest-reply": Row(
        kwargs=activity_kwargs,
        post=OWN_EDIT_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: {"text": "Thanks", "version": 1},
    ),
    "planning:plan-documents": Row(
        kwargs=plan_kwargs,
        get=OWN_VIEW,
        post=OWN_VIEW,
        foreign_get=FOREIGN_VIEW,
        foreign_post=FOREIGN_VIEW,
        data=lambda cast, target: {"kind": "customer"},
    ),
    "planning:document-download": Row(
        kwargs=document_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    # The customer's side
    "planning:invitation-open": Row(
        kwargs=link_kwargs, get=EVERYONE_200, post=EVERYONE_302, guest_get=200, guest_post=302
    ),
    "planning:invitation-renew": Row(
        kwargs=expired_link_kwargs, get=PUBLIC_405, post=EVERYONE_200, guest_get=405, guest_post=200
    ),
    "planning:guest-plan": Row(get=GUEST_ONLY, post=PUBLIC_405, guest_get=200, guest_post=405),
    "planning:guest-comment": _guest_post(data=lambda cast, target: {"item": "plan", "text": "Hello"}),
    "planning:guest-criteria": _guest_post(shared_goal_kwargs, lambda cast, target: {"answer": "agree"}),
    "planning:guest-rank": _guest_post(),
    "planning:guest-action": _guest_post(guest_action_kwargs, lambda cast, target: {"status": "done"}),
    "planning:guest-pulse": _guest_post(data=lambda cast, target: {"score": "4"}),
    "planning:guest-leave": _guest_post(guest=200),
}
