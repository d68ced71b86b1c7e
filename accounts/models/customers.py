"""Customers, their account teams, units, financial history and profile."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import orgnumbers
from accounts.links import reverse_ids
from accounts.models.people import Team, User


class CustomerQuerySet(models.QuerySet["Customer"]):
    def key_accounts(self) -> CustomerQuerySet:
        return self.filter(status=Customer.Status.KEY)

    def owned_by(self, user: User) -> CustomerQuerySet:
        return self.filter(owner=user)


class Customer(models.Model):
    """A company we sell to, or a group of companies (subsidiaries point to their parent)."""

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        CANDIDATE = "candidate", _("Candidate")
        KEY = "key", _("Key account")
        FORMER = "former", _("Former")

    class Tier(models.IntegerChoices):
        ONE = 1, _("Tier 1")
        TWO = 2, _("Tier 2")
        THREE = 3, _("Tier 3")

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=32, blank=True, help_text=_("e.g. 923 609 016 or 556677-8899")
    )
    external_id = models.CharField(
        _("external id"), max_length=64, blank=True, help_text=_("The customer's id in your CRM or ERP")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROSPECT)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, default=Tier.THREE)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="owned_customers", verbose_name=_("owner (KAM)")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="customers",
        verbose_name=_("team"),
        null=True,
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent group"),
    )
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. NO"))
    website = models.URLField(_("website"), blank=True)
    next_step = models.TextField(
        _("pilot or next step"),
        blank=True,
        max_length=2000,
        help_text=_("For candidates: the pilot or next step that will show whether they become key"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["status", "tier"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="unique_org_number",
                violation_error_message=_(
                    "This organisation number cannot be saved. Check it, or ask an administrator for help."
                ),
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="unique_external_id",
                violation_error_message=_(
                    "This external ID cannot be saved. Check it, or ask an administrator for help."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # One stored form per organisation number whoever saves (form, admin, demo): "906800004" and
        # "NO 906 800 004 MVA" are both kept as "906 800 004", so the uniqueness rule sees them as one.
        self.org_number = orgnumbers.stored(self.org_number, self.country)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse_ids("accounts:customer-detail", self.pk)


class AccountMember(models.Model):
    """Someone on a customer's account team (the "KAM squad"), with what they may do there."""

    class Role(models.TextChoices):
        CONTRIBUTOR = "contributor", _("Contributor")
        VIEWER = "viewer", _("Viewer")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CONTRIBUTOR)
    responsibility = models.CharField(
        _("responsibility"), max_length=160, blank=True, help_text=_("e.g. delivery, support, finance")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team members")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "user"],
                name="one_membership_per_customer",
                violation_error_message=_("This person is on the account team already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.customer} ({self.get_role_display()})"


class CustomerUnit(models.Model):
    """A business unit, country or location of the customer: the white-space axis."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("Business unit")
        COUNTRY = "country", _("Country")
        LOCATION = "location", _("Location")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.UNIT)
    name = models.CharField(_("name"), max_length=160)
    country = models.CharField(_("country"), max_length=2, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("customer unit")
        verbose_name_plural = _("customer units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind", "name"],
                name="unique_unit_per_customer",
                violation_error_message=_(
                    "This customer has a unit, country or location with that name already."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class FinancialPeriod(models.Model):
    """Our revenue and gross margin with the customer in one year (quarter 0) or quarter, and
    an estimate of what they spend in our categories in total (for share of wallet)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="financials")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, validators=[MaxValueValidator(4)], help_text=_("0 for the whole year")
    )
    revenue = models.DecimalField(_("our revenue"), max_digits=16, decimal_places=2)
    gross_margin = models.DecimalField(_("our gross margin"), max_digits=16, decimal_places=2)
    their_spend = models.DecimalField(
        _("their total spend in our categories"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("financial period")
        verbose_name_plural = _("financial periods")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "year", "quarter"],
                name="one_row_per_period",
                violation_error_message=_(
                    "There are figures for this period already. Edit them instead of adding a second row."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quarter__lte=4),
                name="quarter_0_to_4",
                violation_error_message=_("Choose the whole year or a quarter from Q1 to Q4."),
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0),
                name="revenue_not_negative",
                violation_error_message=_("Revenue cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(their_spend__gte=0) | Q(their_spend__isnull=True),
                name="spend_not_negative",
                violation_error_message=_("Their spend cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year}" if not self.quarter else f"{self.year} Q{self.quarter}"

    @property
    def share_of_wallet(self) -> Decimal | None:
        """Our revenue ÷ their spend, as a fraction; None when their spend is unknown or zero."""
        if not self.their_spend:
            return None
        return self.revenue / self.their_spend

    @property
    def margin_ratio(self) -> Decimal | None:
        return self.gross_margin / self.revenue if self.revenue else None


class ProfileSection(models.Model):
    """One section of the customer profile, written in plain text or a safe Markdown subset."""

    class Key(models.TextChoices):
        BUSINESS = "business", _("What they live off")
        GOALS = "goals", _("Goals for the next 1–3 years")
        TRENDS = "trends", _("Trends, regulation and technology")
        SUCCESS = "success", _("How they measure success")
        CHALLENGES = "challenges", _("Challenges and priorities")
        DECISIONS = "decisions", _("Organisation and decision structure")
        PROJECTS = "projects", _("Ongoing projects and business volume")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="profile_sections")
    key = models.CharField(_("section"), max_length=16, choices=Key.choices)
    body = models.TextField(_("text"), blank=True, max_length=20000)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("profile section")
        verbose_name_plural = _("profile sections")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "key"],
                name="one_section_per_key",
                violation_error_message=_("This profile section exists already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.get_key_display()}"
