"""Pictures for account health and the portfolio: attractiveness × health, revenue sparklines.

Pure functions from plain values to SVG strings (presentation attributes only, every text escaped),
so the page, the print view and a test see the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 560, 400
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
INK, INK_SOFT, LINE = "#1d2520", "#55615a", "#c7cdc5"
FILLS = ("#fdf3dc", "#e6f0e9", "#fbe4e2", "#e8eef7")  # top-left, top-right, bottom-left, bottom-right
DOT = "#2f6b47"
HEALTH_MID = 55  # between "needs care" and "healthy"
ATTRACTIVE_MID = 3.0  # the middle of the 1–5 scoring scale
NAMED_DOTS = 60  # more than this: dots carry no name, the table and drill-downs do


@dataclass(frozen=True)
class QuadrantPoint:
    name: str
    attractiveness: float  # 1–5
    score: int  # 0–100


@dataclass(frozen=True)
class QuadrantWords:
    title: str
    description: str
    x_axis: str
    y_axis: str
    corners: tuple[str, str, str, str]  # top-left, top-right, bottom-left, bottom-right
    counts: tuple[int, int, int, int]


def quadrant_svg(points: Sequence[QuadrantPoint], words: QuadrantWords) -> str:
    """Attractiveness (right) against health (up); the corners carry their names and counts."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(a: float) -> float:
        return LEFT + (min(5.0, max(1.0, a)) - 1) / 4 * plot_w

    def y(s: int) -> float:
        return TOP + (1 - min(100, max(0, s)) / 100) * plot_h

    mid_x, mid_y = x(ATTRACTIVE_MID), y(HEALTH_MID)
    out = [
        f'<svg class="health-quadrant" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="hq-title hq-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">',
        f'<title id="hq-title">{escape(words.title)}</title><desc id="hq-desc">{escape(words.description)}</desc>',
    ]
    boxes = (
        (LEFT, TOP, mid_x, mid_y),
        (mid_x, TOP, LEFT + plot_w, mid_y),
        (LEFT, mid_y, mid_x, TOP + plot_h),
        (mid_x, mid_y, LEFT + plot_w, TOP + plot_h),
    )
    for (x1, y1, x2, y2), fill, name, count in zip(boxes, FILLS, words.corners, words.counts, strict=True):
        out.append(
            f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" fill="{fill}"/>'
        )
        out.append(
            f'<text x="{x1 + 6:.1f}" y="{y1 + 16:.1f}" font-size="12" fill="{INK_SOFT}">{escape(name)} ({count})</text>'
        )
    named = len(points) <= NAMED_DOTS
    for p in points:
        title = f"<title>{escape(p.name)}: {p.score}</title>" if named else ""
        out.append(
            f'<circle cx="{x(p.attractiveness):.1f}" cy="{y(p.score):.1f}" r="4" fill="{DOT}" '
            f'fill-opacity="0.75">{title}</circle>'
        )
    out += [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="{LINE}"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{LINE}"/>',
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 12}" font-size="12" text-anchor="middle" fill="{INK}">'
        f"{escape(words.x_axis)}</text>",
        f'<text x="16" y="{TOP + plot_h / 2:.1f}" font-size="12" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 16 {TOP + plot_h / 2:.1f})">{escape(words.y_axis)}</text>',
        "</svg>",
    ]
    return "".join(out)


def corner(attractiveness: float, score: int) -> int:
    """0 top-left (healthy, less attractive), 1 top-right, 2 bottom-left, 3 bottom-right (attractive, at risk)."""
    return (0 if score >= HEALTH_MID else 2) + (1 if attractiveness >= ATTRACTIVE_MID else 0)


def revenue_sparkline(values: Sequence[Decimal | None], title: str, width: int = 80, height: int = 22) -> str:
    """Bars of yearly revenue, oldest first, as one path; a missing year is a gap."""
    present = [v for v in values if v is not None]
    top = max(present) if present else 0
    step = width / max(1, len(values))
    bars = []
    for i, v in enumerate(values):
        if v is None or not top:
            continue
        h = max(1.0, float(v / top) * (height - 2))
        bars.append(f"M{i * step + 1:.0f} {height}v-{h:.0f}h{step - 2:.0f}v{h:.0f}z")
    return (
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}"><path d="{"".join(bars)}" fill="{DOT}"/></svg>'
    )
