"""Meeting preparation by rules: a proposed agenda for the kind of meeting, questions and angles
drawn from the account's own data (earlier notes, the contact log, open actions, goals, risks,
deviations, white space, patterns), and a brief on each attending stakeholder.

Everything is stored as data (kinds, codes and values, or the KAM's own words quoted), so the page
words it in the reader's language and DISC advice is shown only to the account team.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

OPERATIONAL, STRATEGIC, RELATIONSHIP = "operational", "strategic", "relationship"
TYPES = (STRATEGIC, OPERATIONAL, RELATIONSHIP)

# The agenda by meeting type: each point a kind the page words, with the figures that fill it.
AGENDA = {
    STRATEGIC: ("welcome", "results", "value", "actions", "opportunities", "priorities", "next_steps"),
    OPERATIONAL: ("welcome", "deliveries", "deviations", "actions", "changes", "next_steps"),
    RELATIONSHIP: ("their_side", "priorities", "ideas", "next_time"),
}
LONG_SILENCE_DAYS = 90
MAX_ANGLES = 12


@dataclass
class Brief:
    """One attending stakeholder: who they are to us, their style, when we last spoke, lately."""

    id: int
    name: str
    title: str
    role: str
    attitude: str
    disc: str
    last_contacted: str | None
    recent: list[dict] = field(default_factory=list)


def agenda(kind: str, facts: Any, deviations: list[dict] | None = None) -> list[dict]:
    """The agenda points for a meeting of `kind`, each with the figures that go with it."""
    deviations = deviations or []
    values = {
        "results": {"goals": len(facts.goals), "revenue_change": _str(facts.revenue_change)},
        "value": {"done": len(facts.done_actions)},
        "actions": {"open": len(facts.open_actions), "overdue": len(facts.overdue_actions)},
        "opportunities": {"open": len(facts.opportunities), "cells": len(facts.white_space)},
        "deviations": {"open": len(deviations)},
    }
    return [{"kind": point, **values.get(point, {})} for point in AGENDA.get(kind, AGENDA[STRATEGIC])]


def angles(
    facts: Any,
    today: datetime.date,
    *,
    briefs: list[Brief],
    open_items: list[dict],
    deviations: list[dict] | None = None,
) -> list[dict]:
    """Questions and angles, most pressing first; each names where it comes from."""
    found: list[dict] = []
    for item in open_items[:4]:
        found.append({"kind": "open_item", "text": item["text"], "date": item["date"]})
    for deviation in (deviations or [])[:3]:
        found.append({"kind": "deviation", "text": deviation["title"], "date": deviation.get("date")})
    for action in facts.overdue_actions[:3]:
        found.append(
            {
                "kind": "overdue",
                "text": action.title,
                "owner": str(action.owner),
                "date": action.due.isoformat(),
            }
        )
    for pattern in facts.patterns:
        found.append(
            {"kind": "pattern", "pattern": pattern.kind, **{k: _str(v) for k, v in pattern.values.items()}}
        )
    for row in facts.goals:
        if row.percent is not None and row.percent < 50:
            found.append({"kind": "goal", "text": row.goal.title, "percent": row.percent})
    for risk in facts.risks[:3]:
        found.append({"kind": "risk", "text": risk.display_title, "score": risk.score})
    for cell in facts.white_space[:2]:
        found.append({"kind": "white_space", "offering": str(cell.offering), "unit": str(cell.unit)})
    for contact in facts.contacts[:3]:
        if contact.why_it_matters.strip():
            found.append(
                {
                    "kind": "contact",
                    "text": contact.why_it_matters.strip()[:300],
                    "date": contact.occurred_on.isoformat(),
                }
            )
    for brief in briefs:
        last = datetime.date.fromisoformat(brief.last_contacted) if brief.last_contacted else None
        if last is None or (today - last).days >= LONG_SILENCE_DAYS:
            found.append({"kind": "silent", "name": brief.name, "date": brief.last_contacted})
    return found[:MAX_ANGLES]


def _str(value: Any) -> Any:
    if value is None or isinstance(value, (int, str, bool)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)
