"""A saved what-if scenario becomes risk-register items and mitigation actions in the active plans."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import generated
from accounts.models import Customer, NextStep, User
from accounts.notify import notify_step_proposed
from accounts.services import event_record
from accounts.services.stakeholders import next_step_store
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
    # account owner → the customers whose KAM got a proposed mitigation step
    proposed: dict[User, list[Customer]] = field(default_factory=dict)

    @property
    def proposals(self) -> int:
        return sum(len(customers) for customers in self.proposed.values())


PROPOSED_MITIGATION = generated.register_kind(
    "scenario.proposed_mitigation",
    gettext_lazy(
        "%(leader)s proposes a mitigation action: revenue from %(customer)s changes by %(percent)s %% in "
        "the what-if scenario “%(scenario)s”. Add an action to the plan, or dismiss this step."
    ),
)


def scenario_apply(
    *,
    scenario: WhatIfScenario,
    by: User,
    customers: Iterable[Customer],
    propose_for: Iterable[Customer] = (),
    today: datetime.date | None = None,
) -> ScenarioResult:
    """In one step, turn a saved what-if scenario into risk-register items and a mitigation action on
    each affected customer's active plan.

    `customers` are those the caller has checked `by` may edit; `propose_for` those where `by` may
    record risks but not write the plan (a sales leader on their teams' accounts): they get the risk
    and, instead of an action, a proposed next step for the account owner. Others are left alone.
    Applying twice adds nothing new: one risk per scenario and customer, one mitigation action per
    risk, one open proposal per risk.
    """
    today = today or timezone.localdate()
    result = ScenarioResult()
    proposals = {c.pk: c for c in propose_for}
    with transaction.atomic():
        for risk in risk_items_from_scenario(scenario=scenario, by=by, customers=list(proposals.values())):
            result.risks += 1
            if _propose(scenario, risk, by, today):
                result.proposed.setdefault(risk.customer.owner, []).append(risk.customer)
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


def _propose(scenario: WhatIfScenario, risk, by: User, today: datetime.date) -> bool:
    """A proposed mitigation step for the account owner; False when one is open for this risk already."""
    params = {"leader": str(by), "scenario": scenario.name, **(risk.title_params or {})}
    params.setdefault("customer", risk.customer.name)
    params.setdefault("percent", "")
    with translation.override(risk.customer.owner.language):
        text = generated.render(PROPOSED_MITIGATION, params)
    _step, created = next_step_store(
        customer=risk.customer,
        by=by,
        gap_key=f"scenario:{scenario.pk}:risk:{risk.pk}",
        kind=NextStep.Kind.MITIGATE,
        text=text,
        text_kind=PROPOSED_MITIGATION,
        text_params=params,
        assignee=risk.customer.owner,
        due_on=risk.due or today + datetime.timedelta(days=MITIGATION_DAYS),
    )
    if created:
        event_record(customer=risk.customer, kind="scenario.proposed", by=by, scenario=scenario.name)
        notify_step_proposed(step=_step, by=by)
    return created


def _mitigation_action(plan: AccountPlan, risk, by: User, today: datetime.date) -> Action:
    owner = (
        risk.owner
        if risk.owner is not None and on_account_team(plan.customer, risk.owner)
        else plan.customer.owner
    )
    with translation.override(plan.customer.owner.language):
        title = _("Mitigate: %(risk)s") % {"risk": risk.display_title}
    action = Action(
        plan=plan,
        title=title[:200],
        owner=owner,
        due=risk.due or today + datetime.timedelta(days=MITIGATION_DAYS),
        risk=risk,
        note=risk.mitigation,
    )
    action.full_clean()
    action.save()
    return action
