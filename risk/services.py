"""Every write in the risk app: keyword-only, atomic, and each records its timeline event.

Access is checked by the caller (a view through `accounts.access`, or a higher app's service);
these functions trust the customer they are given.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import generated
from accounts.models import Customer, CustomerUnit, User
from accounts.services import event_record
from accounts.versioning import EditConflict, versioned_update  # noqa: F401 - views catch it here
from risk.models import CompetitorPresence, Contract, RiskItem, RiskReview, WhatIfScenario
from risk.whatif import Change

SCENARIO_RISK = generated.register_kind(
    "risk.from_scenario", gettext_lazy("Revenue from %(customer)s changes by %(percent)s %%")
)

RISK_EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "likelihood",
    "impact",
    "mitigation",
    "owner",
    "due",
    "status",
)
CONTRACT_FIELDS = ("title", "start", "expiry", "notice_amount", "notice_unit", "renewal_terms", "value")
COMPETITOR_FIELDS = ("name", "unit", "strength", "share_estimate", "note")


def risk_item_create(
    *,
    customer: Customer,
    by: User | None,
    title: str,
    category: str = RiskItem.Category.OTHER,
    likelihood: int = 3,
    impact: int = 3,
    description: str = "",
    mitigation: str = "",
    owner: User | None = None,
    due: datetime.date | None = None,
    status: str = RiskItem.Status.OPEN,
    source: str = "",
    scenario: WhatIfScenario | None = None,
    title_kind: str = "",
    title_params: dict | None = None,
) -> RiskItem:
    """Add one risk to the customer's register and record "risk.created" on its timeline.

    Likelihood and impact are 1–5. Raises ValidationError (nothing written) on a bad value.
    Call it from another app's service when that service has checked the user may edit the customer.
    """
    with transaction.atomic():
        risk = RiskItem(
            customer=customer,
            title=title.strip(),
            category=category,
            likelihood=likelihood,
            impact=impact,
            description=description,
            mitigation=mitigation,
            owner=owner,
            due=due,
            status=status,
            source=source,
            scenario=scenario,
            created_by=by,
            title_kind=title_kind,
            title_params=title_params or {},
        )
        risk.full_clean()
        risk.save()
        event_record(customer=customer, kind="risk.created", by=by, risk=_title_value(risk), score=risk.score)
    return risk


def risk_item_update(*, risk: RiskItem, by: User, version: int, **changes: Any) -> RiskItem:
    """Change a risk if nobody saved it since `version` was read; bumps the version.

    Raises EditConflict (carrying the current row) when the version is stale or missing,
    ValidationError on a bad value; nothing is written in either case.
    """
    unknown = set(changes) - set(RISK_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        # Read before the locked compare-and-swap: if the row moves in between, the swap refuses.
        old_status = RiskItem.objects.filter(pk=risk.pk).values_list("status", flat=True).first()
        current, changed = versioned_update(risk, version, changes)
        if not changed:
            return current
        if "title" in changed and current.title_kind:  # a person's title replaces the generated one
            RiskItem.objects.filter(pk=current.pk).update(title_kind="", title_params={})
            current.title_kind, current.title_params = "", {}
        kind = (
            "risk.closed"
            if "status" in changed and current.status == RiskItem.Status.CLOSED
            else "risk.updated"
        )
        event_record(
            customer=current.customer,
            kind=kind,
            by=by,
            risk=_title_value(current),
            fields=changed,
            old=old_status,
        )
    return current


def contract_create(*, customer: Customer, by: User, **fields: Any) -> Contract:
    """Add a contract. Raises ValidationError (nothing written) e.g. when expiry is not after start."""
    _check_fields(fields, CONTRACT_FIELDS)
    with transaction.atomic():
        contract = Contract(customer=customer, **fields)
        contract.full_clean()
        contract.save()
        event_record(
            customer=customer,
            kind="contract.added",
            by=by,
            contract=contract.title,
            expiry=str(contract.expiry),
        )
    return contract


def contract_update(*, contract: Contract, by: User, version: int, **fields: Any) -> Contract:
    """Change a contract's terms if nobody saved them since `version`. Raises EditConflict or
    ValidationError (nothing written)."""
    _check_fields(fields, CONTRACT_FIELDS)
    with transaction.atomic():
        contract, changed = versioned_update(contract, version, fields)
        if changed:
            event_record(
                customer=contract.customer,
                kind="contract.updated",
                by=by,
                contract=contract.title,
                expiry=str(contract.expiry),
            )
    return contract


def contract_delete(*, contract: Contract, by: User) -> None:
    with transaction.atomic():
        event_record(customer=contract.customer, kind="contract.removed", by=by, contract=contract.title)
        contract.delete()


def competitor_add(*, customer: Customer, by: User, **fields: Any) -> CompetitorPresence:
    """Record a competitor at the customer. The unit, if given, must be one of the customer's."""
    _check_fields(fields, COMPETITOR_FIELDS)
    with transaction.atomic():
        presence = CompetitorPresence(customer=customer, **fields)
        _check_unit(customer, presence.unit)
        presence.full_clean()
        presence.save()
        event_record(customer=customer, kind="competitor.added", by=by, competitor=presence.name)
    return presence


