"""A key account's health, explained: every component's score, weight and reason, and its trend."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access, health
from accounts.pagecache import cached_page
from accounts.selectors import health as selectors
from accounts.views.customers import customer_frame


@require_GET
@cached_page
def customer_health_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    result = selectors.customer_health(customer, timezone.localdate())
    history = selectors.customer_history(customer)
    known = [s for s in history if s is not None]
    sparkline = (
        health.sparkline_svg(history, _("Health over the last eight weeks"), width=240, height=48)
        if len(known) > 1
        else ""
    )
    context = customer_frame(
        request, customer, "health", health=result, sparkline=sparkline, measured=len(known)
    )
    return render(request, "accounts/customer_health.html", context)
