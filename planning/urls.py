from django.urls import path

from planning import views
from planning.views import coaching as coaching_views

app_name = "planning"

urlpatterns = [
    # The plan tab and the plan itself
    path("customers/<int:customer_id>/plan/", views.customer_plan_view, name="customer-plan"),
    path("customers/<int:customer_id>/plans/new/", views.plan_create_view, name="plan-create"),
    path("plans/<int:plan_id>/", views.plan_detail_view, name="plan-detail"),
    path("plans/<int:plan_id>/edit/", views.plan_edit_view, name="plan-edit"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export_view, name="plan-export"),
    path("plans/<int:plan_id>/roll-over/", views.plan_rollover_view, name="plan-rollover"),
    path("plans/<int:plan_id>/reviews/new/", views.review_create_view, name="review-create"),
    path("plans/<int:plan_id>/changes/", views.plan_changes_view, name="plan-changes"),
    # Sections of the plan
    path("plans/<int:plan_id>/goals/new/", views.goal_create_view, name="goal-create"),
    path("goals/<int:goal_id>/edit/", views.goal_edit_view, name="goal-edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete_view, name="goal-delete"),
    path("plans/<int:plan_id>/opportunities/new/", views.opportunity_create_view, name="opportunity-create"),
    path("opportunities/<int:opportunity_id>/edit/", views.opportunity_edit_view, name="opportunity-edit"),
    path(
        "opportunities/<int:opportunity_id>/delete/", views.opportunity_delete_view, name="opportunity-delete"
    ),
    path("plans/<int:plan_id>/actions/new/", views.action_create_view, name="action-create"),
    path("actions/<int:action_id>/edit/", views.action_edit_view, name="action-edit"),
    path("actions/<int:action_id>/complete/", views.action_complete_view, name="action-complete"),
    path("actions/<int:action_id>/delete/", views.action_delete_view, name="action-delete"),
    path("actions/mine/", views.my_actions_view, name="my-actions"),
    path(
        "plans/<int:plan_id>/responsibilities/new/",
        views.responsibility_create_view,
        name="responsibility-create",
    ),
    path(
        "responsibilities/<int:responsibility_id>/delete/",
        views.responsibility_delete_view,
        name="responsibility-delete",
    ),
    # White space
    path(
        "customers/<int:customer_id>/white-space/", views.customer_whitespace_view, name="customer-whitespace"
    ),
    path(
        "customers/<int:customer_id>/white-space/export.xlsx",
        views.whitespace_export_view,
        name="whitespace-export",
    ),
    path(
        "customers/<int:customer_id>/white-space/<int:offering_id>/<int:unit_id>/",
        views.whitespace_cell_view,
        name="whitespace-cell",
    ),
    path(
        "customers/<int:customer_id>/white-space/<int:offering_id>/<int:unit_id>/opportunity/",
        views.cell_to_opportunity_view,
        name="cell-to-opportunity",
    ),
    path(
        "customers/<int:customer_id>/white-space/rows/<int:offering_id>/share/",
        views.whitespace_row_share_view,
        name="whitespace-row-share",
    ),
    # The offering catalogue
    path("offerings/", views.offering_list_view, name="offering-list"),
    path("offerings/new/", views.offering_create_view, name="offering-create"),
    path("offerings/<int:offering_id>/edit/", views.offering_edit_view, name="offering-edit"),
    # What-if scenarios from the risk page become risks and plan actions
    path("scenarios/<int:scenario_id>/apply/", views.scenario_apply_view, name="scenario-apply"),
    path("coaching/", coaching_views.coaching_view, name="coaching"),
    path("coaching/new/", coaching_views.coaching_create_view, name="coaching-create"),
    path("coaching/<int:conversation_id>/", coaching_views.coaching_detail_view, name="coaching-detail"),
]
