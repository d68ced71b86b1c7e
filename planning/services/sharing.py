"""Writes for sharing a plan with the customer: what is shared, invitations, and every guest step.

Tokens: a link carries `secrets.token_urlsafe(32)` (256 random bits); only its SHA-256 digest is
stored and looked up, so the database never holds a usable link. Every guest step lands on the
customer's timeline and as customer activity the account team sees on the plan and the home page.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import text as text_rules
from accounts import timeline
from accounts.models import Stakeholder, User
from accounts.services import event_record
from accounts.versioning import versioned_update
from planning.guest_selectors import GUEST_ACTION_STATUSES
from planning.models import (
    AccountPlan,
    Action,
    Goal,
    GuestActivity,
    Invitation,
    Offering,
    Opportunity,
    WhiteSpaceRow,
)
from planning.models.sharing import COMMENT_MAX, DEFAULT_DAYS, MAX_DAYS
from planning.services.editing import editable

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
# What the sharing page may switch, per kind of item: the model and the flags it carries.
SHAREABLE: dict[str, tuple[type, tuple[str, ...]]] = {
    "plan": (AccountPlan, ("summary_shared",)),
    "goal": (Goal, ("shared", "criteria_shared")),
    "opportunity": (Opportunity, ("shared",)),
    "action": (Action, ("shared",)),
}

_FLAG_LABELS = {
    "summary_shared": gettext_lazy("the summary"),
    "shared": gettext_lazy("the item"),
    "criteria_shared": gettext_lazy("its success criteria"),
}
timeline.register_label("share_flag", lambda code: _FLAG_LABELS.get(code, code))
timeline.register_label(
    "action_status", lambda code: Action.Status(code).label if code in Action.Status.values else code
)


@dataclass(frozen=True)
class Guest:
    """Who is acting on the guest page: one invitation, its plan and its customer contact.

    The plan and the contact are read when first asked for: a page served from the page cache
    needs only the invitation, checked on every request."""

    invitation: Invitation

    @property
    def plan(self) -> AccountPlan:
        return self.invitation.plan

    @property
    def stakeholder(self) -> Stakeholder:
        return self.invitation.stakeholder


# --- Tokens ----------------------------------------------------------------------------------------
def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state; None for anything else.

    Malformed tokens are answered without asking the database; well-formed ones by one indexed
    lookup of the digest, so a wrong token costs the same whichever bits are wrong.
    """
    if not isinstance(token, str) or not TOKEN_SHAPE.match(token):
        token_digest("x" * 43)  # the same work as a real lookup's digest
        return None
    return (
        Invitation.objects.select_related("plan__customer__owner", "stakeholder")
        .filter(token_hash=token_digest(token))
        .first()
    )


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def invitation_link(token: str) -> str:
    """Links are built from SITE_URL, never from the request's Host header."""
    return settings.SITE_URL + reverse("planning:invitation-open", args=[token])


# --- What is shared --------------------------------------------------------------------------------
def share_set(*, plan: AccountPlan, by: User, kind: str, pk: int, flag: str, value: bool) -> None:
    """Mark one item (or the summary) shared or internal. Raises ValidationError for an item that is
    not in this plan or a flag that does not exist; nothing is written then."""
    editable(plan)
    model, flags = SHAREABLE.get(kind, (None, ()))
    if model is None or flag not in flags:
        raise ValidationError(_("That cannot be shared."))
    with transaction.atomic():
        rows = (
            model.objects.filter(pk=plan.pk)
            if model is AccountPlan
            else model.objects.filter(plan=plan, pk=pk)
        )
        item = rows.select_for_update(of=("self",)).first()
        if item is None:
            raise ValidationError(_("That item is not in this plan any more."))
        if getattr(item, flag) == value:
            return
        setattr(item, flag, value)
        item.version += 1
        item.save(update_fields=[flag, "version"])
        label = plan.period if model is AccountPlan else str(item)
        event_record(
            customer=plan.customer,
            kind="sharing.shared" if value else "sharing.internal",
            by=by,
            item=str(label),
            share_flag=flag,
        )


def whitespace_rows_shared(plan: AccountPlan) -> dict[int, bool]:
    return dict(
        WhiteSpaceRow.objects.filter(customer_id=plan.customer_id).values_list("offering_id", "shared")
    )


# --- Invitations ---------------------------------------------------------------------------------
def _check_days(days: int) -> int:
    if not 1 <= int(days) <= MAX_DAYS:
        raise ValidationError({"days": _("A link is valid for 1 to %(max)s days.") % {"max": MAX_DAYS}})
    return int(days)


