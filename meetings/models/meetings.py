"""Cadence rules, meetings with both sides' attendees and their history, and deviations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Stakeholder, validate_time_zone

NOTES_LIMIT = 50_000
TEXT_LIMIT = 10_000
# A rhythm longer than two years is no rhythm: 0 means "none expected".
LONGEST_INTERVAL_MONTHS = 24


class MeetingType(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    STRATEGIC = "strategic", _("Strategic / QBR")
    RELATIONSHIP = "relationship", _("Relationship")


def new_uid() -> str:
    return f"{uuid.uuid4()}@orchard"


class CadenceRule(models.Model):
    """How often a meeting type is expected: a tier default (customer empty) or one customer's
    override of it, which must say why."""

    tier = models.PositiveSmallIntegerField(_("tier"), choices=Customer.Tier.choices, null=True, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="cadence_rules"
    )
    meeting_type = models.CharField(_("kind of meeting"), max_length=16, choices=MeetingType.choices)
    interval_months = models.PositiveSmallIntegerField(
        _("every (months)"),
        validators=[MinValueValidator(0), MaxValueValidator(LONGEST_INTERVAL_MONTHS)],
        help_text=_("0 when this kind of meeting is not expected"),
    )
    reason = models.CharField(_("why this account differs"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cadence rule")
        verbose_name_plural = _("cadence rules")
        ordering = ["tier", "customer", "meeting_type"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(tier__isnull=False) & Q(customer__isnull=True))
                | (Q(tier__isnull=True) & Q(customer__isnull=False)),
                name="cadence_rule_tier_or_customer",
                violation_error_message=_("A cadence rule is either a tier default or one customer's."),
            ),
            models.UniqueConstraint(
                fields=["tier", "meeting_type"],
                condition=Q(customer__isnull=True),
                name="one_cadence_default_per_tier_type",
                violation_error_message=_("This tier has a rhythm for that kind of meeting already."),
            ),
            models.UniqueConstraint(
                fields=["customer", "meeting_type"],
                condition=Q(customer__isnull=False),
                name="one_cadence_override_per_customer_type",
                violation_error_message=_(
                    "This customer has its own rhythm for that kind of meeting already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(interval_months__lte=LONGEST_INTERVAL_MONTHS),
                name="cadence_interval_at_most_24",
                violation_error_message=_("A rhythm is at most every 24 months."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()}: {self.interval_months}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def planned(self) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.PLANNED)

    def held(self) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.HELD)


class Meeting(models.Model):
    """One meeting with the customer: when and where, who from both sides, the agenda, and
    afterwards what happened, why it matters, the decisions and the ratings."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="meetings")
    meeting_type = models.CharField(
        _("kind of meeting"), max_length=16, choices=MeetingType.choices, default=MeetingType.STRATEGIC
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Oslo", validators=[validate_time_zone]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True, max_length=500)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_meetings",
        verbose_name=_("organiser"),
    )
    our_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="meetings", blank=True, verbose_name=_("our people")
    )
    their_attendees = models.ManyToManyField(
        Stakeholder, related_name="meetings", blank=True, verbose_name=_("their people")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    agenda = models.TextField(_("agenda"), blank=True, max_length=TEXT_LIMIT)
    notes = models.TextField(_("what happened"), blank=True, max_length=NOTES_LIMIT)
    why_it_matters = models.TextField(_("why it matters"), blank=True, max_length=TEXT_LIMIT)
    decisions = models.TextField(_("decisions"), blank=True, max_length=TEXT_LIMIT)
    customer_rating = models.PositiveSmallIntegerField(
        _("the customer's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How the customer rated the meeting, 1 (poor) to 5 (excellent)"),
    )
    our_rating = models.PositiveSmallIntegerField(
        _("our rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How we rate it ourselves, 1 to 5"),
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    uid = models.CharField(max_length=120, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "meeting_type", "status", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "cancelled"]),
                name="meeting_status_known",
                violation_error_message=_("Choose a meeting status from the list."),
            ),
            models.CheckConstraint(
                condition=(Q(customer_rating__gte=1) & Q(customer_rating__lte=5))
                | Q(customer_rating__isnull=True),
                name="meeting_customer_rating_1_to_5",
                violation_error_message=_("A rating is a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=(Q(our_rating__gte=1) & Q(our_rating__lte=5)) | Q(our_rating__isnull=True),
                name="meeting_our_rating_1_to_5",
                violation_error_message=_("A rating is a number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", args=[self.pk])

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def local_start(self):
        import zoneinfo

        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_end(self):
        import zoneinfo

        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))


class MeetingChange(models.Model):
    """One step in a meeting's history: rescheduled (old and new times), cancelled, held or changed."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CHANGED = "changed", _("Details changed")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("what happened"), max_length=16, choices=Kind.choices)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    fields = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting change")
        verbose_name_plural = _("meeting history")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.kind}"


class Deviation(models.Model):
    """A deviation (avvik) in delivery: what went wrong, how bad, whether the SLA was breached,
    who owns it, and how and when it was resolved."""

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="deviations")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LIMIT)
    severity = models.CharField(
        _("severity"), max_length=16, choices=Severity.choices, default=Severity.MEDIUM
    )
    sla_breached = models.BooleanField(_("SLA breached"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_deviations",
        verbose_name=_("owner"),
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    resolution = models.TextField(_("resolution"), blank=True, max_length=TEXT_LIMIT)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["closed_on", "-opened_on", "-pk"]
        indexes = [models.Index(fields=["customer", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="deviation_closed_after_opened",
                violation_error_message=_("A deviation cannot be closed before it was opened."),
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["low", "medium", "high", "critical"]),
                name="deviation_severity_known",
                violation_error_message=_("Choose a severity from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def days_to_resolve(self) -> int | None:
        return (self.closed_on - self.opened_on).days if self.closed_on else None
