"""Status proposals: an import may ask for a status only a selection decision sets (key, former,
or leaving them); a leader confirms the proposal as a real decision or refuses it with a message.

Each service is atomic, locks the proposal, and records its timeline event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import timeline
from accounts.models import Customer, Event, SelectionDecision, StatusProposal, User
from accounts.services import event_record
from accounts.services.selection import selection_decide

MESSAGE_IN_TIMELINE = 160

timeline.register_event_kind(
    "status_proposal.made", gettext_lazy("proposed by import to make the status %(new)s (now %(old)s)")
)
timeline.register_event_kind(
    "status_proposal.refused", gettext_lazy("refused the proposal to make the status %(new)s: %(message)s")
)
timeline.register_event_kind(
    "status_proposal.confirmed", gettext_lazy("confirmed the proposal to make the status %(new)s")
)


class ProposalDecided(Exception):
    """The proposal was decided (or replaced) by someone else first; it carries the proposal as it is now."""

    def __init__(self, proposal: StatusProposal) -> None:
        super().__init__(proposal.state)
        self.proposal = proposal


def status_proposals_make(*, wanted: list[tuple[Customer, str]], by: User, source: str = "") -> int:
    """Open a proposal per (customer, status), replacing an open one that asks for another status;
    one already open for the same status is left as it is. Returns how many were opened.

    Called inside the import's transaction, with the customers locked.
    """
    if not wanted:
        return 0
    open_now = {
        p.customer_id: p
        for p in StatusProposal.objects.select_for_update(of=("self",)).filter(
            customer__in=[c for c, _s in wanted], state=StatusProposal.State.OPEN
        )
    }
    proposals, events, replaced = [], [], []
    for customer, status in wanted:
        current = open_now.get(customer.pk)
        if current is not None and current.status == status:
            continue
        if current is not None:
            replaced.append(current.pk)
        proposals.append(
            StatusProposal(
                customer=customer,
                status=status,
                previous_status=customer.status,
                proposed_by=by,
                source=source[:120],
            )
        )
        data = {"old": customer.status, "new": status}
        events.append(Event(customer=customer, actor=by, kind="status_proposal.made", data=data))
    StatusProposal.objects.filter(pk__in=replaced).update(state=StatusProposal.State.REPLACED)
    StatusProposal.objects.bulk_create(proposals, batch_size=500)
    Event.objects.bulk_create(events, batch_size=1000)
    return len(proposals)


def open_proposal_statuses(customer_ids: list[int]) -> dict[int, str]:
    """customer id → the status an open proposal asks for."""
    rows = StatusProposal.objects.filter(customer_id__in=customer_ids, state=StatusProposal.State.OPEN)
    return dict(rows.values_list("customer_id", "status"))


def status_proposal_confirm(*, proposal: StatusProposal, reason: str, by: User) -> SelectionDecision:
    """Record the selection decision the proposal asks for (through `selection_decide`, so the
    decision carries who, when, why and the weighted score) and close the proposal.

    Raises ProposalDecided when someone decided it first, ValidationError (nothing written) on an
    empty reason.
    """
    with transaction.atomic():
        locked = _lock_open(proposal)
        kind = StatusProposal.DECISION_FOR[locked.status]
        decision = selection_decide(customer=locked.customer, kind=kind, reason=reason, by=by)
        _close(locked, StatusProposal.State.CONFIRMED, by, decision=decision)
        event_record(customer=locked.customer, kind="status_proposal.confirmed", by=by, new=locked.status)
    return decision


def status_proposal_refuse(*, proposal: StatusProposal, message: str, by: User) -> StatusProposal:
    """Refuse the proposal; the message is what the KAM reads. The customer keeps its status.

    Raises ProposalDecided when someone decided it first, ValidationError on an empty message.
    """
    message = message.strip()
    if not message:
        raise ValidationError(_("Write why, so that the account owner knows what to do instead."))
    with transaction.atomic():
        locked = _lock_open(proposal)
        locked.message = message
        _close(locked, StatusProposal.State.REFUSED, by)
        event_record(
            customer=locked.customer,
            kind="status_proposal.refused",
            by=by,
            new=locked.status,
            message=Truncator(message).chars(MESSAGE_IN_TIMELINE),
        )
    return locked


def _lock_open(proposal: StatusProposal) -> StatusProposal:
    locked = (
        StatusProposal.objects.select_for_update(of=("self",)).select_related("customer").get(pk=proposal.pk)
    )
    if not locked.is_open:
        raise ProposalDecided(StatusProposal.objects.select_related("decided_by").get(pk=proposal.pk))
    return locked


def _close(proposal: StatusProposal, state: str, by: User, decision: SelectionDecision | None = None) -> None:
    proposal.state, proposal.decided_by, proposal.decided_at = state, by, timezone.now()
    proposal.decision = decision
    proposal.full_clean(
        exclude=["customer", "proposed_by", "decided_by", "decision"], validate_constraints=False
    )
    proposal.save(update_fields=["state", "decided_by", "decided_at", "decision", "message"])
