"""Import customers, their units and financial history from a workbook: plan, preview, commit.

`import_plan` matches every row of a read workbook (`accounts.excel.reading`) against Orchard and
says what it would do — create, update, unchanged, or an error with the reason — without writing.
`import_commit` plans again inside one transaction, with the matched customers locked, and writes
every row or none. Customers are matched on organisation number (spaces, dashes and dots ignored),
else on external id, so committing the same file twice changes nothing the second time.

Both run as background jobs (`customers.import.preview`, `customers.import.commit`) through
`accounts.tasks.run_job`; a small file runs the same runner while the person waits.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access, jobs, timeline
from accounts.excel import columns as cols
from accounts.excel.reading import ParsedWorkbook, Row, read_workbook
from accounts.excel.safety import INLINE_ROWS, FileRejected
from accounts.models import Customer, CustomerUnit, Event, FinancialPeriod, Job, Team, User
from accounts.services import customer_hand_over, job_create
from accounts.versioning import bump

PREVIEW = "customers.import.preview"
COMMIT = "customers.import.commit"
IMPORTS_FOLDER = "imports"
KEEP_UPLOADS_DAYS = 14
CHUNK = 1000

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
DECISION_STATUSES = frozenset({Customer.Status.KEY, Customer.Status.FORMER})
CUSTOMER_FIELDS = ("name", "org_number", "external_id", "status", "tier", "industry", "country", "website")

timeline.register_event_kind("customer.imported", gettext_lazy("updated by import: %(changes)s"))
_CHANGE_LABELS: dict[str, Any] = {
    **{f.name: f.verbose_name for f in Customer._meta.get_fields() if hasattr(f, "verbose_name")},
    "units": gettext_lazy("units"),
    "financials": gettext_lazy("financial figures"),
}
timeline.register_label("changes", lambda code: _CHANGE_LABELS.get(code, code))


class ImportNotReady(Exception):
    """The preview cannot be committed (still running, has errors, or its file is gone)."""


# --- What a plan is made of -----------------------------------------------------------------------
@dataclass
class Outcome:
    """One row's fate, as the preview table shows it."""

    sheet: str
    row: int
    label: str
    action: str = UNCHANGED
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.errors.append(message)
        self.action = ERROR

    def change(self, key: str) -> None:
        if key not in self.changes:
            self.changes.append(key)
        if self.action == UNCHANGED:
            self.action = UPDATE

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "label": self.label,
            "action": self.action,
            "changes": [_header(self.sheet, key) for key in self.changes],
            "errors": self.errors,
        }


def _header(sheet: str, key: str) -> str:
    if key == "owner":
        return "owner e-mail"
    sheet_def = cols.SHEETS_BY_KEY[sheet]
    return next((c.header for c in sheet_def.columns if c.key == key), key)


@dataclass(eq=False)
class CustomerStep:
    row: Row
    outcome: Outcome
    customer: Customer | None = None  # the existing customer, or the new one once written
    fields: dict[str, Any] = field(default_factory=dict)  # values to set
    owner: User | None = None  # owner of a new customer, or the new owner of an existing one
    parent: Any = None  # None, a Customer or a CustomerStep
    parent_changes: bool = False
    old_status: str = ""


@dataclass(eq=False)
class UnitStep:
    outcome: Outcome
    target: CustomerStep | Customer
    unit: CustomerUnit | None
    values: dict[str, Any]


@dataclass(eq=False)
class FinancialStep:
    outcome: Outcome
    target: CustomerStep | Customer
    period: FinancialPeriod | None
    values: dict[str, Any]


@dataclass
class ImportPlan:
    customers: list[CustomerStep] = field(default_factory=list)
    units: list[UnitStep] = field(default_factory=list)
    financials: list[FinancialStep] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    def outcomes(self) -> Iterable[Outcome]:
        for step in (*self.customers, *self.units, *self.financials):
            yield step.outcome

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(o.action == ERROR for o in self.outcomes())

    def result(self, committed: bool | None = None) -> dict[str, Any]:
        """The plan as the job stores it (JSON) and the preview page shows it."""
        rows = [outcome.as_dict() for outcome in self.outcomes()]
        counts: dict[str, dict[str, int]] = {sheet.key: {} for sheet in cols.SHEETS}
        for row in rows:
            counts[row["sheet"]][row["action"]] = counts[row["sheet"]].get(row["action"], 0) + 1
        return {
            "rows": rows,
            "counts": counts,
            "errors": sum(1 for row in rows if row["action"] == ERROR),
            "file_errors": self.file_errors,
            "blocking": self.has_errors,
            "titles": self.titles,
            "committed": committed,
        }


