"""The customer's side: the invitation link, Continue, and the "Our plan" page with its forms.

None of these pages needs a login. The link's page shows a Continue button (a mail scanner's GET
uses nothing up); Continue starts a guest session for that one plan and later URLs carry no token.
Every guest page finds its guest again through the session and checks that the invitation is still
usable, so a revoked or expired invitation ends the session at its next request. Our own pages
answer a guest as they answer a stranger (the login page).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, pagecache, throttle
from planning import guest_selectors
from planning.forms_sharing import GuestActionForm, GuestCommentForm, GuestCriteriaForm, GuestPulseForm
from planning.models import Invitation
from planning.services import sharing
from planning.services.sharing import Guest

# Per client address: opening links (GET and POST together); per invitation: the guest's writes.
LINK_LIMIT, LINK_WINDOW = 30, 600
WRITE_LIMIT, WRITE_WINDOW = 60, 3600


def _no_referrer(response: HttpResponse) -> HttpResponse:
    """The link's token must not leak to another site through the Referer header (same-origin keeps
    the Origin header our CSRF check needs on Continue)."""
    response["Referrer-Policy"] = "same-origin"
    return response


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "planning/guest/too_many.html", {"minutes": max(1, wait // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return _no_referrer(response)


# --- The link ----------------------------------------------------------------------------------------
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_open_view(request: HttpRequest, token: str) -> HttpResponse:
    wait = throttle.rate_wait("invite-link", throttle.client_address(request), LINK_LIMIT, LINK_WINDOW)
    if wait:
        return _too_many(request, wait)
    invitation = sharing.invitation_for_token(token)
    if invitation is None:
        return _no_referrer(render(request, "planning/guest/link_invalid.html", status=404))
    if invitation.is_revoked:
        return _no_referrer(
            render(request, "planning/guest/link_invalid.html", {"revoked": True}, status=410)
        )
    if invitation.is_expired or invitation.used_at is not None:
        context = {"invitation": invitation, "token": token, "used": not invitation.is_expired}
        return _no_referrer(render(request, "planning/guest/link_expired.html", context, status=410))
    if request.method == "GET":
        context = {"invitation": invitation, "token": token}
        return _no_referrer(render(request, "planning/guest/link_continue.html", context))
    sharing.guest_continue(invitation=invitation)
    access.start_guest_session(
        request, invitation_id=invitation.pk, plan_id=invitation.plan_id, expires_at=invitation.expires_at
    )
    response = redirect("planning:guest-plan")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        invitation.language,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        max_age=365 * 24 * 3600,
    )
    return _no_referrer(response)


@login_not_required
@never_cache
@require_POST
def invitation_renew_view(request: HttpRequest, token: str) -> HttpResponse:
    """ "Request a new link" on an expired or used link: the account owner is told."""
    wait = throttle.rate_wait("invite-link", throttle.client_address(request), LINK_LIMIT, LINK_WINDOW)
    if wait:
        return _too_many(request, wait)
    invitation = sharing.invitation_for_token(token)
    if invitation is None or invitation.is_revoked or invitation.is_active and invitation.used_at is None:
        raise Http404("No such link")
    sharing.guest_request_renewal(invitation=invitation)
    context = {"kam": invitation.plan.customer.owner.full_name}
    return _no_referrer(render(request, "planning/guest/renewal_requested.html", context))


# --- The guest page ----------------------------------------------------------------------------------
def _guest(request: HttpRequest) -> Guest | None:
    session = access.guest_session(request)
    if session is None:
        return None
    # One table, no ordering: this runs on every guest request, cached page or not.
    found = list(
        Invitation.objects.usable().filter(pk=session.invitation_id, plan_id=session.plan_id).order_by()[:1]
    )
    return Guest(found[0]) if found else None


def _guest_or_answer(request: HttpRequest) -> Guest | HttpResponse:
    """The guest of this request, or the answer for anyone else: a logged-in user is not a guest
    (404), a stranger goes to the login page, and an ended session says so."""
    if request.user.is_authenticated:
        raise Http404("Not a guest page for users")
    had_session = access.guest_session(request) is not None
    guest = _guest(request)
    if guest is not None:
        return guest
    if had_session:
        access.end_guest_session(request)
        return render(request, "planning/guest/session_ended.html", status=403)
    return redirect(f"{reverse('accounts:login')}?next={request.path}")


def render_guest_page(
    request: HttpRequest, plan_id: int, guest: Guest | None, *, preview: bool, forms=None, status=200
):
    """The one code path that draws "Our plan": for the guest, and for "view as the customer"."""
    viewer = guest.invitation.stakeholder_id if guest else None
    page = guest_selectors.guest_plan(plan_id, viewer)
    context = {
        "page": page,
        "guest": guest,
        "preview": preview,
        "guest_name": guest.invitation.stakeholder.name if guest else "",
        "comment_form": GuestCommentForm(),
        "criteria_form": GuestCriteriaForm(),
        "pulse_form": GuestPulseForm(),
        "action_form": GuestActionForm(),
        "rank_choices": range(1, len(page.initiatives) + 1),
        **(forms or {}),
    }
    return render(request, "planning/guest/our_plan.html", context, status=status)


@login_not_required
@never_cache
@require_GET
def guest_plan_view(request: HttpRequest) -> HttpResponse:
    guest = _guest_or_answer(request)
    if isinstance(guest, HttpResponse):
        return guest
    sharing.guest_visit(invitation=guest.invitation)
    # The guest is checked on every request; only the drawing of the page comes from the cache.
    return pagecache.serve(
        request, lambda: render_guest_page(request, guest.invitation.plan_id, guest, preview=False)
    )


def _guest_write(request: HttpRequest, write, anchor: str = "") -> HttpResponse:
    """Run one guest step: rate-limited per invitation; a refused one shows the reason, changes nothing."""
    guest = _guest_or_answer(request)
    if isinstance(guest, HttpResponse):
        return guest
    wait = throttle.rate_wait("guest-write", str(guest.invitation.pk), WRITE_LIMIT, WRITE_WINDOW)
    if wait:
        return _too_many(request, wait)
    try:
        done = write(guest)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(reverse("planning:guest-plan") + (f"#{anchor}" if anchor else ""))


def _form_error(form) -> ValidationError:
    return ValidationError([str(m) for errors in form.errors.values() for m in errors])


@login_not_required
@never_cache
@require_POST
def guest_comment_view(request: HttpRequest) -> HttpResponse:
    form = GuestCommentForm(request.POST)

    def write(guest: Guest) -> str:
        if not form.is_valid():
            raise _form_error(form)
        data = form.cleaned_data
        sharing.guest_comment(guest=guest, item=data["item"], text=data["text"], once=form.submission_token)
        return _("Thank you: your comment is sent to %(kam)s.") % {"kam": guest.plan.customer.owner.full_name}

    return _guest_write(request, write, request.POST.get("item", "")[:40])


@login_not_required
@never_cache
@require_POST
def guest_criteria_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    form = GuestCriteriaForm(request.POST)

    def write(guest: Guest) -> str:
        if not form.is_valid():
            raise _form_error(form)
        agree = form.cleaned_data["answer"] == "agree"
        sharing.guest_answer_criteria(
            guest=guest,
            goal_id=goal_id,
            agree=agree,
            text=form.cleaned_data["text"],
            once=form.submission_token,
        )
        return (
            _("Thank you: you agreed to the success criteria.")
            if agree
            else _("Thank you: your proposal is sent.")
        )

    return _guest_write(request, write, f"goal-{goal_id}")


@login_not_required
@never_cache
@require_POST
def guest_rank_view(request: HttpRequest) -> HttpResponse:
    def write(guest: Guest) -> str:
        places = {}
        for key, value in request.POST.items():
            if key.startswith("rank-") and key[5:].isdigit():
                if not value.isdigit():
                    raise ValidationError(_("Give each initiative its own place in the order."))
                places[int(key[5:])] = int(value)
        order = sorted(places, key=lambda pk: places[pk])
        if len(set(places.values())) != len(places):
            raise ValidationError(_("Give each initiative its own place in the order."))
        sharing.guest_rank(guest=guest, order=order)
        return _("Thank you: your order of the initiatives is saved.")

    return _guest_write(request, write, "initiatives")


@login_not_required
@never_cache
@require_POST
def guest_action_view(request: HttpRequest, action_id: int) -> HttpResponse:
    form = GuestActionForm(request.POST)

    def write(guest: Guest) -> str:
        if not form.is_valid():
            raise _form_error(form)
        sharing.guest_action_status(guest=guest, action_id=action_id, status=form.cleaned_data["status"])
        return _("The action is updated.")

    return _guest_write(request, write, f"action-{action_id}")


@login_not_required
@never_cache
@require_POST
def guest_pulse_view(request: HttpRequest) -> HttpResponse:
    form = GuestPulseForm(request.POST)

    def write(guest: Guest) -> str:
        if not form.is_valid():
            raise _form_error(form)
        sharing.guest_pulse(
            guest=guest,
            score=form.cleaned_data["score"],
            text=form.cleaned_data["text"],
            once=form.submission_token,
        )
        return _("Thank you for your answer.")

    return _guest_write(request, write, "pulse")


@login_not_required
@never_cache
@require_POST
def guest_leave_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        raise Http404("Not a guest page for users")
    if access.guest_session(request) is None:
        return redirect("accounts:login")
    access.end_guest_session(request)
    return render(request, "planning/guest/left.html")
