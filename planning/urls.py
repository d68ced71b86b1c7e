from django.urls import path

from planning import views
from planning.views import coaching as coaching_views
from planning.views import documents as document_views
from planning.views import guest as guest_views
from planning.views import sharing as sharing_views

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
    # PDFs: versions kept per plan
    path("plans/<int:plan_id>/documents/", document_views.plan_documents_view, name="plan-documents"),
    path(
        "documents/<int:document_id>/download/",
        document_views.document_download_view,
        name="document-download",
    ),
    # Sharing with the customer (our side)
    path("plans/<int:plan_id>/sharing/", sharing_views.plan_sharing_view, name="plan-sharing"),
    path("plans/<int:plan_id>/sharing/toggle/", sharing_views.share_toggle_view, name="share-toggle"),
    path("plans/<int:plan_id>/as-customer/", sharing_views.plan_as_customer_view, name="plan-as-customer"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        sharing_views.invitation_revoke_view,
        name="invitation-revoke",
    ),
    path(
        "invitations/<int:invitation_id>/resend/",
        sharing_views.invitation_resend_view,
        name="invitation-resend",
    ),
    path("customer-activity/<int:activity_id>/reply/", sharing_views.guest_reply_view, name="guest-reply"),
    # The customer's side: the invitation link and "Our plan"
    path("our-plan/link/<str:token>/", guest_views.invitation_open_view, name="invitation-open"),
    path("our-plan/link/<str:token>/renew/", guest_views.invitation_renew_view, name="invitation-renew"),
    path("our-plan/", guest_views.guest_plan_view, name="guest-plan"),
    path("our-plan/comments/", guest_views.guest_comment_view, name="guest-comment"),
    path("our-plan/goals/<int:goal_id>/criteria/", guest_views.guest_criteria_view, name="guest-criteria"),
    path("our-plan/initiatives/rank/", guest_views.guest_rank_view, name="guest-rank"),
    path("our-plan/actions/<int:action_id>/status/", guest_views.guest_action_view, name="guest-action"),
    path("our-plan/pulse/", guest_views.guest_pulse_view, name="guest-pulse"),
    path("our-plan/leave/", guest_views.guest_leave_view, name="guest-leave"),
    path("coaching/", coaching_views.coaching_view, name="coaching"),
    path("coaching/new/", coaching_views.coaching_create_view, name="coaching-create"),
    path("coaching/<int:conversation_id>/", coaching_views.coaching_detail_view, name="coaching-detail"),
]
