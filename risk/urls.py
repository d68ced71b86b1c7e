from django.urls import path

from risk import views

app_name = "risk"

urlpatterns = [
    path("customers/<int:customer_id>/risk/", views.customer_risk_view, name="customer-risk"),
]
