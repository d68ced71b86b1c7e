"""What an import plan is made of: per row an `Outcome` (what the preview shows) and a step (what
the commit writes). Plain data: `planning` fills a plan, `commit` writes it, and `ImportPlan.result`
is the JSON the job stores and the preview page reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from accounts.excel import columns as cols
from accounts.excel.reading import Row
from accounts.models import Customer, CustomerUnit, FinancialPeriod, User

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class Outcome:
    """One row's fate, as the preview table shows it."""

    sheet: str
    row: int
    label: str
    action: str = UNCHANGED
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    proposal: str = ""  # a status only a leader's decision sets, asked for by the row
    proposal_waiting: bool = False  # the same proposal is already waiting for a leader

    def propose(self, status: str, *, waiting: bool = False) -> None:
        self.proposal, self.proposal_waiting = status, waiting

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
            "proposal": self.proposal,
            "proposal_waiting": self.proposal_waiting,
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
    notices: list[str] = field(default_factory=list)  # about the file, not in the way of importing it

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
            "proposals": sum(1 for row in rows if row["proposal"] and row["action"] != ERROR),
            "counts": counts,
            "errors": sum(1 for row in rows if row["action"] == ERROR),
            "file_errors": self.file_errors,
            "notices": self.notices,
            "blocking": self.has_errors,
            "titles": self.titles,
            "committed": committed,
        }


def _identity(target: CustomerStep | Customer) -> Any:
    customer = _customer_of(target)
    return customer.pk if customer is not None else id(target)


def _customer_of(target: CustomerStep | Customer | None) -> Customer | None:
    return target.customer if isinstance(target, CustomerStep) else target


def _pk_of(node: Any) -> int | None:
    if isinstance(node, CustomerStep):
        return node.customer.pk if node.customer is not None else None
    return node.pk if node is not None else None
