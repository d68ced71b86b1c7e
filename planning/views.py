"""Account plans and the white-space matrix. Until a plan exists, each tab explains how to begin."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import access
from accounts.views.customers import customer_frame


@require_GET
def customer_plan_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    empty = {
        "title": gettext_lazy("Account plan"),
        "what": gettext_lazy(
            "A short, living plan for this customer: goals with baseline and target, opportunities linked to "
            "the customer's own goals, risks, actions for the next 3–12 months with an owner each, and who does "
            "what on our side. It is reviewed at least every quarter."
        ),
        "steps": [
            gettext_lazy(
                "Fill in the customer's goals for the next 1–3 years in the profile: the plan's "
                "opportunities are linked to them."
            ),
            gettext_lazy("Record a few years of financial history, so financial goals have a baseline."),
        ],
        "links": [
            (_("Open the profile"), reverse("accounts:customer-profile", args=[customer.pk])),
            (_("Open the financials"), reverse("accounts:customer-financials", args=[customer.pk])),
        ],
    }
    return render(
        request, "accounts/customer_tab_empty.html", customer_frame(request, customer, "plan", empty=empty)
    )


@require_GET
def customer_whitespace_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    empty = {
        "title": gettext_lazy("White space"),
        "what": gettext_lazy(
            "Our offerings on one axis and the customer's units, countries and locations on the other. Each "
            "cell shows whether they buy from us, from a competitor or not at all, with current revenue and "
            "estimated potential. The empty cells are the potential."
        ),
        "steps": [
            gettext_lazy(
                "List the customer's business units, countries and locations on the overview: they "
                "become the matrix's columns."
            ),
        ],
        "links": [(_("Open the overview"), reverse("accounts:customer-detail", args=[customer.pk]))],
    }
    return render(
        request,
        "accounts/customer_tab_empty.html",
        customer_frame(request, customer, "whitespace", empty=empty),
    )
