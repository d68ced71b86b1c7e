"""Reminders and notifications are stored as kind + values; this module words them in the
reader's language and time zone when they are shown or sent, and links each to its page."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import generated
from meetings.models import MeetingType
from meetings.models.reminders import Kind


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return formats.date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")
    except ValueError:
        return iso


def _moment(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        value = datetime.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _type(code: str) -> str:
    try:
        return str(MeetingType(code).label)
    except ValueError:
        return code


def sentence(kind: str, p: Mapping[str, Any]) -> str:
    """One line for one reminder, in the active language and time zone."""
    customer = p.get("customer", "")
    if kind == Kind.MEETING_SOON:
        return _("“%(title)s” with %(customer)s starts %(when)s") % {
            "title": p.get("title", ""),
            "customer": customer,
            "when": _moment(p.get("start")),
        }
    if kind == Kind.CADENCE_OVERDUE:
        return _("%(kind)s meeting with %(customer)s overdue since %(due)s") % {
            "kind": _type(p.get("type", "")),
            "customer": customer,
            "due": _day(p.get("due")),
        }
    if kind == Kind.PLAN_REVIEW:
        text = (
            _("The account plan of %(customer)s was due for review on %(due)s")
            if p.get("overdue")
            else _("The account plan of %(customer)s is due for review by %(due)s")
        )
        return text % {"customer": customer, "due": _day(p.get("due"))}
    if kind == Kind.STAKEHOLDER_SILENT:
        if p.get("last"):
            return _("%(name)s at %(customer)s has not been contacted since %(last)s") % {
                "name": p.get("name", ""),
                "customer": customer,
                "last": _day(p.get("last")),
            }
        return _("%(name)s at %(customer)s has never been contacted") % {
            "name": p.get("name", ""),
            "customer": customer,
        }
    if kind == Kind.ACTION_DUE:
        text = (
            _("“%(title)s” for %(customer)s is overdue since %(due)s")
            if p.get("overdue")
            else _("“%(title)s” for %(customer)s is due %(due)s")
        )
        return text % {"title": p.get("title", ""), "customer": customer, "due": _day(p.get("due"))}
    if kind == Kind.CONTRACT_NOTICE:
        return _("Notice on “%(title)s” with %(customer)s must be given by %(notice)s") % {
            "title": p.get("title", ""),
            "customer": customer,
            "notice": _day(p.get("notice")),
        }
    if kind == Kind.DEVIATION_OPEN:
        days = int(p.get("days", 0))
        return ngettext(
            "The deviation “%(title)s” at %(customer)s has been open for %(days)s day",
            "The deviation “%(title)s” at %(customer)s has been open for %(days)s days",
            days,
        ) % {"title": p.get("title", ""), "customer": customer, "days": days}
    if kind == Kind.INFORM_PERSON and (p.get("text_kind") or p.get("text")):
        step = generated.render(
            p.get("text_kind", ""), p.get("text_params") or {}, fallback=p.get("text", "")
        )
        return _("%(step)s at %(customer)s") % {"step": step, "customer": customer}
    if kind == Kind.INFORM_PERSON:
        return _("Tell %(name)s at %(customer)s that we keep their details") % {
            "name": p.get("name", ""),
            "customer": customer,
        }
    if kind == Kind.NEXT_STEP:
        step = generated.render(
            p.get("text_kind", ""), p.get("text_params") or {}, fallback=p.get("text", "")
        )
        return _("%(step)s at %(customer)s") % {"step": step, "customer": customer}
    if kind == Kind.WEEKLY:
        return _("Your orchard this week")
    if kind == Kind.DIGEST:
        count = int(p.get("count", 0))
        return ngettext("%(count)s reminder today", "%(count)s reminders today", count) % {"count": count}
    if kind == Kind.INVITE:
        return _("Invitation: %(title)s") % {"title": p.get("title", "")}
    return kind


def group_sentence(kind: str, count: int) -> str:
    """One line for `count` alike reminders, as "Needs attention" groups them."""
    texts = {
        Kind.MEETING_SOON: ngettext("%(count)s meeting coming up", "%(count)s meetings coming up", count),
        Kind.CADENCE_OVERDUE: ngettext(
            "%(count)s meeting overdue for the rhythm", "%(count)s meetings overdue for the rhythm", count
        ),
        Kind.PLAN_REVIEW: ngettext(
            "%(count)s account plan due for review", "%(count)s account plans due for review", count
        ),
        Kind.STAKEHOLDER_SILENT: ngettext(
            "%(count)s key person not contacted for a long time",
            "%(count)s key people not contacted for a long time",
            count,
        ),
        Kind.ACTION_DUE: ngettext(
            "%(count)s action due or overdue", "%(count)s actions due or overdue", count
        ),
        Kind.CONTRACT_NOTICE: ngettext(
            "%(count)s contract notice date coming up", "%(count)s contract notice dates coming up", count
        ),
        Kind.DEVIATION_OPEN: ngettext(
            "%(count)s deviation open too long", "%(count)s deviations open too long", count
        ),
        Kind.INFORM_PERSON: ngettext(
            "%(count)s person to tell that we keep their details",
            "%(count)s people to tell that we keep their details",
            count,
        ),
        Kind.NEXT_STEP: ngettext(
            "%(count)s next step on the stakeholder map", "%(count)s next steps on the stakeholder map", count
        ),
    }
    text = texts.get(kind)
    return text % {"count": count} if text else sentence(kind, {})


def link(kind: str, p: Mapping[str, Any]) -> str:
    """Where the reminder leads: the meeting, the plan, the person, the customer's tab."""
    try:
        if kind == Kind.MEETING_SOON and p.get("meeting"):
            return reverse("meetings:meeting-detail", args=[p["meeting"]])
        if kind in (Kind.CADENCE_OVERDUE, Kind.DEVIATION_OPEN) and p.get("customer_id"):
            anchor = "#rhythm" if kind == Kind.CADENCE_OVERDUE else "#deviations"
            return reverse("meetings:customer-meetings", args=[p["customer_id"]]) + anchor
        if kind in (Kind.PLAN_REVIEW, Kind.ACTION_DUE) and p.get("plan"):
            return reverse("planning:plan-detail", args=[p["plan"]])
        if kind == Kind.CONTRACT_NOTICE and p.get("customer_id"):
            return reverse("risk:customer-risk", args=[p["customer_id"]]) + "#contracts"
        if kind in (Kind.STAKEHOLDER_SILENT, Kind.INFORM_PERSON) and p.get("stakeholder"):
            return reverse("accounts:stakeholder-detail", args=[p["customer_id"], p["stakeholder"]])
        if kind == Kind.NEXT_STEP and p.get("customer_id"):
            return reverse("accounts:gap-list", args=[p["customer_id"]])
    except NoReverseMatch:
        return ""
    return ""
