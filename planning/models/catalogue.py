"""Our offering catalogue: groups and the offerings in them (at most two levels)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OfferingQuerySet(models.QuerySet["Offering"]):
    def active(self) -> OfferingQuerySet:
        return self.filter(active=True)

    def groups(self) -> OfferingQuerySet:
        return self.filter(parent__isnull=True)


class Offering(models.Model):
    """A service or product we sell, or a group of them. Administrators and sales leaders keep the
    catalogue; the white-space matrix has one row per offering that has no offerings under it."""

    name = models.CharField(_("name"), max_length=160)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("group"),
        help_text=_("Leave empty for a group (or an offering that stands alone)."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="unique_offering_name_in_group",
                violation_error_message=_("There is an offering with this name in the group already."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="unique_offering_group_name",
                violation_error_message=_("There is a group with this name already."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        if self.parent_id == self.pk or self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("The catalogue has at most two levels: choose a group at the top level.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This offering is a group with offerings under it; it stays at the top level.")}
            )

    @property
    def label(self) -> str:
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name
