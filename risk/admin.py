"""Administrators see and correct the risk data; the pages are where people keep it."""

from django.contrib import admin

from accounts.admin_versions import VersionedAdmin
from risk.models import CompetitorPresence, Contract, ExposedIndustry, RiskItem, RiskReview, WhatIfScenario


@admin.register(Contract)
class ContractAdmin(VersionedAdmin):
    list_display = ("title", "customer", "start", "expiry", "notice_amount", "notice_unit", "value")
    list_filter = ("notice_unit",)
    search_fields = ("title", "customer__name")
    date_hierarchy = "expiry"
    list_select_related = ("customer",)
    raw_id_fields = ("customer",)


@admin.register(CompetitorPresence)
class CompetitorPresenceAdmin(VersionedAdmin):
    list_display = ("name", "customer", "unit", "strength", "share_estimate")
    list_filter = ("strength",)
    search_fields = ("name", "customer__name")
    list_select_related = ("customer", "unit")
    raw_id_fields = ("customer", "unit")


@admin.register(RiskItem)
class RiskItemAdmin(VersionedAdmin):
    list_display = ("title", "customer", "category", "likelihood", "impact", "status", "owner", "due")
    list_filter = ("status", "category")
    search_fields = ("title", "customer__name")
    list_select_related = ("customer", "owner")
    raw_id_fields = ("customer", "owner", "created_by", "scenario")
    readonly_fields = ("created_at", "updated_at")


@admin.register(RiskReview)
class RiskReviewAdmin(admin.ModelAdmin):
    list_display = ("customer", "reviewed_at", "reviewed_by", "next_review_due")
    search_fields = ("customer__name",)
    list_select_related = ("customer", "reviewed_by")
    raw_id_fields = ("customer", "reviewed_by")
    date_hierarchy = "reviewed_at"


@admin.register(WhatIfScenario)
class WhatIfScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "created_by", "year", "created_at")
    search_fields = ("name",)
    list_select_related = ("created_by",)
    raw_id_fields = ("created_by",)


@admin.register(ExposedIndustry)
class ExposedIndustryAdmin(admin.ModelAdmin):
    list_display = ("name", "reason")
    search_fields = ("name",)
