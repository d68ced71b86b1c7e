"""Rows for account plans, their items, reviews, white space, the offering catalogue and scenarios.

The plan tab and the white-space tab themselves have their rows with the other customer tabs.
"""

import datetime

from accounts.models import CustomerUnit
from planning.models import AccountPlan, Action, Goal, Offering, Opportunity, Responsibility
from risk.models import WhatIfScenario
from tests.matrix import ALL_200, ALL_405, FOREIGN_VIEW, OWN_VIEW, Row, codes, customer_kwargs

OWN_EDIT_GET = codes("302 404 403 200 200 403 404 200")
FOREIGN_EDIT_GET = codes("302 404 404 404 404 404 403 200")
OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")
CATALOGUE_GET = codes("302 403 403 403 403 200 200 200")
CATALOGUE_POST = codes("302 403 403 403 403 302 302 302")
OWN_SCENARIO = codes("302 404 404 404 302 404 404 404")


def plan_of(target) -> AccountPlan:
    """The customer's active plan (the demo data has one already), or a 2030 plan made for the row."""
    active = AccountPlan.objects.filter(customer=target, status="active").order_by("pk").first()
    if active is not None:
        return active
    plan, _ = AccountPlan.objects.get_or_create(
        customer=target,
        period=2030,
        defaults={"status": "active", "next_review_due": datetime.date(2030, 3, 1)},
    )
    return plan


def plan_kwargs(cast, target):
    return {"plan_id": plan_of(target).pk}


def goal_kwargs(cast, target):
    goal = Goal.objects.create(plan=plan_of(target), kind="strategic", title="Sole supplier")
    return {"goal_id": goal.pk}


def opportunity_kwargs(cast, target):
    item = Opportunity.objects.create(plan=plan_of(target), name="Pilot", value=1000, probability=50)
    return {"opportunity_id": item.pk}


def action_kwargs(cast, target):
    item = Action.objects.create(
        plan=plan_of(target), title="Book the QBR", owner=target.owner, due=datetime.date(2030, 2, 1)
    )
    return {"action_id": item.pk}


def responsibility_kwargs(cast, target):
    item = Responsibility.objects.create(plan=plan_of(target), person=target.owner, area="QBRs")
    return {"responsibility_id": item.pk}


def cell_kwargs(cast, target):
    group, _ = Offering.objects.get_or_create(name="Field service", parent=None)
    offering, _ = Offering.objects.get_or_create(name="Maintenance", parent=group)
    unit, _ = CustomerUnit.objects.get_or_create(customer=target, kind="unit", name="Production")
    plan_of(target)
    return {"customer_id": target.pk, "offering_id": offering.pk, "unit_id": unit.pk}


def row_kwargs(cast, target):
    kwargs = cell_kwargs(cast, target)
    return {"customer_id": target.pk, "offering_id": kwargs["offering_id"]}


def offering_kwargs(cast, target):
    return {"offering_id": Offering.objects.get_or_create(name="Consulting", parent=None)[0].pk}


def scenario_kwargs(cast, target):
    scenario = WhatIfScenario.objects.create(
        name="Loses half",
        created_by=cast.owner,
        changes=[{"customer": target.pk, "kind": "halve", "percent": -50}],
    )
    return {"scenario_id": scenario.pk}


def _view(kwargs, **overrides) -> Row:
    return Row(kwargs=kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405, **overrides)


def _form(kwargs, data) -> Row:
    """A GET form page that saves by POST (302 back to the plan) for those who may edit."""
    return Row(
        kwargs=kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=data,
    )


def _post(kwargs, data=lambda cast, target: {}) -> Row:
    return Row(
        kwargs=kwargs, post=OWN_EDIT_POST, foreign_get=ALL_405, foreign_post=FOREIGN_EDIT_POST, data=data
    )


def _goal_data(cast, target):
    return {"kind": "strategic", "title": "Joint project", "progress_entered": 20, "version": 1}


def _opportunity_data(cast, target):
    return {"name": "Pilot", "value": "1000", "probability": "40", "stage": "idea", "version": 1}


def _action_data(cast, target):
    return {"title": "Call", "owner": target.owner.pk, "due": "2030-03-01", "status": "open", "version": 1}


def _review_data(cast, target):
    return {"business": "Growing", "living_up": "Mostly"}


def _cell_data(cast, target):
    return {"status": "open", "current_revenue": "0", "potential": "1000", "confidence": 2, "version": 0}


ROWS: dict[str, Row] = {
    "planning:plan-create": _form(customer_kwargs, lambda cast, target: {"period": 2031}),
    "planning:plan-detail": _view(plan_kwargs),
    "planning:plan-edit": _form(
        plan_kwargs, lambda cast, target: {"summary": "New", "status": "active", "version": 1}
    ),
    "planning:plan-export": _view(plan_kwargs),
    "planning:plan-rollover": _form(plan_kwargs, lambda cast, target: {"period": 2031}),
    "planning:review-create": _form(plan_kwargs, _review_data),
    "planning:plan-changes": _view(plan_kwargs),
    "planning:goal-create": _form(plan_kwargs, _goal_data),
    "planning:goal-edit": _form(goal_kwargs, _goal_data),
    "planning:goal-delete": _post(goal_kwargs),
    "planning:opportunity-create": _form(plan_kwargs, _opportunity_data),
    "planning:opportunity-edit": _form(opportunity_kwargs, _opportunity_data),
    "planning:opportunity-delete": _post(opportunity_kwargs),
    "planning:action-create": _form(plan_kwargs, _action_data),
    "planning:action-edit": _form(action_kwargs, _action_data),
    "planning:action-complete": _post(action_kwargs),
    "planning:action-delete": _post(action_kwargs),
    "planning:my-actions": Row(get=ALL_200),
    "planning:responsibility-create": _form(
        plan_kwargs, lambda cast, target: {"person": target.owner.pk, "area": "Invoicing"}
    ),
    "planning:responsibility-delete": _post(responsibility_kwargs),
    "planning:whitespace-export": _view(customer_kwargs),
    "planning:whitespace-cell": _form(cell_kwargs, _cell_data),
    "planning:whitespace-row-share": _post(row_kwargs, lambda cast, target: {"shared": "1"}),
    "planning:cell-to-opportunity": _post(cell_kwargs),
    "planning:offering-list": Row(get=CATALOGUE_GET),
    "planning:offering-create": Row(
        get=CATALOGUE_GET, post=CATALOGUE_POST, data=lambda cast, target: {"name": "Training", "order": 0}
    ),
    "planning:offering-edit": Row(
        kwargs=offering_kwargs,
        get=CATALOGUE_GET,
        post=CATALOGUE_POST,
        data=lambda cast, target: {"name": "Consulting", "order": 1, "active": "on", "version": 1},
    ),
    "planning:scenario-apply": Row(
        kwargs=scenario_kwargs,
        post=OWN_SCENARIO,
        foreign_get=ALL_405,
        foreign_post=OWN_SCENARIO,
    ),
}
