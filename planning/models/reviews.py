"""Plan reviews and the frozen snapshots that let "what changed" compare two moments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.models.plans import AccountPlan


class PlanSnapshot(models.Model):
    """The plan, its white space and the stakeholders' attitude as they were at one moment (JSON).

    The white-space totals are columns too, so the captured-potential chart reads no JSON.
    """

    class Reason(models.TextChoices):
        REVIEW = "review", _("Review")
        ROLLOVER = "rollover", _("Roll-over")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, default=Reason.REVIEW)
    data = models.JSONField(_("contents"), default=dict)
    captured = models.DecimalField(_("captured revenue"), max_digits=18, decimal_places=2, default=Decimal(0))
    open_potential = models.DecimalField(
        _("open potential"), max_digits=18, decimal_places=2, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("plan snapshot")
        verbose_name_plural = _("plan snapshots")
        ordering = ["-taken_at", "-pk"]
        indexes = [models.Index(fields=["plan", "-taken_at"])]

    def __str__(self) -> str:
        return f"{self.plan} · {self.taken_at:%Y-%m-%d}"


class PlanReview(models.Model):
    """A recorded review: the four questions of the review, answered, and the plan frozen as it was."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    business = models.TextField(_("How is the business developing?"), max_length=4000)
    living_up = models.TextField(_("Are we living up to the plan?"), max_length=4000)
    feedback = models.TextField(_("Latest customer feedback"), blank=True, max_length=4000)
    news = models.TextField(_("New opportunities or risks"), blank=True, max_length=4000)
    snapshot = models.OneToOneField(PlanSnapshot, on_delete=models.PROTECT, related_name="review")
    next_review_due = models.DateField(_("next review due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__gt=models.F("reviewed_on")),
                name="plan_review_next_after_review",
                violation_error_message=_("The next review must come after this one."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.reviewed_on}"
