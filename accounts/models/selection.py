"""Choosing the key accounts: criteria, scores and the decisions that give a KAM their mandate."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import generated
from accounts.models.customers import Customer
from accounts.models.people import User


class Criterion(models.Model):
    """A selection criterion agreed with management, scored 1–5 with an anchor text per level."""

    class Axis(models.TextChoices):
        ATTRACTIVENESS = "attractiveness", _("Customer attractiveness")
        POSITION = "position", _("Our position")

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Relative weight; the weights of active criteria need not add up to 100."),
    )
    axis = models.CharField(_("axis"), max_length=16, choices=Axis.choices, default=Axis.ATTRACTIVENESS)
    anchor_1 = models.CharField(_("1 means"), max_length=240, blank=True)
    anchor_2 = models.CharField(_("2 means"), max_length=240, blank=True)
    anchor_3 = models.CharField(_("3 means"), max_length=240, blank=True)
    anchor_4 = models.CharField(_("4 means"), max_length=240, blank=True)
    anchor_5 = models.CharField(_("5 means"), max_length=240, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__lte=100),
                name="criterion_weight_at_most_100",
                violation_error_message=_("The weight must be a whole number from 0 to 100."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language while it is the shipped default, else as written."""
        return generated.builtin(self.name)

    @property
    def description_text(self) -> str:
        return generated.builtin(self.description)

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(level, generated.builtin(getattr(self, f"anchor_{level}"))) for level in range(1, 6)]


class Score(models.Model):
    """One customer's score on one criterion, with the reason for it."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rationale = models.TextField(_("rationale"), blank=True, max_length=2000)
    scored_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scored_at = models.DateTimeField(_("scored"), default=timezone.now)

    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "criterion"],
                name="one_score_per_criterion",
                violation_error_message=_("This customer has a score on that criterion already."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5),
                name="score_1_to_5",
                violation_error_message=_("Choose a score from 1 to 5, or leave it unscored."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.criterion}: {self.value}"


class SelectionDecision(models.Model):
    """A recorded decision on a customer: who decided, when, why, and the status it led to."""

    class Kind(models.TextChoices):
        MAKE_KEY = "make_key", _("Make key account")
        KEEP_CANDIDATE = "keep_candidate", _("Keep as candidate")
        DECLINE = "decline", _("Decline")
        RETIRE = "retire", _("Retire")

    # The status each decision leads to.
    RESULT = {
        Kind.MAKE_KEY: Customer.Status.KEY,
        Kind.KEEP_CANDIDATE: Customer.Status.CANDIDATE,
        Kind.DECLINE: Customer.Status.PROSPECT,
        Kind.RETIRE: Customer.Status.FORMER,
    }

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("why"), max_length=2000)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    previous_status = models.CharField(max_length=16, choices=Customer.Status.choices)
    new_status = models.CharField(max_length=16, choices=Customer.Status.choices)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer}: {self.get_kind_display()}"


class StatusProposal(models.Model):
    """A request, from an import, to move a customer to a status only a selection decision sets.

    A leader confirms it (which records a real `SelectionDecision`) or refuses it with a message the
    KAM reads; a later import asking for another status replaces an open one.
    """

    class State(models.TextChoices):
        OPEN = "open", _("waiting for a leader")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")
        REPLACED = "replaced", _("replaced by a later proposal")

    # The decision that leads to each status a proposal may ask for.
    DECISION_FOR = {status: kind for kind, status in SelectionDecision.RESULT.items()}

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="status_proposals")
    status = models.CharField(_("proposed status"), max_length=16, choices=Customer.Status.choices)
    previous_status = models.CharField(max_length=16, choices=Customer.Status.choices)
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    source = models.CharField(_("file"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision = models.ForeignKey(
        SelectionDecision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("status proposal")
        verbose_name_plural = _("status proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(state="open"),
                name="one_open_status_proposal",
                violation_error_message=_("This customer already has a proposal waiting for a leader."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.get_status_display()} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
