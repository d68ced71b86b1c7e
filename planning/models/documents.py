"""PDF documents made from a plan: every version is kept, per plan and kind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.models.plans import AccountPlan


class PlanDocument(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Account plan (internal)")
        CUSTOMER = "customer", _("Account plan (customer copy)")
        QBR = "qbr", _("QBR pack (internal)")
        QBR_CUSTOMER = "qbr_customer", _("QBR pack (customer copy)")

    CUSTOMER_KINDS = frozenset({Kind.CUSTOMER, Kind.QBR_CUSTOMER})

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8)
    file = models.CharField(max_length=200)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "number"],
                name="one_document_version_per_kind",
                violation_error_message=_("This version exists already."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["internal", "customer", "qbr", "qbr_customer"]),
                name="document_kind_known",
                violation_error_message=_("Choose a document kind from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_kind_display()} v{self.number}"

    @property
    def is_customer_copy(self) -> bool:
        return self.kind in self.CUSTOMER_KINDS
