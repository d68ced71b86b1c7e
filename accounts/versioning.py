"""No lost edits: every row a person edits carries a `version`.

A save names the version the editor read. If the row has moved on since (or the form did not say
which version it read), nothing is written and `EditConflict` carries the row as it is now, so the
page can show both versions side by side. Every app's edit services go through `versioned_update`;
writes that change the same fields outside an edit form (a decision, an import) bump the version
with `bump()` so an edit form opened before them is refused too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

Prepare = Callable[[Any, list[str]], None]


class EditConflict(Exception):
    """Someone saved the item after the editor loaded it; nothing was written.

    `current` is the item as it is now (None when it has been removed meanwhile).
    """

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


def bump() -> models.F:
    """The value to give `version` in a write that changes an edited row outside its edit form."""
    return models.F("version") + 1


def versioned_update(
    obj: models.Model,
    version: int | None,
    changes: dict[str, Any],
    *,
    prepare: Prepare | None = None,
    validate_constraints: bool = True,
) -> tuple[Any, list[str]]:
    """Apply the changes only if nobody saved the row since `version` was read; bump the version.

    `prepare(row, changed)` may adjust the row after the changes are set and before validation
    (add derived fields to `changed`, raise ValidationError). The write is a compare-and-swap
    (UPDATE … WHERE version = read version) inside a transaction holding the row lock, so of any
    number of saves from the same version exactly one wins, whatever the database.

    Returns the saved row and the names of the fields that really changed (none: nothing written,
    the version stays). Raises EditConflict when `version` is stale or missing (None or 0),
    ValidationError on a bad value; nothing is written in either case.
    """
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update(of=("self",)).filter(pk=obj.pk).first()
        if current is None or not version or current.version != version:
            raise EditConflict(current)
        changed = [name for name, value in changes.items() if _differs(current, name, value)]
        if not changed:
            return current, []
        for name in changed:
            setattr(current, name, changes[name])
        if prepare is not None:
            prepare(current, changed)
        current.full_clean(validate_constraints=validate_constraints)
        values = {name: getattr(current, name) for name in changed}
        if any(f.name == "updated_at" for f in model._meta.fields):
            current.updated_at = values["updated_at"] = timezone.now()
        if not model.objects.filter(pk=obj.pk, version=version).update(**values, version=version + 1):
            raise EditConflict(model.objects.filter(pk=obj.pk).first())
        current.version = version + 1
    return current, changed


def _differs(row: models.Model, name: str, value: Any) -> bool:
    field = row._meta.get_field(name)
    if field.many_to_one or field.one_to_one:  # compare keys: no query for the related row
        return getattr(row, field.attname) != getattr(value, "pk", value)
    return getattr(row, name) != value
