"""The answer to a create form sent a second time: what the first send saved, not a copy."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.services.submissions import AlreadySubmitted


def already_saved(request: HttpRequest, error: AlreadySubmitted, fallback: str) -> HttpResponse:
    messages.info(request, _("This form was sent before and is saved already; nothing was added twice."))
    return redirect(error.location or fallback)
