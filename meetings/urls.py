from django.urls import path

from meetings import views, views_inbox

app_name = "meetings"

urlpatterns = [
    path("customers/<int:customer_id>/meetings/", views.customer_meetings_view, name="customer-meetings"),
    path("customers/<int:customer_id>/meetings/new/", views.meeting_create_view, name="meeting-create"),
    path(
        "customers/<int:customer_id>/cadence/<str:meeting_type>/",
        views.cadence_override_view,
        name="cadence-override",
    ),
    path("customers/<int:customer_id>/deviations/new/", views.deviation_add_view, name="deviation-add"),
    path("deviations/<int:deviation_id>/", views.deviation_edit_view, name="deviation-edit"),
    path("meetings/<int:meeting_id>/", views.meeting_detail_view, name="meeting-detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit_view, name="meeting-edit"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel_view, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/outcome/", views.meeting_outcome_view, name="meeting-outcome"),
    path("meetings/<int:meeting_id>/invite.ics", views_inbox.meeting_invite_view, name="meeting-invite"),
    path(
        "meetings/<int:meeting_id>/invite/send/",
        views_inbox.meeting_invite_send_view,
        name="meeting-invite-send",
    ),
    path("calendar/", views_inbox.calendar_view, name="calendar"),
    path("calendar/renew/", views_inbox.calendar_renew_view, name="calendar-renew"),
    path("calendar/revoke/", views_inbox.calendar_revoke_view, name="calendar-revoke"),
    path("calendar/feed/<str:token>.ics", views_inbox.calendar_feed_view, name="calendar-feed"),
    path("notifications/", views_inbox.notifications_view, name="notifications"),
    path("notifications/bell/", views_inbox.bell_view, name="bell"),
    path("notifications/read/", views_inbox.notifications_read_all_view, name="notifications-read-all"),
    path(
        "notifications/<int:notification_id>/read/",
        views_inbox.notification_read_view,
        name="notification-read",
    ),
    path("notifications/preferences/", views_inbox.preferences_view, name="notification-preferences"),
    path("cadence/", views.cadence_defaults_view, name="cadence-defaults"),
    path(
        "cadence/<int:tier>/<str:meeting_type>/", views.cadence_default_edit_view, name="cadence-default-edit"
    ),
]
