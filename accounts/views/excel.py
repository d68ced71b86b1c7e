"""Being written: every view here answers 404 until its feature lands."""

from django.http import Http404


def import_upload_view(request, **kwargs):
    raise Http404


def import_template_view(request, **kwargs):
    raise Http404


def import_preview_view(request, **kwargs):
    raise Http404


def customer_export_view(request, **kwargs):
    raise Http404


def financials_export_view(request, **kwargs):
    raise Http404
