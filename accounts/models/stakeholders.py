"""The stakeholder map: the people at a customer, our relationships with them, the contact log,
the history of how they see us, and the next steps the gap engine asks for.

DISC style and personal notes are internal to the account team (`customer.internal`): selectors
and views leave them out for anyone else, and Django admin never shows them.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import generated, timeline
from accounts.links import reverse_ids
from accounts.models.customers import Customer, CustomerUnit
from accounts.models.people import User

ERASED_PERSON = _("a person whose data was erased")

validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 ()./-]{4,30}$",
    _("Enter a phone number with digits, spaces and an optional leading +, e.g. +47 912 34 567."),
    code="invalid_phone",
)


class Level(models.TextChoices):
    EXECUTIVE = "executive", _("Executive")
    MANAGEMENT = "management", _("Management")
    SPECIALIST = "specialist", _("Specialist")
    OPERATIONAL = "operational", _("Operational")


class Function(models.TextChoices):
    TOP = "top", _("Top management")
    USERS = "users", _("Users and specialists")
    FINANCE = "finance", _("Procurement and finance")
    OPERATIONS = "operations", _("Operations, IT and logistics")


class Attitude(models.TextChoices):
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SCEPTIC = "sceptic", _("Sceptic")


class DecisionRole(models.TextChoices):
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    CHAMPION = "champion", _("Champion")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    BLOCKER = "blocker", _("Blocker")


class Disc(models.TextChoices):
    RED = "red", _("Red (dominant)")
    YELLOW = "yellow", _("Yellow (influential)")
    GREEN = "green", _("Green (steady)")
    BLUE = "blue", _("Blue (conscientious)")
    UNKNOWN = "unknown", _("Unknown")


class Strength(models.IntegerChoices):
    NONE = 0, _("None")
    WEAK = 1, _("Weak")
    MEDIUM = 2, _("Medium")
    STRONG = 3, _("Strong")


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def present(self) -> StakeholderQuerySet:
        """People still at the customer (those who left keep their row until a successor is mapped)."""
        return self.filter(has_left=False)

    def without_internal(self) -> StakeholderQuerySet:
        """Never load DISC style or personal notes from the database (for people outside the team)."""
        return self.defer("disc", "notes")


class Stakeholder(models.Model):
    """One person at the customer who matters to the account."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    unit = models.ForeignKey(
        CustomerUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("unit"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.MANAGEMENT)
    function = models.CharField(
        _("function"), max_length=16, choices=Function.choices, default=Function.USERS
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = little say, 5 = decides"),
    )
    attitude = models.CharField(
        _("attitude to us"), max_length=16, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    decision_role = models.CharField(
        _("decision role"), max_length=16, choices=DecisionRole.choices, blank=True
    )
    disc = models.CharField(_("DISC style"), max_length=8, choices=Disc.choices, default=Disc.UNKNOWN)
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    notes = models.TextField(_("personal notes (internal)"), blank=True, max_length=5000)
    source = models.CharField(
        _("where the data came from"),
        max_length=200,
        blank=True,
        help_text=_("e.g. business card at a meeting, the customer's website, LinkedIn"),
    )
    informed_on = models.DateField(
        _("informed on"),
        null=True,
        blank=True,
        help_text=_("When the person was told that we keep these details about them"),
    )
    has_left = models.BooleanField(_("has left"), default=False)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    last_contacted_on = models.DateField(_("last contacted"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["customer", "has_left"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1) & Q(influence__lte=5),
                name="stakeholder_influence_1_to_5",
                violation_error_message=_("Influence is a number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_ids("accounts:stakeholder-detail", self.customer_id, self.pk)


class Relationship(models.Model):
    """One of our people ↔ one stakeholder: how strong it is now, how strong it should be, and
    whether this is the person on our side who owns the relationship."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="relationships")
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="stakeholder_relationships", verbose_name=_("our person")
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=Strength.choices, default=Strength.WEAK
    )
    target = models.PositiveSmallIntegerField(
        _("target strength"), choices=Strength.choices, default=Strength.STRONG
    )
    is_owner = models.BooleanField(_("owns the relationship"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-is_owner", "-strength", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "user"],
                name="one_relationship_per_pair",
                violation_error_message=_("This person already has a relationship with that stakeholder."),
            ),
            models.UniqueConstraint(
                fields=["stakeholder"],
                condition=Q(is_owner=True),
                name="one_owner_per_stakeholder",
                violation_error_message=_("Only one person can own the relationship with a stakeholder."),
            ),
            models.CheckConstraint(
                condition=Q(strength__lte=3) & Q(target__lte=3),
                name="strength_0_to_3",
                violation_error_message=_("Choose a relationship strength from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ↔ {self.stakeholder} ({self.get_strength_display()})"


class Interaction(models.Model):
    """One entry of the contact log: what happened, and why it matters."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Event")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="interactions")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MEETING)
    our_people = models.ManyToManyField(User, related_name="interactions", verbose_name=_("our people"))
    stakeholders = models.ManyToManyField(
        Stakeholder, related_name="interactions", verbose_name=_("their people")
    )
    summary = models.TextField(_("what happened"), max_length=5000)
    why_it_matters = models.TextField(_("why it matters"), blank=True, max_length=5000)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("logged"), default=timezone.now)
    redacted_at = models.DateTimeField(
        _("text removed"),
        null=True,
        blank=True,
        help_text=_("When the text was removed because a participant's personal data was erased"),
    )

    class Meta:
        verbose_name = _("contact-log entry")
        verbose_name_plural = _("contact-log entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["customer", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"


class StakeholderChange(models.Model):
    """One change of attitude, influence or relationship strength, so trends show."""

    class Field(models.TextChoices):
        ATTITUDE = "attitude", _("Attitude")
        INFLUENCE = "influence", _("Influence")
        STRENGTH = "strength", _("Relationship strength")

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("what changed"), max_length=16, choices=Field.choices)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For relationship strength: which of our people"),
    )
    old_value = models.CharField(_("from"), max_length=16, blank=True)
    new_value = models.CharField(_("to"), max_length=16)
    changed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("stakeholder change")
        verbose_name_plural = _("stakeholder history")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["stakeholder", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d} {self.field}: {self.old_value} → {self.new_value}"