# --- Planning ---------------------------------------------------------------------------------------
def import_plan(*, parsed: ParsedWorkbook, by: User, lock: bool = False) -> ImportPlan:
    """What importing `parsed` as `by` would do, row by row. Reads only; `lock` takes row locks
    on the matched customers (inside the commit's transaction)."""
    return _Planner(parsed, by, lock).plan()


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class _Planner:
    def __init__(self, parsed: ParsedWorkbook, by: User, lock: bool) -> None:
        self.parsed, self.by, self.lock = parsed, by, lock
        self.plan_ = ImportPlan(
            file_errors=list(parsed.errors), titles={s.key: parsed.title(s.key) for s in cols.SHEETS}
        )
        self.by_org: dict[str, list[Customer]] = defaultdict(list)
        self.by_ext: dict[str, Customer] = {}
        self.visible: set[int] = set()
        self.rights: dict[tuple[str, int], bool] = {}
        self.steps_by_org: dict[str, CustomerStep] = {}
        self.steps_by_ext: dict[str, CustomerStep] = {}
        self.steps_by_pk: dict[int, CustomerStep] = {}

    def plan(self) -> ImportPlan:
        self._load_customers()
        self._load_people()
        for row in self.parsed.rows(cols.CUSTOMERS.key):
            self.plan_.customers.append(self._customer_step(row))
        self._plan_parents()
        self._plan_units()
        self._plan_financials()
        return self.plan_

    # Loading what the file refers to, in a constant number of queries per thousand keys.
    def _load_customers(self) -> None:
        org_keys, ext_ids = self._keys_in_file()
        # One narrow scan finds the matches: organisation numbers compare without spaces and
        # dashes, which no index can do; then only the matched rows are loaded (and locked).
        keyed = Customer.objects.exclude(org_number="", external_id="").values_list(
            "pk", "org_number", "external_id"
        )
        matched = {
            pk
            for pk, org_number, external_id in keyed.iterator(chunk_size=5000)
            if (org_number and cols.canonical_key(org_number) in org_keys) or external_id in ext_ids
        }
        base = Customer.objects.select_for_update() if self.lock else Customer.objects.all()
        found: dict[int, Customer] = {}
        for chunk in _chunks(matched):
            found.update((customer.pk, customer) for customer in base.filter(pk__in=chunk))
        for customer in found.values():
            if customer.org_number:
                self.by_org[cols.canonical_key(customer.org_number)].append(customer)
            if customer.external_id in ext_ids:
                self.by_ext[customer.external_id] = customer
        for chunk in _chunks(found):
            self.visible.update(
                access.visible_customers(self.by).filter(pk__in=chunk).values_list("pk", flat=True)
            )
        self.found = found
        self.parent_ids = {pk: customer.parent_id for pk, customer in found.items()}

    def _keys_in_file(self) -> tuple[set[str], set[str]]:
        """Every organisation number (canonical) and external id the file names, in any sheet."""
        org_keys, ext_ids = set(), set()
        for row in self.parsed.rows(cols.CUSTOMERS.key):
            for key in ("org_number", "parent"):
                if row.values.get(key):
                    org_keys.add(cols.canonical_key(row.values[key]))
                    ext_ids.add(row.values[key])
            if row.values.get("external_id"):
                ext_ids.add(row.values["external_id"])
        for sheet in (cols.UNITS.key, cols.FINANCIALS.key):
            for row in self.parsed.rows(sheet):
                if row.values.get("customer"):
                    org_keys.add(cols.canonical_key(row.values["customer"]))
                    ext_ids.add(row.values["customer"])
        return org_keys - {""}, ext_ids

    def _load_people(self) -> None:
        emails = {
            row.values["owner_email"]
            for row in self.parsed.rows("customers")
            if row.values.get("owner_email")
        }
        owner_ids = {customer.owner_id for customer in self.found.values()}
        people = User.objects.annotate(email_key=Lower("email"))
        self.users = {user.email_key: user for user in people.filter(email_key__in=emails, is_active=True)}
        self.owner_emails = dict(User.objects.filter(pk__in=owner_ids).values_list("pk", "email"))
        self.assignable = self._assignable_ids()

    def _assignable_ids(self) -> set[int] | None:
        return access.assignable_owner_ids(self.by)

    def _can(self, action: str, customer: Customer) -> bool:
        key = (action, customer.pk)
        if key not in self.rights:
            self.rights[key] = customer.pk in self.visible and access.can(self.by, action, customer)
        return self.rights[key]

    # Customers
    def _customer_step(self, row: Row) -> CustomerStep:
        values = row.values
        label = values.get("name") or values.get("org_number") or values.get("external_id") or ""
        step = CustomerStep(row=row, outcome=Outcome(cols.CUSTOMERS.key, row.number, label))
        for error in row.errors:
            step.outcome.fail(error)
        org, ext = values.get("org_number"), values.get("external_id")
        if not org and not ext:
            step.outcome.fail(
                _(
                    "Row %(row)s has neither an organisation number nor an external id; give one, so that a second "
                    "import updates this customer instead of adding it again."
                )
                % {"row": row.number}
            )
        self._register_keys(step, org, ext)
        existing = self._match(step, org, ext)
        if step.outcome.action == ERROR:
            return step
        if existing is None:
            self._plan_create(step)
        else:
            self._plan_update(step, existing)
        return step

    def _register_keys(self, step: CustomerStep, org: str | None, ext: str | None) -> None:
        if org:
            first = self.steps_by_org.setdefault(cols.canonical_key(org), step)
            if first is not step:
                step.outcome.fail(
                    _(
                        "Organisation number %(value)s is also on row %(first)s of this sheet; each customer may appear once."
                    )
                    % {"value": org, "first": first.row.number}
                )
        if ext:
            first = self.steps_by_ext.setdefault(ext, step)
            if first is not step:
                step.outcome.fail(
                    _(
                        "External id %(value)s is also on row %(first)s of this sheet; each customer may appear once."
                    )
                    % {"value": ext, "first": first.row.number}
                )

    def _match(self, step: CustomerStep, org: str | None, ext: str | None) -> Customer | None:
        by_org = self.by_org.get(cols.canonical_key(org), []) if org else []
        by_ext = self.by_ext.get(ext) if ext else None
        if len(by_org) > 1:
            step.outcome.fail(
                _(
                    "Organisation number %(value)s belongs to more than one customer in Orchard; ask an administrator "
                    "to merge them."
                )
                % {"value": org}
            )
            return None
        if by_org and by_ext and by_org[0].pk != by_ext.pk:
            step.outcome.fail(
                _(
                    "Organisation number %(org)s and external id %(ext)s belong to two different customers in Orchard."
                )
                % {"org": org, "ext": ext}
            )
            return None
        existing = by_org[0] if by_org else by_ext
        if existing is not None and existing.pk not in self.visible:
            step.outcome.fail(_cannot_change(org if by_org else None, ext))
            return None
        return existing

    def _plan_create(self, step: CustomerStep) -> None:
        values, columns = step.row.values, self.parsed.sheets[cols.CUSTOMERS.key].columns
        step.fields = {key: values.get(key) or "" for key in CUSTOMER_FIELDS if key in columns}
        step.fields["status"] = values.get("status") or Customer.Status.PROSPECT
        step.fields["tier"] = values.get("tier") or Customer.Tier.THREE
        step.owner = self._owner(step, values.get("owner_email")) or self.by
        if step.outcome.action != ERROR:
            step.outcome.action = CREATE

    def _plan_update(self, step: CustomerStep, customer: Customer) -> None:
        step.customer, step.old_status = customer, customer.status
        self.steps_by_pk[customer.pk] = step
        for key in CUSTOMER_FIELDS:
            if self._differs(step, customer, key):
                step.fields[key] = step.row.values.get(key) or ""
                step.outcome.change(key)
        email = step.row.values.get("owner_email")
        if email and email != self.owner_emails.get(customer.owner_id, "").lower():
            step.owner = self._owner(step, email)
            step.outcome.change("owner")
        self._check_update_rights(step)

    def _differs(self, step: CustomerStep, customer: Customer, key: str) -> bool:
        columns = self.parsed.sheets[cols.CUSTOMERS.key].columns
        value = step.row.values.get(key)
        if key not in columns or value is None:
            return False  # a missing column or an empty cell leaves the field as it is
        if key == "org_number":
            return cols.canonical_key(value) != cols.canonical_key(customer.org_number)
        return value != getattr(customer, key)

    def _check_update_rights(self, step: CustomerStep) -> None:
        if step.outcome.action != UPDATE:
            return
        customer = step.customer
        if not self._can("customer.manage", customer):
            step.outcome.fail(
                _cannot_change(step.row.values.get("org_number"), step.row.values.get("external_id"))
            )
        elif self._needs_decision(step) and not self._can("customer.decide", customer):
            step.outcome.fail(
                _(
                    "A customer becomes or stops being a key account through a selection decision on its page, "
                    "not through an import. Leave the status as it is (%(status)s)."
                )
                % {"status": Customer.Status(step.old_status).label}
            )

    @staticmethod
    def _needs_decision(step: CustomerStep) -> bool:
        """Becoming or ceasing to be a key account is a selection decision, not a field edit."""
        return "status" in step.fields and bool({step.old_status, step.fields["status"]} & DECISION_STATUSES)

    def _owner(self, step: CustomerStep, email: str | None) -> User | None:
        if not email:
            return None
        user = self.users.get(email)
        if user is None:
            step.outcome.fail(_("No active colleague has the e-mail address %(email)s.") % {"email": email})
        elif self.assignable is not None and user.pk not in self.assignable:
            if access.is_leader(self.by):
                message = _("%(email)s is not on a team you lead, so you cannot make them the account owner.")
            else:
                message = _(
                    "You can make only yourself the account owner; leave “owner e-mail” empty or ask your "
                    "sales leader to import this row. (%(email)s)"
                )
            step.outcome.fail(message % {"email": email})
            return None
        return user

    # Groups
    def _plan_parents(self) -> None:
        if not self.parsed.has_column(cols.CUSTOMERS.key, "parent"):
            return
        for step in self.plan_.customers:
            if step.outcome.action == ERROR:
                continue
            self._plan_parent(step)
        for step in self.plan_.customers:
            if step.parent_changes and step.outcome.action != ERROR and self._in_cycle(step):
                step.outcome.fail(
                    _(
                        "Row %(row)s would make the customer part of its own group (directly or through others)."
                    )
                    % {"row": step.row.number}
                )

    def _plan_parent(self, step: CustomerStep) -> None:
        reference = step.row.values.get("parent")
        if not reference:
            return  # an empty cell leaves the group as it is
        parent = self._resolve(reference, step.outcome)
        if parent is None:
            return
        if parent is step or (step.customer is not None and _pk_of(parent) == step.customer.pk):
            step.outcome.fail(_("A customer cannot be its own parent."))
            return
        wanted = _pk_of(parent)  # None for a parent this file creates
        if step.customer is not None and wanted is not None and wanted == step.customer.parent_id:
            return
        step.parent, step.parent_changes = parent, True
        if step.outcome.action != CREATE:
            step.outcome.change("parent")
            self._check_update_rights(step)

    def _in_cycle(self, start: CustomerStep) -> bool:
        node, hops = start.parent, 0
        while node is not None and hops < 1000:
            hops += 1
            if node is start or (start.customer is not None and _pk_of(node) == start.customer.pk):
                return True
            node = self._parent_of(node)
        return hops >= 1000

    def _parent_of(self, node: Any) -> Any:
        if isinstance(node, Customer):
            node = self.steps_by_pk.get(node.pk, node)
        if isinstance(node, CustomerStep):
            if node.parent_changes or node.customer is None:
                return node.parent
            node = node.customer
        parent_id = self._parent_id(node.pk)
        if parent_id is None:
            return None
        return self.steps_by_pk.get(parent_id) or Customer(pk=parent_id)

    def _parent_id(self, pk: int) -> int | None:
        if pk not in self.parent_ids:
            self.parent_ids[pk] = Customer.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
        return self.parent_ids[pk]

    # References from Units, Financials and the parent column
    def _resolve(self, reference: str, outcome: Outcome) -> CustomerStep | Customer | None:
        """The customer a reference names: a row of the Customers sheet first, then Orchard."""
        key = cols.canonical_key(reference)
        step = self.steps_by_org.get(key) or self.steps_by_ext.get(reference)
        if step is not None:
            if step.outcome.action == ERROR:
                outcome.fail(
                    _("%(reference)s refers to row %(row)s of the Customers sheet, which has errors.")
                    % {"reference": reference, "row": step.row.number}
                )
                return None
            return step
        matches = self.by_org.get(key) or ([self.by_ext[reference]] if reference in self.by_ext else [])
        if len(matches) == 1 and matches[0].pk in self.steps_by_pk:
            return self.steps_by_pk[matches[0].pk]  # the same customer, named by its other key
        if len(matches) == 1 and matches[0].pk in self.visible:
            return matches[0]
        if matches:
            outcome.fail(_("%(reference)s is a customer you cannot change.") % {"reference": reference})
        else:
            outcome.fail(
                _(
                    "No customer has the organisation number or external id %(reference)s, in this file or among the "
                    "customers you can see."
                )
                % {"reference": reference}
            )
        return None

    def _target(self, row: Row) -> tuple[Outcome, CustomerStep | Customer | None]:
        reference = row.values.get("customer") or ""
        outcome = Outcome(row.sheet, row.number, reference)
        for error in row.errors:
            outcome.fail(error)
        target = self._resolve(reference, outcome) if reference else None
        if target is not None:
            outcome.label = target.name if isinstance(target, Customer) else target.outcome.label
        return outcome, target

    # Units
    def _plan_units(self) -> None:
        rows = self.parsed.rows(cols.UNITS.key)
        targets = [self._target(row) for row in rows]
        existing = self._existing(CustomerUnit, targets, lambda u: (u.customer_id, u.kind, u.name))
        seen: dict[tuple, int] = {}
        for row, (outcome, target) in zip(rows, targets, strict=True):
            name = row.values.get("name") or ""
            outcome.label = f"{outcome.label} · {name}"
            step = UnitStep(outcome=outcome, target=target, unit=None, values=row.values)
            self.plan_.units.append(step)
            if outcome.action == ERROR or target is None:
                continue
            key = (_identity(target), row.values.get("kind"), name)
            if key in seen:
                outcome.fail(
                    _("The same unit is also on row %(first)s of this sheet.") % {"first": seen[key]}
                )
                continue
            seen[key] = row.number
            self._plan_child(
                step, existing, (row.values.get("kind"), name), ("country", "note"), "customer.edit"
            )

    # Financials
    def _plan_financials(self) -> None:
        rows = self.parsed.rows(cols.FINANCIALS.key)
        targets = [self._target(row) for row in rows]
        existing = self._existing(FinancialPeriod, targets, lambda p: (p.customer_id, p.year, p.quarter))
        seen: dict[tuple, int] = {}
        for row, (outcome, target) in zip(rows, targets, strict=True):
            row.values["quarter"] = row.values.get("quarter") or 0
            year, quarter = row.values.get("year"), row.values["quarter"]
            outcome.label = f"{outcome.label} · {year}" + (f" Q{quarter}" if quarter else "")
            step = FinancialStep(outcome=outcome, target=target, period=None, values=row.values)
            self.plan_.financials.append(step)
            if outcome.action == ERROR or target is None:
                continue
            key = (_identity(target), year, quarter)
            if key in seen:
                outcome.fail(
                    _("The same period is also on row %(first)s of this sheet.") % {"first": seen[key]}
                )
                continue
            seen[key] = row.number
            fields = ("revenue", "gross_margin", "their_spend")
            self._plan_child(step, existing, (year, quarter), fields, "customer.edit")

    def _existing(self, model, targets, key_of) -> dict[tuple, Any]:
        ids = {
            _customer_of(target).pk for _o, target in targets if target is not None and _customer_of(target)
        }
        found = {}
        for chunk in _chunks(ids):
            for item in model.objects.filter(customer_id__in=chunk):
                found[key_of(item)] = item
        return found

    def _plan_child(
        self, step, existing: dict, natural_key: tuple, fields: tuple[str, ...], action: str
    ) -> None:
        """Shared by units and periods: create, or compare the fields of the one already there."""
        present = self.parsed.sheets[step.outcome.sheet].columns
        customer = _customer_of(step.target)
        item = existing.get((customer.pk, *natural_key)) if customer is not None else None
        if item is None:
            step.outcome.action = CREATE
        else:
            if isinstance(step, UnitStep):
                step.unit = item
            else:
                step.period = item
            for name in fields:
                value = step.values.get(name)  # a missing column or an empty cell changes nothing
                if name in present and value is not None and value != getattr(item, name):
                    step.outcome.change(name)
        if customer is not None and step.outcome.action != UNCHANGED and not self._can(action, customer):
            reference = step.values.get("customer")
            step.outcome.fail(_("%(reference)s is a customer you cannot change.") % {"reference": reference})


