"""The gap engine, cycle detection and the org chart's layout: plain values, no database."""

from datetime import date, timedelta

import pytest

from accounts import gaps, orgchart
from accounts.charts import stakeholders as charts

TODAY = date(2026, 6, 1)
WORDS = gaps.Vocabulary(
    functions={"top": "Top management", "users": "Users", "finance": "Finance", "operations": "Operations"},
    levels={
        "executive": "Executive",
        "management": "Management",
        "specialist": "Specialist",
        "operational": "Op",
    },
    strengths={0: "None", 1: "Weak", 2: "Medium", 3: "Strong"},
)


def person(pk, function="top", level="executive", **kwargs):
    kwargs.setdefault("last_contacted", TODAY - timedelta(days=5))
    kwargs.setdefault("informed_on", TODAY - timedelta(days=100))
    return gaps.Person(id=pk, name=f"Person {pk}", level=level, function=function, **kwargs)


def tie(stakeholder, user=1, strength=3, target=3, owner=True):
    return gaps.Tie(stakeholder, user, f"Colleague {user}", strength, target, owner)


def found(people, ties, **kwargs):
    return {g.key: g for g in gaps.find_gaps(people, ties, WORDS, today=TODAY, **kwargs)}


def test_every_function_and_level_without_a_strong_relationship_is_a_gap():
    result = found([person(1, "top", "executive"), person(2, "finance", "management")], [tie(1)])
    assert "function:top" not in result and "level:executive" not in result
    assert result["function:finance"].step == gaps.PLAN_MEETING
    assert "Person 2" in result["function:finance"].text
    assert result["function:users"].step == gaps.MAP_PEOPLE  # nobody mapped there at all
    assert {"level:management", "level:specialist", "level:operational"} <= set(result)


def test_a_medium_relationship_does_not_cover_a_function_but_is_named():
    result = found([person(1, "finance", "management")], [tie(1, strength=2)])
    assert "Colleague 1's medium relationship with Person 1" in result["function:finance"].text


def test_all_strong_ties_held_by_one_colleague_is_single_threaded_on_our_side():
    people = [person(1), person(2, "finance")]
    result = found(people, [tie(1, user=7), tie(2, user=7)])
    assert result["threads:ours"].user_id == 7
    assert "threads:theirs" not in result
    assert "threads:ours" not in found(people, [tie(1, user=7), tie(2, user=8)])


def test_one_strong_contact_at_the_customer_is_single_threaded_on_their_side():
    people = [person(1), person(2, influence=5), person(3, influence=2)]
    result = found(people, [tie(1, user=7), tie(1, user=8, owner=False)])
    gap = result["threads:theirs"]
    assert "Person 1 is our only strong contact" in gap.text
    assert gap.stakeholder_id == 2  # the next most influential person to build a relationship with


def test_no_strong_relationship_at_all_is_the_first_gap():
    result = gaps.find_gaps([person(1, influence=2), person(2, influence=4)], [], WORDS, today=TODAY)
    assert result[0].key == "threads:none"
    assert result[0].stakeholder_id == 2


def test_high_influence_sceptics_are_flagged_and_low_influence_ones_are_not():
    result = found(
        [person(1, attitude="sceptic", influence=4), person(2, attitude="sceptic", influence=3)], []
    )
    assert "sceptic:1" in result and "sceptic:2" not in result
    assert result["sceptic:1"].severity == gaps.HIGH


def test_key_people_not_contacted_for_longer_than_the_limit():
    stale = person(1, influence=4, last_contacted=TODAY - timedelta(days=61))
    fresh = person(2, influence=5, last_contacted=TODAY - timedelta(days=59))
    never = person(3, decision_role="economic_buyer", influence=2, last_contacted=None)
    minor = person(4, influence=2, last_contacted=None)
    result = found([stale, fresh, never, minor], [])
    assert "stale:1" in result and "61 days" in result["stale:1"].text
    assert "stale:2" not in result and "stale:4" not in result
    assert "never been contacted" in result["stale:3"].text
    assert "stale:1" not in found([stale, fresh], [], stale_days=90)


def test_people_who_left_need_a_successor_and_no_longer_count_for_coverage():
    gone = person(1, title="CFO", has_left=True)
    result = found([gone, person(2, successor_id=None)], [tie(1)])
    assert "find out who now holds CFO" in result["successor:1"].text
    assert result["successor:1"].step == gaps.FIND_SUCCESSOR
    assert "function:top" in result  # the strong tie to someone who left covers nothing
    assert "successor:1" not in found([person(1, has_left=True, successor_id=2), person(2)], [])


def test_relationships_below_their_target():
    result = found(
        [person(1), person(2)], [tie(1, user=4, strength=1, target=3), tie(2, strength=3, target=3)]
    )
    assert (
        result["target:1:4"].text == "Colleague 4's relationship with Person 1 is weak; the target is strong."
    )
    assert "target:2:1" not in result


def test_key_people_without_an_owner_need_one():
    result = found([person(1, influence=5), person(2, influence=5)], [tie(2), tie(1, user=3, owner=False)])
    assert result["owner:1"].step == gaps.ASSIGN_OWNER
    assert "owner:2" not in result


def test_people_not_informed_after_thirty_days():
    late = person(1, added_on=TODAY - timedelta(days=31), informed_on=None)
    recent = person(2, added_on=TODAY - timedelta(days=10), informed_on=None)
    told = person(3, added_on=TODAY - timedelta(days=300))
    result = found([late, recent, told], [])
    assert result["inform:1"].step == gaps.INFORM
    assert "inform:2" not in result and "inform:3" not in result


