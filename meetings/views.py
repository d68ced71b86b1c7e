"""Meeting cadence for one customer. Until meetings are recorded, the tab explains the rhythm."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import access
from accounts.views.customers import customer_frame


@require_GET
def customer_meetings_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    empty = {
        "title": gettext_lazy("Meetings"),
        "what": gettext_lazy(
            "The rhythm of care for this account: operational meetings on deliveries and deviations, strategic "
            "meetings and QBRs on results and next steps, and relationship meetings. Notes record what happened "
            "and why it matters; decisions and next steps become actions."
        ),
        "steps": [
            gettext_lazy(
                "Make sure everyone who meets the customer is on the account team, so their notes land here."
            ),
        ],
        "links": [(_("Open the overview"), reverse("accounts:customer-detail", args=[customer.pk]))],
    }
    return render(
        request,
        "accounts/customer_tab_empty.html",
        customer_frame(request, customer, "meetings", empty=empty),
    )
