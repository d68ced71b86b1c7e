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


def _label_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """The dependency chart's customer labels as boxes, measured as generously as the placer does."""
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if text.get("font-size") != "11" or text.get("x") is None or "%" in "".join(text.itertext()):
            continue
        shown = (text.text or "") + "".join(child.tail or "" for child in text)
        width = len(shown) * 6.5  # DejaVu Sans at 11 px: about 6.5 px a glyph with capitals
        x, y = float(text.get("x")), float(text.get("y"))
        x0 = x - width if text.get("text-anchor") == "end" else x
        boxes.append((x0, y - 10, x0 + width, y + 2))
    return boxes


def test_dependency_labels_never_overlap_and_a_cut_name_keeps_its_whole_name():
    labels = charts.DependencyLabels("Dependency", "many", "they on us", "we on them", {}, "none")
    long_name = "Nordfjord Energi og Kraftforsyning Holding AS"
    dots = [
        charts.DependencyDot(f"{long_name} {i}", 0.10 + (i % 4) * 0.004, 0.30 + (i // 4) * 0.01, "exposed")
        for i in range(16)
    ]
    root = parse(charts.dependency(dots, 0.05, 0.5, labels, PERCENT, label_top=16))
    boxes = _label_boxes(root)
    assert boxes, "some labels are placed"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    centres = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    for box in boxes:  # nor does a label cover another customer's dot
        assert not any(box[0] < x < box[2] and box[1] < y < box[3] for x, y in centres), box
    cut = [t for t in root.iter(f"{SVG}text") if "…" in "".join(t.itertext())]
    assert cut and all(t.find(f"{SVG}title").text.startswith(long_name) for t in cut)


def test_pareto_names_are_cut_with_the_whole_name_in_a_title():
    bars = [charts.ParetoBar("A very long customer name that goes on", 0.6, 0.6)]
    labels = charts.ParetoLabels("Pareto", "d", "ranked", "cumulative", "%(n)s %(limit)s")
    root = parse(charts.pareto(bars, {}, labels, PERCENT))
    (cut,) = [t for t in root.iter(f"{SVG}text") if "…" in "".join(t.itertext())]
    assert cut.find(f"{SVG}title").text == "A very long customer name that goes on"
