from django.apps import AppConfig
from django.db import models
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _

from accounts import text

# The apps whose rows hold what people type; Django's own tables are left as they are.
TEXT_APPS = frozenset({"accounts", "planning", "risk", "meetings"})


def normalise_saved_text(sender, instance, **kwargs) -> None:
    """Every text column of Orchard's rows is stored in NFC without bidi formatting characters,
    whichever path wrote it (forms, services, import, admin), so search and duplicate checks work."""
    if sender._meta.app_label not in TEXT_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and not value.isascii():
                setattr(instance, field.attname, text.normalise(value))


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Customers and people")

    def ready(self) -> None:
        pre_save.connect(normalise_saved_text, dispatch_uid="orchard-normalise-saved-text")
        from accounts import pagecache

        # After every migrate (and flush): each table, new ones too, moves the data version.
        post_migrate.connect(pagecache.watch_after_migrate, sender=self, dispatch_uid="orchard-watch-tables")
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
        from accounts import generated

        timeline.register_label("criterion", generated.builtin)
        timeline.register_label("next_due", timeline.day)
        unit_kinds = dict(CustomerUnit.Kind.choices)  # lazy labels: translated when shown
        timeline.register_label("unit_kind", lambda code: str(unit_kinds.get(code, code)).lower())
