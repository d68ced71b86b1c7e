"""First drafts written from templates in the reader's language: a plan summary, QBR talking
points, a follow-up e-mail. Always a draft: the page shows it to edit and copy, nothing is sent."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation

TEMPLATES = {
    "plan_summary": "assistant/drafts/plan_summary.txt",
    "qbr_points": "assistant/drafts/qbr_points.txt",
}
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def render(kind: str, facts: Any, language: str) -> str:
    """A draft of `kind` from the account's facts, written in `language`."""
    with translation.override(language):
        return _tidy(render_to_string(TEMPLATES[kind], {"f": facts}))


def follow_up(items: list[dict], language: str, context: dict) -> str:
    """The follow-up e-mail after a meeting, from the items the summary found. Risks stay out:
    they are internal, and the e-mail goes to the customer."""
    with translation.override(language):
        shown = [
            {**item, "due_display": _date(item.get("due"))}
            for item in items
            if item.get("state") != "dropped"
        ]
        grouped = {
            kind: [i for i in shown if i.get("kind") == kind] for kind in ("decision", "task", "next_step")
        }
        return _tidy(render_to_string("assistant/drafts/follow_up.txt", {**context, **grouped}))


def _date(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
