"""Administrators see every request to the assistant (the audit) and choose which internal-only
field groups may be sent to a language model."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assistant.models import AssistantRun, AssistantSettings


@admin.register(AssistantSettings)
class AssistantSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "send_disc", "send_personal_notes", "send_margins", "updated_at"]
    fieldsets = [
        (
            _("Internal-only data a language model may receive"),
            {
                "description": _(
                    "Off by default. The offline assistant never sends anything anywhere; these apply only "
                    "when ASSISTANT_URL and ASSISTANT_MODEL are set."
                ),
                "fields": ["send_disc", "send_personal_notes", "send_margins"],
            },
        )
    ]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not AssistantSettings.objects.exists()


@admin.register(AssistantRun)
class AssistantRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "customer", "created_by", "provider", "model_name", "status"]
    list_filter = ["kind", "provider", "status"]
    search_fields = ["customer__name", "created_by__email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "customer",
        "created_by",
        "kind",
        "status",
        "provider",
        "model_name",
        "language",
        "reference_date",
        "source",
        "source_text",
        "prompt",
        "response",
        "result",
        "job",
        "created_at",
        "finished_at",
        "version",
    ]
    exclude = ["stakeholders"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
