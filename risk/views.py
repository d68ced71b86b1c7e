"""Risk for one customer and for the portfolio. Until the register has entries, the tab explains it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import access
from accounts.views.customers import customer_frame


@require_GET
def customer_risk_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    empty = {
        "title": gettext_lazy("Risk"),
        "what": gettext_lazy(
            "How dependent we are on this customer and they on us, the strength of our relationships at each "
            "level, competitors present, contract terms and notice dates, and a register of risks with "
            "likelihood, impact, mitigation and an owner. Reviewed regularly, not only when something happens."
        ),
        "steps": [
            gettext_lazy(
                "Record our revenue and their estimated total spend per year in the financials: both "
                "sides of the dependency are computed from them."
            ),
        ],
        "links": [(_("Open the financials"), reverse("accounts:customer-financials", args=[customer.pk]))],
    }
    return render(
        request, "accounts/customer_tab_empty.html", customer_frame(request, customer, "risk", empty=empty)
    )
