from django.urls import path

from meetings import views

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
    path("cadence/", views.cadence_defaults_view, name="cadence-defaults"),
    path(
        "cadence/<int:tier>/<str:meeting_type>/", views.cadence_default_edit_view, name="cadence-default-edit"
    ),
]
