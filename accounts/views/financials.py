"""Being written: every view here answers 404 until its feature lands."""

from django.http import Http404


def financials_view(request, **kwargs):
    raise Http404


def financial_add_view(request, **kwargs):
    raise Http404


def financial_edit_view(request, **kwargs):
    raise Http404


def financial_delete_view(request, **kwargs):
    raise Http404
