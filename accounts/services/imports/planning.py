"""Planning the changes: match every read row against Orchard and decide what it would do.

Receives a `ParsedWorkbook` (rows already read and checked cell by cell, `accounts.excel.reading`)
and the person importing; returns an `ImportPlan` — per row create, update, unchanged, or an error
with the reason — without writing. Customers are matched on organisation number (spaces, dashes
and dots ignored), else on external id, so committing the same file twice changes nothing the
second time.

A row may create and update prospects and candidates; a status only a selection decision sets (key,
former, or leaving them) becomes a proposal for a leader instead (`accounts.services.proposals`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts import access
from accounts.excel import columns as cols
from accounts.excel.reading import ParsedWorkbook, Row
from accounts.models import Customer, CustomerUnit, FinancialPeriod, User
from accounts.services.imports.plan import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    CustomerStep,
    FinancialStep,
    ImportPlan,
    Outcome,
    UnitStep,
    _customer_of,
    _identity,
    _pk_of,
)
from accounts.services.proposals import open_proposal_statuses

CHUNK = 1000
DECISION_STATUSES = frozenset({Customer.Status.KEY, Customer.Status.FORMER})
CUSTOMER_FIELDS = ("name", "org_number", "external_id", "status", "tier", "industry", "country", "website")


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
            file_errors=list(parsed.errors),
            titles={s.key: parsed.title(s.key) for s in cols.SHEETS},
            notices=list(parsed.notices),
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
        base = Customer.objects.select_for_update(of=("self",)) if self.lock else Customer.objects.all()
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
        access.remember_memberships(self.by, self.visible)  # rights per row, without a query per row
        self.found = found
        self.open_proposals = open_proposal_statuses(list(found))
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
        if step.fields["status"] in DECISION_STATUSES:  # created as a prospect; a leader decides the rest
            step.outcome.propose(step.fields["status"])
            step.fields["status"] = Customer.Status.PROSPECT
        step.fields["tier"] = values.get("tier") or Customer.Tier.THREE
        step.owner = self._owner(step, values.get("owner_email")) or self.by
        if step.outcome.action != ERROR:
            step.outcome.action = CREATE

    def _plan_update(self, step: CustomerStep, customer: Customer) -> None:
        step.customer, step.old_status = customer, customer.status
        self.steps_by_pk[customer.pk] = step
        for key in CUSTOMER_FIELDS:
            if not self._differs(step, customer, key):
                continue
            wanted = step.row.values.get(key) or ""
            if key == "status" and {customer.status, wanted} & DECISION_STATUSES:
                step.outcome.propose(wanted, waiting=self.open_proposals.get(customer.pk) == wanted)
                continue
            step.fields[key] = wanted
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
        proposes = bool(step.outcome.proposal) and not step.outcome.proposal_waiting
        if step.outcome.action != UPDATE and not proposes:
            return
        customer = step.customer
        may_propose = self._can("customer.manage", customer) or self._can("customer.decide", customer)
        if step.outcome.action == UPDATE and not self._can("customer.manage", customer) or not may_propose:
            step.outcome.fail(
                _cannot_change(step.row.values.get("org_number"), step.row.values.get("external_id"))
            )

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


def _cannot_change(org: str | None, ext: str | None) -> str:
    if org:
        return _("Organisation number %(value)s is already used by a customer you cannot change.") % {
            "value": org
        }
    return _("External id %(value)s is already used by a customer you cannot change.") % {"value": ext}
