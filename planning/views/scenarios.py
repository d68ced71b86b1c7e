"""What-if scenarios from the risk page become risks and mitigation actions in the plans."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from planning import services
from planning.views.common import (
    EDIT,
)
from risk import selectors as risk_selectors


# --- What-if scenarios become risks and mitigation actions ----------------------------------------
@require_POST
def scenario_apply_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """The risk page's "create risks and plan actions": scenarios are private to whoever saved them."""
    scenario = risk_selectors.scenarios_for(request.user).filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario")
    ids = [change.get("customer") for change in scenario.changes]
    candidates = access.visible_customers(request.user).filter(pk__in=ids).select_related("owner")
    customers = [c for c in candidates if access.can(request.user, EDIT, c)]
    result = services.scenario_apply(scenario=scenario, by=request.user, customers=customers)
    messages.success(
        request,
        _("%(risks)s risks are in the register and %(actions)s new mitigation actions in the active plans.")
        % {"risks": result.risks, "actions": result.actions},
    )
    if result.without_plan:
        names = ", ".join(str(c) for c in result.without_plan)
        messages.warning(
            request, _("No active plan to add a mitigation action to: %(names)s.") % {"names": names}
        )
    skipped = len(set(ids)) - len(customers)
    if skipped:
        messages.warning(
            request,
            _("%(count)s customers were left out: you may not edit their plans.") % {"count": skipped},
        )
    return redirect(reverse("risk:whatif") + f"?scenario={scenario.pk}#saved")
