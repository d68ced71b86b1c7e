"""The selection 2×2 as inline SVG: customer attractiveness (up) against our position (right).

A pure function from plain values to a string, so the page, a PDF and a test all see the same
picture. Only SVG presentation attributes are used (no style attributes or <style> elements, which
the page's content security policy blocks); every piece of text is escaped. Readable with many
customers: small dots, a label only for the first `label_top` points (the caller passes them in rank
order), and every dot carries a <title> with its name, quadrant and scores for hover and screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from accounts.scoring import DEVELOP, HIGHEST, INVEST, LOWEST, MAINTAIN, MIDPOINT, SERVE

WIDTH, HEIGHT = 640, 540
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 44, 92
PAD = 28  # keeps dots scored 1 or 5 off the frame and clear of the quadrant names
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK, INK_SOFT, LINE = "#1d2520", "#55615a", "#c7cdc5"
QUADRANT_FILL = {DEVELOP: "#e6f0e9", INVEST: "#fdf3dc", MAINTAIN: "#e8eef7", SERVE: "#f1f2ef"}
GROUP_FILL = {"key": "#2f6b47", "candidate": "#b8862b", "prospect": "#2e4f7c", "former": "#7a7a7a"}
DEFAULT_FILL = "#2f6b47"
LABEL_CHARS = 26
Box = tuple[float, float, float, float]  # x1, y1, x2, y2
CHAR_WIDTH = 5.9  # average glyph width at font-size 11, to keep labels from overlapping


@dataclass(frozen=True)
class Point:
    """One customer on the chart. `quadrant` is the already translated quadrant name."""

    name: str
    attractiveness: float
    position: float
    quadrant: str
    group: str = ""
    href: str = ""


@dataclass(frozen=True)
class Labels:
    """Every word the chart shows, already in the reader's language."""

    title: str
    x_axis: str
    y_axis: str
    quadrants: Mapping[str, str]
    # %(name)s, %(quadrant)s, %(attractiveness)s, %(position)s
    point: str = "%(name)s: %(quadrant)s (%(attractiveness)s / %(position)s)"
    empty: str = ""
    low: str = "low"
    high: str = "high"
    weak: str = "weak"
    strong: str = "strong"
    legend: Sequence[tuple[str, str]] = field(default_factory=tuple)


