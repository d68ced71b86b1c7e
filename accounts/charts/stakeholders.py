"""The stakeholder map's pictures as inline SVG: the org chart, the influence × attitude grid and
the coverage matrix. Pure functions from plain values to a string, so the page, a PDF and a test
see the same picture. Only SVG presentation attributes (the page's content security policy blocks
style attributes); all text is escaped; each picture has a title and a text description.

The org chart is drawn at full size (see `accounts.orgchart`) and scrolls inside its frame rather
than shrinking, so names stay readable with 60 or more people.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from accounts import orgchart

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK, SOFT, FAINT, LINE = "#1d2520", "#55615a", "#5f6963", "#c7cdc5"  # text colours 4.5:1 or more on white
ATTITUDE_FILL = {"supporter": "#e4f3e8", "neutral": "#f3f4f1", "sceptic": "#fbeaea"}
ATTITUDE_EDGE = {"supporter": "#2d6a3e", "neutral": "#8a948e", "sceptic": "#a8322d"}
DISC_FILL = {"red": "#c0392b", "yellow": "#e2b007", "green": "#2e8b57", "blue": "#2e6fb7"}
# How the link to our owner is drawn for each strength: (width, dash pattern, colour).
STRENGTH_STROKE = {
    0: ("1", "2 3", "#a8322d"),
    1: ("1.5", "5 3", "#b8862b"),
    2: ("2.5", "", "#2f6b47"),
    3: ("4.5", "", "#1f4a31"),
}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chart_role(chart_id: str, interactive: bool) -> str:
    """A picture is one image to assistive technology; a picture that holds links is a group, so its
    links stay reachable and announced (an image's children are hidden, its links would be nameless stops)."""
    if interactive:
        return f'role="group" aria-labelledby="{chart_id}-t" aria-describedby="{chart_id}-d"'
    return f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'


def _open_svg(
    kind: str, chart_id: str, width: int, height: int, title: str, desc: str, interactive: bool = False
) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{kind}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" {chart_role(chart_id, interactive)} font-family="{_e(FONT)}" '
        f'font-size="12" fill="{INK}">',
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>',
    ]


# --- Org chart -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    """One person on the org chart. `disc` is empty unless the reader may see DISC styles."""

    id: int
    name: str
    title: str = ""
    attitude: str = "neutral"
    influence: int = 3
    role: str = ""
    disc: str = ""
    has_left: bool = False
    owner_initials: str = ""
    owner_name: str = ""
    owner_strength: int | None = None
    href: str = ""


@dataclass(frozen=True)
class OrgLabels:
    """Every word the chart shows, already in the reader's language."""

    title: str
    empty: str
    loose: str
    attitudes: Mapping[str, str]
    strengths: Mapping[int, str]
    discs: Mapping[str, str]
    left: str
    no_owner: str
    influence: str  # "Influence %(influence)s"
    owner: str  # "Relationship owner: %(owner)s (%(strength)s)"
    summary: str  # "%(people)s people, %(lines)s reporting lines"


