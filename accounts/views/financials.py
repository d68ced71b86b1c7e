"""The financials tab: history table and chart, and adding, correcting and removing periods.

The panel (notices, chart, tables, form) is the htmx target: a change answers with the new panel;
without JavaScript the same forms post and redirect back to the tab.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.charts.financials import financials_chart
from accounts.conflicts import rebase
from accounts.forms.financials import FinancialPeriodForm
from accounts.models import Customer, FinancialPeriod
from accounts.pagecache import cached_page
from accounts.selectors.financials import financial_history, period_of
from accounts.services.financials import financial_period_delete, financial_period_save
from accounts.versioning import EditConflict
from accounts.views.customers import customer_frame
from kam.http import render_page

PAGE = "accounts/customer_financials.html"
PANEL = "accounts/partials/financials_panel.html"
FORM = "accounts/partials/financials_form.html"


@require_GET
@cached_page
def financials_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    return render_page(request, PAGE, PANEL, _context(request, customer))


@require_POST
def financial_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.edit")
    form = FinancialPeriodForm(request.POST, customer=customer)
    return _save(request, customer, form)


@require_http_methods(["GET", "POST"])
def financial_edit_view(request: HttpRequest, customer_id: int, period_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.edit")
    period = _period(customer, period_id)
    if request.method == "POST":
        return _save(request, customer, FinancialPeriodForm(request.POST, customer=customer, period=period))
    form = FinancialPeriodForm(customer=customer, period=period)
    return render_page(request, PAGE, FORM, _context(request, customer, form))


@require_POST
def financial_delete_view(request: HttpRequest, customer_id: int, period_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.edit")
    period = _period(customer, period_id)
    financial_period_delete(period=period, by=request.user)
    if _wants_fragment(request):
        return render_page(request, PAGE, PANEL, _context(request, customer))
    messages.success(request, _("The figures for %(period)s have been removed.") % {"period": period.label})
    return redirect("accounts:customer-financials", customer.pk)


def _save(request: HttpRequest, customer: Customer, form: FinancialPeriodForm) -> HttpResponse:
    if form.is_valid():
        try:
            period = financial_period_save(
                customer=customer, by=request.user, period=form.period, **form.cleaned_data
            )
        except EditConflict as conflict:
            return _conflict(request, customer, conflict.current)
        except ValidationError as error:  # a colleague took the period between the check and the save
            form.add_error(None, error)
        else:
            if _wants_fragment(request):
                return render_page(request, PAGE, PANEL, _context(request, customer, saved=period))
            messages.success(
                request, _("The figures for %(period)s have been saved.") % {"period": period.label}
            )
            return redirect("accounts:customer-financials", customer.pk)
    # htmx swaps only 2xx answers: the fragment with its messages comes back as 200, the page as 400.
    status = 200 if _wants_fragment(request) else 400
    return render_page(request, PAGE, PANEL, _context(request, customer, form), status=status)


def _conflict(request: HttpRequest, customer: Customer, current: FinancialPeriod | None) -> HttpResponse:
    """Someone saved these figures first: theirs and yours side by side; a second save keeps yours."""
    if current is None:
        messages.error(request, _("Someone removed this item while you were editing it; nothing was saved."))
        return redirect("accounts:customer-financials", customer.pk)
    form, rows = rebase(
        lambda data, theirs: FinancialPeriodForm(data, customer=customer, period=theirs),
        request.POST,
        current,
    )
    # htmx swaps only 2xx answers: the fragment comes back as 200, the page as 409.
    status = 200 if _wants_fragment(request) else 409
    return render_page(request, PAGE, PANEL, _context(request, customer, form, conflict=rows), status=status)


def _context(
    request: HttpRequest, customer: Customer, form: FinancialPeriodForm | None = None, **extra
) -> dict:
    history = financial_history(customer)
    chart = financials_chart(
        history.points,
        title=_("Revenue, gross margin and share of wallet: %(customer)s") % {"customer": customer.name},
        unit=history.chart_unit,
        currency=settings.REPORTING_CURRENCY,
    )
    context = customer_frame(request, customer, "financials", history=history, chart=chart, **extra)
    if context["can_edit"]:
        context["form"] = form or FinancialPeriodForm(customer=customer, initial=_blank(history))
        context["tab_url"] = reverse("accounts:customer-financials", args=[customer.pk])
    return context


def _blank(history) -> dict:
    """A new row starts at the year after the latest whole year, but never beyond this year."""
    this_year = timezone.localdate().year
    latest = history.years[0].period.year if history.years else this_year - 1
    return {"year": min(latest + 1, this_year), "quarter": 0}


def _period(customer: Customer, period_id: int) -> FinancialPeriod:
    period = period_of(customer, period_id)
    if period is None:
        raise Http404("No such period")
    return period


def _wants_fragment(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted
