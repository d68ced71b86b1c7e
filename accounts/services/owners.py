"""Who owns an account: setting a customer's owner and team, and handing a leaving KAM's accounts,
open actions and steps to someone else in one step.

The owner is always an active member of the customer's team. Every change is on the customer's
timeline, and the new owner is told (`accounts.notify`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import AccountMember, Customer, NextStep, Team, User
from accounts.notify import notify_owner_changed
from accounts.services import event_record
from accounts.versioning import bump, versioned_update


@dataclass(frozen=True)
class Mover:
    """What a higher app moves when a person hands over (open actions, open risks…)."""

    code: str
    move: Callable[[list[int], User, User], int]  # (customer ids, leaving, to) → how many moved
    count: Callable[[list[int], User], int]  # (customer ids, leaving) → how many would move
    label: Callable[[int], str]  # "3 open actions", in the reader's language


_MOVERS: list[Mover] = []


def register_hand_over_mover(mover: Mover) -> None:
    _MOVERS.append(mover)


def hand_over_preview(leaving: User, customer_ids: list[int]) -> list[str]:
    """What a hand-over would move besides the accounts, in words ("4 open actions")."""
    counts = [(mover, mover.count(customer_ids, leaving)) for mover in _MOVERS]
    return [mover.label(n) for mover, n in counts if n]


def moved_labels(result: HandOver) -> list[str]:
    return [mover.label(result.moved[mover.code]) for mover in _MOVERS if result.moved.get(mover.code)]


def owner_candidates(teams: Iterable[Team] | QuerySet[Team]) -> QuerySet[User]:
    """People who may own an account of these teams: their active members."""
    return User.objects.filter(teams__in=teams, is_active=True).distinct().order_by("full_name")


def check_owner(owner: User, team: Team | None) -> None:
    """Raise ValidationError unless `owner` is an active member of `team`."""
    if team is None:
        raise ValidationError({"team": _("Choose the team that holds the account.")})
    if not owner.is_active or not team.members.filter(pk=owner.pk).exists():
        raise ValidationError(
            {
                "owner": _("%(person)s is not an active member of %(team)s. Choose someone in the team.")
                % {"person": owner, "team": team}
            }
        )


def customer_owner_set(
    *, customer: Customer, owner: User, team: Team | None, by: User, version: int
) -> Customer:
    """Give the customer to `owner` in `team`. The previous owner stays on the account team as a
    contributor. Raises ValidationError (owner not an active member of the team) or EditConflict
    (someone saved the customer since `version`); nothing is written in either case."""
    check_owner(owner, team)
    with transaction.atomic():
        before = Customer.objects.select_related("owner", "team").get(pk=customer.pk)
        current, changed = versioned_update(customer, version, {"owner": owner, "team": team})
        if "team" in changed:
            event_record(
                customer=current,
                kind="team.changed",
                by=by,
                old_team=str(before.team or "–"),
                new_team=str(team),
            )
        if "owner" in changed:
            _take_over(current, before.owner, owner, by, keep_old=True)
            notify_owner_changed(owner=owner, customers=[current], by=by)
    return current


def _take_over(customer: Customer, old: User, new: User, by: User, *, keep_old: bool) -> None:
    """The new owner leaves the account team's member list (the owner is always on it); the old one
    stays as a contributor, or leaves (a hand-over when they leave the company)."""
    AccountMember.objects.filter(customer=customer, user=new).delete()
    if keep_old and old.is_active:
        AccountMember.objects.get_or_create(
            customer=customer, user=old, defaults={"role": AccountMember.Role.CONTRIBUTOR}
        )
    event_record(customer=customer, kind="owner.changed", by=by, old=str(old), new=str(new))


@dataclass
class HandOver:
    """What a hand-over moved."""

    accounts: list[Customer] = field(default_factory=list)
    memberships: int = 0
    steps: int = 0
    moved: dict[str, int] = field(default_factory=dict)  # a mover's code → how many


def hand_over_scope(leaving: User, customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers of `customers` where `leaving` is the owner or on the account team."""
    return customers.filter(Q(owner=leaving) | Q(members__user=leaving)).distinct()


def kam_hand_over(*, leaving: User, to: User, customers: QuerySet[Customer], by: User) -> HandOver:
    """In one transaction: `to` becomes the owner of every account `leaving` owns among `customers`,
    takes their place on the account teams they are on, and takes over their open next steps and
    whatever the apps registered (open plan actions, open risks). `leaving` leaves those teams.

    Raises ValidationError (nothing written) when `to` is `leaving`, inactive, or not an active
    member of the team of an account they would own.
    """
    if to.pk == leaving.pk:
        raise ValidationError({"to": _("Choose someone other than the person who is leaving.")})
    if not to.is_active:
        raise ValidationError({"to": _("%(person)s can no longer log in.") % {"person": to}})
    result = HandOver()
    with transaction.atomic():
        # Locked by id: PostgreSQL refuses FOR UPDATE on the DISTINCT the scope needs.
        scope = list(
            Customer.objects.filter(pk__in=hand_over_scope(leaving, customers).values("pk"))
            .select_for_update(of=("self",))
            .select_related("team", "owner")
            .order_by("pk")
        )
        owned = [c for c in scope if c.owner_id == leaving.pk]
        outside = [c.name for c in owned if c.team is None or not c.team.members.filter(pk=to.pk).exists()]
        if outside:
            raise ValidationError(
                {
                    "to": _("%(person)s is not a member of the team of: %(customers)s.")
                    % {"person": to, "customers": ", ".join(sorted(outside))}
                }
            )
        ids = [c.pk for c in scope]
        for customer in owned:
            Customer.objects.filter(pk=customer.pk).update(owner=to, version=bump())
            _take_over(customer, leaving, to, by, keep_old=False)
        result.accounts = owned
        result.memberships = _swap_memberships(scope, owned, leaving, to, by)
        result.steps = NextStep.objects.filter(
            customer_id__in=ids, assignee=leaving, status=NextStep.Status.OPEN
        ).update(assignee=to)
        for mover in _MOVERS:
            result.moved[mover.code] = mover.move(ids, leaving, to)
        notify_owner_changed(owner=to, customers=owned, by=by)
    return result


def _swap_memberships(scope: list[Customer], owned: list[Customer], leaving: User, to: User, by: User) -> int:
    """On accounts `leaving` did not own, `to` takes their seat on the account team with their role."""
    owned_ids = {c.pk for c in owned}
    swapped = 0
    for member in AccountMember.objects.filter(customer__in=scope, user=leaving).select_related("customer"):
        customer = member.customer
        if customer.pk not in owned_ids and customer.owner_id != to.pk:
            AccountMember.objects.get_or_create(customer=customer, user=to, defaults={"role": member.role})
            event_record(customer=customer, kind="member.added", by=by, person=str(to), role=member.role)
        member.delete()
        event_record(customer=customer, kind="member.removed", by=by, person=str(leaving))
        swapped += 1
    return swapped
