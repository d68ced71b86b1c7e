from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from accounts import timeline

        for kind, sentence in TIMELINE_SENTENCES.items():
            timeline.register_event_kind(kind, sentence)
        _register_labels(timeline)

        from accounts import home
        from meetings.attention import attention_lines

        # "Needs attention" on the home page reads the reminder rows, grouped.
        home.register_attention(attention_lines)

        from meetings import figures, qbr

        figures.register()
        qbr.register()  # the last QBR's decisions in the internal QBR pack


TIMELINE_SENTENCES = {
    "meeting.scheduled": _("scheduled the %(meeting_type)s meeting “%(meeting)s” for %(meeting_start)s"),
    "meeting.rescheduled": _("moved the meeting “%(meeting)s” to %(meeting_start)s"),
    "meeting.changed": _("changed the meeting “%(meeting)s”"),
    "meeting.cancelled": _("cancelled the meeting “%(meeting)s”"),
    "meeting.held": _("recorded what happened at the meeting “%(meeting)s”"),
    "meeting.notes": _("updated the notes of the meeting “%(meeting)s”"),
    "deviation.opened": _("recorded the deviation “%(deviation)s” (%(deviation_severity)s)"),
    "deviation.updated": _("updated the deviation “%(deviation)s”"),
    "deviation.closed": _("closed the deviation “%(deviation)s”"),
    "cadence.set": _("set the rhythm of %(meeting_type)s meetings to %(cadence_months)s: %(reason)s"),
    "cadence.reset": _("returned the %(meeting_type)s meetings to the tier's rhythm"),
}


def _register_labels(timeline) -> None:
    import datetime

    from django.utils import formats, timezone

    from meetings.models import Deviation, MeetingType

    types = dict(MeetingType.choices)
    severities = dict(Deviation.Severity.choices)

    def moment(iso: str) -> str:
        try:
            value = datetime.datetime.fromisoformat(iso)
        except ValueError:
            return iso
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")

    timeline.register_label("meeting_type", lambda code: str(types.get(code, code)).lower())
    timeline.register_label("deviation_severity", lambda code: str(severities.get(code, code)).lower())
    timeline.register_label("meeting_start", moment)
    timeline.register_label("cadence_months", _interval_words)


def _interval_words(code: str) -> str:
    from django.utils.translation import gettext, ngettext

    months = int(code) if code.isdigit() else 0
    if months == 0:
        return gettext("not expected")
    return ngettext("every month", "every %(counter)s months", months) % {"counter": months}
