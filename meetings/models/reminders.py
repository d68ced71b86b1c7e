"""The reminder outbox, in-app notifications, each person's delivery preferences, calendar feeds.

A reminder is one occurrence for one recipient: its `key` is unique, so however often the sweep
runs, and however many workers run it, the occurrence is stored once; senders claim due rows with
`select_for_update(skip_locked=True)` and stamp them, so it is delivered once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer


class Kind(models.TextChoices):
    MEETING_SOON = "meeting_soon", _("Meeting coming up")
    CADENCE_OVERDUE = "cadence_overdue", _("Meeting overdue for the rhythm")
    PLAN_REVIEW = "plan_review", _("Plan review due")
    STAKEHOLDER_SILENT = "stakeholder_silent", _("Key stakeholder not contacted")
    ACTION_DUE = "action_due", _("Action due or overdue")
    CONTRACT_NOTICE = "contract_notice", _("Contract notice date approaching")
    DEVIATION_OPEN = "deviation_open", _("Deviation open too long")
    INFORM_PERSON = "inform_person", _("Inform the person")
    NEXT_STEP = "next_step", _("Next step on the stakeholder map")
    INVITE = "invite", _("Meeting invitation")
    WEEKLY = "weekly", _("Your orchard this week")
    DIGEST = "digest", _("Daily digest")


# Kinds a person can choose the delivery of (the digest itself is how others arrive).
PREFERENCE_KINDS = [kind for kind in Kind if kind not in (Kind.DIGEST, Kind.INVITE)]


class Reminder(models.Model):
    """One occurrence for one recipient, waiting in the outbox until it is delivered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        DIGEST = "digest", _("Waiting for the daily digest")
        SKIPPED = "skipped", _("Not sent")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.CharField(max_length=200, unique=True)
    # One of our people; or, for an invitation to one of the customer's people, only an address.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    email = models.EmailField(blank=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(max_length=40, blank=True)
    # Set by the sender that holds the row, inside the transaction that delivers it (see delivery).
    claim = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["recipient", "status"]),
        ]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """What the bell and "Needs attention" show. Stored as kind + values; worded when shown."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # Off: kept for "Needs attention" but never rings the bell.
    silenced = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When what it points at no longer needs anyone (the action was done, the meeting held).
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "cleared_at", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """How one person wants one kind delivered: at once, in the daily digest, or not at all."""

    class Delivery(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DIGEST = "digest", _("In the daily digest")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="one_preference_per_user_kind",
                violation_error_message=_("There is a preference for this kind already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class CalendarFeed(models.Model):
    """A personal calendar feed behind a secret address. Only the token's hash is stored; a revoked
    feed answers 404, and renewing revokes the old address and makes a new one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_per_user",
                violation_error_message=_("You have a calendar address already."),
            ),
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
