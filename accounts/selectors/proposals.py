"""Reads for status proposals: the leaders' list and what a customer's Selection tab shows."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import access
from accounts.models import Customer, StatusProposal, User
from accounts.selectors.selection import KeyLoad, _key_counts

DECIDED_SHOWN = 30
ON_CUSTOMER_SHOWN = 5


@dataclass
class ProposalRow:
    proposal: StatusProposal
    load: KeyLoad | None  # the key-account counts if it were confirmed (key proposals only)


@dataclass
class ProposalBoard:
    open: list[ProposalRow]
    decided: list[StatusProposal]


def proposal_board(user: User) -> ProposalBoard:
    """Open proposals on customers the user may decide, oldest first, with the ceilings they would
    meet; and the latest decided ones. A constant number of queries whatever the count."""
    mine = StatusProposal.objects.filter(customer__in=access.decidable_customers(user)).select_related(
        "customer", "customer__owner", "proposed_by", "decided_by"
    )
    waiting = list(mine.filter(state=StatusProposal.State.OPEN).order_by("proposed_at", "pk"))
    counts = _key_counts(list({p.customer.owner_id for p in waiting}))
    total = Customer.objects.key_accounts().count() if waiting else 0
    rows = [ProposalRow(p, _load(p, counts, total)) for p in waiting]
    decided = mine.exclude(state=StatusProposal.State.OPEN).order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    return ProposalBoard(open=rows, decided=list(decided))


def _load(proposal: StatusProposal, counts: dict[int, int], total: int) -> KeyLoad | None:
    customer = proposal.customer
    if proposal.status != Customer.Status.KEY or customer.status == Customer.Status.KEY:
        return None
    return KeyLoad(
        owner_name=str(customer.owner), kam_count=counts.get(customer.owner_id, 0) + 1, total_count=total + 1
    )


def customer_proposals(customer: Customer) -> list[StatusProposal]:
    """The customer's latest proposals, for its account team to see what became of them."""
    proposals = customer.status_proposals.select_related("proposed_by", "decided_by")
    return list(proposals.exclude(state=StatusProposal.State.REPLACED)[:ON_CUSTOMER_SHOWN])