def _identity(target: CustomerStep | Customer) -> Any:
    customer = _customer_of(target)
    return customer.pk if customer is not None else id(target)


def _customer_of(target: CustomerStep | Customer | None) -> Customer | None:
    return target.customer if isinstance(target, CustomerStep) else target


def _pk_of(node: Any) -> int | None:
    if isinstance(node, CustomerStep):
        return node.customer.pk if node.customer is not None else None
    return node.pk if node is not None else None


def _cannot_change(org: str | None, ext: str | None) -> str:
    if org:
        return _("Organisation number %(value)s is already used by a customer you cannot change.") % {
            "value": org
        }
    return _("External id %(value)s is already used by a customer you cannot change.") % {"value": ext}


# --- Committing ---------------------------------------------------------------------------------------
class _RolledBack(Exception):
    """A row failed model validation while being written: roll the whole import back."""


def import_commit(*, parsed: ParsedWorkbook, by: User) -> ImportPlan:
    """Plan again and write every row in one transaction: all rows, or — if any row fails now,
    because the data changed since the preview — none. Records a timeline event per customer.

    Returns the plan; `plan.has_errors` is True when nothing was written, and its outcomes and
    file errors say why.
    """
    plan = ImportPlan()
    try:
        with transaction.atomic():
            plan = import_plan(parsed=parsed, by=by, lock=True)
            if not plan.has_errors:
                _write(plan, by)
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


