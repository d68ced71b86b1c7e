from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Customers and people")

    def ready(self) -> None:
        # Job runners and timeline sentences register themselves on import; web and worker alike need them.
        import accounts.services.imports  # noqa: F401
        from accounts import health_components, timeline

        health_components.register()

        from accounts import checklist_items

        checklist_items.register()
        from accounts.models import AccountMember, Customer, CustomerUnit

        statuses = dict(Customer.Status.choices)
        roles = dict(AccountMember.Role.choices)
        field_names = {
            f.name: f.verbose_name for f in Customer._meta.get_fields() if hasattr(f, "verbose_name")
        }
        timeline.register_label("status", lambda code: statuses.get(code, code))
        timeline.register_label("old", lambda code: statuses.get(code, code))
        timeline.register_label("new", lambda code: statuses.get(code, code))
        timeline.register_label("role", lambda code: roles.get(code, code))
        timeline.register_label("fields", lambda name: field_names.get(name, name))
        unit_kinds = dict(CustomerUnit.Kind.choices)  # lazy labels: translated when shown
        timeline.register_label("unit_kind", lambda code: str(unit_kinds.get(code, code)).lower())
