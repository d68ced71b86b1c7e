"""Contracts, competitors, the risk register, risk reviews and saved what-if scenarios.

Concentration and dependency are computed from `accounts.FinancialPeriod`, never stored.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import generated
from accounts.models import Customer, CustomerUnit
from risk import assessment, contracts


class Contract(models.Model):
    """An agreement with the customer: when it runs, how long the notice is, how it renews."""

    class NoticeUnit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contracts")
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    expiry = models.DateField(_("expiry"))
    notice_amount = models.PositiveSmallIntegerField(_("notice period"), default=0)
    notice_unit = models.CharField(
        _("notice unit"), max_length=8, choices=NoticeUnit.choices, default=NoticeUnit.MONTHS
    )
    renewal_terms = models.TextField(
        _("renewal terms"),
        blank=True,
        max_length=4000,
        help_text=_("e.g. renews for 12 months unless terminated"),
    )
    value = models.DecimalField(_("annual value"), max_digits=16, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["expiry", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry__gt=models.F("start")),
                name="contract_expiry_after_start",
                violation_error_message=_("The contract must expire after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) | Q(value__isnull=True),
                name="contract_value_not_negative",
                violation_error_message=_("The annual value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(notice_unit__in=["days", "months"]),
                name="contract_notice_unit_known",
                violation_error_message=_("Give the notice period in days or months."),
            ),
            models.CheckConstraint(
                condition=Q(notice_amount__lte=3660),
                name="contract_notice_at_most_3660",
                violation_error_message=_("A notice period is at most ten years."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start and self.expiry and self.expiry <= self.start:
            raise ValidationError({"expiry": _("The contract must expire after it starts.")})

    @property
    def notice_by(self) -> datetime.date:
        """The last day on which notice can still be given before expiry."""
        return contracts.notice_deadline(self.expiry, self.notice_amount, self.notice_unit)

    @property
    def notice_longer_than_term(self) -> bool:
        return self.notice_by < self.start


class CompetitorPresence(models.Model):
    """A competitor we know is at the customer, where, and how strongly."""

    class Strength(models.IntegerChoices):
        WEAK = 1, _("weak")
        MEDIUM = 2, _("medium")
        STRONG = 3, _("strong")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="competitors")
    name = models.CharField(_("competitor"), max_length=160)
    unit = models.ForeignKey(
        CustomerUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competitors",
        verbose_name=_("where"),
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=Strength.choices, default=Strength.MEDIUM
    )
    share_estimate = models.DecimalField(
        _("estimated share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("competitor presence")
        verbose_name_plural = _("competitor presences")
        ordering = ["-strength", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=3),
                name="competitor_strength_1_to_3",
                violation_error_message=_("Choose a strength from the list."),
            ),
            models.CheckConstraint(
                condition=Q(share_estimate__isnull=True) | Q(share_estimate__gte=0, share_estimate__lte=100),
                name="competitor_share_0_to_100",
                violation_error_message=_("The share is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.customer}"

    def clean(self) -> None:
        if self.share_estimate is not None and not 0 <= self.share_estimate <= 100:
            raise ValidationError({"share_estimate": _("Enter a share from 0 to 100 %.")})


class RiskItemQuerySet(models.QuerySet["RiskItem"]):
    def open(self) -> RiskItemQuerySet:
        """Open or being mitigated: everything not closed."""
        return self.exclude(status=RiskItem.Status.CLOSED)


class RiskItem(models.Model):
    """One entry in a customer's risk register. `version` guards against overwriting a
    colleague's edit; `source` says where the risk came from (e.g. a what-if scenario)."""

    class Category(models.TextChoices):
        PEOPLE = "people", _("People")
        COMPETITOR = "competitor", _("Competitor")
        TECHNOLOGY = "technology", _("Technology shift")
        DEPENDENCY = "dependency", _("Dependency")
        CONTRACT = "contract", _("Contract")
        DELIVERY = "delivery", _("Delivery")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MITIGATING = "mitigating", _("Mitigating")
        CLOSED = "closed", _("Closed")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("title"), max_length=200)
    # A title Orchard wrote (from a what-if scenario) is kept as a kind and values and worded for each
    # reader; `title` holds it in the owner's language, and a person's edit replaces both.
    title_kind = models.CharField(max_length=60, blank=True, default="")
    title_params = models.JSONField(default=dict, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), default=3)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), default=3)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=4000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(_("source"), max_length=300, blank=True)
    scenario = models.ForeignKey(
        "risk.WhatIfScenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("what-if scenario"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = RiskItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["status", "-likelihood", "-impact", "pk"]
        indexes = [models.Index(fields=["customer", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message=_("Likelihood is a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message=_("Impact is a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "mitigating", "closed"]),
                name="risk_status_known",
                violation_error_message=_("Choose a risk status from the list."),
            ),
            models.UniqueConstraint(
                fields=["scenario", "customer"],
                condition=Q(scenario__isnull=False),
                name="one_risk_per_scenario_customer",
                violation_error_message=_("This scenario has a risk for that customer already."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return generated.render(self.title_kind, self.title_params, fallback=self.title)

    def clean(self) -> None:
        errors = {}
        for name in ("likelihood", "impact"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 5:
                errors[name] = _("Choose a value from 1 to 5.")
        if errors:
            raise ValidationError(errors)

    @property
    def score(self) -> int:
        """Likelihood × impact, 1–25."""
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return assessment.score_level(self.score)


class RiskReview(models.Model):
    """A dated look at a customer's risks, with when the next one is due."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="risk_reviews")
    reviewed_at = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    summary = models.TextField(_("summary"), max_length=4000)
    next_review_due = models.DateField(_("next review due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["customer", "-reviewed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=models.F("reviewed_at")),
                name="risk_review_next_after_review",
                violation_error_message=_("The next review must come after this one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.reviewed_at}"

    def clean(self) -> None:
        if self.reviewed_at and self.next_review_due and self.next_review_due <= self.reviewed_at:
            raise ValidationError({"next_review_due": _("The next review must come after this one.")})


class WhatIfScenarioQuerySet(models.QuerySet["WhatIfScenario"]):
    def owned_by(self, user) -> WhatIfScenarioQuerySet:
        """Saved scenarios are private to the person who saved them."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()


class WhatIfScenario(models.Model):
    """A saved simulation: which customers change and how, for a given revenue year.

    `changes` is a list of {"customer": id, "kind": "halve"|"lose"|"custom", "percent": int}.
    Only the customers the viewer may see count when it is shown or applied again.
    """

    name = models.CharField(_("name"), max_length=160)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whatif_scenarios"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WhatIfScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("what-if scenario")
        verbose_name_plural = _("what-if scenarios")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class ExposedIndustry(models.Model):
    """An industry under pressure (regulation, a shrinking market, a technology shift): every
    customer in it is flagged on its risk assessment. Kept by administrators."""

    name = models.CharField(
        _("industry"), max_length=120, unique=True, help_text=_("Spelt as on the customers, e.g. Energy")
    )
    reason = models.CharField(_("why it is exposed"), max_length=300)

    class Meta:
        verbose_name = _("exposed industry")
        verbose_name_plural = _("exposed industries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
