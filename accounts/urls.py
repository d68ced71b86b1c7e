from django.urls import path

from accounts.views import (
    core,
    customers,
    excel,
    financials,
    health,
    owners,
    portfolio,
    profile,
    proposals,
    selection,
    stakeholders,
    start,
)

app_name = "accounts"

urlpatterns = [
    path("", core.home_view, name="home"),
    path("login/", core.login_view, name="login"),
    path("logout/", core.logout_view, name="logout"),
    path("password/change/", core.password_change_view, name="password-change"),
    path("password/change/done/", core.password_change_done_view, name="password-change-done"),
    path("password/reset/", core.password_reset_view, name="password-reset"),
    path("password/reset/sent/", core.password_reset_done_view, name="password-reset-done"),
    path("password/reset/<uidb64>/<token>/", core.password_reset_confirm_view, name="password-reset-confirm"),
    path("password/reset/complete/", core.password_reset_complete_view, name="password-reset-complete"),
    path("language/", core.set_language_view, name="set-language"),
    path("preferences/", core.preferences_view, name="preferences"),
    path("portfolio/", portfolio.portfolio_view, name="portfolio"),
    path("start/", start.start_view, name="start"),
    path("portfolio/print/", portfolio.portfolio_print_view, name="portfolio-print"),
    path("portfolio/export.xlsx", portfolio.portfolio_export_view, name="portfolio-export"),
    path("jobs/<int:job_id>/", core.job_status_view, name="job-status"),
    path("jobs/<int:job_id>/download/", core.job_download_view, name="job-download"),
    # Customers: the list, the page frame and its tabs
    path("customers/", customers.customer_list_view, name="customer-list"),
    path("customers/new/", customers.customer_create_view, name="customer-create"),
    path("customers/<int:customer_id>/", customers.customer_detail_view, name="customer-detail"),
    path("customers/<int:customer_id>/edit/", customers.customer_edit_view, name="customer-edit"),
    path("customers/<int:customer_id>/health/", health.customer_health_view, name="customer-health"),
    path("customers/<int:customer_id>/timeline/", customers.customer_timeline_view, name="customer-timeline"),
    path("customers/<int:customer_id>/timeline/export/", core.timeline_export_view, name="timeline-export"),
    path("customers/<int:customer_id>/team/", core.member_add_view, name="member-add"),
    path("customers/<int:customer_id>/owner/", owners.customer_owner_view, name="customer-owner"),
    path("people/<int:user_id>/hand-over/", owners.kam_hand_over_view, name="kam-hand-over"),
    path(
        "customers/<int:customer_id>/team/<int:member_id>/remove/",
        core.member_remove_view,
        name="member-remove",
    ),
    path("customers/<int:customer_id>/units/", customers.unit_add_view, name="unit-add"),
    path(
        "customers/<int:customer_id>/units/<int:unit_id>/delete/",
        customers.unit_delete_view,
        name="unit-delete",
    ),
    # Stakeholder map: people, map, gaps, contact log, one person, personal-data rights
    path(
        "customers/<int:customer_id>/stakeholders/",
        stakeholders.stakeholders_view,
        name="customer-stakeholders",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/map/",
        stakeholders.stakeholder_map_view,
        name="stakeholder-map",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/new/",
        stakeholders.stakeholder_create_view,
        name="stakeholder-create",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/",
        stakeholders.stakeholder_detail_view,
        name="stakeholder-detail",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/edit/",
        stakeholders.stakeholder_edit_view,
        name="stakeholder-edit",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/export/",
        stakeholders.stakeholder_export_view,
        name="stakeholder-export",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/export.json",
        stakeholders.stakeholder_export_json_view,
        name="stakeholder-export-json",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/erase/",
        stakeholders.stakeholder_erase_view,
        name="stakeholder-erase",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/relationships/",
        stakeholders.relationship_create_view,
        name="relationship-create",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/<int:stakeholder_id>/relationships/<int:relationship_id>/delete/",
        stakeholders.relationship_delete_view,
        name="relationship-delete",
    ),
    path("customers/<int:customer_id>/stakeholders/gaps/", stakeholders.gap_list_view, name="gap-list"),
    path(
        "customers/<int:customer_id>/stakeholders/gaps/steps/",
        stakeholders.gap_step_create_view,
        name="gap-step-create",
    ),
    path(
        "customers/<int:customer_id>/stakeholders/steps/<int:step_id>/close/",
        stakeholders.gap_step_close_view,
        name="gap-step-close",
    ),
    path(
        "customers/<int:customer_id>/contacts/", stakeholders.interaction_list_view, name="interaction-list"
    ),
    path(
        "customers/<int:customer_id>/contacts/new/",
        stakeholders.interaction_create_view,
        name="interaction-create",
    ),
    path(
        "customers/<int:customer_id>/contacts/<int:interaction_id>/delete/",
        stakeholders.interaction_delete_view,
        name="interaction-delete",
    ),
    # Financial history
    path("customers/<int:customer_id>/financials/", financials.financials_view, name="customer-financials"),
    path("customers/<int:customer_id>/financials/add/", financials.financial_add_view, name="financial-add"),
    path(
        "customers/<int:customer_id>/financials/<int:period_id>/edit/",
        financials.financial_edit_view,
        name="financial-edit",
    ),
    path(
        "customers/<int:customer_id>/financials/<int:period_id>/delete/",
        financials.financial_delete_view,
        name="financial-delete",
    ),
    # Customer profile
    path("customers/<int:customer_id>/profile/", profile.profile_view, name="customer-profile"),
    path("customers/<int:customer_id>/profile/<slug:key>/", profile.section_view, name="profile-section"),
    path(
        "customers/<int:customer_id>/profile/<slug:key>/edit/",
        profile.section_edit_view,
        name="profile-section-edit",
    ),
    # Scoring and selection
    path(
        "customers/<int:customer_id>/selection/", selection.customer_selection_view, name="customer-selection"
    ),
    path("customers/<int:customer_id>/scores/", selection.scores_edit_view, name="customer-scores"),
    path("customers/<int:customer_id>/decisions/", selection.decision_create_view, name="decision-create"),
    path("customers/<int:customer_id>/next-step/", selection.next_step_view, name="candidate-next-step"),
    path("selection/ranking/", selection.ranking_view, name="ranking"),
    path("selection/calibration/", selection.calibration_view, name="calibration"),
    path(
        "selection/calibration/<int:customer_id>/decide/",
        selection.calibration_decide_view,
        name="calibration-decide",
    ),
    path("selection/candidates/", selection.future_key_accounts_view, name="future-key-accounts"),
    path("selection/proposals/", proposals.status_proposal_list_view, name="status-proposals"),
    path(
        "selection/proposals/<int:proposal_id>/confirm/",
        proposals.status_proposal_confirm_view,
        name="status-proposal-confirm",
    ),
    path(
        "selection/proposals/<int:proposal_id>/refuse/",
        proposals.status_proposal_refuse_view,
        name="status-proposal-refuse",
    ),
    path("selection/criteria/", selection.criteria_list_view, name="criteria-list"),
    path("selection/criteria/new/", selection.criterion_create_view, name="criterion-create"),
    path("selection/criteria/<int:criterion_id>/", selection.criterion_edit_view, name="criterion-edit"),
    # Excel
    path("customers/import/", excel.import_upload_view, name="import-upload"),
    path("customers/import/template.xlsx", excel.import_template_view, name="import-template"),
    path("customers/import/<int:job_id>/", excel.import_preview_view, name="import-preview"),
    path("customers/export.xlsx", excel.customer_export_view, name="customer-export"),
    path(
        "customers/<int:customer_id>/financials/export.xlsx",
        excel.financials_export_view,
        name="financials-export",
    ),
]
