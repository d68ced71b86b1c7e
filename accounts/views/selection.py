"""Being written: every view here answers 404 until its feature lands."""

from django.http import Http404


def customer_selection_view(request, **kwargs):
    raise Http404


def scores_edit_view(request, **kwargs):
    raise Http404


def decision_create_view(request, **kwargs):
    raise Http404


def next_step_view(request, **kwargs):
    raise Http404


def ranking_view(request, **kwargs):
    raise Http404


def calibration_view(request, **kwargs):
    raise Http404


def future_key_accounts_view(request, **kwargs):
    raise Http404


def criteria_list_view(request, **kwargs):
    raise Http404


def criterion_create_view(request, **kwargs):
    raise Http404


def criterion_edit_view(request, **kwargs):
    raise Http404
