"""Who reports to whom: cycle detection and the org chart's layout. Plain values in and out, no ORM.

The layout keeps a chart of 60 or more people readable at full size instead of shrinking it: the
top people (those nobody in the map manages) stand in a row, each of their direct reports opens a
column, and everyone below is listed in that column as an indented tree. Columns that would not fit
the page's width wrap into a further band below. People with neither a manager nor reports in the
map are set apart in a grid below, so they do not stretch the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Geometry in SVG user units (pixels at 100 %).
BOX_W, BOX_H = 196, 50
INDENT = 18
ROW_GAP = 10
COL_GAP = 22
BAND_GAP = 44
MARGIN = 16
LOOSE_COLUMNS = 5
TRUNK = 12  # room left of the columns for the line down to a second band
MAX_WIDTH = 1110  # the page's content width at 100 %: a typical map fits without scrolling sideways


def would_create_cycle(parents: Mapping[int, int | None], child: int, new_parent: int | None) -> list[int]:
    """The chain that would close a circle if `child` reported to `new_parent`, or [] if none.

    `parents` maps each person to the one they report to now. The chain starts at `new_parent` and
    ends at `child` (A reports to B reports to A → [B, A]). A person reporting to themself is a
    chain of one.
    """
    chain: list[int] = []
    seen: set[int] = set()
    node = new_parent
    while node is not None and node not in seen:
        chain.append(node)
        if node == child:
            return chain
        seen.add(node)
        node = parents.get(node)
    return []


def find_cycles(parents: Mapping[int, int | None]) -> list[list[int]]:
    """Every circle already present in `parents` (each once, starting at its smallest id)."""
    cycles: list[list[int]] = []
    done: set[int] = set()
    for start in sorted(parents):
        path: list[int] = []
        index: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in done and node not in index:
            index[node] = len(path)
            path.append(node)
            node = parents.get(node)
        if node is not None and node in index:
            cycle = path[index[node] :]
            smallest = cycle.index(min(cycle))
            cycles.append(cycle[smallest:] + cycle[:smallest])
        done.update(path)
    return cycles


def effective_parents(parents: Mapping[int, int | None]) -> dict[int, int | None]:
    """`parents` with unknown managers and any circle broken (at its smallest id), so a layout
    always gets a forest even from data written before the rules were checked."""
    result = {
        node: (parent if parent in parents and parent != node else None) for node, parent in parents.items()
    }
    for cycle in find_cycles(result):
        result[cycle[0]] = None
    return result


@dataclass(frozen=True)
class Placed:
    """One person's box: top-left corner and the depth below their column head (0 at the top)."""

    id: int
    x: int
    y: int
    width: int
    depth: int


@dataclass(frozen=True)
class Link:
    """A reporting line drawn as a polyline from manager to report."""

    parent: int
    child: int
    points: tuple[tuple[int, int], ...]


@dataclass
class Layout:
    width: int
    height: int
    boxes: list[Placed] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    loose_top: int | None = None  # y of the "not placed" band, when there is one