def _write(plan: ImportPlan, by: User) -> None:
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
    if steps:
        Customer.objects.bulk_update(
            [s.customer for s in steps], [*sorted(changed), "updated_at", "version"], batch_size=500
        )


def _link_parents(plan: ImportPlan, now) -> None:
    steps = [step for step in plan.customers if step.parent_changes]
    for step in steps:
        step.customer.parent_id = _pk_of(step.parent)
        step.customer.updated_at = now
        step.customer.version = bump()
    Customer.objects.bulk_update(
        [step.customer for step in steps], ["parent", "updated_at", "version"], batch_size=500
    )


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
    CustomerUnit.objects.bulk_update(changed, ["country", "note"], batch_size=1000)


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
    FinancialPeriod.objects.bulk_update(changed, fields, batch_size=1000)


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


# --- Uploads and jobs ---------------------------------------------------------------------------------
def uploads_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / IMPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_upload(*, upload: UploadedFile, rows: int, has_formulas: bool, by: User) -> Job:
    """Keep the checked upload under a random name and start the preview job: at once for a small
    file (the person waits a moment), on the worker for a larger one (the page polls the job).

    `rows` and `has_formulas` come from `accounts.excel.safety.inspect_xlsx`, which the file passed.
    """
    _forget_old_uploads()
    name = f"{secrets.token_urlsafe(18)}.xlsx"
    with (uploads_folder() / name).open("wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    params = {
        "file": name,
        "filename": Path(upload.name or "").name[:120],
        "rows": rows,
        "formulas": has_formulas,
    }
    return _start(kind=PREVIEW, by=by, params=params)


