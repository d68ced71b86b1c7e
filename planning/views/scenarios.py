"""What-if scenarios from the risk page become risks and mitigation actions in the plans."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
    """The risk page's "create risks and plan actions": scenarios are private to whoever saved them.

    Where the user may write the plan, the mitigation becomes a plan action; where they may only
    record risks (a sales leader on their teams' accounts), it becomes a proposed step for the KAM.
    """
    scenario = risk_selectors.scenarios_for(request.user).filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario")
    ids = {change.get("customer") for change in scenario.changes}
    candidates = access.visible_customers(request.user).filter(pk__in=ids).select_related("owner")
    editable = [c for c in candidates if access.can(request.user, EDIT, c)]
    proposable = [c for c in candidates if c not in editable and access.can(request.user, "customer.risk", c)]
    result = services.scenario_apply(
        scenario=scenario, by=request.user, customers=editable, propose_for=proposable
    )
    for text in _outcome(result, editable):
        messages.success(request, text)
    if result.without_plan:
        names = ", ".join(str(c) for c in result.without_plan)
        messages.warning(
            request, _("No active plan to add a mitigation action to: %(names)s.") % {"names": names}
        )
    skipped = len(ids) - len(editable) - len(proposable)
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s customer was left out: you may not record risks there.",
                "%(count)s customers were left out: you may not record risks there.",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect(reverse("risk:whatif") + f"?scenario={scenario.pk}#saved")


def _outcome(result: services.ScenarioResult, editable: list) -> list[str]:
    """Exactly what was created, and what was sent to whom."""
    lines = [
        ngettext(
            "%(count)s risk from this scenario is in the register.",
            "%(count)s risks from this scenario are in the register.",
            result.risks,
        )
        % {"count": result.risks}
    ]
    if editable:
        lines.append(
            ngettext(
                "%(count)s new mitigation action in the active plans.",
                "%(count)s new mitigation actions in the active plans.",
                result.actions,
            )
            % {"count": result.actions}
        )
    for person, customers in sorted(result.proposed.items(), key=lambda item: item[0].full_name):
        lines.append(
            ngettext(
                "Sent %(count)s proposed mitigation step to %(person)s: %(customers)s.",
                "Sent %(count)s proposed mitigation steps to %(person)s: %(customers)s.",
                len(customers),
            )
            % {"count": len(customers), "person": person, "customers": ", ".join(c.name for c in customers)}
        )
    return lines
