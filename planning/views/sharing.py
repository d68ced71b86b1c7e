"""Our side of sharing: choosing what the customer sees, invitations, "view as the customer", and
answering the customer's comments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, throttle
from accounts.pagecache import cached_page
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.versioning import EditConflict
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from planning import services, sharing_selectors
from planning.forms_sharing import InvitationForm, ReplyForm, ResendForm
from planning.models import GuestActivity, Invitation, Offering
from planning.services import sharing
from planning.views.common import EDIT, MANAGE, add_errors, plan_for_user
from planning.views.guest import render_guest_page

INVITE_LIMIT, INVITE_WINDOW = 30, 3600


@require_http_methods(["GET", "POST"])
def plan_sharing_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    """What is shared, who is invited and when they last came; POST sends a new invitation."""
    plan = plan_for_user(request, plan_id, MANAGE)
    form = InvitationForm(request.POST if request.method == "POST" else None, customer=plan.customer)
    if request.method == "POST" and form.is_valid():
        if throttle.rate_wait("invite-send", str(request.user.pk), INVITE_LIMIT, INVITE_WINDOW):
            form.add_error(None, _("You have sent many invitations in a short time. Try again in an hour."))
        else:
            try:
                invitation = submission_once(
                    token=form.submission_token,
                    fingerprint=sent_fingerprint(request),
                    user=request.user,
                    create=lambda: sharing.invitation_send(plan=plan, by=request.user, **form.cleaned_data),
                    location=lambda _created: reverse("planning:plan-sharing", args=[plan.pk]),
                )
            except AlreadySubmitted as error:
                return already_saved(request, error, reverse("planning:plan-sharing", args=[plan.pk]))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is invited; the link is on its way to %(email)s.")
                    % {"name": invitation.stakeholder.name, "email": invitation.email},
                )
                return redirect("planning:plan-sharing", plan.pk)
    context = customer_frame(
        request,
        plan.customer,
        "plan",
        plan=plan,
        form=form,
        sharing=sharing_selectors.sharing_page(plan),
        resend_form=ResendForm(),
    )
    return render(request, "planning/sharing.html", context, status=400 if form.errors else 200)


@require_POST
def share_toggle_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, MANAGE)
    kind, flag = request.POST.get("kind", ""), request.POST.get("flag", "")
    raw = request.POST.get("item", "0")
    value = request.POST.get("value") == "1"
    try:
        if kind == "row":
            offering = Offering.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
            if offering is None:
                raise ValidationError(_("That cannot be shared."))
            services.whitespace_row_share(
                customer=plan.customer, offering=offering, by=request.user, shared=value
            )
        else:
            sharing.share_set(
                plan=plan,
                by=request.user,
                kind=kind,
                pk=int(raw) if raw.isdigit() else 0,
                flag=flag,
                value=value,
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse("planning:plan-sharing", args=[plan.pk]) + f"#{kind}-{raw}")


def _invitation_for_user(request: HttpRequest, invitation_id: int) -> Invitation:
    invitations = Invitation.objects.select_related(
        "plan__customer__owner", "plan__customer__team", "stakeholder"
    )
    return access.get_customer_object_for_user(
        request.user, invitations, invitation_id, action=MANAGE, customer_path="plan__customer"
    )


@require_POST
def invitation_revoke_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation_for_user(request, invitation_id)
    sharing.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("%(name)s's access has ended; the link no longer works.") % {"name": invitation.stakeholder.name},
    )
    return redirect("planning:plan-sharing", invitation.plan_id)


@require_POST
def invitation_resend_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation_for_user(request, invitation_id)
    form = ResendForm(request.POST)
    if throttle.rate_wait("invite-send", str(request.user.pk), INVITE_LIMIT, INVITE_WINDOW):
        messages.error(request, _("You have sent many invitations in a short time. Try again in an hour."))
    elif not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            sharing.invitation_resend(invitation=invitation, by=request.user, days=form.cleaned_data["days"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("A new link is on its way to %(email)s; the old one no longer works.")
                % {"email": invitation.stakeholder.email},
            )
    return redirect("planning:plan-sharing", invitation.plan_id)


@require_GET
@cached_page
def plan_as_customer_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Exactly what a guest of this plan sees, drawn by the guest page's own code."""
    plan = plan_for_user(request, plan_id)
    return render_guest_page(request, plan.pk, None, preview=True)


@require_POST
def guest_reply_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    activities = GuestActivity.objects.select_related(
        "plan__customer__owner", "plan__customer__team", "stakeholder"
    )
    activity = access.get_customer_object_for_user(
        request.user, activities, activity_id, action=EDIT, customer_path="plan__customer"
    )
    form = ReplyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        version, data = form.changes()
        try:
            sharing.guest_reply(activity=activity, by=request.user, text=data["text"], version=version)
        except EditConflict as conflict:
            theirs = conflict.current.reply if conflict.current is not None else ""
            messages.error(
                request,
                _(
                    "A colleague answered this comment while you wrote. Their answer: “%(theirs)s”. Yours: “%(yours)s”."
                )
                % {"theirs": theirs, "yours": data["text"]},
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your answer is shown to the customer under their comment."))
    return redirect(reverse("planning:plan-detail", args=[activity.plan_id]) + "#customer-activity")
