from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/change/", views.password_change_view, name="password-change"),
    path("password/change/done/", views.password_change_done_view, name="password-change-done"),
    path("password/reset/", views.password_reset_view, name="password-reset"),
    path("password/reset/sent/", views.password_reset_done_view, name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/", views.password_reset_confirm_view, name="password-reset-confirm"
    ),
    path("password/reset/complete/", views.password_reset_complete_view, name="password-reset-complete"),
    path("language/", views.set_language_view, name="set-language"),
    path("preferences/", views.preferences_view, name="preferences"),
    path("customers/new/", views.customer_create_view, name="customer-create"),
    path("customers/<int:customer_id>/", views.customer_detail_view, name="customer-detail"),
    path("customers/<int:customer_id>/edit/", views.customer_edit_view, name="customer-edit"),
    path("customers/<int:customer_id>/timeline/", views.customer_timeline_view, name="customer-timeline"),
    path("customers/<int:customer_id>/timeline/export/", views.timeline_export_view, name="timeline-export"),
    path("customers/<int:customer_id>/team/", views.member_add_view, name="member-add"),
    path(
        "customers/<int:customer_id>/team/<int:member_id>/remove/",
        views.member_remove_view,
        name="member-remove",
    ),
    path("portfolio/", views.portfolio_view, name="portfolio"),
    path("jobs/<int:job_id>/", views.job_status_view, name="job-status"),
    path("jobs/<int:job_id>/download/", views.job_download_view, name="job-download"),
]
