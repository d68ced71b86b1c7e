"""The 30-day start: a KAM's checklist computed from the data, and every KAM's progress for a leader."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access, checklist
from accounts.pagecache import cached_page


@require_GET
@cached_page
def start_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    wanted = request.GET.get("kam")
    kam = access.get_progress_kam(request.user, wanted) if wanted else request.user
    kams = list(access.progress_kams(request.user)) if not wanted else []
    # One evaluation for the person shown and every KAM in the table: each check runs once.
    progress = checklist.evaluate(list(dict.fromkeys([kam.pk, *(k.pk for k in kams)])), today)
    own = progress[kam.pk]
    context = {
        "kam": kam,
        "mine": kam.pk == request.user.pk,
        "checklist": own,
        "team": [(k, progress[k.pk]) for k in kams],
    }
    return render(request, "accounts/start.html", context)
