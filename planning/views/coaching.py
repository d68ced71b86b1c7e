"""Coaching conversations: the leader's overview of their KAMs, recording one, reading one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.pagecache import cached_page
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.views.once import already_saved, sent_fingerprint
from planning import coaching
from planning.forms_coaching import CoachingForm
from planning.services.coaching import coaching_record


@require_GET
@cached_page
def coaching_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    leads = access.is_leader(request.user)
    context = {
        "leads": leads,
        "kams": coaching.overview(request.user, today) if leads else [],
        "conversations": list(coaching.conversations_for(request.user)[:30]),
        "due_days": coaching.DUE_DAYS,
    }
    return render(request, "planning/coaching.html", context)


@require_http_methods(["GET", "POST"])
def coaching_create_view(request: HttpRequest) -> HttpResponse:
    kam = access.get_coachable_kam(request.user, request.GET.get("kam") or request.POST.get("kam"))
    accounts = coaching.kam_accounts(request.user, kam)
    form = CoachingForm(request.POST if request.method == "POST" else None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: coaching_record(
                    leader=request.user,
                    kam=kam,
                    held_on=data["held_on"],
                    notes=data["notes"],
                    customers=list(data["customers"]),
                    actions=data["actions"],
                ),
                location=lambda saved: reverse("planning:coaching-detail", args=[saved.pk]),
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, reverse("planning:coaching"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The coaching conversation with %(kam)s is recorded.") % {"kam": kam})
            return redirect("planning:coaching-detail", conversation.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "kam": kam, "accounts": list(accounts)}
    return render(request, "planning/coaching_form.html", context, status=status)


@require_GET
@cached_page
def coaching_detail_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = coaching.conversations_for(request.user).filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404("No such conversation")
    return render(request, "planning/coaching_detail.html", {"conversation": conversation})
