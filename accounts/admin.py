from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountMember, Customer, Event, Job, Team, User


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


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "owner", "team", "industry", "country", "updated_at"]
    list_filter = ["status", "team", "country"]
    search_fields = ["name", "owner__full_name", "owner__email", "industry"]
    list_select_related = ["owner", "team"]
    autocomplete_fields = ["owner"]
    inlines = [AccountMemberInline]


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
