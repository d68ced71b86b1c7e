"""The planning app's models, one module per subject; import them from here."""

from planning.models.catalogue import Offering, OfferingQuerySet
from planning.models.coaching import CoachingConversation
from planning.models.documents import PlanDocument
from planning.models.plans import (
    AccountPlan,
    AccountPlanQuerySet,
    Action,
    ActionQuerySet,
    Goal,
    Opportunity,
    OpportunityQuerySet,
    Responsibility,
)
from planning.models.reviews import PlanReview, PlanSnapshot
from planning.models.sharing import GuestActivity, Invitation, InvitationQuerySet
from planning.models.whitespace import WhiteSpaceCell, WhiteSpaceRow

__all__ = [
    "AccountPlan",
    "AccountPlanQuerySet",
    "Action",
    "ActionQuerySet",
    "CoachingConversation",
    "Goal",
    "GuestActivity",
    "Invitation",
    "InvitationQuerySet",
    "Offering",
    "OfferingQuerySet",
    "Opportunity",
    "OpportunityQuerySet",
    "PlanDocument",
    "PlanReview",
    "PlanSnapshot",
    "Responsibility",
    "WhiteSpaceCell",
    "WhiteSpaceRow",
]
