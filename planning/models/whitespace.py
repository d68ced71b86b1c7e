"""The white-space matrix: our offerings × the customer's units, countries and locations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, CustomerUnit
from planning.models.catalogue import Offering
from planning.models.plans import SHARED_HELP


class WhiteSpaceCell(models.Model):
    """One offering at one unit of the customer: who they buy it from, what it brings, what it could."""

    class Status(models.TextChoices):
        US = "us", _("Buying from us")
        COMPETITOR = "competitor", _("Buying from a competitor")
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    class Confidence(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    # Statuses whose potential is still to be won.
    OPEN_STATUSES = frozenset({Status.OPEN, Status.COMPETITOR, Status.IN_PROGRESS})

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="whitespace_cells")
    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="cells", verbose_name=_("offering")
    )
    unit = models.ForeignKey(
        CustomerUnit, on_delete=models.CASCADE, related_name="whitespace_cells", verbose_name=_("unit")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    current_revenue = models.DecimalField(
        _("current revenue"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("What we sell here per year today."),
    )
    potential = models.DecimalField(
        _("estimated potential"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("What the customer could buy here per year."),
    )
    competitor = models.CharField(_("competitor"), max_length=160, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), choices=Confidence.choices, default=Confidence.MEDIUM
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("white-space cell")
        verbose_name_plural = _("white-space cells")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "unit"],
                name="one_cell_per_offering_unit",
                violation_error_message=_("This white-space cell exists already."),
            ),
            models.CheckConstraint(
                condition=Q(current_revenue__gte=0),
                name="cell_revenue_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(potential__gte=0),
                name="cell_potential_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["us", "competitor", "open", "in_progress", "not_relevant"]),
                name="cell_status_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=3),
                name="cell_confidence_1_to_3",
                violation_error_message=_("Choose a confidence from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering} × {self.unit}"

    def clean(self) -> None:
        super().clean()
        if self.unit_id and self.customer_id and self.unit.customer_id != self.customer_id:
            raise ValidationError({"unit": _("Choose one of this customer's units.")})

    @property
    def open_potential(self) -> Decimal:
        return self.potential if self.status in self.OPEN_STATUSES else Decimal(0)


class WhiteSpaceRow(models.Model):
    """Per customer and offering: whether the matrix row may be shown to the customer."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="whitespace_rows")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    shared = models.BooleanField(_("shared with the customer"), default=False, help_text=SHARED_HELP)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("white-space row")
        verbose_name_plural = _("white-space rows")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "offering"],
                name="one_whitespace_row_per_offering",
                violation_error_message=_("This offering has a row in the white space already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.offering}"
