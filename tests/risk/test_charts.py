"""The risk pictures: valid inline SVG with a title and text alternative, no style attributes, text escaped."""

import xml.etree.ElementTree as ET

from risk import charts

PERCENT = lambda value: f"{value * 100:.0f} %"  # noqa: E731
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc") is not None
    return root


def test_pareto_draws_a_bar_per_customer_and_the_cumulative_line():
    bars = [charts.ParetoBar("<Big & Co>", 0.5, 0.5, "over"), charts.ParetoBar("Small", 0.5, 1.0)]
    labels = charts.ParetoLabels("Pareto", "top 1: 50 %", "ranked", "cumulative", "top %(n)s limit %(limit)s")
    svg = charts.pareto(bars, {1: 0.2, 3: 0.4, 10: 0.6}, labels, PERCENT)
    root = parse(svg)
    assert len(root.findall(f".//{SVG}rect")) == 3  # background and two bars
    assert root.find(f".//{SVG}polyline") is not None
    assert "&lt;Big &amp; Co&gt;" in svg
    assert "top 1 limit 20 %" in svg


def test_empty_pareto_says_so():
    labels = charts.ParetoLabels("Pareto", "Nothing to show", "ranked", "cumulative", "%(n)s %(limit)s")
    assert "Nothing to show" in charts.pareto([], {}, labels, PERCENT)


def test_dependency_quadrant_places_dots_and_labels_the_quadrants():
    labels = charts.DependencyLabels(
        "Dependency", "2 customers", "they on us", "we on them", {"exposed": "We are exposed"}, "none"
    )
    dots = [
        charts.DependencyDot("Exposed AS", 0.3, 0.1, "exposed", "/x/"),
        charts.DependencyDot("Calm AS", 0.01, 0.8, "leverage"),
    ]
    root = parse(charts.dependency(dots, 0.05, 0.5, labels, PERCENT))
    assert len(root.findall(f".//{SVG}circle")) == 2
    assert root.find(f".//{SVG}a").get("href") == "/x/"


def test_heat_map_counts_each_cell():
    grid = [[0] * 5 for _ in range(5)]
    grid[0][4] = 2  # impact 5, likelihood 5
    labels = charts.HeatLabels(
        "Heat", "2 risks", "Likelihood", "Impact", "%(count)s: %(likelihood)s × %(impact)s"
    )
    svg = charts.heat_map(grid, labels)
    parse(svg)
    assert "2: 5 × 5" in svg and svg.count("<rect") == 26


def test_importance_risk_matrix_outlines_where_effort_pays():
    labels = charts.MatrixLabels(
        "Matrix",
        "desc",
        "Risk",
        "Importance",
        {"low": "low", "medium": "medium", "high": "high"},
        "%(count)s",
    )
    svg = charts.importance_risk({("high", "high"): 4}, labels)
    parse(svg)
    assert svg.count('stroke="#a8322d"') == 2
