"""Rows for the risk app: the customer's Risk tab and its forms, the portfolio page and the simulator."""

import datetime

from risk.models import CompetitorPresence, Contract, RiskItem, WhatIfScenario
from tests.matrix import ALL_200, ALL_405, FOREIGN_VIEW, OWN_VIEW, Row, codes, customer_kwargs

OWN_EDIT_GET = codes("302 404 403 200 200 403 404 200")
FOREIGN_EDIT_GET = codes("302 404 404 404 404 404 403 200")
OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")
ALL_302 = codes("302 302 302 302 302 302 302 302")
AUTHOR_ONLY = codes("302 404 404 404 302 404 404 404")

CONTRACT = {
    "title": "Framework agreement",
    "start": "2025-01-01",
    "expiry": "2028-01-01",
    "notice_amount": "6",
    "notice_unit": "months",
    "value": "",
    "renewal_terms": "",
}
COMPETITOR = {"name": "Fjordtech", "unit": "", "strength": "2", "share_estimate": "20", "note": ""}
RISK = {
    "title": "Champion may leave",
    "category": "people",
    "likelihood": "3",
    "impact": "4",
    "description": "",
    "mitigation": "",
    "owner": "",
    "due": "",
    "status": "open",
}


def _contract(cast, target):
    contract = Contract.objects.create(
        customer=target, title="Supply", start=datetime.date(2025, 1, 1), expiry=datetime.date(2027, 1, 1)
    )
    return {"contract_id": contract.pk}


def _competitor(cast, target):
    return {"competitor_id": CompetitorPresence.objects.create(customer=target, name="Vesta Group").pk}


def _risk(cast, target):
    return {"risk_id": RiskItem.objects.create(customer=target, title="Budget freeze").pk}


def _risk_data(cast, target):
    return {**RISK, "version": str(RiskItem.objects.filter(customer=target).order_by("-pk").first().version)}


def _scenario(cast, target):
    scenario = WhatIfScenario.objects.create(
        name="Largest lost",
        created_by=cast.owner,
        changes=[{"customer": cast.customer.pk, "kind": "lose", "percent": -100}],
    )
    return {"scenario_id": scenario.pk}


def _form(kwargs, data) -> Row:
    return Row(
        kwargs=kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=data,
    )


def _post_only(kwargs, data=lambda cast, target: {}) -> Row:
    return Row(
        kwargs=kwargs, post=OWN_EDIT_POST, foreign_get=ALL_405, foreign_post=FOREIGN_EDIT_POST, data=data
    )


ROWS: dict[str, Row] = {
    "risk:customer-risk": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "risk:contract-add": _form(customer_kwargs, lambda cast, target: CONTRACT),
    "risk:contract-edit": _form(_contract, lambda cast, target: CONTRACT | {"version": "1"}),
    "risk:contract-delete": _post_only(_contract),
    "risk:competitor-add": _form(customer_kwargs, lambda cast, target: COMPETITOR),
    "risk:competitor-edit": _form(_competitor, lambda cast, target: COMPETITOR | {"version": "1"}),
    "risk:competitor-delete": _post_only(_competitor),
    "risk:risk-add": _form(customer_kwargs, lambda cast, target: RISK),
    "risk:risk-edit": _form(_risk, _risk_data),
    "risk:review-add": _post_only(
        customer_kwargs, lambda cast, target: {"summary": "All calm", "reviewed_at": "2026-01-15"}
    ),
    "risk:portfolio": Row(get=ALL_200),
    "risk:whatif": Row(get=ALL_200),
    # Saving always answers with a redirect: a scenario without customers in view is refused with a message.
    "risk:scenario-save": Row(
        post=ALL_302, data=lambda cast, target: {"name": "Lost", "kind": "lose", "customers": str(target.pk)}
    ),
    "risk:scenario-delete": Row(kwargs=_scenario, post=AUTHOR_ONLY),
    "risk:scenario-risks": Row(kwargs=_scenario, post=AUTHOR_ONLY),
}
