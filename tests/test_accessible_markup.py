"""Markup that assistive technology and the HTML checker rely on, tested without a browser: charts
whose marks are links are groups with named links (an image hides its links), phone links, times."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.utils import timezone

from accounts.charts import quadrant
from accounts.charts import stakeholders as charts
from accounts.templatetags.orchard import tel_href
from risk import charts as risk_charts

SVG = "{http://www.w3.org/2000/svg}"
PERCENT = lambda value: f"{value * 100:.0f} %"  # noqa: E731

ORG_LABELS = charts.OrgLabels(
    title="Org chart",
    empty="Nobody",
    loose="Not placed",
    attitudes={"neutral": "Neutral", "supporter": "Supporter"},
    strengths={3: "strong"},
    discs={},
    left="left",
    no_owner="No owner",
    influence="Influence %(influence)s",
    owner="Owner: %(owner)s (%(strength)s)",
    summary="%(people)s people, %(lines)s lines",
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}a")


def test_org_chart_with_links_is_a_group_of_named_links():
    nodes = [
        charts.Node(1, "Kari Nordmann", "CEO", attitude="supporter", href="/people/1/"),
        charts.Node(2, "Ola Nordmann", "CFO", href="/people/2/"),
    ]
    root = parse(charts.org_chart(nodes, {1: None, 2: 1}, ORG_LABELS))
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "orgchart-t" and root.get("aria-describedby") == "orgchart-d"
    names = {a.get("href"): a.get("aria-label") for a in links(root)}
    assert names["/people/1/"] == "Kari Nordmann, CEO · Supporter · Influence 3 · No owner"
    assert names["/people/2/"].startswith("Ola Nordmann, CFO · Neutral")
    assert 'font-weight="650"' not in charts.org_chart(nodes, {1: None, 2: 1}, ORG_LABELS)


def test_org_chart_without_links_stays_one_image():
    root = parse(charts.org_chart([charts.Node(1, "Kari Nordmann", "CEO")], {1: None}, ORG_LABELS))
    assert root.get("role") == "img" and links(root) == []


def test_influence_grid_names_each_link_with_its_cell():
    labels = charts.GridLabels(
        title="Influence",
        x_axis="Attitude",
        y_axis="Influence",
        attitudes={"sceptic": "Sceptic", "neutral": "Neutral", "supporter": "Supporter"},
        more="+%(count)s more",
        cell="%(attitude)s, influence %(influence)s: %(names)s",
        nobody="Nobody",
    )
    root = parse(charts.influence_grid([charts.GridPoint("Kari", 5, "sceptic", "/p/1/")], labels))
    assert root.get("role") == "group"
    assert [a.get("aria-label") for a in links(root)] == ["Sceptic, influence 5: Kari"]


def test_risk_charts_with_links_are_groups_of_named_links():
    bars = [
        risk_charts.ParetoBar("Big AS", 0.6, 0.6, "over", href="/c/1/"),
        risk_charts.ParetoBar("Rest", 0.4, 1.0),
    ]
    labels = risk_charts.ParetoLabels("Pareto", "desc", "ranked", "cumulative", "top %(n)s limit %(limit)s")
    root = parse(risk_charts.pareto(bars, {1: 0.2}, labels, PERCENT))
    assert root.get("role") == "group"
    assert [a.get("aria-label") for a in links(root)] == ["Big AS: 60 % · cumulative 60 %"]

    dependency_labels = risk_charts.DependencyLabels("Dependency", "desc", "they", "we", {}, "none")
    dots = [risk_charts.DependencyDot("Calm AS", 0.01, 0.8, "leverage")]
    assert parse(risk_charts.dependency(dots, 0.05, 0.5, dependency_labels, PERCENT)).get("role") == "img"
    dots.append(risk_charts.DependencyDot("Exposed AS", 0.3, 0.1, "exposed", "/x/"))
    root = parse(risk_charts.dependency(dots, 0.05, 0.5, dependency_labels, PERCENT))
    assert root.get("role") == "group" and links(root)[0].get("aria-label") == "Exposed AS: 30 % · 10 %"


def test_selection_quadrant_links_carry_the_dot_description():
    labels = quadrant.Labels(title="Quadrant", x_axis="Our position", y_axis="Attractiveness", quadrants={})
    root = parse(quadrant.render([quadrant.Point("Kari AS", 4.0, 3.0, "Develop", href="/c/1/")], labels))
    assert root.get("role") == "group"
    assert links(root)[0].get("aria-label") == "Kari AS: Develop (4.0 / 3.0)"
    plain = parse(quadrant.render([quadrant.Point("Kari AS", 4.0, 3.0, "Develop")], labels))
    assert plain.get("role") == "img"


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+47 22 33 44 55", "tel:+4722334455"),
        ("22 33 44 55", "tel:22334455"),
        ("+46 (0)8-123 45", "tel:+460812345"),
    ],
)
def test_tel_links_have_no_spaces(phone, href):
    assert tel_href(phone) == href


def test_time_datetime_has_no_microseconds():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30, 15, 123456), datetime.UTC)
    html = Template("{{ when|date:'Y-m-d\\TH:i:sO' }}").render(Context({"when": moment}))
    assert html == "2026-03-01T10:30:15+0100"  # in the Oslo time zone, with its offset, no fraction