def render(
    points: Sequence[Point],
    labels: Labels,
    *,
    chart_id: str = "quadrant",
    label_top: int = 12,
    show_title: bool = True,
    number: Callable[[float], str] = lambda value: f"{value:.1f}",
) -> str:
    """The whole <svg> element as a string; safe to put on a page as it is (all text is escaped)."""
    ids = {"title": f"{chart_id}-title", "desc": f"{chart_id}-desc"}
    descriptions = [_point_text(point, labels, number) for point in points]
    # Dots that are links make the chart a group: an image would hide them from assistive technology.
    role = (
        f'role="group" aria-labelledby="{_e(ids["title"])}" aria-describedby="{_e(ids["desc"])}"'
        if any(point.href for point in points)
        else f'role="img" aria-labelledby="{_e(ids["title"])} {_e(ids["desc"])}"'
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="quadrant-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" {role} '
        f'font-family="{_e(FONT)}" font-size="12" fill="{INK}">',
        f'<title id="{_e(ids["title"])}">{_e(labels.title)}</title>',
        f'<desc id="{_e(ids["desc"])}">{_e("; ".join(descriptions) or labels.empty)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    if show_title:
        parts.append(f'<text x="{LEFT}" y="26" font-size="15" font-weight="600">{_e(labels.title)}</text>')
    frame, taken = _frame(labels)
    parts += frame
    parts += _dots(points, descriptions, label_top, taken)
    if not points and labels.empty:
        cx, cy = (LEFT + WIDTH - RIGHT) / 2, (TOP + HEIGHT - BOTTOM) / 2
        parts.append(
            f'<text x="{cx:.0f}" y="{cy:.0f}" text-anchor="middle" fill="{INK_SOFT}">{_e(labels.empty)}</text>'
        )
    parts += _legend(labels.legend)
    parts.append("</svg>")
    return "\n".join(parts)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _x(position: float) -> float:
    span = WIDTH - LEFT - RIGHT - 2 * PAD
    return LEFT + PAD + (_clamp(position) - LOWEST) / (HIGHEST - LOWEST) * span


def _y(attractiveness: float) -> float:
    span = HEIGHT - TOP - BOTTOM - 2 * PAD
    return HEIGHT - BOTTOM - PAD - (_clamp(attractiveness) - LOWEST) / (HIGHEST - LOWEST) * span


def _clamp(value: float) -> float:
    return min(max(value, LOWEST), HIGHEST)


def _point_text(point: Point, labels: Labels, number: Callable[[float], str]) -> str:
    return labels.point % {
        "name": point.name,
        "quadrant": point.quadrant,
        "attractiveness": number(point.attractiveness),
        "position": number(point.position),
    }


def _frame(labels: Labels) -> tuple[list[str], list[Box]]:
    """The four tinted quadrants, the grid and ticks, the quadrant names on top (where they sit is
    returned so customer labels keep clear of them), and the axis titles."""
    rects, names, taken = _quadrants(labels)
    return [*rects, *_grid(), *names, *_axes(labels)], taken


def _quadrants(labels: Labels) -> tuple[list[str], list[str], list[Box]]:
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    mid_x, mid_y = _x(MIDPOINT), _y(MIDPOINT)
    boxes = {
        INVEST: (left, top, mid_x, mid_y),
        DEVELOP: (mid_x, top, right, mid_y),
        SERVE: (left, mid_y, mid_x, bottom),
        MAINTAIN: (mid_x, mid_y, right, bottom),
    }
    rects, names, taken = [], [], []
    for code, (x1, y1, x2, y2) in boxes.items():
        rects.append(
            f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" '
            f'fill="{QUADRANT_FILL[code]}"/>'
        )
        name = str(labels.quadrants.get(code, code))
        width = len(name) * 7.4
        start = x1 == left
        tx, ty = (x1 + 8 if start else x2 - 8), (y1 + 18 if y1 == top else y2 - 8)
        taken.append((tx if start else tx - width, ty - 13, tx + width if start else tx, ty + 3))
        names.append(
            f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{"start" if start else "end"}" font-size="13" '
            f'font-weight="600" fill="{INK_SOFT}">{_e(name)}</text>'
        )
    return rects, names, taken


def _grid() -> list[str]:
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    parts = []
    for value in range(LOWEST, HIGHEST + 1):
        x, y = _x(value), _y(value)
        parts += [
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#ffffff"/>',
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ffffff"/>',
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{INK_SOFT}">{value}</text>',
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{INK_SOFT}">{value}</text>',
        ]
    mid_x, mid_y = _x(MIDPOINT), _y(MIDPOINT)
    return [
        *parts,
        f'<line x1="{mid_x:.1f}" y1="{top}" x2="{mid_x:.1f}" y2="{bottom}" stroke="{LINE}" stroke-width="1.5"/>',
        f'<line x1="{left}" y1="{mid_y:.1f}" x2="{right}" y2="{mid_y:.1f}" stroke="{LINE}" stroke-width="1.5"/>',
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" '
        f'stroke="{LINE}"/>',
    ]


def _axes(labels: Labels) -> list[str]:
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    cy = (top + bottom) / 2
    return [
        f'<text x="{left}" y="{bottom + 34}" fill="{INK_SOFT}" font-size="11">← {_e(labels.weak)}</text>',
        f'<text x="{right}" y="{bottom + 34}" text-anchor="end" fill="{INK_SOFT}" font-size="11">'
        f"{_e(labels.strong)} →</text>",
        f'<text x="{(left + right) / 2:.1f}" y="{bottom + 34}" text-anchor="middle" font-weight="600">'
        f"{_e(labels.x_axis)}</text>",
        f'<text transform="translate(22 {cy:.1f}) rotate(-90)" text-anchor="middle" font-weight="600">'
        f"{_e(labels.y_axis)}</text>",
        f'<text transform="translate(38 {bottom:.1f}) rotate(-90)" text-anchor="start" fill="{INK_SOFT}" '
        f'font-size="11">← {_e(labels.low)}</text>',
        f'<text transform="translate(38 {top:.1f}) rotate(-90)" text-anchor="end" fill="{INK_SOFT}" '
        f'font-size="11">{_e(labels.high)} →</text>',
    ]


def _dots(
    points: Sequence[Point], descriptions: Sequence[str], label_top: int, taken: list[Box]
) -> list[str]:
    radius = 5 if len(points) <= 40 else 4
    placed = list(taken)
    seen: dict[tuple[int, int], int] = {}
    dots, names = [], []
    for index, (point, text) in enumerate(zip(points, descriptions, strict=True)):
        x, y = _spread(_x(point.position), _y(point.attractiveness), seen)
        fill = GROUP_FILL.get(point.group, DEFAULT_FILL)
        circle = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}"><title>{_e(text)}</title></circle>'
        )
        dots.append(
            f'<a href="{_e(point.href)}" aria-label="{_e(text)}">{circle}</a>' if point.href else circle
        )
        placed.append((x - radius, y - radius, x + radius, y + radius))
        if index < label_top:
            names.append((x, y, point.name))
    labels = []
    for x, y, name in names:
        label = _place_label(x, y, name, radius, placed)
        if label:
            labels.append(label)
    # What every dot shares is said once, on the group (SVG presentation attributes inherit).
    return [
        '<g class="dots" fill-opacity="0.85" stroke="#ffffff" stroke-width="1">',
        *dots,
        "</g>",
        '<g class="names" font-size="11">',
        *labels,
        "</g>",
    ]


