"""Invitations, the personal calendar feed, notifications and their preferences.

A notification is the recipient's alone (anyone else gets 404) and shows only while its customer
is still in the recipient's view. The feed answers to its secret address only, with 404 for a
revoked or unknown one, and holds only what its owner may see at the moment it is fetched.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.pagecache import cached_page
from meetings import calendar, notices, notifying
from meetings.delivery import _zone
from meetings.forms import PreferencesForm
from meetings.models import Meeting, Notification
from meetings.models.reminders import PREFERENCE_KINDS, Kind

PAGE_SIZE = 50


# --- Invitations ---------------------------------------------------------------------------------
def _ics_response(content: bytes, filename: str, method: str = "") -> HttpResponse:
    kind = "text/calendar; charset=utf-8" + (f"; method={method}" if method else "")
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def meeting_invite_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_customer_object_for_user(request.user, Meeting.objects, meeting_id)
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    return _ics_response(notifying.invitation_bytes(meeting), f"meeting-{meeting.pk}.ics", method)


@require_POST
def meeting_invite_send_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_customer_object_for_user(
        request.user, Meeting.objects, meeting_id, action="customer.edit"
    )
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("Only a planned meeting's invitation can be sent."))
        return redirect(meeting)
    queued = notifying.invites_queue(meeting=meeting)
    if queued:
        messages.success(request, _("The invitation is on its way to everyone with an e-mail address."))
    else:
        messages.info(
            request, _("Everyone with an e-mail address has this version of the invitation already.")
        )
    return redirect(meeting)


# --- The personal calendar feed ------------------------------------------------------------------
@require_GET
@cached_page
def calendar_view(request: HttpRequest) -> HttpResponse:
    live = request.user.calendar_feeds.filter(revoked_at__isnull=True).first()
    token = request.session.pop("orchard_calendar_token", "")
    address = request.build_absolute_uri(reverse("meetings:calendar-feed", args=[token])) if token else ""
    return render(request, "meetings/calendar.html", {"live": live, "address": address})


@require_POST
def calendar_renew_view(request: HttpRequest) -> HttpResponse:
    request.session["orchard_calendar_token"] = notifying.feed_renew(user=request.user)
    messages.success(
        request, _("Your new calendar address is ready. Any earlier address has stopped working.")
    )
    return redirect("meetings:calendar")


@require_POST
def calendar_revoke_view(request: HttpRequest) -> HttpResponse:
    if notifying.feed_revoke(user=request.user):
        messages.success(request, _("Your calendar address has stopped working."))
    return redirect("meetings:calendar")


@login_not_required
@never_cache
@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    feed = notifying.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar")
    user = feed.user
    type(feed).objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    with translation.override(user.language), timezone.override(_zone(user)):
        entries = notifying.feed_entries(user, timezone.localdate())
        content = calendar.feed(
            entries, name=_("Orchard · %(name)s") % {"name": user.full_name}, now=timezone.now()
        )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="orchard.ics"'
    return response


# --- Notifications -------------------------------------------------------------------------------
def _mine(request: HttpRequest, notification_id: int) -> Notification:
    found = access.visible_rows(
        request.user, Notification.objects.filter(recipient=request.user, pk=notification_id)
    )
    notification = found.first()
    if notification is None:
        raise Http404("No such notification")
    return notification


@require_GET
@cached_page
def notifications_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    listed = Q(kind=kind, cleared_at__isnull=True) if kind in Kind.values else Q()
    kind = kind if listed else ""
    listed_count, unread = notifying.inbox_counts(request.user, listed)
    rows = Notification.objects.none()
    if listed_count:
        rows = access.visible_rows(request.user, Notification.objects.filter(listed, recipient=request.user))
    paginator = Paginator(
        rows.order_by("-created_at", "-pk").values(
            "pk", "kind", "params", "created_at", "read_at", "cleared_at", "silenced"
        ),
        PAGE_SIZE,
    )
    paginator.count = listed_count  # counted above, with the unread figure, in one query
    page = paginator.get_page(request.GET.get("page"))
    items = [
        {
            **row,
            "text": notices.sentence(row["kind"], row["params"]),
            "url": notices.link(row["kind"], row["params"]),
        }
        for row in page.object_list
    ]
    context = {
        "page": page,
        "items": items,
        "kind": kind,
        "kind_label": Kind(kind).label if kind else "",
        "unread": unread,
    }
    return render(request, "meetings/notifications.html", context)


@require_POST
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = _mine(request, notification_id)
    notifying.notification_read(notification=notification)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("meetings:notifications")


@require_POST
def notifications_read_all_view(request: HttpRequest) -> HttpResponse:
    notifying.notifications_read_all(user=request.user)
    messages.success(request, _("Everything is marked as read."))
    return redirect("meetings:notifications")


@require_GET
@cached_page
def bell_view(request: HttpRequest) -> HttpResponse:
    """The bell's count, fetched after the page has loaded, so no page pays a query for it."""
    response = render(
        request, "meetings/partials/bell.html", {"unread": notifying.unread_count(request.user)}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    current = notifying.preferences_of(request.user)
    initial = {kind.value: current.get(kind.value, "immediately") for kind in PREFERENCE_KINDS}
    form = PreferencesForm(request.POST or None, initial=initial, kinds=PREFERENCE_KINDS)
    if request.method == "POST" and form.is_valid():
        notifying.preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("meetings:notification-preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/preferences.html", {"form": form}, status=status)
