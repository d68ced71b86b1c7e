"""Parse and validate the meetings pages' input; the views call services to act on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form
from accounts.forms.versioning import VersionedForm, VersionedModelForm, VersionField
from accounts.models import TIME_ZONE_CHOICES
from meetings import cadence
from meetings.models import Deviation, MeetingType
from meetings.models.meetings import LONGEST_INTERVAL_MONTHS, NOTES_LIMIT, TEXT_LIMIT
from meetings.models.reminders import NotificationPreference

DATE = {"type": "date"}
TIME = {"type": "time", "step": 300}
RATING_CHOICES = [("", _("Not rated"))] + [(str(n), str(n)) for n in range(1, 6)]
TOO_LONG = _(
    "This can hold at most %(limit_value)s characters; it has %(show_value)s. Keep the essentials here."
)


def _date(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={**DATE, **attrs}, format="%Y-%m-%d")


def _text(label, limit: int, rows: int = 4, required: bool = False, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


class MeetingForm(Form):
    """Schedule or change a meeting. Times are wall-clock times in the meeting's time zone."""

    meeting_type = forms.ChoiceField(
        label=_("Kind of meeting"), choices=MeetingType.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Date"), widget=_date())
    start_time = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    end_date = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=_date(),
        help_text=_("Leave empty when it ends the same day."),
    )
    end_time = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        error_messages={"invalid_choice": _("“%(value)s” is not a known time zone.")},
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")
    our_attendees = forms.ModelMultipleChoiceField(
        label=_("Our people"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people on the account team.")},
    )
    their_attendees = forms.ModelMultipleChoiceField(
        label=_("Their people"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people from this customer's stakeholders.")},
    )
    agenda = _text(
        _("Agenda"),
        TEXT_LIMIT,
        rows=10,
        help_text=_("Sent with the invitation: keep internal notes (DISC, risks, margins) out of it."),
    )
    already_held = forms.BooleanField(
        label=_("It has taken place"),
        required=False,
        help_text=_("Tick to record a meeting that already happened; you add the notes next."),
    )
    version = VersionField()

    def __init__(self, *args, ours: QuerySet, theirs: QuerySet, editing: bool = False, **kwargs) -> None:
        self.creates = not editing
        super().__init__(*args, **kwargs)
        self.fields["our_attendees"].queryset = ours
        self.fields["their_attendees"].queryset = theirs
        self.fields["our_attendees"].label_from_instance = lambda u: u.full_name or u.email
        if editing:
            del self.fields["already_held"]
            self.fields["reason"] = forms.CharField(
                label=_("Why it changes"),
                max_length=300,
                required=False,
                help_text=_("Kept in the meeting's history, e.g. the customer asked to move it."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        zone, day, start, end = (data.get(k) for k in ("time_zone", "start_date", "start_time", "end_time"))
        if not (zone and day and start and end):
            return data
        end_day = data.get("end_date") or day
        try:
            data["starts_at"] = cadence.local_moment(day, start, zone)
        except cadence.NonexistentTime:
            self.add_error(
                "start_time",
                _("This time does not exist in %(zone)s: the clocks go forward then.") % {"zone": zone},
            )
        except cadence.AmbiguousTime:
            self.add_error(
                "start_time",
                _("This time happens twice in %(zone)s as the clocks go back: choose another.")
                % {"zone": zone},
            )
        try:
            data["ends_at"] = cadence.local_moment(end_day, end, zone)
        except cadence.NonexistentTime:
            self.add_error(
                "end_time",
                _("This time does not exist in %(zone)s: the clocks go forward then.") % {"zone": zone},
            )
        except cadence.AmbiguousTime:
            self.add_error(
                "end_time",
                _("This time happens twice in %(zone)s as the clocks go back: choose another.")
                % {"zone": zone},
            )
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data

    def meeting_values(self) -> dict[str, Any]:
        """What the services take: the moments in UTC, without the form's own fields."""
        data = self.cleaned_data
        return {
            "meeting_type": data["meeting_type"],
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "place": data["place"],
            "video_url": data["video_url"],
            "agenda": data["agenda"],
        }


def meeting_initial(meeting) -> dict[str, Any]:
    start, end = meeting.local_start, meeting.local_end
    return {
        "meeting_type": meeting.meeting_type,
        "title": meeting.title,
        "start_date": start.date(),
        "start_time": start.time(),
        "end_date": end.date() if end.date() != start.date() else None,
        "end_time": end.time(),
        "time_zone": meeting.time_zone,
        "place": meeting.place,
        "video_url": meeting.video_url,
        "agenda": meeting.agenda,
        "our_attendees": list(meeting.our_attendees.all()),
        "their_attendees": list(meeting.their_attendees.all()),
        "version": meeting.version,
    }


class CancelForm(Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=300, required=False)


class OutcomeForm(VersionedForm):
    """What happened at the meeting, why it matters, the decisions, and both ratings."""

    notes = _text(_("What happened"), NOTES_LIMIT, rows=8, required=True)
    why_it_matters = _text(
        _("Why it matters"), TEXT_LIMIT, help_text=_("What this means for the account and for the plan.")
    )
    decisions = _text(_("Decisions"), TEXT_LIMIT, help_text=_("One decision per line."))
    customer_rating = forms.TypedChoiceField(
        label=_("The customer's rating (1–5)"),
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("How the customer rated the meeting; ask at the end of every QBR."),
    )
    our_rating = forms.TypedChoiceField(
        label=_("Our own rating (1–5)"), choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )
    our_attendees = forms.ModelMultipleChoiceField(
        label=_("Our people who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people on the account team.")},
    )
    their_attendees = forms.ModelMultipleChoiceField(
        label=_("Their people who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people from this customer's stakeholders.")},
        help_text=_("Their “last contacted” date moves to the meeting's day."),
    )

    def __init__(self, *args, ours: QuerySet, theirs: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["our_attendees"].queryset = ours
        self.fields["their_attendees"].queryset = theirs
        self.fields["our_attendees"].label_from_instance = lambda u: u.full_name or u.email


class NextStepForm(Form):
    """One next step; a row left empty is skipped, a row half filled is refused."""

    title = forms.CharField(label=_("Next step"), max_length=200, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose someone on the account team.")},
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=_date())

    def __init__(self, *args, owners: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email
        self.fields["owner"].empty_label = _("Choose who")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = [name for name in ("title", "owner", "due") if data.get(name)]
        if filled and len(filled) < 3 and not self.errors:
            raise ValidationError(_("A next step needs what, who and by when."))
        return data


NextStepFormSet = forms.formset_factory(NextStepForm, extra=3, max_num=10, validate_max=True)


class DeviationForm(VersionedModelForm):
    creates = True

    class Meta:
        model = Deviation
        fields = [
            "title",
            "severity",
            "sla_breached",
            "owner",
            "opened_on",
            "description",
            "resolution",
            "closed_on",
        ]
        widgets = {
            "opened_on": _date(),
            "closed_on": _date(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"closed_on": _("Set when it is resolved; say how in the resolution.")}

    def __init__(self, *args, owners: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        for name in ("description", "resolution"):
            self.fields[name].error_messages["max_length"] = TOO_LONG
        if not self.instance.pk and not self.is_bound:
            self.initial["opened_on"] = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if opened and opened > timezone.localdate():
            self.add_error("opened_on", _("A deviation cannot be opened in the future."))
        if closed and opened and closed < opened:
            self.add_error("closed_on", _("A deviation cannot be closed before it was opened."))
        return data


class CadenceForm(VersionedForm):
    """A tier's rhythm, or one customer's own (with the reason; empty months follow the tier)."""

    interval_months = forms.IntegerField(
        label=_("Every (months)"),
        min_value=0,
        max_value=LONGEST_INTERVAL_MONTHS,
        help_text=_("0 when this kind of meeting is not expected."),
        error_messages={
            "min_value": _("Enter a number of months from 0 to 24."),
            "max_value": _("Enter a number of months from 0 to 24."),
        },
    )
    reason = forms.CharField(label=_("Why this account differs"), max_length=300, required=False)

    def __init__(self, *args, override: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if override:
            self.fields["interval_months"].required = False
            self.fields["interval_months"].help_text = _(
                "Leave empty to follow the tier's rhythm again; 0 when this kind is not expected."
            )
        else:
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "reason" in self.fields and data.get("interval_months") is not None and not data.get("reason"):
            self.add_error("reason", _("Say why this account needs a rhythm of its own."))
        return data


class PreferencesForm(Form):
    """Per kind of reminder: immediately, in the daily digest, or off."""

    def __init__(self, *args, kinds, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Delivery.choices,
                widget=forms.RadioSelect,
                initial=NotificationPreference.Delivery.IMMEDIATELY,
                required=False,  # a kind left out keeps the default: immediately
            )
