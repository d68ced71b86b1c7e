"""Writes for scoring and selection: scores, decisions and the criteria themselves.

Each service is atomic; those about a customer record its timeline event. Importing this module
registers the label lookup its timeline sentences need (decision kinds are stored as codes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts import timeline
from accounts.models import Criterion, Customer, Score, SelectionDecision, User
from accounts.selectors import selection as selection_selectors
from accounts.services import event_record
from accounts.versioning import EditConflict, bump, versioned_update

_DECISION_KINDS = dict(SelectionDecision.Kind.choices)
timeline.register_label("decision_kind", lambda code: _DECISION_KINDS.get(code, code))

CRITERION_FIELDS = (
    "name",
    "description",
    "weight",
    "axis",
    "anchor_1",
    "anchor_2",
    "anchor_3",
    "anchor_4",
    "anchor_5",
    "active",
    "order",
)
REASON_IN_TIMELINE = 160


@dataclass(frozen=True)
class ScoreInput:
    """What the scorer chose for one criterion: a value 1–5, or None to leave it unscored."""

    criterion: Criterion
    value: int | None
    rationale: str = ""
    version: int | None = None  # the score's version the scorer read (0: unscored); None: not checked


def scores_save(*, customer: Customer, by: User, inputs: Sequence[ScoreInput]) -> int:
    """Store the customer's scores; one timeline line per score added, changed, removed or re-explained.

    Returns how many scores changed. Raises EditConflict (carrying the scores as they are now, by
    criterion id) when any score moved since the scorer read it, ValidationError on a value outside
    1–5 or an over-long rationale; nothing is written either way. Scores on criteria not in `inputs`
    (e.g. deactivated ones) are kept.
    """
    with transaction.atomic():
        Customer.objects.select_for_update(of=("self",)).filter(pk=customer.pk).exists()  # one save at a time
        existing = {
            score.criterion_id: score
            for score in Score.objects.filter(customer=customer, criterion__in=[i.criterion for i in inputs])
        }
        if any(_moved(item, existing.get(item.criterion.pk)) for item in inputs):
            raise EditConflict(existing)
        changed = 0
        for item in inputs:
            changed += _score_apply(customer, by, item, existing.get(item.criterion.pk))
    return changed


def _moved(item: ScoreInput, score: Score | None) -> bool:
    return item.version is not None and item.version != (score.version if score else 0)


def _score_apply(customer: Customer, by: User, item: ScoreInput, score: Score | None) -> int:
    rationale, name = item.rationale.strip(), item.criterion.name
    if item.value is None:
        if score is None:
            return 0
        score.delete()
        event_record(customer=customer, kind="score.removed", by=by, criterion=name, was=score.value)
        return 1
    if score is None:
        score = Score(customer=customer, criterion=item.criterion)
    elif score.value == item.value and score.rationale == rationale:
        return 0
    else:
        score.version += 1
    was, same_value = score.value, score.value == item.value
    score.value, score.rationale = item.value, rationale
    score.scored_by, score.scored_at = by, timezone.now()
    score.full_clean(exclude=["customer", "criterion"], validate_constraints=False)
    score.save()
    if was is None:
        event_record(customer=customer, kind="score.added", by=by, criterion=name, value=item.value)
    elif same_value:
        event_record(customer=customer, kind="score.explained", by=by, criterion=name, value=item.value)
    else:
        event_record(
            customer=customer, kind="score.changed", by=by, criterion=name, value=item.value, was=was
        )
    return 1


def selection_decide(
    *, customer: Customer, kind: str, reason: str, by: User, owner: User | None = None
) -> SelectionDecision:
    """Record a selection decision and move the customer to the status it leads to.

    Stores who, when, why, the status before and after and the weighted score at this moment, and
    writes the timeline line. A decision that makes a key account may name its `owner`, who takes
    the account over in the same transaction (an active member of the customer's team, and told).
    Raises ValidationError (nothing written) for an unknown kind, an empty reason or an owner outside
    the team. A ceiling on key accounts is a warning for the caller to show, never a refusal.
    """
    reason = reason.strip()
    if kind not in SelectionDecision.Kind.values:
        raise ValidationError(_("Choose one of the decisions offered."), code="kind")
    if not reason:
        raise ValidationError(_("Write down why: a decision needs a reason others can read later."))
    with transaction.atomic():
        locked = Customer.objects.select_for_update(of=("self",)).get(pk=customer.pk)
        decision = SelectionDecision(
            customer=locked,
            kind=kind,
            reason=reason,
            decided_by=by,
            previous_status=locked.status,
            new_status=SelectionDecision.RESULT[kind],
            weighted_score=_weighted_now(locked),
        )
        decision.full_clean(exclude=["customer", "decided_by"])
        decision.save()
        if locked.status != decision.new_status:
            # An edit form opened before the decision must not write the old status back.
            Customer.objects.filter(pk=locked.pk).update(
                status=decision.new_status, updated_at=timezone.now(), version=bump()
            )
            locked.status = decision.new_status
            locked.version += 1
        event_record(
            customer=locked,
            kind="selection.decided",
            by=by,
            decision_kind=kind,
            old=decision.previous_status,
            new=decision.new_status,
            reason=Truncator(reason).chars(REASON_IN_TIMELINE),
        )
        if owner is not None and kind == SelectionDecision.Kind.MAKE_KEY and owner.pk != locked.owner_id:
            _new_owner(locked, owner, by)
            customer.owner = owner
    customer.status = decision.new_status
    return decision


def _new_owner(customer: Customer, owner: User, by: User) -> None:
    from accounts.notify import notify_owner_changed
    from accounts.services.owners import _take_over, check_owner

    try:
        check_owner(owner, customer.team)
    except ValidationError as error:  # said in a sentence: the decision form has no team field
        raise ValidationError(error.messages) from error
    previous = customer.owner
    Customer.objects.filter(pk=customer.pk).update(owner=owner, updated_at=timezone.now(), version=bump())
    _take_over(customer, previous, owner, by, keep_old=True)
    notify_owner_changed(owner=owner, customers=[customer], by=by)


def _weighted_now(customer: Customer) -> Decimal | None:
    evaluation = selection_selectors.evaluation_for(customer, selection_selectors.active_criteria())
    if evaluation.weighted is None:
        return None
    return Decimal(str(round(evaluation.weighted, 2)))


def criterion_create(*, by: User, **fields: Any) -> Criterion:
    """Add a selection criterion. Raises ValidationError (nothing written) on a bad or duplicate value.

    Criteria belong to no customer, so there is no timeline line; `by` is kept for the audit trail
    the admin log gives and for a future criteria history.
    """
    _check_fields(fields)
    with transaction.atomic():
        criterion = Criterion(**fields)
        criterion.full_clean()
        criterion.save()
    return criterion


def criterion_update(*, criterion: Criterion, by: User, version: int, **changes: Any) -> Criterion:
    """Change a criterion if nobody saved it since `version`. Deactivating keeps its scores; they
    simply stop counting. Raises EditConflict or ValidationError (nothing written)."""
    _check_fields(changes)
    with transaction.atomic():
        criterion, _changed = versioned_update(criterion, version, changes)
    return criterion


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"Not settable here: {', '.join(sorted(unknown))}")