def competitor_update(
    *, presence: CompetitorPresence, by: User, version: int, **fields: Any
) -> CompetitorPresence:
    """Change what we know of a competitor if nobody saved it since `version`. Raises EditConflict
    or ValidationError (nothing written)."""
    _check_fields(fields, COMPETITOR_FIELDS)
    with transaction.atomic():
        presence, changed = versioned_update(
            presence, version, fields, prepare=lambda row, _: _check_unit(row.customer, row.unit)
        )
        if changed:
            event_record(
                customer=presence.customer, kind="competitor.updated", by=by, competitor=presence.name
            )
    return presence


def competitor_remove(*, presence: CompetitorPresence, by: User) -> None:
    with transaction.atomic():
        event_record(customer=presence.customer, kind="competitor.removed", by=by, competitor=presence.name)
        presence.delete()


def risk_review_record(
    *,
    customer: Customer,
    by: User,
    summary: str,
    reviewed_at: datetime.date | None = None,
    next_review_due: datetime.date | None = None,
    interval_days: int = 90,
) -> RiskReview:
    """Record a dated risk review; the next one defaults to `interval_days` later."""
    reviewed_at = reviewed_at or timezone.localdate()
    next_review_due = next_review_due or reviewed_at + datetime.timedelta(days=interval_days)
    with transaction.atomic():
        review = RiskReview(
            customer=customer,
            reviewed_by=by,
            summary=summary.strip(),
            reviewed_at=reviewed_at,
            next_review_due=next_review_due,
        )
        review.full_clean()
        review.save()
        event_record(
            customer=customer, kind="risk_review.recorded", by=by, next_due=str(review.next_review_due)
        )
    return review


def scenario_save(*, name: str, by: User, year: int | None, changes: Iterable[Change]) -> WhatIfScenario:
    """Save a simulation for later. `changes` are already validated (see `risk.whatif.Change`)."""
    payload = [{"customer": c.customer_id, "kind": c.kind, "percent": c.percent} for c in changes]
    if not payload:
        raise ValidationError(_("Pick at least one customer before saving the scenario."))
    scenario = WhatIfScenario(name=name.strip(), year=year, changes=payload, created_by=by)
    scenario.full_clean()
    scenario.save()
    return scenario


def scenario_delete(*, scenario: WhatIfScenario) -> None:
    scenario.delete()


def risk_items_from_scenario(
    *, scenario: WhatIfScenario, by: User, customers: Iterable[Customer]
) -> list[RiskItem]:
    """Turn a saved what-if scenario into one "dependency" risk per affected customer.

    `customers` are the customers the caller has checked `by` may edit; changes for any other
    customer are skipped. Idempotent: a customer that already has a risk from this scenario keeps
    it (and it is returned), so applying twice creates nothing new. Returns the risks in the order
    of the scenario's changes. The planning app calls this before adding plan actions.
    """
    allowed = {customer.pk: customer for customer in customers}
    existing = {risk.customer_id: risk for risk in scenario.risks.filter(customer_id__in=allowed)}
    result = []
    with transaction.atomic():
        for change in scenario.changes:
            customer = allowed.get(change.get("customer"))
            if customer is None:
                continue
            risk = existing.get(customer.pk)
            if risk is None:
                risk = existing[customer.pk] = _risk_from_change(scenario, customer, change, by)
            result.append(risk)
    return result


def _risk_from_change(scenario: WhatIfScenario, customer: Customer, change: dict, by: User) -> RiskItem:
    percent = Decimal(str(change.get("percent", 0)))
    params = {"customer": customer.name, "percent": format(percent.normalize(), "f")}
    # Stored texts in the owner's language; the title is worded for each reader when shown.
    with translation.override(customer.owner.language):
        title = generated.render(SCENARIO_RISK, params)
        description = _("From the what-if scenario “%(name)s”.") % {"name": scenario.name}
        source = _("what-if scenario “%(name)s”") % {"name": scenario.name}
    return risk_item_create(
        customer=customer,
        by=by,
        title=title[:200],
        title_kind=SCENARIO_RISK,
        title_params=params,
        category=RiskItem.Category.DEPENDENCY,
        likelihood=3,
        impact=_impact_of(percent),
        description=description,
        owner=customer.owner,
        source=source[:300],
        scenario=scenario,
    )


def _title_value(risk: RiskItem) -> str | dict:
    """What the timeline keeps of a risk's title: the text, or the kind and values it is worded from."""
    if risk.title_kind:
        return {"text_kind": risk.title_kind, "params": risk.title_params, "text": risk.title}
    return risk.title


def _impact_of(percent: Decimal) -> int:
    """Impact 1–5 from how deep the simulated fall is (a loss is 5; growth is 1)."""
    drop = max(-percent, Decimal(0))
    return min(5, max(1, int(drop // 20) + 1))


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not settable here: {', '.join(sorted(unknown))}")


def _check_unit(customer: Customer, unit: CustomerUnit | None) -> None:
    if unit is not None and unit.customer_id != customer.pk:
        raise ValidationError({"unit": _("Choose one of this customer's units.")})
