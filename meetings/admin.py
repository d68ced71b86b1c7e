"""Administrators keep the tier rhythms here too (leaders use the Meeting rhythm page)."""

from django.contrib import admin

from meetings.models import CadenceRule


@admin.register(CadenceRule)
class CadenceRuleAdmin(admin.ModelAdmin):
    list_display = ("meeting_type", "tier", "customer", "interval_months", "reason", "updated_at")
    list_filter = ("meeting_type", "tier")
    raw_id_fields = ("customer", "updated_by")
    readonly_fields = ("version", "updated_by")

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
