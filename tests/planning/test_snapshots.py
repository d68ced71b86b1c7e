"""Building a snapshot and the difference between two: pure functions, no database."""

import datetime
from decimal import Decimal

import pytest

from planning import snapshots

WHEN = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)


def build(**sections):
    return snapshots.build(sections, WHEN)


def goal(key="g1", **fields):
    return {
        "key": key,
        "title": "Grow",
        "kind": "financial",
        "target": Decimal("100"),
        "current": None,
        "progress": None,
        "due": datetime.date(2027, 12, 31),
    } | fields


def test_a_snapshot_is_plain_json_with_totals():
    data = build(
        goals=[goal()],
        opportunities=[
            {
                "key": "o1",
                "name": "Pilot",
                "stage": "proposal",
                "value": Decimal("1000"),
                "probability": 40,
                "expected_close": None,
            }
        ],
        whitespace=[
            {
                "key": "1:1",
                "label": "A · X",
                "status": "us",
                "current_revenue": Decimal("500"),
                "potential": Decimal("800"),
            },
            {
                "key": "1:2",
                "label": "A · Y",
                "status": "open",
                "current_revenue": 0,
                "potential": Decimal("300"),
            },
            {
                "key": "1:3",
                "label": "A · Z",
                "status": "not_relevant",
                "current_revenue": 0,
                "potential": Decimal("50"),
            },
        ],
    )
    assert data["sections"]["goals"]["g1"] == {
        "title": "Grow",
        "kind": "financial",
        "target": "100",
        "current": None,
        "progress": None,
        "due": "2027-12-31",
    }
    assert data["totals"] == {
        "captured": "500",
        "open_potential": "300",
        "potential": "1100",
        "weighted_pipeline": "400",
    }
    assert data["taken_at"] == WHEN.isoformat()


def test_an_unknown_section_is_refused():
    with pytest.raises(ValueError):
        build(meetings=[])


def test_the_difference_lists_items_added_removed_and_changed_with_old_and_new_values():
    old = build(
        goals=[goal("g1"), goal("g2", title="Old goal")],
        actions=[
            {
                "key": "a1",
                "title": "Book QBR",
                "owner": "Ingrid",
                "due": datetime.date(2027, 3, 1),
                "status": "open",
            }
        ],
    )
    new = build(
        goals=[goal("g1", current=Decimal("40"), progress=Decimal("0.4")), goal("g3", title="New goal")],
        actions=[
            {
                "key": "a1",
                "title": "Book QBR",
                "owner": "Ingrid",
                "due": datetime.date(2027, 3, 1),
                "status": "done",
            }
        ],
    )
    result = {section.section: section for section in snapshots.diff(old, new)}

    goals = result["goals"]
    assert [(i.kind, i.label) for i in goals.items] == [
        ("added", "New goal"),
        ("changed", "Grow"),
        ("removed", "Old goal"),
    ]
    changed = goals.items[1]
    assert [(f.field, f.old, f.new) for f in changed.fields] == [
        ("current", None, "40"),
        ("progress", None, "0.4"),
    ]
    assert (goals.count("added"), goals.count("changed"), goals.count("removed")) == (1, 1, 1)
    assert [(f.field, f.old, f.new) for f in result["actions"].items[0].fields] == [
        ("status", "open", "done")
    ]
    assert result["opportunities"].items == ()


def test_numbers_written_differently_are_not_a_change():
    old = {
        "sections": {
            "whitespace": {
                "1:1": {"label": "A", "status": "us", "current_revenue": "10.0", "potential": "20"}
            }
        }
    }
    new = {
        "sections": {
            "whitespace": {
                "1:1": {"label": "A", "status": "us", "current_revenue": "10", "potential": "20.00"}
            }
        }
    }
    assert all(section.items == () for section in snapshots.diff(old, new))


def test_text_that_looks_like_a_number_word_still_counts_as_changed():
    old = build(goals=[goal(title="Infinity")])
    new = build(goals=[goal(title="INFINITY")])
    goals = next(s for s in snapshots.diff(old, new) if s.section == "goals")
    assert goals.items[0].fields[0].field == "title"


def test_stakeholders_attitude_and_strength_changes_are_listed():
    old = build(stakeholders=[{"key": "s1", "name": "Kari", "attitude": "neutral", "strength": 1}])
    new = build(stakeholders=[{"key": "s1", "name": "Kari", "attitude": "supporter", "strength": 3}])
    (item,) = [s for s in snapshots.diff(old, new) if s.section == "stakeholders"][0].items
    assert [(f.field, f.old, f.new) for f in item.fields] == [
        ("attitude", "neutral", "supporter"),
        ("strength", 1, 3),
    ]


def test_totals_difference_gives_moved_totals_as_numbers():
    old = build(
        whitespace=[
            {"key": "1:1", "label": "A", "status": "open", "current_revenue": 0, "potential": Decimal("300")}
        ]
    )
    new = build(
        whitespace=[
            {
                "key": "1:1",
                "label": "A",
                "status": "us",
                "current_revenue": Decimal("300"),
                "potential": Decimal("300"),
            }
        ]
    )
    moved = {c.field: (c.old, c.new) for c in snapshots.totals_diff(old, new)}
    assert moved == {"captured": (Decimal(0), Decimal(300)), "open_potential": (Decimal(300), Decimal(0))}
