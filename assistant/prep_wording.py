"""Sentences for a meeting preparation's agenda points and angles, in the active language."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.figures import format_percent
from assistant import patterns, wording


def _date(value) -> str:
    if not value:
        return "–"
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return formats.date_format(value, "DATE_FORMAT")


def agenda_line(point: dict) -> str:
    kind = point.get("kind")
    if kind == "text":
        return point.get("text", "")
    if kind == "results":
        if point.get("revenue_change") is not None:
            return _(
                "Results: revenue %(change)s against last year, and progress on the goals (%(goals)s)"
            ) % {
                "change": format_percent(Decimal(point["revenue_change"]), 1, signed=True),
                "goals": point.get("goals", 0),
            }
        return _("Results: progress on the goals (%(goals)s)") % {"goals": point.get("goals", 0)}
    if kind == "value":
        return ngettext(
            "Value delivered: %(done)s action completed in the last 90 days",
            "Value delivered: %(done)s actions completed in the last 90 days",
            point.get("done", 0),
        ) % {"done": point.get("done", 0)}
    if kind == "actions":
        return ngettext(
            "Open actions: %(open)s, of which %(overdue)s overdue",
            "Open actions: %(open)s, of which %(overdue)s overdue",
            point.get("open", 0),
        ) % {"open": point.get("open", 0), "overdue": point.get("overdue", 0)}
    if kind == "opportunities":
        return _("New opportunities: %(open)s in the pipeline, %(cells)s white-space openings") % {
            "open": point.get("open", 0),
            "cells": point.get("cells", 0),
        }
    if kind == "deviations":
        if not point.get("open"):
            return _("Deviations: none open")
        return ngettext(
            "Open deviations: %(open)s, and what we do about them",
            "Open deviations: %(open)s, and what we do about them",
            point["open"],
        ) % {"open": point["open"]}
    return {
        "welcome": _("Welcome, and what we both want from this meeting"),
        "priorities": _("Your priorities for the coming months"),
        "next_steps": _("Next steps: who does what by when"),
        "deliveries": _("Deliveries, quality and SLA since last time"),
        "changes": _("Changes ahead: volumes, people, systems"),
        "their_side": _("How things are going on your side"),
        "ideas": _("Ideas for working together"),
        "next_time": _("When and how we meet next"),
    }.get(kind, str(kind))


def agenda_text(points: list[dict]) -> str:
    return "\n".join(f"{n}. {agenda_line(point)}" for n, point in enumerate(points, start=1))


def angle_sentence(angle: dict) -> str:
    kind = angle.get("kind")
    if kind == "text":
        return angle.get("text", "")
    if kind == "open_item":
        return _("Still open from the notes of %(date)s: “%(text)s”") % {
            "date": _date(angle.get("date")),
            "text": angle["text"],
        }
    if kind == "deviation":
        return _("Open deviation: %(text)s. What is the status, and what do they need from us?") % {
            "text": angle["text"]
        }
    if kind == "overdue":
        return _("Overdue since %(date)s (%(owner)s): %(text)s. Report on it before they ask.") % {
            "date": _date(angle.get("date")),
            "owner": angle.get("owner", ""),
            "text": angle["text"],
        }
    if kind == "pattern":
        values = {k: v for k, v in angle.items() if k not in ("kind", "pattern")}
        pattern = patterns.Pattern(angle["pattern"], _typed(values))
        return _("Check: %(sentence)s") % {"sentence": wording.pattern_sentence(pattern)}
    if kind == "goal":
        return _("The goal “%(text)s” is %(percent)s %% of the way: what would move it forward?") % {
            "text": angle["text"],
            "percent": angle["percent"],
        }
    if kind == "risk":
        return _("The risk “%(text)s” (%(score)s of 25): is it still live, and what would reduce it?") % {
            "text": angle["text"],
            "score": angle["score"],
        }
    if kind == "white_space":
        return _("Is there interest in %(offering)s at %(unit)s?") % {
            "offering": angle["offering"],
            "unit": angle["unit"],
        }
    if kind == "contact":
        return _("From the contact log (%(date)s): %(text)s. Follow it up.") % {
            "date": _date(angle.get("date")),
            "text": angle["text"],
        }
    if kind == "silent":
        if not angle.get("date"):
            return _("%(name)s has not been contacted yet: ask what matters most to them.") % {
                "name": angle["name"]
            }
        return _("First contact with %(name)s since %(date)s: ask what has changed for them.") % {
            "name": angle["name"],
            "date": _date(angle["date"]),
        }
    return str(kind)


def _typed(values: dict) -> dict:
    """Stored pattern values are text; the sentences want numbers and dates back."""
    typed = {}
    for key, value in values.items():
        if key in ("days", "count", "open", "oldest_days", "buying", "similar", "year") and value is not None:
            typed[key] = int(value)
        elif key == "since" and value:
            typed[key] = datetime.date.fromisoformat(value)
        else:
            typed[key] = value
    return typed
