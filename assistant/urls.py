from django.urls import path

from assistant import meeting_views, views

app_name = "assistant"

urlpatterns = [
    path("customers/<int:customer_id>/assistant/", views.customer_assistant_view, name="customer-assistant"),
    path("customers/<int:customer_id>/assistant/draft/<slug:kind>/", views.draft_view, name="draft"),
    path("customers/<int:customer_id>/assistant/summarise/", views.summarise_view, name="summarise"),
    path("customers/<int:customer_id>/assistant/prepare/", views.prepare_view, name="prepare"),
    path("assistant/<int:run_id>/", views.run_view, name="run"),
    path("assistant/<int:run_id>/items/<int:index>/", views.item_decide_view, name="item-decide"),
    path("assistant/<int:run_id>/follow-up/", views.follow_up_view, name="follow-up"),
    path("assistant/<int:run_id>/agenda/", meeting_views.meeting_agenda_view, name="meeting-agenda"),
    path(
        "meetings/<int:meeting_id>/assistant/prepare/",
        meeting_views.meeting_prepare_view,
        name="meeting-prepare",
    ),
    path(
        "meetings/<int:meeting_id>/assistant/summarise/",
        meeting_views.meeting_summarise_view,
        name="meeting-summarise",
    ),
]