def _spread(x: float, y: float, seen: dict[tuple[int, int], int]) -> tuple[float, float]:
    """Customers with the same scores would hide each other: fan the later ones out a little."""
    cell = (round(x / 4), round(y / 4))
    count = seen.get(cell, 0)
    seen[cell] = count + 1
    if not count:
        return x, y
    angle, distance = count * 2.4, 4.5 * math.sqrt(count)
    return x + distance * math.cos(angle), y + distance * math.sin(angle)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _place_label(x: float, y: float, name: str, radius: float, placed: list[Box]) -> str | None:
    """Right, left, above or below the dot, whichever overlaps nothing placed so far; else no label.
    A long name is cut, with the whole of it in a <title>."""
    text = _short(name)
    title = f"<title>{_e(name)}</title>" if text != name else ""
    width, height = len(text) * CHAR_WIDTH, 11
    gap = radius + 3
    options = [
        ("start", x + gap, y + 4, (x + gap, y - 7, x + gap + width, y + 4)),
        ("end", x - gap, y + 4, (x - gap - width, y - 7, x - gap, y + 4)),
        ("middle", x, y - gap - 2, (x - width / 2, y - gap - 2 - height, x + width / 2, y - gap - 2)),
        ("middle", x, y + gap + 10, (x - width / 2, y + gap, x + width / 2, y + gap + 10)),
    ]
    for anchor, tx, ty, box in options:
        inside = box[0] >= LEFT and box[2] <= WIDTH - RIGHT and box[1] >= TOP and box[3] <= HEIGHT - BOTTOM
        if inside and not any(_overlaps(box, other) for other in placed):
            placed.append(box)
            return f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{title}{_e(text)}</text>'
    return None


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(entries: Sequence[tuple[str, str]]) -> list[str]:
    parts, x, y = [], LEFT, HEIGHT - 22
    for group, text in entries:
        parts.append(
            f'<circle cx="{x + 5}" cy="{y - 4}" r="5" fill="{GROUP_FILL.get(group, DEFAULT_FILL)}"/>'
        )
        parts.append(f'<text x="{x + 14}" y="{y}" fill="{INK_SOFT}">{_e(text)}</text>')
        x += 14 + len(str(text)) * 6.6 + 18
    return ['<g class="legend">', *parts, "</g>"] if parts else []
