"""The account plan and its sections: goals, opportunities, actions and responsibilities.

Every item a person edits carries a `version`: a save names the version it was read at, and a
stale one is refused (see `planning.services.EditConflict`). Goals, opportunities and actions
carry a `key` that survives a roll-over, so two snapshots can be compared across plan years, and a
`shared` flag (internal by default) for what the customer may see.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.links import reverse_ids
from accounts.models import Customer, CustomerUnit
from planning import progress
from planning.models.catalogue import Offering

SHARED_HELP = _("Shared items may be shown to the customer; internal ones never are.")


class AccountPlanQuerySet(models.QuerySet["AccountPlan"]):
    def active(self) -> AccountPlanQuerySet:
        return self.filter(status=AccountPlan.Status.ACTIVE)

    def current(self) -> AccountPlanQuerySet:
        """Plans that are not archived, the active one first, then the latest period."""
        return self.exclude(status=AccountPlan.Status.ARCHIVED).order_by(
            models.Case(
                models.When(status=AccountPlan.Status.ACTIVE, then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            ),
            "-period",
        )


class AccountPlan(models.Model):
    """The plan for one customer and one period (a year): short, practical and reviewed often."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="plans")
    period = models.PositiveSmallIntegerField(
        _("period"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the plan is for, e.g. 2027"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=2000,
        help_text=_("Where we stand with the customer and where we are heading, in a few lines."),
    )
    summary_shared = models.BooleanField(
        _("summary shared with the customer"),
        default=False,
        help_text=_("Show the summary on the customer's page and in the customer copy."),
    )
    customer_in_change = models.BooleanField(
        _("customer in change"),
        default=False,
        help_text=_("New leadership, an acquisition or a reorganisation: the plan is then reviewed monthly."),
    )
    in_change_reason = models.CharField(_("what is changing"), max_length=200, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"))
    latest_review = models.ForeignKey(
        "planning.PlanReview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest review"),
    )
    rolled_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rolled_over_to",
        verbose_name=_("previous plan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AccountPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["customer", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "period"],
                name="one_plan_per_customer_period",
                violation_error_message=_("There is a plan for this customer and period already."),
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(status="active"),
                name="one_active_plan_per_customer",
                violation_error_message=_("This customer has an active plan already: archive it first."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "archived"]),
                name="plan_status_known",
                violation_error_message=_("Choose a plan status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse_ids("planning:plan-detail", self.pk)

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    def freshness(self, today: datetime.date | None = None) -> progress.Freshness:
        return progress.freshness(
            self.next_review_due, today or timezone.localdate(), in_change=self.customer_in_change
        )


class Goal(models.Model):
    """What we want to reach with the customer by a date: financial, strategic or relational."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        STRATEGIC = "strategic", _("Strategic")
        RELATIONAL = "relational", _("Relational")

    class Metric(models.TextChoices):
        NONE = "", _("Not a financial figure")
        REVENUE = progress.REVENUE, _("Revenue")
        GROSS_MARGIN = progress.GROSS_MARGIN, _("Gross margin")
        SHARE_OF_WALLET = progress.SHARE_OF_WALLET, _("Share of wallet (%)")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="goals")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FINANCIAL)
    metric = models.CharField(
        _("measured by"),
        max_length=20,
        choices=Metric.choices,
        blank=True,
        help_text=_("Financial goals are measured from the financial history."),
    )
    title = models.CharField(
        _("goal"), max_length=200, help_text=_("e.g. Sole supplier of maintenance in the north region")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    current_value = models.DecimalField(
        _("current value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For goals that are not financial figures."),
    )
    progress_entered = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Your estimate, 0–100, for goals without figures."),
    )
    success_criteria = models.TextField(
        _("success criteria"),
        blank=True,
        max_length=1000,
        help_text=_("How we and the customer will know the goal is reached, one per line."),
    )
    criteria_shared = models.BooleanField(
        _("success criteria shared"),
        default=False,
        help_text=_("Show the success criteria to the customer, who can agree or propose a change."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    shared = models.BooleanField(_("shared with the customer"), default=False, help_text=SHARED_HELP)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"],
                name="one_goal_key_per_plan",
                violation_error_message=_("This goal is in the plan already."),
            ),
            models.CheckConstraint(
                condition=Q(due__isnull=True)
                | Q(baseline_date__isnull=True)
                | Q(due__gte=F("baseline_date")),
                name="goal_due_not_before_baseline",
                violation_error_message=_("The due date cannot be before the baseline date."),
            ),
            models.CheckConstraint(
                condition=Q(progress_entered__isnull=True) | Q(progress_entered__lte=100),
                name="goal_progress_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="financial") | ~Q(metric=""),
                name="financial_goal_has_metric",
                violation_error_message=_("Choose the figure a financial goal is measured by."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.due and self.baseline_date and self.due < self.baseline_date:
            errors["due"] = _("The due date cannot be before the baseline date.")
        if self.kind == self.Kind.FINANCIAL and not self.metric:
            errors["metric"] = _("Choose the figure a financial goal is measured by.")
        if self.kind != self.Kind.FINANCIAL:
            self.metric = ""
        if errors:
            raise ValidationError(errors)

    @property
    def is_financial(self) -> bool:
        return self.kind == self.Kind.FINANCIAL


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def open(self) -> OpportunityQuerySet:
        return self.exclude(stage__in=[Opportunity.Stage.WON, Opportunity.Stage.LOST])


class Opportunity(models.Model):
    """A piece of pipeline or a new initiative, linked to a goal the customer has, not just a product."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        QUALIFIED = "qualified", _("Qualified")
        PROPOSAL = "proposal", _("Proposal")
        NEGOTIATION = "negotiation", _("Negotiation")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="opportunities")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    customer_goal = models.CharField(
        _("customer goal it serves"),
        max_length=300,
        blank=True,
        help_text=_("From the goals in the customer's profile."),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("plan goal"),
    )
    offering = models.ForeignKey(
        Offering,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("offering"),
    )
    unit = models.ForeignKey(
        CustomerUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("unit, country or location"),
    )
    cell = models.ForeignKey(
        "planning.WhiteSpaceCell",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("white-space cell"),
    )
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), default=20, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.IDEA)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    shared = models.BooleanField(_("shared with the customer"), default=False, help_text=SHARED_HELP)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"],
                name="one_opportunity_key_per_plan",
                violation_error_message=_("This opportunity is in the plan already."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="opportunity_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(probability__lte=100),
                name="opportunity_probability_0_to_100",
                violation_error_message=_("The probability is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weighted_value(self) -> Decimal:
        return progress.weighted(self.value, self.probability)

    @property
    def is_open(self) -> bool:
        return self.stage not in {self.Stage.WON, self.Stage.LOST}


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS])

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.open().filter(due__lt=today)

    def owned_by(self, user) -> ActionQuerySet:
        return self.filter(owner=user)


