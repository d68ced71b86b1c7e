"""What every plan edit shares: the stale-version check (`accounts.versioning`), the account-team
check, and linked items belonging to the same plan and customer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import AccountMember, Customer, User
from accounts.services import member_add
from accounts.versioning import EditConflict, versioned_update  # noqa: F401 - the plan services use them from here
from planning.models import AccountPlan


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
    for name in ("unit", "risk", "assignee"):
        linked = values.get(name)
        if linked is not None and linked.customer_id != plan.customer_id:
            errors[name] = _("Choose one of this customer's.")
    if errors:
        raise ValidationError(errors)