def import_commit_start(*, preview: Job, by: User) -> Job:
    """Start writing a previewed file. Raises ImportNotReady when the preview is unfinished, has
    errors, or its file is gone."""
    if preview.kind != PREVIEW or preview.status != Job.Status.DONE:
        raise ImportNotReady(_("The file has not been checked yet; wait for the preview to finish."))
    if preview.result.get("blocking", True):
        raise ImportNotReady(
            _("Nothing is imported while a row has an error. Fix the rows in your file and upload it again.")
        )
    if not (uploads_folder() / preview.params.get("file", "")).is_file():
        raise ImportNotReady(_("The uploaded file is no longer kept. Upload it again."))
    return _start(kind=COMMIT, by=by, params={**preview.params, "preview": preview.pk})


def _start(*, kind: str, by: User, params: dict[str, Any]) -> Job:
    if params["rows"] > INLINE_ROWS:
        return job_create(kind=kind, by=by, **params)
    from accounts import tasks  # the task module imports the services

    job = Job.objects.create(kind=kind, created_by=by, params=params)
    tasks.run_job(job.pk)  # the worker's own runner, called directly: no queue for a small file
    job.refresh_from_db()
    return job


def _forget_old_uploads() -> None:
    """Uploads are kept for the preview and the commit; after two weeks they are of no use."""
    cutoff = time.time() - KEEP_UPLOADS_DAYS * 86400
    for path in uploads_folder().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _rejected(message: str) -> dict[str, Any]:
    return ImportPlan(file_errors=[message]).result()


