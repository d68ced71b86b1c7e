"""Rows for scoring and selection: the customer's Selection tab, scores, decisions, next steps, the
ranking, the leaders' pages and the criteria."""

from accounts.models import Criterion, StatusProposal
from tests.matrix import ALL_200, ALL_405, FOREIGN_VIEW, OWN_VIEW, PORTFOLIO, Row, codes, customer_kwargs

# The KAM proposes (scores, next step) and the leader agrees: admin, owner and leader.
OWN_SCORE_GET = codes("302 404 403 403 200 200 404 200")
OWN_SCORE_POST = codes("302 404 403 403 302 302 404 302")
FOREIGN_SCORE_GET = codes("302 404 404 404 404 404 200 200")
FOREIGN_SCORE_POST = codes("302 404 404 404 404 404 302 302")
# Decisions: the team's leader and administrators only.
OWN_DECIDE_POST = codes("302 404 403 403 403 302 404 302")
FOREIGN_DECIDE_POST = codes("302 404 404 404 404 404 302 302")
# Criteria: leaders and administrators.
MANAGER_POST = codes("302 403 403 403 403 302 302 302")


def score_data(cast, target):
    criteria = Criterion.objects.filter(active=True).order_by("order")
    return {f"score_{c.pk}": "3" for c in criteria} | {f"rationale_{c.pk}": "Agreed" for c in criteria}


def criterion_kwargs(cast, target):
    return {"criterion_id": Criterion.objects.order_by("pk").first().pk}


def proposal_kwargs(cast, target):
    proposal = StatusProposal.objects.create(
        customer=target, status="former", previous_status=target.status, proposed_by=target.owner
    )
    return {"proposal_id": proposal.pk}


def _open(target) -> int:
    return StatusProposal.objects.filter(customer=target, state="open").values_list("pk", flat=True).first()


def criterion_data(cast, target):
    return {
        "name": "Share of wallet",
        "description": "",
        "weight": "10",
        "axis": "position",
        "order": "90",
        "active": "on",
    }


ROWS: dict[str, Row] = {
    "accounts:customer-selection": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:customer-scores": Row(
        kwargs=customer_kwargs,
        get=OWN_SCORE_GET,
        post=OWN_SCORE_POST,
        foreign_get=FOREIGN_SCORE_GET,
        foreign_post=FOREIGN_SCORE_POST,
        data=score_data,
    ),
    "accounts:decision-create": Row(
        kwargs=customer_kwargs,
        post=OWN_DECIDE_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_DECIDE_POST,
        data=lambda cast, target: {"kind": "keep_candidate", "reason": "A pilot first"},
    ),
    "accounts:candidate-next-step": Row(
        kwargs=customer_kwargs,
        get=OWN_SCORE_GET,
        post=OWN_SCORE_POST,
        foreign_get=FOREIGN_SCORE_GET,
        foreign_post=FOREIGN_SCORE_POST,
        data=lambda cast, target: {
            "next_step": "Pilot in one unit",
            "target_date": "",
            "version": target.version,
        },
    ),
    "accounts:ranking": Row(get=ALL_200),
    "accounts:calibration": Row(get=PORTFOLIO),
    "accounts:future-key-accounts": Row(get=PORTFOLIO),
    "accounts:status-proposals": Row(get=PORTFOLIO),
    "accounts:status-proposal-confirm": Row(
        kwargs=proposal_kwargs,
        post=OWN_DECIDE_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_DECIDE_POST,
        data=lambda cast, target: {f"p{_open(target)}-reason": "Agreed in the QBR"},
    ),
    "accounts:status-proposal-refuse": Row(
        kwargs=proposal_kwargs,
        post=OWN_DECIDE_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_DECIDE_POST,
        data=lambda cast, target: {f"p{_open(target)}-message": "Not this year"},
    ),
    "accounts:criteria-list": Row(get=PORTFOLIO),
    "accounts:criterion-create": Row(get=PORTFOLIO, post=MANAGER_POST, data=criterion_data),
    "accounts:criterion-edit": Row(
        kwargs=criterion_kwargs,
        get=PORTFOLIO,
        post=MANAGER_POST,
        data=lambda cast, target: criterion_data(cast, target) | {"version": "1"},
    ),
}