def invitation_send(
    *, plan: AccountPlan, stakeholder: Stakeholder, by: User, days: int = DEFAULT_DAYS, language: str = "en"
) -> Invitation:
    """Invite a customer contact to the plan and e-mail them the link (after the commit).

    Raises ValidationError (nothing written or sent) for a contact of another customer, one without
    an e-mail address or who has left, a plan that is archived, or a validity outside 1–90 days.
    """
    editable(plan)
    days = _check_days(days)
    if stakeholder.customer_id != plan.customer_id:
        raise ValidationError({"stakeholder": _("Choose one of this customer's contacts.")})
    if stakeholder.has_left:
        raise ValidationError({"stakeholder": _("This person has left the customer.")})
    if not stakeholder.email:
        raise ValidationError({"stakeholder": _("Add an e-mail address for this person first.")})
    if language not in Invitation.Language.values:
        raise ValidationError({"language": _("Choose English, Norsk or Svenska.")})
    token, digest = _new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            plan=plan,
            stakeholder=stakeholder,
            email=stakeholder.email,
            language=language,
            token_hash=digest,
            expires_at=timezone.now() + datetime.timedelta(days=days),
            created_by=by,
        )
        event_record(
            customer=plan.customer, kind="invitation.sent", by=by, stakeholder=stakeholder.name, days=days
        )
        transaction.on_commit(lambda: _send_invitation_mail(invitation.pk, token))
    return invitation


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """End the contact's access at once: the link stops working and an open guest session ends
    with its next request."""
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, version=invitation.version + 1
        )
        if updated:
            event_record(
                customer=invitation.plan.customer,
                kind="invitation.revoked",
                by=by,
                stakeholder=invitation.stakeholder.name,
            )
    invitation.refresh_from_db()
    return invitation


def invitation_resend(*, invitation: Invitation, by: User, days: int = DEFAULT_DAYS) -> Invitation:
    """Send a fresh link: the old one stops working, the new one is valid for `days` from now.

    Raises ValidationError when the contact has since left or has no e-mail address.
    """
    editable(invitation.plan)
    days = _check_days(days)
    stakeholder = invitation.stakeholder
    if stakeholder.has_left or not stakeholder.email:
        raise ValidationError(_("This contact has left or has no e-mail address; the link was not sent."))
    token, digest = _new_token()
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            token_hash=digest,
            email=stakeholder.email,
            expires_at=timezone.now() + datetime.timedelta(days=days),
            sent_at=timezone.now(),
            used_at=None,
            revoked_at=None,
            revoked_by=None,
            renewal_requested_at=None,
            version=invitation.version + 1,
        )
        event_record(
            customer=invitation.plan.customer,
            kind="invitation.resent",
            by=by,
            stakeholder=stakeholder.name,
            days=days,
        )
        transaction.on_commit(lambda: _send_invitation_mail(invitation.pk, token))
    invitation.refresh_from_db()
    return invitation


