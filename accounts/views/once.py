"""The answer to a create form sent a second time: what the first send saved, not a copy."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.services.submissions import AlreadySubmitted


def already_saved(request: HttpRequest, error: AlreadySubmitted, fallback: str) -> HttpResponse:
    messages.info(request, _("This form was sent before and is saved already; nothing was added twice."))
    return redirect(error.location or fallback)


def sent_fingerprint(request: HttpRequest) -> str:
    """Who sent which values to which address, as a hash (the token and CSRF value left out)."""
    skip = {"csrfmiddlewaretoken", "submission"}
    values = sorted(
        (key, value) for key, values in request.POST.lists() if key not in skip for value in values
    )
    text = repr((request.user.pk, request.path, values))
    return hashlib.sha256(text.encode()).hexdigest()
