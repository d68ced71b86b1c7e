"""Two versions of one item side by side, for the page that refuses a stale save.

Every edit view answers an `EditConflict` the same way: status 409, the editor's input kept in the
form (now based on the version saved meanwhile, so a second save wins on purpose), and a table of
the fields where the two versions differ (`templates/partials/conflict.html`).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

HIDDEN = {"version", "add_owner_to_team", "add_to_team", "csrfmiddlewaretoken"}


def conflict_rows(form: forms.Form, current: Any) -> list[tuple[str, str, str]]:
    """(field label, the saved value, the value the editor sent) for each field where they differ."""
    rows = []
    for name, field in form.fields.items():
        if name in HIDDEN or not hasattr(current, name):
            continue
        theirs, yours = getattr(current, name), form.cleaned_data.get(name)
        if _same(theirs, yours):
            continue
        rows.append((str(field.label), show(field, theirs), show(field, yours)))
    return rows


def _same(a: Any, b: Any) -> bool:
    empty = (None, "")
    return (a in empty and b in empty) or a == b


def show(field: forms.Field, value: Any) -> str:
    """A value as a person reads it: choice labels, names, dates, yes/no; "–" for nothing."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value in (None, ""):
        return "–"
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict(choices).get(value, dict(choices).get(str(value), value)))
    return str(value)


def resubmit_pairs(data: QueryDict) -> Iterable[tuple[str, str]]:
    """Every submitted (name, value) again, for a one-click form that repeats the save."""
    return [(name, value) for name in data if name not in HIDDEN for value in data.getlist(name)] + [
        ("version", data.get("version", "0"))
    ]


def rebase(
    make_form: Callable[[QueryDict, Any], forms.Form], data: QueryDict, current: Any
) -> tuple[Any, list]:
    """The editor's input again, now based on `current` (the row as someone else saved it), and
    the rows of differences to show above it. The returned form is bound and validated.

    `make_form(data, instance)` gets a copy of `current`: a model form writes the editor's values
    into its instance while validating, and `current` must stay as it was saved.
    """
    fresh = data.copy()
    fresh["version"] = str(current.version)
    form = make_form(fresh, copy.copy(current))
    form.is_valid()
    return form, conflict_rows(form, current)