def _send_invitation_mail(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("plan__customer__owner", "stakeholder").get(
        pk=invitation_id
    )
    plan = invitation.plan
    context = {
        "name": invitation.stakeholder.name,
        "customer": plan.customer.name,
        "period": plan.period,
        "kam": plan.customer.owner.full_name,
        "kam_email": plan.customer.owner.email,
        "link": invitation_link(token),
        "expires": invitation.expires_at,
    }
    with translation.override(invitation.language):
        subject = render_to_string("planning/email/invitation_subject.txt", context).strip()
        body = render_to_string("planning/email/invitation.txt", context)
        html = render_to_string("planning/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email], reply_to=[plan.customer.owner.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()


# --- The guest's steps -----------------------------------------------------------------------------
def guest_continue(*, invitation: Invitation) -> None:
    """The contact pressed Continue on a valid link: the link is used up (a scanner's GET is not)."""
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(used_at=now, last_visit_at=now)
        _activity(
            invitation,
            GuestActivity.Kind.OPENED,
            record=lambda row: event_record(
                customer=row.plan.customer, kind="guest.opened", by=None, stakeholder=_name(row)
            ),
        )


def guest_visit(*, invitation: Invitation) -> None:
    """Remember when the contact last came (at most one write a minute)."""
    now = timezone.now()
    if invitation.last_visit_at is None or now - invitation.last_visit_at > datetime.timedelta(minutes=1):
        Invitation.objects.filter(pk=invitation.pk).update(last_visit_at=now)


def guest_request_renewal(*, invitation: Invitation) -> bool:
    """A contact with an expired or used link asks for a new one: the account owner is told (once a
    day at most). Returns False when the invitation is revoked (nothing is asked then)."""
    if invitation.is_revoked:
        return False
    now = timezone.now()
    last = invitation.renewal_requested_at
    if last is not None and now - last < datetime.timedelta(days=1):
        return True
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(renewal_requested_at=now)
        _activity(
            invitation,
            GuestActivity.Kind.RENEWAL,
            record=lambda row: event_record(
                customer=row.plan.customer, kind="guest.renewal_requested", by=None, stakeholder=_name(row)
            ),
        )
        transaction.on_commit(lambda: _send_renewal_mail(invitation.pk))
    return True


def _send_renewal_mail(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("plan__customer__owner", "stakeholder").get(
        pk=invitation_id
    )
    owner = invitation.plan.customer.owner
    context = {
        "owner": owner.full_name,
        "name": invitation.stakeholder.name,
        "customer": invitation.plan.customer.name,
        "link": settings.SITE_URL + reverse("planning:plan-sharing", args=[invitation.plan_id]),
    }
    with translation.override(owner.language):
        subject = render_to_string("planning/email/renewal_subject.txt", context).strip()
        body = render_to_string("planning/email/renewal.txt", context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email]).send()


def clean_comment(value: str, *, required: bool = True) -> str:
    """Comment text as stored: NFC, no control characters, at most COMMENT_MAX characters.
    Raises ValidationError with the reason in the active language."""
    value = text_rules.normalise(value or "").strip()
    if required and not value:
        raise ValidationError(_("Write a comment first."))
    if len(value) > COMMENT_MAX:
        raise ValidationError(
            _("Keep it to %(max)s characters (this one has %(count)s).")
            % {"max": COMMENT_MAX, "count": len(value)}
        )
    if text_rules.control_characters(value, multiline=True):
        raise ValidationError(_("The text contains characters that cannot be stored."))
    return value


def guest_comment(*, guest: Guest, item: str, text: str, once: uuid.UUID | None = None) -> GuestActivity:
    """A comment on the plan or on one shared item (`plan`, `goal-<id>`, `initiative-<id>`,
    `action-<id>`, `row-<offering id>`). Raises ValidationError for an item the guest may not see."""
    text = clean_comment(text)
    links = _shared_item(guest.plan, item)
    return _activity(
        guest.invitation,
        GuestActivity.Kind.COMMENT,
        record=lambda row: event_record(
            customer=row.plan.customer,
            kind="guest.commented",
            by=None,
            stakeholder=_name(row),
            item=_item(row),
        ),
        text=text,
        once=once,
        **links,
    )


def _shared_item(plan: AccountPlan, item: str) -> dict[str, Any]:
    if item == "plan":
        return {}
    kind, _sep, raw = (item or "").partition("-")
    lookups = {
        "goal": ("goal", Goal.objects.filter(plan=plan, shared=True)),
        "initiative": ("opportunity", Opportunity.objects.filter(plan=plan, shared=True)),
        "action": ("action", Action.objects.filter(plan=plan, shared=True)),
        "row": ("offering", None),
    }
    if kind not in lookups or not raw.isdigit():
        raise ValidationError(_("That item is not on your plan."))
    name, queryset = lookups[kind]
    if queryset is None:
        shared = WhiteSpaceRow.objects.filter(customer_id=plan.customer_id, offering_id=int(raw), shared=True)
        found = Offering.objects.filter(pk=int(raw)).first() if shared.exists() else None
    else:
        found = queryset.filter(pk=int(raw)).first()
    if found is None:
        raise ValidationError(_("That item is not on your plan."))
    return {name: found}


def guest_answer_criteria(
    *, guest: Guest, goal_id: int, agree: bool, text: str = "", once: uuid.UUID | None = None
) -> GuestActivity:
    """Agree to a shared goal's success criteria, or propose a change (the proposal text is required)."""
    goal = Goal.objects.filter(plan=guest.plan, shared=True, criteria_shared=True, pk=goal_id).first()
    if goal is None:
        raise ValidationError(_("That goal is not on your plan."))
    text = clean_comment(text, required=not agree)
    kind = GuestActivity.Kind.AGREE if agree else GuestActivity.Kind.PROPOSE
    event = "guest.agreed" if agree else "guest.proposed"
    return _activity(
        guest.invitation,
        kind,
        record=lambda row: event_record(
            customer=row.plan.customer, kind=event, by=None, stakeholder=_name(row), item=_item(row)
        ),
        goal=goal,
        text=text,
        once=once,
    )


def guest_rank(*, guest: Guest, order: list[int]) -> GuestActivity:
    """The customer's order of the shared initiatives, most important first. Every shared initiative
    must appear once; anything else is refused."""
    shared = set(Opportunity.objects.filter(plan=guest.plan, shared=True).values_list("pk", flat=True))
    if len(order) != len(set(order)) or set(order) != shared:
        raise ValidationError(_("Give each initiative its own place in the order."))
    return _activity(
        guest.invitation,
        GuestActivity.Kind.RANK,
        record=lambda row: event_record(
            customer=row.plan.customer, kind="guest.ranked", by=None, stakeholder=_name(row)
        ),
        data={"order": order},
    )


def guest_action_status(*, guest: Guest, action_id: int, status: str) -> Action:
    """The contact who owns a shared action changes its status (open, in progress or done)."""
    action = Action.objects.filter(
        plan=guest.plan, shared=True, pk=action_id, assignee_id=guest.invitation.stakeholder_id
    ).first()
    if action is None:
        raise ValidationError(_("Only actions you are responsible for can be updated here."))
    if status not in GUEST_ACTION_STATUSES:
        raise ValidationError(_("Choose open, in progress or done."))
    editable(guest.plan)
    with transaction.atomic():
        changes = {"status": status, "completed_at": timezone.now() if status == Action.Status.DONE else None}
        current, changed = versioned_update(action, action.version, changes)
        if changed:
            _activity(
                guest.invitation,
                GuestActivity.Kind.ACTION,
                record=lambda row: event_record(
                    customer=row.plan.customer,
                    kind="guest.action_status",
                    by=None,
                    stakeholder=_name(row),
                    item=_item(row),
                    action_status=status,
                ),
                action=current,
                data={"status": status},
            )
    return current


def guest_pulse(*, guest: Guest, score: int, text: str = "", once: uuid.UUID | None = None) -> GuestActivity:
    """The satisfaction pulse: 1 (poor) to 5 (excellent) and an optional comment."""
    if score not in (1, 2, 3, 4, 5):
        raise ValidationError(_("Choose a score from 1 to 5."))
    text = clean_comment(text, required=False)
    return _activity(
        guest.invitation,
        GuestActivity.Kind.PULSE,
        record=lambda row: event_record(
            customer=row.plan.customer, kind="guest.pulse", by=None, stakeholder=_name(row), score=row.score
        ),
        score=score,
        text=text,
        once=once,
    )


def _activity(invitation: Invitation, kind: str, *, record, once=None, **values: Any) -> GuestActivity:
    """Record one guest step: the activity row the account team sees, and (through `record`, in
    the same transaction) its timeline line.

    A repeated one-time key (the same form sent twice) returns the first row instead of a copy.
    """
    if once is not None:
        found = GuestActivity.objects.filter(once=once, invitation=invitation).first()
        if found is not None:
            return found
    try:
        with transaction.atomic():
            row = GuestActivity.objects.create(
                plan=invitation.plan,
                invitation=invitation,
                stakeholder=invitation.stakeholder,
                kind=kind,
                once=once,
                **values,
            )
            record(row)
    except IntegrityError:  # the same one-time key raced in from a second send
        found = GuestActivity.objects.filter(once=once).first() if once is not None else None
        if found is None:
            raise
        return found
    return row


def _name(row: GuestActivity) -> str:
    return row.stakeholder.name if row.stakeholder else ""


def _item(row: GuestActivity) -> str:
    item = row.goal or row.opportunity or row.action or row.offering
    return str(item) if item is not None else ""


# --- Our side's answer ---------------------------------------------------------------------------
def guest_reply(*, activity: GuestActivity, by: User, text: str, version: int) -> GuestActivity:
    """Answer a customer's comment on the plan page; the answer shows under the comment for the
    customer. Raises EditConflict when a colleague answered since `version`, ValidationError on bad text."""
    if activity.kind != GuestActivity.Kind.COMMENT:
        raise ValidationError(_("Only comments can be answered."))
    text = clean_comment(text)
    with transaction.atomic():
        current, changed = versioned_update(
            activity,
            version,
            {"reply": text, "replied_by": by, "replied_at": timezone.now(), "seen_at": timezone.now()},
            validate_constraints=False,
        )
        if "reply" in changed:
            event_record(
                customer=activity.plan.customer,
                kind="guest.answered",
                by=by,
                stakeholder=activity.stakeholder.name if activity.stakeholder else "",
            )
    return current


def activity_mark_seen(*, plan: AccountPlan) -> int:
    """The account owner has seen the customer's latest steps on this plan."""
    return GuestActivity.objects.filter(plan=plan, seen_at__isnull=True).update(seen_at=timezone.now())
