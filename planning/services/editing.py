"""What every edit shares: the stale-version check, the account-team check, and linked items
belonging to the same plan and customer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccountMember, Customer, User
from accounts.services import member_add
from planning.models import AccountPlan


class EditConflict(Exception):
    """Someone saved the item after the editor loaded it; nothing was written. `current` is the
    item as it is now, so the editor can see both versions."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


class OwnerNotOnTeam(ValidationError):
    """The chosen person is not on the customer's account team; nothing was written."""

    def __init__(self, person: User, customer: Customer, field_name: str = "owner") -> None:
        super().__init__(
            {
                field_name: _("%(person)s is not on the account team of %(customer)s.")
                % {"person": person, "customer": customer}
            }
        )
        self.person = person
        self.customer = customer


def check_fields(fields: Iterable[str], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not settable here: {', '.join(sorted(unknown))}")


def editable(plan: AccountPlan) -> None:
    if plan.is_archived:
        raise ValidationError(_("This plan is archived and can no longer be changed."))


def versioned_update(obj: models.Model, version: int, changes: dict[str, Any]) -> tuple[Any, list[str]]:
    """Apply the changes only if nobody saved the row since `version` was read; bump the version.

    The write itself is a compare-and-swap (UPDATE … WHERE version = read version), so two saves that
    race each other cannot both win, whatever the database's locking. Returns the saved row and the
    names of the fields that really changed. Raises EditConflict with the row as it is now when
    `version` is stale (with None when the row has been deleted), ValidationError on a bad value.
    """
    model = type(obj)
    current = model.objects.select_for_update().filter(pk=obj.pk).first()
    if current is None or current.version != version:
        raise EditConflict(current)
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    if not changed:
        return current, []
    for name in changed:
        setattr(current, name, changes[name])
    current.full_clean()
    values = {name: getattr(current, name) for name in changed}
    if any(f.name == "updated_at" for f in model._meta.fields):
        current.updated_at = values["updated_at"] = timezone.now()
    if not model.objects.filter(pk=obj.pk, version=version).update(**values, version=version + 1):
        raise EditConflict(model.objects.filter(pk=obj.pk).first())
    current.version = version + 1
    return current, changed


def on_account_team(customer: Customer, person: User) -> bool:
    return (
        person.pk == customer.owner_id
        or AccountMember.objects.filter(customer=customer, user=person).exists()
    )


def ensure_on_team(customer: Customer, person: User, by: User, add: bool, field_name: str = "owner") -> None:
    """Refuse someone outside the account team, or put them on it as a contributor when `add` is set
    (the caller has checked that `by` may manage the team)."""
    if on_account_team(customer, person):
        return
    if not add:
        raise OwnerNotOnTeam(person, customer, field_name)
    member_add(customer=customer, user=person, role=AccountMember.Role.CONTRIBUTOR, by=by)


def same_customer(plan: AccountPlan, values: dict[str, Any]) -> None:
    """Linked goals, opportunities, units and risks must belong to this plan and its customer."""
    errors = {}
    for name in ("goal", "opportunity"):
        linked = values.get(name)
        if linked is not None and linked.plan_id != plan.pk:
            errors[name] = _("Choose one from this plan.")
    for name in ("unit", "risk"):
        linked = values.get(name)
        if linked is not None and linked.customer_id != plan.customer_id:
            errors[name] = _("Choose one of this customer's.")
    if errors:
        raise ValidationError(errors)
