"""Monthly coaching: a sales leader and a KAM talk about one or two of the KAM's accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from planning.models.plans import Action


class CoachingConversation(models.Model):
    """What a leader and a KAM discussed, on which accounts, and the actions they agreed.

    Only the two of them see it; the agreed actions are ordinary plan actions owned by the KAM.
    """

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_given",
        verbose_name=_("leader"),
    )
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_received",
        verbose_name=_("KAM"),
    )
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), max_length=5000)
    customers = models.ManyToManyField(
        Customer, related_name="coaching_conversations", verbose_name=_("accounts")
    )
    actions = models.ManyToManyField(Action, blank=True, related_name="coaching_conversations")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("coaching conversation")
        verbose_name_plural = _("coaching conversations")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["kam", "held_on"]), models.Index(fields=["leader", "held_on"])]

    def __str__(self) -> str:
        return f"{self.kam} · {self.held_on}"
