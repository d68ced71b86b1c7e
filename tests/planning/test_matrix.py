"""The white-space matrix's rows, totals and heat levels, and its pictures: no database."""

from dataclasses import dataclass
from decimal import Decimal

from planning import charts, matrix


@dataclass
class Off:
    pk: int
    name: str
    parent_id: int | None = None


@dataclass
class U:
    pk: int
    name: str
    kind: str = "unit"


@dataclass
class C:
    offering_id: int
    unit_id: int
    status: str
    current_revenue: Decimal = Decimal(0)
    potential: Decimal = Decimal(0)


OFFERINGS = [Off(1, "Field"), Off(2, "Maintenance", 1), Off(3, "Call-out", 1), Off(4, "Consulting")]
UNITS = [U(10, "Production"), U(11, "Logistics"), U(12, "SE", "country")]


def test_rows_are_the_offerings_with_nothing_under_them_under_their_group():
    rows = matrix.matrix_rows(OFFERINGS)
    assert [(o.name, g.name if g else None) for o, g in rows] == [
        ("Maintenance", "Field"),
        ("Call-out", "Field"),
        ("Consulting", None),
    ]


def test_totals_per_row_column_and_matrix_and_heat_by_open_potential():
    cells = [
        C(2, 10, "us", Decimal(100), Decimal(150)),
        C(2, 11, "open", potential=Decimal(400)),
        C(3, 10, "competitor", potential=Decimal(200)),
        C(3, 11, "not_relevant", potential=Decimal(999)),
    ]
    grid = matrix.build_matrix(OFFERINGS, UNITS, cells, shared_offering_ids=[4])
    first, second, third = grid.rows
    assert first.first_in_group and not second.first_in_group and third.shared
    assert (first.totals.revenue, first.totals.potential, first.totals.open_potential) == (100, 550, 400)
    assert grid.columns[0].totals.open_potential == 200
    assert (grid.totals.revenue, grid.totals.potential, grid.totals.open_potential) == (100, 750, 600)
    assert [c.heat for c in first.cells] == [0, 5, 0]
    assert [c.heat for c in second.cells] == [3, 0, 0]
    assert second.cells[2].cell is None and second.cells[2].status == "open"
    assert grid.kinds == [(UNITS[0], 2), (UNITS[2], 1)]
    assert grid.width == 5


def test_heat_levels_run_from_1_to_5_in_proportion():
    assert matrix.heat_level(Decimal(0), Decimal(100)) == 0
    assert matrix.heat_level(Decimal(1), Decimal(100)) == 1
    assert matrix.heat_level(Decimal(50), Decimal(100)) == 3
    assert matrix.heat_level(Decimal(100), Decimal(100)) == 5


def test_the_heat_map_is_escaped_svg_with_a_title_and_a_text_alternative():
    offerings = [Off(1, "<script>alert(1)</script>")]
    grid = matrix.build_matrix(offerings, UNITS, [C(1, 10, "open", potential=Decimal(500))])
    svg = charts.heatmap_svg(grid, title="Open potential")
    assert svg.startswith("<svg") and "<title id=" in svg and "<desc id=" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'style="' not in svg


def test_the_captured_chart_has_a_bar_per_review_and_says_so_in_words():
    points = [
        charts.CapturePoint("1 Jan", Decimal(100), Decimal(900)),
        charts.CapturePoint("Today", Decimal(400), Decimal(600)),
    ]
    svg = charts.captured_svg(points, title="Captured")
    assert svg.count("<g><title>") == 2
    assert "From 1 Jan to Today" in svg
    assert "No reviews" in charts.captured_svg([], title="Captured")
