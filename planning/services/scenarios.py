"""A saved what-if scenario becomes risk-register items and mitigation actions in the active plans."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Customer, User
from accounts.services import event_record
from planning.models import AccountPlan, Action
from planning.services.editing import on_account_team
from risk.models import WhatIfScenario
from risk.services import risk_items_from_scenario

MITIGATION_DAYS = 30


@dataclass
class ScenarioResult:
    risks: int = 0
    actions: int = 0
    without_plan: list[Customer] = field(default_factory=list)


def scenario_apply(
    *, scenario: WhatIfScenario, by: User, customers: Iterable[Customer], today: datetime.date | None = None
) -> ScenarioResult:
    """In one step, turn a saved what-if scenario into risk-register items and a mitigation action on
    each affected customer's active plan.

    `customers` are those the caller has checked `by` may edit; the others are left alone. Applying
    twice adds nothing new: the risk register keeps one risk per scenario and customer, and a plan
    gets one mitigation action per risk.
    """
    today = today or timezone.localdate()
    result = ScenarioResult()
    with transaction.atomic():
        risks = risk_items_from_scenario(scenario=scenario, by=by, customers=list(customers))
        plans = {
            p.customer_id: p
            for p in AccountPlan.objects.active().filter(customer__in={r.customer_id for r in risks})
        }
        mitigated = set(
            Action.objects.filter(risk__in=risks, plan__in=plans.values()).values_list("risk_id", flat=True)
        )
        for risk in risks:
            result.risks += 1
            plan = plans.get(risk.customer_id)
            if plan is None:
                result.without_plan.append(risk.customer)
                continue
            if risk.pk in mitigated:
                continue
            _mitigation_action(plan, risk, by, today)
            result.actions += 1
            event_record(customer=plan.customer, kind="scenario.applied", by=by, scenario=scenario.name)
    return result


def _mitigation_action(plan: AccountPlan, risk, by: User, today: datetime.date) -> Action:
    owner = (
        risk.owner
        if risk.owner is not None and on_account_team(plan.customer, risk.owner)
        else plan.customer.owner
    )
    action = Action(
        plan=plan,
        title=(_("Mitigate: %(risk)s") % {"risk": risk.title})[:200],
        owner=owner,
        due=risk.due or today + datetime.timedelta(days=MITIGATION_DAYS),
        risk=risk,
        note=risk.mitigation,
    )
    action.full_clean()
    action.save()
    return action
