from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("customers/<int:customer_id>/plan/", views.customer_plan_view, name="customer-plan"),
    path(
        "customers/<int:customer_id>/white-space/", views.customer_whitespace_view, name="customer-whitespace"
    ),
]