class Action(models.Model):
    """Something one of our people does for the account by a date, and what it serves."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="actions")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="planned_actions",
        verbose_name=_("owner"),
    )
    assignee = models.ForeignKey(
        "accounts.Stakeholder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_actions",
        verbose_name=_("customer contact responsible"),
        help_text=_("A person at the customer who owns this action; they can update its status."),
    )
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name=_("goal")
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("opportunity"),
    )
    risk = models.ForeignKey(
        "risk.RiskItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("risk"),
    )
    # A string reference: the meetings app sits above planning and is never imported here.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("meeting"),
        help_text=_("The meeting it came from"),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    shared = models.BooleanField(_("shared with the customer"), default=False, help_text=SHARED_HELP)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due"]), models.Index(fields=["plan", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"],
                name="one_action_key_per_plan",
                violation_error_message=_("This action is in the plan already."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "cancelled"]),
                name="action_status_known",
                violation_error_message=_("Choose an action status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due < timezone.localdate()


class Responsibility(models.Model):
    """Who on our side does what for this customer."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="responsibilities")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    area = models.CharField(
        _("responsible for"), max_length=120, help_text=_("e.g. Delivery, invoicing, QBRs")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["area", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person", "area"],
                name="one_responsibility_per_area",
                violation_error_message=_("This person is responsible for that area already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.area}"
