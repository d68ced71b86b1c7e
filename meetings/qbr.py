"""The last QBR's decisions in the internal QBR pack (planning's `qbr` registry)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingType
from planning.qbr import QbrSection, register_section


def last_qbr_decisions(plan, user) -> QbrSection | None:
    """The decisions recorded at the customer's last held strategic meeting (QBR), one per line;
    None when no QBR has been held, so the pack leaves the section out."""
    meeting = (
        Meeting.objects.filter(
            customer_id=plan.customer_id, meeting_type=MeetingType.STRATEGIC, status=Meeting.Status.HELD
        )
        .order_by("-starts_at", "-pk")
        .only("title", "starts_at", "decisions", "customer_rating")
        .first()
    )
    if meeting is None:
        return None
    intro = _("%(title)s, held on %(date)s.") % {
        "title": meeting.title,
        "date": formats.date_format(meeting.starts_at, "DATE_FORMAT"),
    }
    if meeting.customer_rating:
        intro += " " + _("The customer rated it %(rating)s of 5.") % {"rating": meeting.customer_rating}
    lines = [line.strip() for line in meeting.decisions.splitlines() if line.strip()]
    return QbrSection(
        title=_("Decisions from the last QBR"),
        intro=intro,
        columns=(_("Decision"),),
        rows=[(line,) for line in lines],
        empty=_("No decisions were recorded at that meeting."),
    )


def register() -> None:
    register_section("meetings.decisions", last_qbr_decisions, order=50)
