"""Account plans, their items, reviews, white space and the offering catalogue: short function views.

Each view: parse → access helper (404 for outsiders, 403 without the right) → service or selector →
render. Forms work as plain POST + redirect; htmx gets fragments of the same URLs.
"""

from planning.views.items import (
    action_complete_view,
    action_create_view,
    action_delete_view,
    action_edit_view,
    goal_create_view,
    goal_delete_view,
    goal_edit_view,
    my_actions_view,
    opportunity_create_view,
    opportunity_delete_view,
    opportunity_edit_view,
    responsibility_create_view,
    responsibility_delete_view,
)
from planning.views.plans import (
    customer_plan_view,
    plan_changes_view,
    plan_create_view,
    plan_detail_view,
    plan_edit_view,
    plan_export_view,
    plan_rollover_view,
    review_create_view,
)
from planning.views.scenarios import scenario_apply_view
from planning.views.whitespace import (
    cell_to_opportunity_view,
    customer_whitespace_view,
    offering_create_view,
    offering_edit_view,
    offering_list_view,
    whitespace_cell_view,
    whitespace_export_view,
    whitespace_row_share_view,
)

__all__ = [
    "action_complete_view",
    "action_create_view",
    "action_delete_view",
    "action_edit_view",
    "cell_to_opportunity_view",
    "customer_plan_view",
    "customer_whitespace_view",
    "goal_create_view",
    "goal_delete_view",
    "goal_edit_view",
    "my_actions_view",
    "offering_create_view",
    "offering_edit_view",
    "offering_list_view",
    "opportunity_create_view",
    "opportunity_delete_view",
    "opportunity_edit_view",
    "plan_changes_view",
    "plan_create_view",
    "plan_detail_view",
    "plan_edit_view",
    "plan_export_view",
    "plan_rollover_view",
    "responsibility_create_view",
    "responsibility_delete_view",
    "review_create_view",
    "scenario_apply_view",
    "whitespace_cell_view",
    "whitespace_export_view",
    "whitespace_row_share_view",
]
