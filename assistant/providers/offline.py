"""The offline provider: rules and templates over the account's own data, no network at all.

Deterministic — the same request gives the same answer — and it says so: every answer carries
the "rule-based" notice, so nobody mistakes it for a model's judgement.
"""

from __future__ import annotations

from assistant import drafts, notes
from assistant.providers import Answer, Request

RULE_BASED = {"kind": "rule_based"}


class OfflineProvider:
    name = "offline"

    def answer(self, request: Request) -> Answer:
        if request.kind == "summary":
            summary = notes.summarise(
                request.notes, today=request.today, people=request.people, author=request.author
            )
            return Answer(
                items=summary.items, language=summary.language, notices=[RULE_BASED, *summary.notices]
            )
        if request.kind == "follow_up":
            text = drafts.follow_up(request.items, request.language, request.extra)
        elif request.kind == "meeting_prep":
            return Answer(data=request.extra.get("prep", {}), notices=[RULE_BASED])
        else:
            text = drafts.render(request.kind, request.facts, request.language)
        return Answer(text=text, language=request.language, notices=[RULE_BASED])