def _read_upload(job: Job, progress: jobs.Progress, share: int) -> ParsedWorkbook | dict[str, Any]:
    path = uploads_folder() / job.params.get("file", "")
    if not path.is_file():
        return _rejected(_("The uploaded file is no longer kept. Upload it again."))
    total = max(int(job.params.get("rows", 0)), 1)

    def report(done: int) -> None:
        message = _("Read %(done)s of about %(total)s rows") % {"done": done, "total": total}
        progress(min(share, done * share // total), message)

    try:
        return read_workbook(path, has_formulas=job.params.get("formulas", True), progress=report)
    except FileRejected as error:
        return _rejected(str(error))


@jobs.register(PREVIEW)
def run_import_preview(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Read the uploaded workbook and plan every row, in the language of the person importing."""
    with translation.override(job.created_by.language):
        parsed = _read_upload(job, progress, share=70)
        if isinstance(parsed, dict):
            return parsed
        progress(70, _("Matching the rows with Orchard…"))
        return import_plan(parsed=parsed, by=job.created_by).result()


@jobs.register(COMMIT)
def run_import_commit(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Read the previewed workbook again and write it, all rows or none."""
    with translation.override(job.created_by.language):
        parsed = _read_upload(job, progress, share=50)
        if isinstance(parsed, dict):
            return {**parsed, "committed": False}
        progress(50, _("Saving…"))
        plan = import_commit(parsed=parsed, by=job.created_by)
        return plan.result(committed=not plan.has_errors)


# --- Export -------------------------------------------------------------------------------------------
def _reference(org_number: str, external_id: str) -> str:
    return org_number or external_id


def export_sheets(customers: QuerySet[Customer]) -> list[tuple[cols.Sheet, Iterable[dict[str, Any]]]]:
    """The Customers, Units and Financials sheets for these customers: three queries whatever their
    number, each streamed in chunks. The columns are the import's, so the file imports back unchanged."""
    ids = customers.values("pk")
    return [
        (cols.CUSTOMERS, _customer_rows(customers)),
        (cols.UNITS, _unit_rows(CustomerUnit.objects.filter(customer__in=ids))),
        (cols.FINANCIALS, _financial_rows(FinancialPeriod.objects.filter(customer__in=ids))),
    ]


def export_financial_sheets(customer: Customer) -> list[tuple[cols.Sheet, Iterable[dict[str, Any]]]]:
    return [(cols.FINANCIALS, _financial_rows(FinancialPeriod.objects.filter(customer=customer)))]


def _customer_rows(customers: QuerySet[Customer]) -> Iterable[dict[str, Any]]:
    for customer in customers.select_related("owner", "team", "parent").iterator(chunk_size=2000):
        parent = customer.parent
        yield {
            **{key: getattr(customer, key) for key in CUSTOMER_FIELDS},
            "parent": _reference(parent.org_number, parent.external_id) if parent else None,
            "owner_email": customer.owner.email,
            "owner_name": str(customer.owner),
            "team": customer.team.name if customer.team else None,
        }


def _unit_rows(units: QuerySet[CustomerUnit]) -> Iterable[dict[str, Any]]:
    rows = units.order_by("customer__name", "customer_id", "kind", "name").values_list(
        "customer__org_number", "customer__external_id", "customer__name", "kind", "name", "country", "note"
    )
    for org_number, external_id, customer_name, kind, name, country, note in rows.iterator(chunk_size=2000):
        yield {
            "customer": _reference(org_number, external_id),
            "customer_name": customer_name,
            "kind": kind,
            "name": name,
            "country": country,
            "note": note,
        }


def _financial_rows(periods: QuerySet[FinancialPeriod]) -> Iterable[dict[str, Any]]:
    rows = periods.order_by("customer__name", "customer_id", "year", "quarter").values_list(
        "customer__org_number",
        "customer__external_id",
        "customer__name",
        "year",
        "quarter",
        "revenue",
        "gross_margin",
        "their_spend",
    )
    for org_number, external_id, customer_name, *figures in rows.iterator(chunk_size=2000):
        yield {
            "customer": _reference(org_number, external_id),
            "customer_name": customer_name,
            **dict(zip(("year", "quarter", "revenue", "gross_margin", "their_spend"), figures, strict=True)),
        }


# --- Benchmark ----------------------------------------------------------------------------------------
def import_benchmark(*, by: User, rows: int = 10_000, folder: Path | None = None) -> dict[str, float]:
    """Time importing a generated workbook of `rows` new customers as `by`, then committing it again
    (every row unchanged). Returns seconds per step. Writes customers: use a scratch database."""
    from accounts.excel.writing import write_workbook  # only the benchmark writes import files

    folder = folder or uploads_folder()
    path = folder / f"benchmark-{secrets.token_hex(4)}.xlsx"
    prefix = secrets.randbelow(10**6)
    timings: dict[str, float] = {"rows": float(rows)}
    started = time.perf_counter()
    write_workbook(str(path), [(cols.CUSTOMERS, _benchmark_rows(rows, prefix, by.email))])
    timings["write_file"] = time.perf_counter() - started
    try:
        for label in ("first", "again"):
            started = time.perf_counter()
            parsed = read_workbook(path, has_formulas=False)
            timings[f"{label}_read"] = time.perf_counter() - started
            started = time.perf_counter()
            plan = import_commit(parsed=parsed, by=by)
            timings[f"{label}_plan_and_commit"] = time.perf_counter() - started
            if plan.has_errors:
                raise RuntimeError(f"benchmark import failed: {plan.file_errors or plan.result()['errors']}")
    finally:
        path.unlink(missing_ok=True)
    return timings


def _benchmark_rows(rows: int, prefix: int, owner_email: str) -> Iterable[dict[str, Any]]:
    statuses = ("prospect", "candidate", "key", "former")
    for index in range(rows):
        yield {
            "name": f"Benchmark Kraft {prefix}-{index} AS",
            "org_number": f"B{prefix:06d} {index:06d}",
            "external_id": f"BENCH-{prefix}-{index}",
            "status": statuses[index % 4],
            "tier": 1 + index % 3,
            "industry": "Energy",
            "country": "NO",
            "website": f"https://www.kraft-{prefix}-{index}.no/",
            "owner_email": owner_email,
        }