class NextStep(models.Model):
    """A next step stored from a gap (or a reminder), for the plan and meeting features to act on.

    `gap_key` names the gap it answers (e.g. "stale:42"), so the same gap is not stored twice
    while a step for it is open.
    """

    class Kind(models.TextChoices):
        PLAN_MEETING = "plan_meeting", _("Plan a meeting")
        ASSIGN_OWNER = "assign_owner", _("Assign an owner")
        MAP_PEOPLE = "map_people", _("Map the people")
        FIND_SUCCESSOR = "find_successor", _("Map the successor")
        INTRODUCE_COLLEAGUE = "introduce_colleague", _("Introduce a colleague")
        INFORM = "inform", _("Inform the person")
        MITIGATE = "mitigate", _("Plan a mitigation")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DISMISSED = "dismissed", _("Dismissed")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="next_steps")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, null=True, blank=True, related_name="next_steps"
    )
    gap_key = models.CharField(_("gap"), max_length=120)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    text = models.CharField(_("why"), max_length=400)
    # Orchard's own steps keep the sentence as a kind and its values, worded for each reader.
    text_kind = models.CharField(max_length=60, blank=True, default="")
    text_params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_steps",
        verbose_name=_("who"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["status", "due_on", "-created_at"]
        indexes = [models.Index(fields=["customer", "status"]), models.Index(fields=["assignee", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "gap_key"],
                condition=Q(status="open"),
                name="one_open_step_per_gap",
                violation_error_message=_("There is an open next step for this gap already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_text}"

    @property
    def display_text(self) -> str:
        """The step's sentence in the active language (a typed text as it was typed)."""
        return generated.render(self.text_kind, self.text_params, fallback=self.text)


_strengths = {str(value): label for value, label in Strength.choices}
_attitudes = dict(Attitude.choices)
_interaction_kinds = dict(Interaction.Kind.choices)
_step_kinds = dict(NextStep.Kind.choices)
_fields = {f.name: f.verbose_name for f in Stakeholder._meta.concrete_fields}


def _lower_label(labels: dict):
    return lambda code: str(labels.get(str(code), code)).lower()


# Stored codes become words in the reader's language when the timeline or a stored step is shown.
_functions = dict(Function.choices)
_levels = dict(Level.choices)
generated.register_label("strength", _lower_label(_strengths))
generated.register_label("target", _lower_label(_strengths))
generated.register_label(
    "group",
    lambda code: str(
        (_functions if str(code).startswith("function:") else _levels).get(str(code).partition(":")[2], code)
    ).lower(),
)
for _param in ("strength", "old_strength", "new_strength"):
    timeline.register_label(_param, _lower_label(_strengths))
timeline.register_label("attitude", _lower_label(_attitudes))
timeline.register_label("interaction_kind", _lower_label(_interaction_kinds))
timeline.register_label("step_kind", _lower_label(_step_kinds))
timeline.register_label("stakeholder_fields", lambda name: str(_fields.get(name, name)).lower())
# Erasure blanks the name in past events; the sentence then speaks of the person without naming them.
for _param in ("stakeholder", "stakeholders"):
    timeline.register_label(_param, lambda name: name or str(ERASED_PERSON))
