"""The QBR pack's registry: sections that higher apps add (the last QBR's decisions, from meetings).

Planning cannot import the apps above it, so a higher app registers a provider from its
`apps.py`:

    from planning import qbr
    qbr.register_section("meetings.decisions", last_qbr_decisions, order=50)

A provider takes the plan and the person asking, and returns a `QbrSection` or None (nothing to
show). It must return only what that person may see; the pack draws `title`, then `intro`, then a
table of `columns` × `rows` (plain text, escaped when drawn). Providers run in the PDF task, in
the language of the person who asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class QbrSection:
    title: str
    intro: str = ""
    columns: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = field(default_factory=list)
    empty: str = ""


Provider = Callable[[Any, Any], QbrSection | None]
_SECTIONS: dict[str, tuple[int, Provider]] = {}


def register_section(key: str, provider: Provider, order: int = 100) -> None:
    """Called from an app's `ready()`; registering the same key again replaces the provider."""
    _SECTIONS[key] = (order, provider)


def sections(plan, user) -> list[QbrSection]:
    """Every registered section for this plan that has something to show, in `order`."""
    found = []
    for _key, (_order, provider) in sorted(_SECTIONS.items(), key=lambda item: (item[1][0], item[0])):
        section = provider(plan, user)
        if section is not None:
            found.append(section)
    return found
