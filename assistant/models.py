"""What the assistant keeps: every request with its prompt and result (the audit), and which
internal-only field groups an administrator allows to be sent to a language model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Job, Stakeholder


class AssistantSettings(models.Model):
    """One row: the internal-only field groups that may go to the language model. All off by
    default; the offline assistant never sends anything anywhere, so these do not touch it."""

    send_disc = models.BooleanField(
        _("send DISC styles"), default=False, help_text=_("The DISC style of each stakeholder.")
    )
    send_personal_notes = models.BooleanField(
        _("send personal notes"),
        default=False,
        help_text=_("The internal notes kept about each stakeholder."),
    )
    send_margins = models.BooleanField(
        _("send margins"), default=False, help_text=_("Our gross margin with the customer, per year.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assistant settings")
        verbose_name_plural = _("assistant settings")

    def __str__(self) -> str:
        return str(_("What the assistant may send to a language model"))

    @classmethod
    def load(cls) -> AssistantSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls(pk=1)

    def groups(self) -> frozenset[str]:
        return frozenset(
            name
            for name, on in (
                ("disc", self.send_disc),
                ("personal_notes", self.send_personal_notes),
                ("margins", self.send_margins),
            )
            if on
        )


class AssistantRun(models.Model):
    """One request to the assistant and what came back: kept for audit, visible to administrators,
    and deleted when a stakeholder it names is erased.

    `prompt` is exactly what was sent to a language model (empty when the offline assistant
    answered without one); `result` holds the answer as data (items with their review state, a
    draft's text, notices as kinds and values) so the page words it in the reader's language.
    """

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Note summary")
        PLAN_SUMMARY = "plan_summary", _("Plan summary")
        QBR_POINTS = "qbr_points", _("QBR talking points")
        FOLLOW_UP = "follow_up", _("Follow-up e-mail")
        MEETING_PREP = "meeting_prep", _("Meeting preparation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Working")
        DONE = "done", _("Done")

    class Provider(models.TextChoices):
        OFFLINE = "offline", _("Rule-based assistant")
        MODEL = "model", _("Language model")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="assistant_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assistant_runs",
        verbose_name=_("asked by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    provider = models.CharField(
        _("answered by"), max_length=16, choices=Provider.choices, default=Provider.OFFLINE
    )
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    reference_date = models.DateField(
        _("reference date"), help_text=_("The day dates in the notes are read from.")
    )
    source_text = models.TextField(_("notes given"), blank=True)
    source = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("made from"),
    )
    prompt = models.TextField(_("prompt sent"), blank=True)
    response = models.TextField(_("raw reply"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="+", verbose_name=_("people it names")
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    finished_at = models.DateTimeField(_("answered"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assistant request")
        verbose_name_plural = _("assistant requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["customer", "created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.customer} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("assistant:run", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def items(self) -> list[dict]:
        return self.result.get("items", []) if isinstance(self.result, dict) else []
