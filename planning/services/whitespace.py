"""Writes for the white-space matrix and the offering catalogue."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Customer, CustomerUnit, User
from accounts.services import event_record
from planning.models import AccountPlan, Offering, Opportunity, WhiteSpaceCell, WhiteSpaceRow
from planning.services.editing import EditConflict, check_fields, versioned_update
from planning.services.plans import opportunity_create

CELL_FIELDS = ("status", "current_revenue", "potential", "competitor", "confidence", "note")
OFFERING_FIELDS = ("name", "parent", "description", "order", "active")


# --- White space ---------------------------------------------------------------------------------
def cell_save(
    *, customer: Customer, offering: Offering, unit: CustomerUnit, by: User, version: int, **fields: Any
) -> WhiteSpaceCell:
    """Fill in or change one white-space cell. `version` is 0 for a cell nobody has filled in yet.

    Raises EditConflict when someone saved the cell since it was read, ValidationError on a negative
    amount or a unit of another customer (nothing written either way).
    """
    check_fields(fields, CELL_FIELDS)
    if unit.customer_id != customer.pk:
        raise ValidationError({"unit": _("Choose one of this customer's units.")})
    if offering.children.exists():
        raise ValidationError(
            _("%(offering)s is a group: fill in the offerings under it.") % {"offering": offering}
        )
    try:
        with transaction.atomic():
            existing = (
                WhiteSpaceCell.objects.select_for_update(of=("self",))
                .filter(offering=offering, unit=unit)
                .first()
            )
            if existing is None and version:
                raise EditConflict(None)
            if existing is None:
                cell = WhiteSpaceCell(
                    customer=customer, offering=offering, unit=unit, updated_by=by, **fields
                )
                cell.full_clean()
                cell.save()
                changed = list(fields)
            else:
                cell, changed = versioned_update(existing, version, fields | {"updated_by": by})
            if changed:
                event_record(
                    customer=customer,
                    kind="whitespace.changed",
                    by=by,
                    offering=offering.name,
                    unit=unit.name,
                )
    except IntegrityError as error:  # a colleague filled in the same cell a moment ago
        raise EditConflict(WhiteSpaceCell.objects.filter(offering=offering, unit=unit).first()) from error
    return cell


def whitespace_row_share(*, customer: Customer, offering: Offering, by: User, shared: bool) -> WhiteSpaceRow:
    """Mark a matrix row as shared with the customer or internal (the default)."""
    with transaction.atomic():
        row, _created = WhiteSpaceRow.objects.select_for_update(of=("self",)).get_or_create(
            customer=customer, offering=offering
        )
        if row.shared != shared:
            row.shared = shared
            row.version += 1
            row.save(update_fields=["shared", "version"])
            kind = "whitespace.row_shared" if shared else "whitespace.row_internal"
            event_record(customer=customer, kind=kind, by=by, offering=offering.name)
    return row


def cell_to_opportunity(
    *, customer: Customer, offering: Offering, unit: CustomerUnit, by: User
) -> Opportunity:
    """Turn an open white-space cell into an opportunity on the customer's current plan, in one step.

    The opportunity takes the cell's potential as its value; the cell moves to "in progress".
    Raises ValidationError (nothing written) when the customer has no plan to put it in, or the cell
    is not open (buying from us, not relevant, or already in progress).
    """
    plan = AccountPlan.objects.filter(customer=customer).current().first()
    if plan is None:
        raise ValidationError(_("Start an account plan first: the opportunity goes into it."))
    with transaction.atomic():
        cell = (
            WhiteSpaceCell.objects.select_for_update(of=("self",))
            .filter(offering=offering, unit=unit)
            .first()
        )
        if cell is None:
            cell = cell_save(customer=customer, offering=offering, unit=unit, by=by, version=0)
        if cell.status not in {WhiteSpaceCell.Status.OPEN, WhiteSpaceCell.Status.COMPETITOR}:
            raise ValidationError(
                _(
                    "Only an open cell, or one a competitor holds, becomes an opportunity; this one is “%(status)s”."
                )
                % {"status": cell.get_status_display()}
            )
        opportunity = opportunity_create(
            plan=plan,
            by=by,
            cell=cell,
            name=f"{offering.name} · {unit.name}"[:200],
            offering=offering,
            unit=unit,
            value=cell.potential,
            probability=20,
            stage=Opportunity.Stage.IDEA,
        )
        cell_save(
            customer=customer,
            offering=offering,
            unit=unit,
            by=by,
            version=cell.version,
            status=WhiteSpaceCell.Status.IN_PROGRESS,
        )
    return opportunity


# --- The offering catalogue ----------------------------------------------------------------------
def offering_create(*, by: User, **fields: Any) -> Offering:
    """Add an offering or a group. Raises ValidationError for a third level or a duplicate name."""
    check_fields(fields, OFFERING_FIELDS)
    offering = Offering(**fields)
    offering.full_clean()
    offering.save()
    return offering


def offering_update(*, offering: Offering, by: User, version: int, **changes: Any) -> Offering:
    """Change an offering if nobody saved it since `version`. Raises EditConflict or ValidationError."""
    check_fields(changes, OFFERING_FIELDS)
    with transaction.atomic():
        current, _changed = versioned_update(offering, version, changes)
    return current
