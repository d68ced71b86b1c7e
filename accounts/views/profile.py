"""Being written: every view here answers 404 until its feature lands."""

from django.http import Http404


def profile_view(request, **kwargs):
    raise Http404


def section_view(request, **kwargs):
    raise Http404


def section_edit_view(request, **kwargs):
    raise Http404
