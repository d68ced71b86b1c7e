"""The core's models, one module per subject; import them from here."""

from accounts.models.activity import Event, Job, Submission
from accounts.models.changes import DataChange, DataVersion
from accounts.models.customers import (
    AccountMember,
    Customer,
    CustomerQuerySet,
    CustomerUnit,
    FinancialPeriod,
    ProfileSection,
)
from accounts.models.health import HealthSnapshot, HealthWeight
from accounts.models.people import TIME_ZONE_CHOICES, Team, User, UserManager, validate_time_zone
from accounts.models.selection import Criterion, Score, SelectionDecision, StatusProposal
from accounts.models.stakeholders import (
    Interaction,
    NextStep,
    Relationship,
    Stakeholder,
    StakeholderChange,
)

__all__ = [
    "TIME_ZONE_CHOICES",
    "AccountMember",
    "Criterion",
    "Customer",
    "CustomerQuerySet",
    "CustomerUnit",
    "DataChange",
    "DataVersion",
    "Event",
    "FinancialPeriod",
    "HealthSnapshot",
    "HealthWeight",
    "Job",
    "ProfileSection",
    "Score",
    "SelectionDecision",
    "StatusProposal",
    "Submission",
    "Team",
    "User",
    "UserManager",
    "validate_time_zone",
    "Interaction",
    "NextStep",
    "Relationship",
    "Stakeholder",
    "StakeholderChange",
]
