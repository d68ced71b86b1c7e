"""The white-space matrix as rows, columns, totals and heat levels (no ORM).

Rows are the offerings that have nothing under them, in catalogue order under their group;
columns are the customer's units, countries and locations. A cell nobody has filled in yet counts
as open with no potential. The heat level (0–5) grows with a cell's open potential: the potential
of cells still to be won (open, buying from a competitor, in progress).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

HEAT_LEVELS = 5
OPEN_STATUSES = frozenset({"open", "competitor", "in_progress"})
ZERO = Decimal(0)


class OfferingLike(Protocol):
    pk: int
    name: str
    parent_id: int | None


class UnitLike(Protocol):
    pk: int
    name: str
    kind: str


class CellLike(Protocol):
    offering_id: int
    unit_id: int
    status: str
    current_revenue: Decimal
    potential: Decimal


@dataclass
class Cell:
    offering_id: int
    unit_id: int
    cell: Any | None  # the stored cell, None when nobody has filled it in
    status: str = "open"
    current_revenue: Decimal = ZERO
    potential: Decimal = ZERO
    heat: int = 0
    # What the page shows, filled in by the page (labels are translated, amounts formatted there).
    url: str = ""
    label: str = ""
    amounts: str = ""

    @property
    def open_potential(self) -> Decimal:
        return self.potential if self.status in OPEN_STATUSES else ZERO


@dataclass
class Totals:
    revenue: Decimal = ZERO
    potential: Decimal = ZERO
    open_potential: Decimal = ZERO

    def add(self, cell: Cell) -> None:
        if cell.status == "us":
            self.revenue += cell.current_revenue
        if cell.status != "not_relevant":
            self.potential += cell.potential
        self.open_potential += cell.open_potential


@dataclass
class Row:
    offering: Any
    group: Any | None
    first_in_group: bool
    shared: bool
    cells: list[Cell] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class Column:
    unit: Any
    totals: Totals = field(default_factory=Totals)


@dataclass
class Matrix:
    rows: list[Row]
    columns: list[Column]
    kinds: list[tuple[Any, int]]  # (first unit of a kind, how many columns of that kind), for the header
    totals: Totals
    max_open: Decimal

    @property
    def is_empty(self) -> bool:
        return not self.rows or not self.columns

    @property
    def width(self) -> int:
        """Table columns: the offering, one per unit, the row total."""
        return len(self.columns) + 2


def matrix_rows(offerings: Sequence[OfferingLike]) -> list[tuple[Any, Any | None]]:
    """(offering, its group) for every offering with nothing under it, groups in catalogue order."""
    parents = {o.parent_id for o in offerings if o.parent_id}
    groups = [o for o in offerings if o.parent_id is None]
    by_group: dict[int, list] = {}
    for offering in offerings:
        if offering.parent_id:
            by_group.setdefault(offering.parent_id, []).append(offering)
    rows: list[tuple[Any, Any | None]] = []
    for group in groups:
        if group.pk in parents:
            rows += [(child, group) for child in by_group.get(group.pk, [])]
        else:
            rows.append((group, None))
    return rows


def build_matrix(
    offerings: Sequence[OfferingLike],
    units: Sequence[UnitLike],
    cells: Iterable[CellLike],
    shared_offering_ids: Iterable[int] = (),
) -> Matrix:
    """The matrix with totals per row, per column and overall, and each cell's heat level."""
    stored: Mapping[tuple[int, int], CellLike] = {(c.offering_id, c.unit_id): c for c in cells}
    shared = set(shared_offering_ids)
    columns = [Column(unit) for unit in units]
    totals = Totals()
    rows: list[Row] = []
    previous_group = object()
    for offering, group in matrix_rows(offerings):
        row = Row(offering, group, group is not None and group is not previous_group, offering.pk in shared)
        previous_group = group
        for column in columns:
            cell = _cell(offering.pk, column.unit.pk, stored.get((offering.pk, column.unit.pk)))
            row.cells.append(cell)
            for bucket in (row.totals, column.totals, totals):
                bucket.add(cell)
        rows.append(row)
    max_open = max((cell.open_potential for row in rows for cell in row.cells), default=ZERO)
    for row in rows:
        for cell in row.cells:
            cell.heat = heat_level(cell.open_potential, max_open)
    return Matrix(rows, columns, _kinds(units), totals, max_open)


def _cell(offering_id: int, unit_id: int, stored: CellLike | None) -> Cell:
    if stored is None:
        return Cell(offering_id, unit_id, None)
    return Cell(offering_id, unit_id, stored, stored.status, stored.current_revenue, stored.potential)


def heat_level(value: Decimal, highest: Decimal) -> int:
    """0 for no open potential, else 1–5 in proportion to the highest open potential in the matrix."""
    if value <= 0 or highest <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * value / highest)))


def _kinds(units: Sequence[UnitLike]) -> list[tuple[Any, int]]:
    spans: list[tuple[Any, int]] = []
    for unit in units:
        if spans and spans[-1][0].kind == unit.kind:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
        else:
            spans.append((unit, 1))
    return spans