def layout(order: Sequence[int], parents: Mapping[int, int | None], max_width: int = MAX_WIDTH) -> Layout:
    """Place everyone in `order` (the order siblings appear in) on the chart.

    Columns that would make the chart wider than `max_width` wrap into a further band below, so
    a typical map fits the page at full size; only a very wide map scrolls sideways.
    """
    parents = effective_parents({node: parents.get(node) for node in order})
    children: dict[int, list[int]] = {node: [] for node in order}
    for node in order:
        parent = parents[node]
        if parent is not None:
            children[parent].append(node)
    roots = [n for n in order if parents[n] is None and children[n]]
    loose = [n for n in order if parents[n] is None and not children[n]]
    result = Layout(width=0, height=0)
    x, y, bottom, width = MARGIN, MARGIN, MARGIN, MARGIN
    for root in roots:
        block = _tree_block(root, children, max_width - 2 * MARGIN)
        if x > MARGIN and x + block.width > max_width - MARGIN:
            x, y = MARGIN, bottom + BAND_GAP  # this tree starts a new row of trees
        _add(result, block, x, y)
        width = max(width, x + block.width)
        bottom = max(bottom, y + block.height)
        x += block.width + COL_GAP * 2
    if loose:
        top = bottom + (BAND_GAP if roots else 0)
        result.loose_top = top
        fits = max(1, (max(width, max_width) - 2 * MARGIN + COL_GAP) // (BOX_W + COL_GAP))
        columns = min(fits, max(LOOSE_COLUMNS, (width - MARGIN) // (BOX_W + COL_GAP)))
        for index, node in enumerate(loose):
            row, col = divmod(index, columns)
            result.boxes.append(
                Placed(node, MARGIN + col * (BOX_W + COL_GAP), top + 24 + row * (BOX_H + ROW_GAP), BOX_W, 0)
            )
        rows = (len(loose) + columns - 1) // columns
        bottom = top + 24 + rows * (BOX_H + ROW_GAP)
        width = max(width, MARGIN + min(columns, len(loose)) * (BOX_W + COL_GAP) - COL_GAP)
    result.width = width + MARGIN
    result.height = bottom + MARGIN
    return result


def _add(target: Layout, block: Layout, dx: int, dy: int) -> None:
    """Copy a block laid out from (0, 0) into `target`, moved by (dx, dy)."""
    target.boxes += [Placed(b.id, b.x + dx, b.y + dy, b.width, b.depth) for b in block.boxes]
    target.links += [
        Link(link.parent, link.child, tuple((x + dx, y + dy) for x, y in link.points)) for link in block.links
    ]


def _tree_block(root: int, children: dict[int, list[int]], max_width: int) -> Layout:
    """The root above its direct reports' columns, in as many bands as the width needs."""
    heads = children[root]
    columns = []
    for head in heads:
        column = Layout(width=0, height=0)
        column.width, column.height = _place_column(column, head, children, 0, 0)
        columns.append(column)
    bands: list[list[int]] = []
    used = TRUNK
    for index, column in enumerate(columns):
        if not bands or used + column.width > max_width:
            bands.append([])
            used = TRUNK
        bands[-1].append(index)
        used += column.width + COL_GAP
    block = Layout(width=0, height=0)
    y, placed = BOX_H + BAND_GAP, []
    for number, band in enumerate(bands):
        x = TRUNK
        for index in band:
            _add(block, columns[index], x, y)
            placed.append((heads[index], x + BOX_W // 2, y, number))
            x += columns[index].width + COL_GAP
        block.width = max(block.width, x - COL_GAP)
        if number == 0:
            first_right = x - COL_GAP
        y += max(columns[index].height for index in band) + BAND_GAP
    root_x = max(0, (TRUNK + first_right) // 2 - BOX_W // 2)
    block.boxes.append(Placed(root, root_x, 0, BOX_W, 0))
    centre, bar = root_x + BOX_W // 2, BOX_H + BAND_GAP // 2
    for head, head_x, head_y, number in placed:
        if number == 0:
            points = ((centre, BOX_H), (centre, bar), (head_x, bar), (head_x, head_y))
        else:  # down the left edge, clear of the bands above, then across to the column head
            band_bar, trunk = head_y - BAND_GAP // 2, TRUNK // 2
            points = (
                (centre, BOX_H),
                (centre, bar),
                (trunk, bar),
                (trunk, band_bar),
                (head_x, band_bar),
                (head_x, head_y),
            )
        block.links.append(Link(root, head, points))
    block.width = max(block.width, root_x + BOX_W)
    block.height = y - BAND_GAP
    return block


def _place_column(
    result: Layout, head: int, children: dict[int, list[int]], left: int, top: int
) -> tuple[int, int]:
    """A column head and everyone below them as an indented tree; returns (width, bottom)."""
    y = top
    widest = BOX_W
    # Depth-first, siblings in the given order; an explicit stack keeps deep charts safe.
    stack: list[tuple[int, int]] = [(head, 0)]
    position: dict[int, tuple[int, int]] = {}
    while stack:
        node, depth = stack.pop()
        x = left + depth * INDENT
        result.boxes.append(Placed(node, x, y, BOX_W, depth + 1))
        position[node] = (x, y)
        widest = max(widest, depth * INDENT + BOX_W)
        y += BOX_H + ROW_GAP
        stack.extend((child, depth + 1) for child in reversed(children[node]))
    for node, (x, y_node) in position.items():
        for child in children[node]:
            cx, cy = position[child]
            rail = x + INDENT // 2
            result.links.append(
                Link(node, child, ((rail, y_node + BOX_H), (rail, cy + BOX_H // 2), (cx, cy + BOX_H // 2)))
            )
    return widest, y - ROW_GAP
