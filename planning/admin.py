"""Administrators keep the offering catalogue here; plans are read here and changed in the app,
where every change is versioned and recorded on the customer's timeline."""

from django.contrib import admin

from accounts.admin_versions import VersionedAdmin
from planning.models import AccountPlan, Offering, PlanReview, WhiteSpaceCell


@admin.register(Offering)
class OfferingAdmin(VersionedAdmin):
    list_display = ["name", "parent", "order", "active"]
    list_filter = ["active", "parent"]
    search_fields = ["name", "description"]
    list_select_related = ["parent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Offering.objects.groups()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for looking things up; changes go through the app's services."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccountPlan)
class AccountPlanAdmin(ReadOnlyAdmin):
    list_display = [
        "customer",
        "period",
        "status",
        "last_reviewed_on",
        "next_review_due",
        "customer_in_change",
    ]
    list_filter = ["status", "period", "customer_in_change"]
    search_fields = ["customer__name"]
    list_select_related = ["customer"]


@admin.register(PlanReview)
class PlanReviewAdmin(ReadOnlyAdmin):
    list_display = ["plan", "reviewed_on", "reviewed_by", "next_review_due"]
    list_select_related = ["plan__customer", "reviewed_by"]
    search_fields = ["plan__customer__name"]
    exclude = ["snapshot"]


@admin.register(WhiteSpaceCell)
class WhiteSpaceCellAdmin(ReadOnlyAdmin):
    list_display = ["customer", "offering", "unit", "status", "current_revenue", "potential"]
    list_filter = ["status"]
    list_select_related = ["customer", "offering", "unit"]
    search_fields = ["customer__name", "offering__name"]
