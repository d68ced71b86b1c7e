from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("customers/<int:customer_id>/meetings/", views.customer_meetings_view, name="customer-meetings"),
]
