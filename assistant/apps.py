from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = _("Assistant")

    def ready(self) -> None:
        # The job runner registers itself on import; web and worker alike need it.
        import assistant.jobs  # noqa: F401
        from accounts.erasure import register_erasure_hook
        from assistant.services import runs_erase_for

        register_erasure_hook(runs_erase_for)

        from assistant import checklist

        checklist.register()
