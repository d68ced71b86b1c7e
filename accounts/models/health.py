"""Account health: the weights administrators set, and one stored snapshot per key account per day."""

from __future__ import annotations

from django.core.cache import cache
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from accounts.models.customers import Customer


class HealthWeight(models.Model):
    """The weight of one health component; a component without a row keeps its default weight."""

    key = models.CharField(_("component"), max_length=32, unique=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Relative weight, 0–100; 0 leaves the component out. The weights need not add up to 100."
        ),
    )

    class Meta:
        verbose_name = _("health weight")
        verbose_name_plural = _("health weights")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__lte=100),
                name="health_weight_at_most_100",
                violation_error_message=_("The weight must be a whole number from 0 to 100."),
            )
        ]

    # The weights as read by accounts.selectors.health.weights(); forgotten on every change.
    CACHE_KEY = "health-weights"

    def __str__(self) -> str:
        from accounts.health import CATALOGUE

        spec = CATALOGUE.get(self.key)
        return str(spec.label) if spec else self.key


@receiver([post_save, post_delete], sender=HealthWeight)
def _forget_weights(**kwargs) -> None:
    cache.delete(HealthWeight.CACHE_KEY)


class HealthSnapshot(models.Model):
    """A key account's health on one day, with every component's reading (kind + values)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="health_snapshots")
    day = models.DateField(_("day"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(_("confidence"), default=0)
    readings = models.JSONField(_("readings"), default=dict)
    taken_at = models.DateTimeField(_("taken"), auto_now=True)

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")
        ordering = ["customer", "-day"]
        indexes = [models.Index(fields=["day", "customer"])]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "day"],
                name="one_health_snapshot_per_day",
                violation_error_message=_("There is a health reading for this customer and day already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.day}"
