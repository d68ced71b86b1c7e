from django.urls import path

from risk import views

app_name = "risk"

urlpatterns = [
    path("customers/<int:customer_id>/risk/", views.customer_risk_view, name="customer-risk"),
    path("customers/<int:customer_id>/risk/contracts/new/", views.contract_add_view, name="contract-add"),
    path(
        "customers/<int:customer_id>/risk/competitors/new/", views.competitor_add_view, name="competitor-add"
    ),
    path("customers/<int:customer_id>/risk/risks/new/", views.risk_add_view, name="risk-add"),
    path("customers/<int:customer_id>/risk/reviews/new/", views.review_add_view, name="review-add"),
    path("risk/contracts/<int:contract_id>/", views.contract_edit_view, name="contract-edit"),
    path("risk/contracts/<int:contract_id>/delete/", views.contract_delete_view, name="contract-delete"),
    path("risk/competitors/<int:competitor_id>/", views.competitor_edit_view, name="competitor-edit"),
    path(
        "risk/competitors/<int:competitor_id>/delete/", views.competitor_delete_view, name="competitor-delete"
    ),
    path("risk/risks/<int:risk_id>/", views.risk_edit_view, name="risk-edit"),
    path("risk/", views.portfolio_view, name="portfolio"),
    path("risk/what-if/", views.whatif_view, name="whatif"),
    path("risk/what-if/scenarios/", views.scenario_save_view, name="scenario-save"),
    path(
        "risk/what-if/scenarios/<int:scenario_id>/delete/", views.scenario_delete_view, name="scenario-delete"
    ),
    path("risk/what-if/scenarios/<int:scenario_id>/risks/", views.scenario_risks_view, name="scenario-risks"),
]
