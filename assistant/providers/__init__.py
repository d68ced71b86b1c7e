"""Who answers the assistant's requests: the offline rule-based provider, or a language model.

Both take the same `Request` and give the same `Answer`. The offline provider always works and
needs no network; the model provider is used only when `ASSISTANT_URL` and `ASSISTANT_MODEL` are
set, and any failure of it (timeout, an error, a reply that is not the JSON asked for, a reply that
tries to give orders) raises `ProviderError`, after which the offline provider answers instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings

from assistant.notes import Item, Person

# Why the model's answer was not used (the notice names it in the reader's language).
TIMEOUT, UNREACHABLE, MALFORMED, INSTRUCTIONS = "timeout", "unreachable", "malformed", "instructions"


class ProviderError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Request:
    """One thing asked of the assistant, with everything it may use and nothing more."""

    kind: str
    language: str
    today: datetime.date
    notes: str = ""
    people: list[Person] = field(default_factory=list)
    author: Person | None = None
    facts: Any = None  # selectors.Facts for drafts; the offline provider reads it directly
    payload: dict = field(default_factory=dict)  # the minimised facts a model may see
    items: list[dict] = field(default_factory=list)  # a summary's items, for the follow-up e-mail
    extra: dict = field(default_factory=dict)


@dataclass
class Answer:
    items: list[Item] = field(default_factory=list)
    text: str = ""
    language: str | None = None
    notices: list[dict] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # structured parts of a preparation
    prompt: str = ""
    raw: str = ""


class Provider(Protocol):
    name: str

    def answer(self, request: Request) -> Answer: ...


def model_configured() -> bool:
    return bool(settings.ASSISTANT_URL and settings.ASSISTANT_MODEL)