def test_gap_keys_are_stable_and_the_most_serious_come_first():
    people = [person(1, attitude="sceptic", influence=5), person(2, "finance", "specialist", influence=2)]
    first = gaps.find_gaps(people, [tie(2, strength=1)], WORDS, today=TODAY)
    second = gaps.find_gaps(list(reversed(people)), [tie(2, strength=1)], WORDS, today=TODAY)
    assert [g.key for g in first] == [g.key for g in second]
    assert [g.severity for g in first] == sorted((g.severity for g in first), reverse=True)


def test_coverage_gives_the_strongest_relationship_per_cell():
    people = [person(1), person(2), person(3, "finance", "specialist"), person(4, "users", has_left=True)]
    cells = gaps.coverage(
        people,
        [tie(1, strength=1), tie(2, strength=3), tie(3, strength=0)],
        ["top", "finance", "users"],
        ["executive", "specialist"],
    )
    assert cells[("top", "executive")] == (3, 2)
    assert cells[("finance", "specialist")] == (0, 1)
    assert cells[("users", "executive")] == (None, 0)  # the one who left is not counted


# --- Reporting lines -----------------------------------------------------------------------------
def test_a_manager_who_reports_to_the_person_would_close_a_circle():
    parents = {1: None, 2: 1, 3: 2}
    assert orgchart.would_create_cycle(parents, child=1, new_parent=2) == [2, 1]  # A → B → A
    assert orgchart.would_create_cycle(parents, child=1, new_parent=3) == [3, 2, 1]
    assert orgchart.would_create_cycle(parents, child=3, new_parent=1) == []
    assert orgchart.would_create_cycle(parents, child=2, new_parent=2) == [2]
    assert orgchart.would_create_cycle(parents, child=2, new_parent=None) == []


def test_existing_circles_are_found_and_broken_for_the_layout():
    parents = {1: 2, 2: 1, 3: 1, 4: 5, 5: 6, 6: 4, 7: None}
    assert orgchart.find_cycles(parents) == [[1, 2], [4, 5, 6]]
    fixed = orgchart.effective_parents(parents)
    assert orgchart.find_cycles(fixed) == []
    assert fixed[1] is None and fixed[4] is None


@pytest.mark.parametrize("max_width", [orgchart.MAX_WIDTH, 600, 3000])
def test_layout_places_everyone_once_without_overlap(max_width):
    order = list(range(1, 63))
    parents = {1: None} | {n: 1 for n in range(2, 8)} | {n: 2 + n % 6 for n in range(8, 60)}
    parents |= {60: None, 61: None, 62: 99}
    plan = orgchart.layout(order, parents, max_width=max_width)
    assert sorted(b.id for b in plan.boxes) == order
    rects = [(b.x, b.y, b.x + b.width, b.y + orgchart.BOX_H) for b in plan.boxes]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert all(r[2] <= plan.width and r[3] <= plan.height for r in rects)
    assert plan.loose_top is not None  # 60, 61 and 62 (manager unknown) stand apart
    assert len(plan.links) == 58
    # Readable at full size: columns wrap into bands instead of the chart growing sideways.
    assert plan.width <= max(
        max_width, orgchart.BOX_W + 2 * orgchart.INDENT + 2 * orgchart.MARGIN + orgchart.TRUNK
    )


def test_columns_beyond_the_width_wrap_into_a_band_below_reached_down_the_left_edge():
    parents = {1: None} | {n: 1 for n in range(2, 8)}
    plan = orgchart.layout(list(range(1, 8)), parents, max_width=700)
    tops = sorted({b.y for b in plan.boxes if b.id != 1})
    assert len(tops) == 2  # six heads in two bands of three
    lower = next(link for link in plan.links if link.child == 7)
    assert min(x for x, _y in lower.points) < min(b.x for b in plan.boxes)


def test_org_chart_svg_escapes_text_and_shows_disc_only_when_given():
    labels = charts.OrgLabels(
        title="Org chart",
        empty="Nobody",
        loose="Not placed",
        attitudes={"neutral": "Neutral"},
        strengths={3: "strong"},
        discs={"red": "Red"},
        left="left",
        no_owner="No owner",
        influence="Influence %(influence)s",
        owner="Owner: %(owner)s (%(strength)s)",
        summary="%(people)s people, %(lines)s lines",
    )
    nodes = [
        charts.Node(
            1, "<script>alert(1)</script>", "CEO", owner_initials="IS", owner_name="Ingrid", owner_strength=3
        ),
        charts.Node(2, "Blue Person", "CFO", disc="red"),
    ]
    svg = charts.org_chart(nodes, {1: None, 2: 1}, labels)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count('href="#orgchart-d-red"') == 1
    assert "Owner: Ingrid (strong)" in svg
    assert "style=" not in svg and "<style" not in svg
    plain = charts.org_chart([charts.Node(2, "Blue Person", "CFO")], {2: None}, labels)
    assert 'href="#orgchart-d-' not in plain


@pytest.mark.parametrize("style", ["red", "yellow", "green", "blue"])
def test_every_disc_style_has_advice_for_meeting_writing_and_presenting(style):
    from accounts import disc

    guidance = disc.guidance_for(style)
    assert guidance is not None
    for text in (guidance.meet, guidance.write, guidance.present, guidance.avoid):
        assert len(str(text)) > 20
    assert disc.guidance_for("unknown") is None