def org_chart(
    nodes: Sequence[Node], parents: Mapping[int, int | None], labels: OrgLabels, chart_id: str = "orgchart"
) -> str:
    """The org chart as one <svg> string; an empty chart says so in words.

    The shapes every box repeats (frame by attitude, owner link by strength, DISC mark) are drawn
    once in <defs> and placed with <use>, which keeps a 60-person chart small enough for the page.
    """
    plan = orgchart.layout([n.id for n in nodes], parents)
    by_id = {n.id: n for n in nodes}
    desc = labels.summary % {"people": len(nodes), "lines": len(plan.links)}
    width, height = max(plan.width, 360), max(plan.height, 80)
    interactive = any(n.href for n in nodes)
    parts = _open_svg("org-chart", chart_id, width, height, labels.title, desc, interactive)
    if not nodes:
        parts.append(f'<text x="16" y="40" fill="{SOFT}">{_e(labels.empty)}</text></svg>')
        return "".join(parts)
    marks = _owner_marks(nodes)
    parts.append(_defs(chart_id, marks))
    if plan.links:
        # Every reporting line is one subpath of a single path: the same strokes, drawn once.
        lines = " ".join("M" + " ".join(f"{x},{y}" for x, y in link.points) for link in plan.links)
        parts.append(f'<path d="{lines}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    if plan.loose_top is not None:
        parts.append(
            f'<text x="{orgchart.MARGIN}" y="{plan.loose_top + 14}" fill="{SOFT}" font-weight="600">{_e(labels.loose)}</text>'
        )
    parts.append(f'<g font-size="11" fill="{SOFT}">')
    parts += [_box(by_id[box.id], box, labels, chart_id, marks) for box in plan.boxes]
    parts.append("</g></svg>")
    return "".join(parts)


def _owner_marks(nodes: Sequence[Node]) -> dict[tuple[int, str], int]:
    """(strength, owner's initials) → a number: each owner's mark is drawn once, in <defs>."""
    marks: dict[tuple[int, str], int] = {}
    for node in nodes:
        if node.owner_strength is not None:
            marks.setdefault(_mark_key(node), len(marks))
    return marks


def _mark_key(node: Node) -> tuple[int, str]:
    strength = node.owner_strength if node.owner_strength in STRENGTH_STROKE else 0
    return strength, node.owner_initials[:2]


def _defs(p: str, marks: Mapping[tuple[int, str], int]) -> str:
    w, h, cy = orgchart.BOX_W, orgchart.BOX_H, orgchart.BOX_H - 10
    defs = ["<defs>"]
    for attitude, edge in ATTITUDE_EDGE.items():
        stripe = f'<rect width="5" height="{h}" rx="2" fill="{edge}"/>'
        defs.append(
            f'<g id="{p}-b-{attitude}"><rect width="{w}" height="{h}" rx="6" fill="{ATTITUDE_FILL[attitude]}" '
            f'stroke="{edge}"/>{stripe}</g>'
            f'<g id="{p}-l-{attitude}"><rect width="{w}" height="{h}" rx="6" fill="#ffffff" stroke="{edge}" '
            f'stroke-dasharray="4 3"/>{stripe}</g>'
        )
    for strength, (stroke_width, dash, colour) in STRENGTH_STROKE.items():
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        defs.append(
            f'<g id="{p}-o{strength}"><line x1="{w - 58}" y1="{cy}" x2="{w - 22}" y2="{cy}" stroke="{colour}" '
            f'stroke-width="{stroke_width}"{dash_attr}/><circle cx="{w - 14}" cy="{cy}" r="8" fill="{colour}"/></g>'
        )
    defs.append(
        f'<circle id="{p}-o-none" cx="{w - 14}" cy="{cy}" r="8" fill="#ffffff" stroke="{FAINT}" stroke-dasharray="2 2"/>'
    )
    for style, colour in DISC_FILL.items():
        defs.append(
            f'<circle id="{p}-d-{style}" cx="{w - 11}" cy="11" r="6" fill="{colour}" stroke="#ffffff"/>'
        )
    for (strength, initials), number in marks.items():
        defs.append(
            f'<g id="{p}-m{number}"><use href="#{p}-o{strength}"/><text x="{w - 14}" y="{h - 7}" font-size="8" '
            f'font-weight="700" fill="#ffffff" text-anchor="middle">{_e(initials)}</text></g>'
        )
    defs.append("</defs>")
    return "".join(defs)


def _box(
    node: Node, box: orgchart.Placed, labels: OrgLabels, p: str, marks: Mapping[tuple[int, str], int]
) -> str:
    attitude = node.attitude if node.attitude in ATTITUDE_EDGE else "neutral"
    name = _clip(node.name, 25) + (f" ({labels.left})" if node.has_left else "")
    tip = [
        labels.attitudes.get(node.attitude, ""),
        labels.influence % {"influence": node.influence},
        node.role,
    ]
    if node.disc:
        tip.append(labels.discs.get(node.disc, ""))
    tip.append(_owner_text(node, labels))
    tip_text = " · ".join(t for t in tip if t)
    spoken = ", ".join(
        t for t in (node.name + (f" ({labels.left})" if node.has_left else ""), node.title) if t
    )
    parts = [
        f'<a href="{_e(node.href)}" aria-label="{_e(spoken)} · {_e(tip_text)}">' if node.href else "<g>",
        f'<g transform="translate({box.x},{box.y})"><title>{_e(tip_text)}</title>',
        f'<use href="#{p}-{"l" if node.has_left else "b"}-{attitude}"/>',
        f'<text x="12" y="17" font-size="12" font-weight="600" fill="{FAINT if node.has_left else INK}">{_e(name)}</text>',
        f'<text x="12" y="31">{_e(_clip(node.title, 30))}</text>',
    ]
    if node.role:
        parts.append(f'<text x="12" y="45" font-size="10">{_e(_clip(node.role, 22))}</text>')
    if node.disc in DISC_FILL:
        parts.append(f'<use href="#{p}-d-{node.disc}"/>')
    if node.owner_strength is None:
        parts.append(f'<use href="#{p}-o-none"/>')
    else:
        parts.append(f'<use href="#{p}-m{marks[_mark_key(node)]}"/>')
    parts.append("</g></a>" if node.href else "</g></g>")
    return "".join(parts)


def _owner_text(node: Node, labels: OrgLabels) -> str:
    if node.owner_strength is None:
        return labels.no_owner
    return labels.owner % {
        "owner": node.owner_name,
        "strength": labels.strengths.get(node.owner_strength, ""),
    }


# --- Influence × attitude grid -------------------------------------------------------------------
@dataclass(frozen=True)
class GridPoint:
    name: str
    influence: int
    attitude: str
    href: str = ""


@dataclass(frozen=True)
class GridLabels:
    title: str
    x_axis: str
    y_axis: str
    attitudes: Mapping[str, str]  # in column order: sceptic, neutral, supporter
    more: str  # "+%(count)s more"
    cell: str  # "%(attitude)s, influence %(influence)s: %(names)s"
    nobody: str


GRID_CELL_W, GRID_CELL_H, GRID_LEFT, GRID_TOP, GRID_NAMES = 200, 84, 64, 36, 4


def influence_grid(points: Sequence[GridPoint], labels: GridLabels, chart_id: str = "influence-grid") -> str:
    """Influence (5 at the top) against attitude (sceptic left, supporter right); names in each cell."""
    columns = list(labels.attitudes)
    width = GRID_LEFT + GRID_CELL_W * len(columns) + 12
    height = GRID_TOP + GRID_CELL_H * 5 + 44
    cells: dict[tuple[str, int], list[GridPoint]] = {(a, i): [] for a in columns for i in range(1, 6)}
    for point in points:
        if (point.attitude, point.influence) in cells:
            cells[(point.attitude, point.influence)].append(point)
    desc = "; ".join(
        labels.cell
        % {"attitude": labels.attitudes[a], "influence": i, "names": ", ".join(p.name for p in group)}
        for (a, i), group in cells.items()
        if group
    )
    interactive = any(p.href for p in points)
    parts = _open_svg(
        "influence-grid", chart_id, width, height, labels.title, desc or labels.nobody, interactive
    )
    for col, attitude in enumerate(columns):
        x = GRID_LEFT + col * GRID_CELL_W
        parts.append(
            f'<text x="{x + GRID_CELL_W // 2}" y="{GRID_TOP - 12}" text-anchor="middle" font-weight="600" '
            f'fill="{ATTITUDE_EDGE.get(attitude, SOFT)}">{_e(labels.attitudes[attitude])}</text>'
        )
        for influence in range(5, 0, -1):
            y = GRID_TOP + (5 - influence) * GRID_CELL_H
            parts.append(_grid_cell(x, y, attitude, influence, cells[(attitude, influence)], labels))
    for influence in range(5, 0, -1):
        y = GRID_TOP + (5 - influence) * GRID_CELL_H + GRID_CELL_H // 2 + 5
        parts.append(
            f'<text x="{GRID_LEFT - 14}" y="{y}" text-anchor="end" font-size="14" font-weight="600" fill="{SOFT}">{influence}</text>'
        )
    mid_y = GRID_TOP + GRID_CELL_H * 5 // 2
    parts.append(
        f'<text x="16" y="{mid_y}" text-anchor="middle" transform="rotate(-90 16 {mid_y})" fill="{SOFT}">{_e(labels.y_axis)}</text>'
        f'<text x="{GRID_LEFT + GRID_CELL_W * len(columns) // 2}" y="{height - 14}" text-anchor="middle" fill="{SOFT}">'
        f"{_e(labels.x_axis)}</text></svg>"
    )
    return "".join(parts)


def _grid_cell(
    x: int, y: int, attitude: str, influence: int, group: list[GridPoint], labels: GridLabels
) -> str:
    # The corners that need action stand out: powerful sceptics, and powerful supporters to use.
    fill = "#ffffff"
    if influence >= 4 and attitude == "sceptic":
        fill = "#f8dcdb"
    elif influence >= 4 and attitude == "supporter":
        fill = "#dcefe2"
    parts = [
        f'<rect x="{x}" y="{y}" width="{GRID_CELL_W}" height="{GRID_CELL_H}" fill="{fill}" stroke="{LINE}"/>'
    ]
    shown = group if len(group) <= GRID_NAMES else group[: GRID_NAMES - 1]
    for row, point in enumerate(shown):
        text = f'<text x="{x + 8}" y="{y + 18 + row * 17}">{_e(_clip(point.name, 28))}</text>'
        spoken = labels.cell % {
            "attitude": labels.attitudes[attitude],
            "influence": influence,
            "names": point.name,
        }
        parts.append(
            f'<a href="{_e(point.href)}" aria-label="{_e(spoken)}">{text}</a>' if point.href else text
        )
    if len(shown) < len(group):
        more = labels.more % {"count": len(group) - len(shown)}
        parts.append(
            f'<text x="{x + 8}" y="{y + 18 + len(shown) * 17}" fill="{SOFT}" font-style="italic">{_e(more)}</text>'
        )
    return "".join(parts)


# --- Coverage matrix -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverageLabels:
    title: str
    functions: Mapping[str, str]  # rows, in order
    levels: Mapping[str, str]  # columns, in order
    strengths: Mapping[int, str]
    nobody: str  # "nobody mapped"
    people: Callable[[int], str]  # 3 → "3 people"
    cell: str  # "%(function)s, %(level)s: %(strength)s"


COV_LEFT, COV_TOP, COV_W, COV_H = 200, 40, 150, 58
COVERAGE_FILL = {None: "#ffffff", 0: "#f8dcdb", 1: "#fdf0cf", 2: "#e3ecf7", 3: "#cfe8d6"}


def coverage_matrix(
    cells: Mapping[tuple[str, str], tuple[int | None, int]],
    labels: CoverageLabels,
    chart_id: str = "coverage",
) -> str:
    """Function (rows) × level (columns): our strongest relationship in each cell and how many people."""
    functions, levels = list(labels.functions), list(labels.levels)
    width, height = COV_LEFT + COV_W * len(levels) + 8, COV_TOP + COV_H * len(functions) + 8
    desc = "; ".join(
        labels.cell
        % {
            "function": labels.functions[f],
            "level": labels.levels[lv],
            "strength": _coverage_word(cells.get((f, lv), (None, 0)), labels),
        }
        for f in functions
        for lv in levels
    )
    parts = _open_svg("coverage-matrix", chart_id, width, height, labels.title, desc)
    # Centred unless said otherwise (the row heads); the words are in the chart's ink unless nobody is there.
    parts.append('<g text-anchor="middle">')
    for col, level in enumerate(levels):
        x = COV_LEFT + col * COV_W + COV_W // 2
        parts.append(f'<text x="{x}" y="{COV_TOP - 12}" font-weight="600">{_e(labels.levels[level])}</text>')
    for row, function in enumerate(functions):
        y = COV_TOP + row * COV_H
        parts.append(
            f'<text x="{COV_LEFT - 10}" y="{y + COV_H // 2 + 4}" text-anchor="end" font-weight="600">'
            f"{_e(labels.functions[function])}</text>"
        )
        for col, level in enumerate(levels):
            strongest, count = cells.get((function, level), (None, 0))
            x = COV_LEFT + col * COV_W
            dash = ' stroke-dasharray="4 3"' if strongest is None else ""
            faint = f' fill="{FAINT}"' if strongest is None else ""
            parts.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{COV_W - 4}" height="{COV_H - 4}" rx="6" '
                f'fill="{COVERAGE_FILL.get(strongest, "#ffffff")}" stroke="{LINE}"{dash}/>'
                f'<text x="{x + COV_W // 2}" y="{y + 26}" font-weight="600"{faint}>'
                f"{_e(_coverage_word((strongest, count), labels))}</text>"
            )
            if count:
                people = labels.people(count)
                parts.append(
                    f'<text x="{x + COV_W // 2}" y="{y + 43}" font-size="11" fill="{SOFT}">{_e(people)}</text>'
                )
    parts.append("</g></svg>")
    return "".join(parts)


def _coverage_word(cell: tuple[int | None, int], labels: CoverageLabels) -> str:
    strongest, _count = cell
    return labels.nobody if strongest is None else labels.strengths.get(strongest, "")
