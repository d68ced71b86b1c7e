"""Erasure reaches every app: higher apps keep their own copies of what names a person.

`accounts` cannot import the apps above it, so each of them registers a hook from its `ready()`;
`stakeholder_erase` calls every hook inside its transaction, before the person's row is deleted.
A hook receives the stakeholder and a compiled pattern of what names them in free text (name,
e-mail address, phone, former names), or None when nothing is long enough to search for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import Stakeholder

Hook = Callable[["Stakeholder", "re.Pattern | None"], None]

_HOOKS: list[Hook] = []


def register_erasure_hook(hook: Hook) -> None:
    """Add a hook once (an app's `ready()` may run twice in tests)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def run_erasure_hooks(person: Stakeholder, pattern: re.Pattern | None) -> None:
    for hook in _HOOKS:
        hook(person, pattern)
