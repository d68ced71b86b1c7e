"""Django admin for the stakeholder map. DISC styles and personal notes are left out on purpose:
they belong to the account team, and administrators are not on it by virtue of being administrators."""

from django.contrib import admin

from accounts.admin_versions import VersionedAdmin
from accounts.models import Interaction, NextStep, Relationship, Stakeholder, StakeholderChange

INTERNAL = ["disc", "notes"]


class RelationshipInline(admin.TabularInline):
    model = Relationship
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Stakeholder)
class StakeholderAdmin(VersionedAdmin):
    list_display = ["name", "title", "customer", "level", "function", "influence", "attitude", "has_left"]
    list_filter = ["level", "function", "attitude", "has_left"]
    search_fields = ["name", "title", "email", "customer__name"]
    list_select_related = ["customer"]
    autocomplete_fields = ["customer", "reports_to", "successor"]
    exclude = INTERNAL
    readonly_fields = ["last_contacted_on", "created_by", "created_at"]
    inlines = [RelationshipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*INTERNAL)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "kind", "customer", "created_by"]
    list_filter = ["kind"]
    search_fields = ["customer__name", "summary"]
    list_select_related = ["customer", "created_by"]
    autocomplete_fields = ["customer", "stakeholders", "our_people"]
    date_hierarchy = "occurred_on"


@admin.register(NextStep)
class NextStepAdmin(admin.ModelAdmin):
    list_display = ["kind", "customer", "stakeholder", "assignee", "status", "due_on"]
    list_filter = ["kind", "status"]
    search_fields = ["customer__name", "text"]
    list_select_related = ["customer", "stakeholder", "assignee"]
    autocomplete_fields = ["customer", "stakeholder", "assignee"]


@admin.register(StakeholderChange)
class StakeholderChangeAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "field", "old_value", "new_value", "changed_by", "changed_at"]
    list_filter = ["field"]
    list_select_related = ["stakeholder", "changed_by"]
    readonly_fields = ["stakeholder", "field", "user", "old_value", "new_value", "changed_by", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False  # history is written by the services, as things change
