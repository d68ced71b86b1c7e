"""Sharing the plan with the customer: invitations and what a guest does on "Our plan".

An invitation's link carries a random 256-bit token; only its SHA-256 digest is stored, so a copy
of the database opens nothing. A guest's steps (comments, agreement, ranking, action updates, the
satisfaction pulse) are rows of `GuestActivity`, stored as kind + values and shown in the reader's
language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Stakeholder
from planning.models.catalogue import Offering
from planning.models.plans import AccountPlan, Action, Goal, Opportunity

DEFAULT_DAYS, MAX_DAYS = 14, 90
COMMENT_MAX = 2000


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        """Invitations whose guest session may still be used: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A customer contact's access to one plan, through a link sent by e-mail."""

    class Language(models.TextChoices):
        EN = "en", "English"
        NB = "nb", "Norsk bokmål"
        SV = "sv", "Svenska"

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("customer contact")
    )
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    used_at = models.DateTimeField(_("link used"), null=True, blank=True)
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    renewal_requested_at = models.DateTimeField(_("new link requested"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["en", "nb", "sv"]),
                name="invitation_language_known",
                violation_error_message=_("Choose English, Norsk or Svenska."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} · {self.plan}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired


class GuestActivity(models.Model):
    """One step a customer guest took on their plan page, and our answer to a comment."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened the plan")
        COMMENT = "comment", _("Comment")
        AGREE = "agree", _("Agreed to the success criteria")
        PROPOSE = "propose", _("Proposed a change to the success criteria")
        RANK = "rank", _("Ranked the initiatives")
        ACTION = "action", _("Updated an action")
        PULSE = "pulse", _("Satisfaction pulse")
        RENEWAL = "renewal", _("Asked for a new link")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="guest_activity")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="activity"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.SET_NULL, null=True, blank=True, related_name="guest_activity"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    text = models.TextField(_("text"), blank=True, max_length=COMMENT_MAX)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    data = models.JSONField(default=dict, blank=True)
    # The guest's form carries a one-time key: the same form sent twice is recorded once.
    once = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)
    reply = models.TextField(_("our answer"), blank=True, max_length=COMMENT_MAX)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("customer activity")
        verbose_name_plural = _("customer activity")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "kind", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="guest_pulse_1_to_5",
                violation_error_message=_("Choose a score from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.plan}"
