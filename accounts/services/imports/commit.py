"""Committing: plan again inside one transaction, with the matched customers locked, and write
every row or none.

Receives a `ParsedWorkbook` and the person importing; returns the `ImportPlan` it wrote (or, with
`has_errors`, the reasons nothing was written). Records one timeline event per changed customer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import timeline
from accounts.excel.reading import ParsedWorkbook
from accounts.models import Customer, CustomerUnit, Event, FinancialPeriod, Team, User
from accounts.services import customer_hand_over
from accounts.services.imports.plan import CREATE, UPDATE, ImportPlan, Outcome, _customer_of, _pk_of
from accounts.services.imports.planning import import_plan
from accounts.services.proposals import status_proposals_make
from accounts.versioning import bump

timeline.register_event_kind("customer.imported", gettext_lazy("updated by import: %(changes)s"))
_CHANGE_LABELS: dict[str, Any] = {
    **{f.name: f.verbose_name for f in Customer._meta.get_fields() if hasattr(f, "verbose_name")},
    "units": gettext_lazy("units"),
    "financials": gettext_lazy("financial figures"),
}
timeline.register_label("changes", lambda code: _CHANGE_LABELS.get(code, code))


class _RolledBack(Exception):
    """A row failed model validation while being written: roll the whole import back."""


def import_commit(*, parsed: ParsedWorkbook, by: User, source: str = "") -> ImportPlan:
    """Plan again and write every row in one transaction: all rows, or — if any row fails now,
    because the data changed since the preview — none. Records a timeline event per customer.

    Rows asking for a status only a selection decision sets open a proposal for a leader
    (named after `source`, the file's name). Returns the plan; `plan.has_errors` is True when
    nothing was written, and its outcomes and file errors say why.
    """
    plan = ImportPlan()
    try:
        with transaction.atomic():
            plan = import_plan(parsed=parsed, by=by, lock=True)
            if not plan.has_errors:
                _write(plan, by, source)
    except _RolledBack:
        pass
    except IntegrityError:
        plan.file_errors.append(
            _(
                "Someone changed customers in Orchard while the import was being saved, so nothing was "
                "imported. Upload the file again to see the rows as they are now."
            )
        )
    return plan


def _write(plan: ImportPlan, by: User, source: str) -> None:
    now = timezone.now()
    created = _create_customers(plan)
    _update_customers(plan, now)
    _link_parents(plan, now)
    for step in plan.customers:
        if step.outcome.action == UPDATE and "owner" in step.outcome.changes:
            customer_hand_over(customer=step.customer, new_owner=step.owner, by=by)
    _write_units(plan)
    _write_financials(plan, now)
    Event.objects.bulk_create(_events(plan, created, by), batch_size=1000)
    wanted = [(s.customer, s.outcome.proposal) for s in plan.customers if s.outcome.proposal]
    status_proposals_make(wanted=wanted, by=by, source=source)


def _validate(outcome: Outcome, instance: Any, exclude: list[str]) -> None:
    try:
        instance.clean_fields(exclude=exclude)  # foreign keys are known to exist: no query per row
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            outcome.fail(f"{field_name}: {' '.join(messages)}")


def _stop_if_failed(plan: ImportPlan) -> None:
    if plan.has_errors:
        raise _RolledBack


def _create_customers(plan: ImportPlan) -> set[int]:
    steps = [step for step in plan.customers if step.outcome.action == CREATE]
    teams = _first_teams({step.owner.pk for step in steps})
    for step in steps:
        step.customer = Customer(owner=step.owner, team=teams.get(step.owner.pk), **step.fields)
        _validate(step.outcome, step.customer, exclude=["owner", "team", "parent"])
    _stop_if_failed(plan)
    Customer.objects.bulk_create([step.customer for step in steps], batch_size=500)
    return {step.customer.pk for step in steps}


def _first_teams(owner_ids: set[int]) -> dict[int, Team]:
    """Each owner's first team by name, as `customer_create` chooses it."""
    teams: dict[int, Team] = {}
    memberships = Team.members.through.objects.filter(user_id__in=owner_ids).select_related("team")
    for membership in memberships.order_by("team__name"):
        teams.setdefault(membership.user_id, membership.team)
    return teams


def _update_customers(plan: ImportPlan, now) -> None:
    steps = [step for step in plan.customers if step.outcome.action == UPDATE and step.fields]
    changed: set[str] = set()
    for step in steps:
        for key, value in step.fields.items():
            setattr(step.customer, key, value)
        step.customer.updated_at = now
        changed.update(step.fields)
        _validate(step.outcome, step.customer, exclude=["owner", "team", "parent"])
    _stop_if_failed(plan)
    for step in steps:  # an edit form opened before the import is refused, not written over it
        step.customer.version = bump()
    _update_rows(Customer, [s.customer for s in steps], [*sorted(changed), "updated_at", "version"])


def _update_rows(model: type[Model], objects: list[Model], names: list[str]) -> None:
    """Write these fields of each object, one UPDATE per row sent together (`executemany`), as
    `bulk_update` would: its CASE over every row of a batch takes seconds for a few thousand rows.

    A field whose value is an expression (`bump()`) must hold the same expression on every object.
    """
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    query = UpdateQuery(model)
    compiler = query.get_compiler(connection=connection)
    quote = connection.ops.quote_name
    assignments, expressions = [], {}
    for field in fields:
        value = getattr(objects[0], field.attname)
        if hasattr(value, "resolve_expression"):
            sql, params = compiler.compile(value.resolve_expression(query, allow_joins=False, for_save=True))
            expressions[field.name] = list(params)
            assignments.append(f"{quote(field.column)} = {sql}")
        else:
            assignments.append(f"{quote(field.column)} = %s")
    key = quote(model._meta.pk.column)
    # Built from the model's own quoted names and expressions; every value goes in as a parameter.
    sql = f"UPDATE {quote(model._meta.db_table)} SET {', '.join(assignments)} WHERE {key} = %s"  # noqa: S608
    rows = []
    for obj in objects:
        row: list[Any] = []
        for field in fields:
            if field.name in expressions:
                row += expressions[field.name]
            else:
                row.append(field.get_db_prep_save(getattr(obj, field.attname), connection))
        rows.append([*row, obj.pk])
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _link_parents(plan: ImportPlan, now) -> None:
    steps = [step for step in plan.customers if step.parent_changes]
    for step in steps:
        step.customer.parent_id = _pk_of(step.parent)
        step.customer.updated_at = now
        step.customer.version = bump()
    _update_rows(Customer, [step.customer for step in steps], ["parent", "updated_at", "version"])


def _write_units(plan: ImportPlan) -> None:
    new, changed = [], []
    for step in plan.units:
        values = step.values
        if step.outcome.action == CREATE:
            step.unit = CustomerUnit(
                customer=_customer_of(step.target),
                kind=values["kind"],
                name=values["name"],
                country=values.get("country") or "",
                note=values.get("note") or "",
            )
            new.append(step.unit)
        elif step.outcome.action == UPDATE:
            for name in step.outcome.changes:
                setattr(step.unit, name, values[name])
            changed.append(step.unit)
        else:
            continue
        _validate(step.outcome, step.unit, exclude=["customer"])
    _stop_if_failed(plan)
    CustomerUnit.objects.bulk_create(new, batch_size=1000)
    _update_rows(CustomerUnit, changed, ["country", "note"])


def _write_financials(plan: ImportPlan, now) -> None:
    new, changed = [], []
    for step in plan.financials:
        values = step.values
        if step.outcome.action == CREATE:
            step.period = FinancialPeriod(
                customer=_customer_of(step.target),
                year=values["year"],
                quarter=values["quarter"],
                revenue=values["revenue"],
                gross_margin=values["gross_margin"],
                their_spend=values.get("their_spend"),
            )
            new.append(step.period)
        elif step.outcome.action == UPDATE:
            for name in step.outcome.changes:
                setattr(step.period, name, values[name])
            step.period.updated_at = now
            changed.append(step.period)
        else:
            continue
        _validate(step.outcome, step.period, exclude=["customer"])
    _stop_if_failed(plan)
    FinancialPeriod.objects.bulk_create(new, batch_size=1000)
    for period in changed:  # an edit form opened before the import is refused, not written over it
        period.version = bump()
    fields = ["revenue", "gross_margin", "their_spend", "updated_at", "version"]
    _update_rows(FinancialPeriod, changed, fields)


def _events(plan: ImportPlan, created: set[int], by: User) -> list[Event]:
    """One "created" line per new customer; one "updated by import: …" line per changed one."""
    events: list[Event] = []
    changes: dict[int, tuple[Customer, list[str]]] = {}

    def note(customer: Customer, code: str) -> None:
        entry = changes.setdefault(customer.pk, (customer, []))
        if code not in entry[1]:
            entry[1].append(code)

    for step in plan.customers:
        customer = step.customer
        if step.outcome.action == CREATE:
            events.append(
                Event(customer=customer, actor=by, kind="customer.created", data=_created(customer))
            )
        elif step.outcome.action == UPDATE:
            if "status" in step.fields:
                data = {"old": step.old_status, "new": customer.status}
                events.append(Event(customer=customer, actor=by, kind="customer.status_changed", data=data))
            for code in step.outcome.changes:
                if code not in {"status", "owner"}:
                    note(customer, code)
    for steps, code in ((plan.units, "units"), (plan.financials, "financials")):
        for step in steps:
            customer = _customer_of(step.target)
            if step.outcome.action in {CREATE, UPDATE} and customer.pk not in created:
                note(customer, code)
    for customer, codes in changes.values():
        if codes:
            events.append(
                Event(customer=customer, actor=by, kind="customer.imported", data={"changes": codes})
            )
    return events


def _created(customer: Customer) -> dict[str, str]:
    return {"status": customer.status, "source": "import"}
