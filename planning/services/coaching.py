"""Recording a coaching conversation; its agreed actions become the KAM's plan actions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Customer, User
from planning.models import AccountPlan, CoachingConversation
from planning.services.plans import action_create

MAX_ACCOUNTS = 2


def current_plan(customer: Customer) -> AccountPlan | None:
    """The active plan, else the latest draft."""
    plans = AccountPlan.objects.filter(customer=customer).current()
    return plans.first()


def coaching_record(
    *,
    leader: User,
    kam: User,
    held_on: datetime.date,
    notes: str,
    customers: Sequence[Customer],
    actions: Sequence[tuple[str, datetime.date, Customer]],
) -> CoachingConversation:
    """Store the conversation and add each agreed action (title, due, customer) to that customer's
    current plan, owned by the KAM. All or nothing: ValidationError if an account is not the KAM's,
    there are more than two, or an action's account has no current plan."""
    if not customers or len(customers) > MAX_ACCOUNTS:
        raise ValidationError(_("Choose one or two of the KAM's accounts."))
    if any(c.owner_id != kam.pk for c in customers):
        raise ValidationError(_("Every account talked about must be one the KAM owns."))
    chosen = {c.pk for c in customers}
    with transaction.atomic():
        conversation = CoachingConversation(leader=leader, kam=kam, held_on=held_on, notes=notes)
        conversation.full_clean()
        conversation.save()
        conversation.customers.set(customers)
        for title, due, customer in actions:
            if customer.pk not in chosen:
                raise ValidationError(_("An agreed action must belong to one of the accounts talked about."))
            plan = current_plan(customer)
            if plan is None:
                raise ValidationError(
                    _(
                        "%(customer)s has no current account plan for the action “%(action)s”: create the plan first."
                    )
                    % {"customer": customer, "action": title}
                )
            conversation.actions.add(action_create(plan=plan, by=leader, title=title, due=due, owner=kam))
    return conversation
