from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.admin_versions import VersionedAdmin
from accounts.forms.base import ModelForm
from accounts.models import (
    AccountMember,
    Criterion,
    Customer,
    CustomerUnit,
    Event,
    FinancialPeriod,
    HealthWeight,
    Job,
    ProfileSection,
    Score,
    SelectionDecision,
    Team,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = [
        "email",
        "full_name",
        "title",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "language", "teams"]
    search_fields = ["email", "full_name", "title"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "title", "language", "time_zone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "leader_names", "member_count"]
    search_fields = ["name", "leaders__full_name", "members__full_name"]
    filter_horizontal = ["leaders", "members"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leaders", "members")

    @admin.display(description=_("leaders"))
    def leader_names(self, team: Team) -> str:
        return ", ".join(str(u) for u in team.leaders.all())

    @admin.display(description=_("members"))
    def member_count(self, team: Team) -> int:
        return len(team.members.all())


class AccountMemberInline(admin.TabularInline):
    model = AccountMember
    extra = 0
    autocomplete_fields = ["user"]


class CustomerUnitInline(admin.TabularInline):
    model = CustomerUnit
    extra = 0


@admin.register(Customer)
class CustomerAdmin(VersionedAdmin):
    list_display = [
        "name",
        "org_number",
        "status",
        "tier",
        "owner",
        "team",
        "industry",
        "country",
        "updated_at",
    ]
    list_filter = ["status", "tier", "team", "country"]
    search_fields = ["name", "org_number", "external_id", "owner__full_name", "owner__email", "industry"]
    list_select_related = ["owner", "team"]
    autocomplete_fields = ["owner", "parent"]
    inlines = [AccountMemberInline, CustomerUnitInline]


@admin.register(AccountMember)
class AccountMemberAdmin(admin.ModelAdmin):
    list_display = ["customer", "user", "role", "responsibility", "added_at"]
    list_filter = ["role"]
    search_fields = ["customer__name", "user__full_name", "user__email"]
    list_select_related = ["customer", "user"]
    autocomplete_fields = ["customer", "user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "customer", "actor", "kind"]
    list_filter = ["kind"]
    search_fields = ["customer__name", "actor__full_name", "kind"]
    list_select_related = ["customer", "actor"]
    date_hierarchy = "created_at"
    readonly_fields = ["customer", "actor", "kind", "data", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # the timeline is written by services, never by hand


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "progress", "created_by", "customer", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "created_by__email", "customer__name", "message"]
    list_select_related = ["created_by", "customer"]
    readonly_fields = [
        "kind",
        "status",
        "progress",
        "message",
        "params",
        "result",
        "created_by",
        "customer",
        "created_at",
        "finished_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(FinancialPeriod)
class FinancialPeriodAdmin(VersionedAdmin):
    list_display = ["customer", "year", "quarter", "revenue", "gross_margin", "their_spend"]
    list_filter = ["year", "quarter"]
    search_fields = ["customer__name", "customer__org_number"]
    list_select_related = ["customer"]
    autocomplete_fields = ["customer"]


@admin.register(ProfileSection)
class ProfileSectionAdmin(VersionedAdmin):
    list_display = ["customer", "key", "updated_by", "updated_at"]
    list_filter = ["key"]
    search_fields = ["customer__name", "body"]
    list_select_related = ["customer", "updated_by"]
    autocomplete_fields = ["customer"]


@admin.register(Criterion)
class CriterionAdmin(VersionedAdmin):
    list_display = ["name", "axis", "weight", "active", "order"]
    list_editable = ["weight", "active", "order"]
    list_filter = ["axis", "active"]
    search_fields = ["name", "description"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["customer", "criterion", "value", "scored_by", "scored_at"]
    list_filter = ["criterion", "value"]
    search_fields = ["customer__name", "rationale"]
    list_select_related = ["customer", "criterion", "scored_by"]
    autocomplete_fields = ["customer"]


@admin.register(SelectionDecision)
class SelectionDecisionAdmin(admin.ModelAdmin):
    list_display = ["customer", "kind", "previous_status", "new_status", "decided_by", "decided_at"]
    list_filter = ["kind", "new_status"]
    search_fields = ["customer__name", "reason", "decided_by__full_name"]
    list_select_related = ["customer", "decided_by"]
    readonly_fields = [
        "customer",
        "kind",
        "reason",
        "decided_by",
        "decided_at",
        "previous_status",
        "new_status",
        "weighted_score",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # decisions are recorded in Orchard, with the status change they cause


from accounts import admin_stakeholders  # noqa: E402,F401  (registers the stakeholder map)


class HealthWeightForm(ModelForm):
    """The component is chosen from the catalogue, so a weight can never name an unknown component."""

    key = forms.ChoiceField(label=_("component"))

    class Meta:
        model = HealthWeight
        fields = ["key", "weight"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.health import CATALOGUE

        self.fields["key"].choices = [
            (key, f"{spec.label} ({spec.default_weight})") for key, spec in CATALOGUE.items()
        ]


@admin.register(HealthWeight)
class HealthWeightAdmin(admin.ModelAdmin):
    form = HealthWeightForm
    list_display = ["__str__", "weight"]
    list_editable = ["weight"]
