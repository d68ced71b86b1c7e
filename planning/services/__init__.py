"""Every write in the planning app: keyword-only, typed, atomic, and each records its timeline event.

Access is checked by the caller (a view through `accounts.access`); these functions trust the plan,
customer or item they are given, but check that what is linked to it belongs to the same customer.
Edits name the `version` they were read at: a stale one raises EditConflict and writes nothing.
"""

from planning.services.editing import EditConflict, OwnerNotOnTeam, on_account_team
from planning.services.plans import (
    action_complete,
    action_create,
    action_delete,
    action_update,
    goal_create,
    goal_delete,
    goal_update,
    opportunity_create,
    opportunity_delete,
    opportunity_update,
    plan_create,
    plan_update,
    responsibility_add,
    responsibility_remove,
)
from planning.services.reviews import plan_rollover, review_record, snapshot_take
from planning.services.scenarios import ScenarioResult, scenario_apply
from planning.services.whitespace import (
    cell_save,
    cell_to_opportunity,
    offering_create,
    offering_update,
    whitespace_row_share,
)

__all__ = [
    "EditConflict",
    "OwnerNotOnTeam",
    "ScenarioResult",
    "action_complete",
    "action_create",
    "action_delete",
    "action_update",
    "cell_save",
    "cell_to_opportunity",
    "goal_create",
    "goal_delete",
    "goal_update",
    "offering_create",
    "offering_update",
    "on_account_team",
    "opportunity_create",
    "opportunity_delete",
    "opportunity_update",
    "plan_create",
    "plan_rollover",
    "plan_update",
    "responsibility_add",
    "responsibility_remove",
    "review_record",
    "scenario_apply",
    "snapshot_take",
    "whitespace_row_share",
]
