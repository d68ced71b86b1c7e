"""The risk pictures as inline SVG strings, from plain values (no ORM).

Only SVG presentation attributes (the content security policy blocks style attributes); every
piece of text is escaped. Each chart has a <title> and a <desc> text alternative, and the callers
pass every word already translated, so this module stays free of the request and the database.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from risk.assessment import score_level

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK, INK_SOFT, LINE, GRID = "#1d2520", "#55615a", "#c7cdc5", "#e6e9e4"
BRAND, BRAND_SOFT = "#2f6b47", "#bcd8c6"
LEVEL_FILL = {"ok": "#2f6b47", "near": "#b8862b", "over": "#a8322d"}
ZONE_FILL = {"low": "#e4f3e8", "medium": "#fdf3dc", "high": "#fbeaea"}
ZONE_STRONG = {"low": "#9fd0ad", "medium": "#efc86f", "high": "#e08a85"}
QUADRANT_FILL = {"mutual": "#e8eef7", "exposed": "#fbeaea", "leverage": "#e4f3e8", "arms_length": "#f5f6f3"}
DOT_FILL = {"mutual": "#2e4f7c", "exposed": "#a8322d", "leverage": "#2f6b47", "arms_length": "#7a7a7a"}

Percent = Callable[[float], str]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _open(
    kind: str, width: int, height: int, chart_id: str, title: str, desc: str, interactive: bool = False
) -> list[str]:
    # A chart whose marks are links is a group (an image would hide its links from assistive technology).
    role = (
        f'role="group" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        if interactive
        else f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
    )
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="risk-chart {kind}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {role} '
        f'font-family="{_e(FONT)}" font-size="12" fill="{INK}">',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">{_e(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _text(x: float, y: float, text: str, **attrs: object) -> str:
    extra = " ".join(f'{name.replace("_", "-")}="{_e(value)}"' for name, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{_e(text)}</text>'


def _short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _cut(name: str, limit: int) -> str:
    """Escaped text for inside a <text>: cut to `limit`, with the whole name in a <title>."""
    shown = _short(name, limit)
    return (f"<title>{_e(name)}</title>" if shown != name else "") + _e(shown)


def _label(x: float, y: float, name: str, limit: int, **attrs: object) -> str:
    """A name cut to `limit` characters; a cut name carries the whole of it in a <title>."""
    extra = " ".join(f'{key.replace("_", "-")}="{_e(value)}"' for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{_cut(name, limit)}</text>'


# --- Pareto --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParetoBar:
    label: str
    share: float
    cumulative: float
    level: str = "ok"
    href: str = ""


@dataclass(frozen=True)
class ParetoLabels:
    title: str
    desc: str
    axis: str
    cumulative: str
    threshold: str  # "%(n)s: %(limit)s"


def pareto(
    bars: Sequence[ParetoBar],
    thresholds: Mapping[int, float],
    labels: ParetoLabels,
    percent: Percent,
    chart_id: str = "pareto",
) -> str:
    """Bars: each customer's share, largest first (the rest as one bar); a line: the cumulative
    share; a tick at the top-1/3/10 thresholds on the cumulative line."""
    width, height, left, right, top, bottom = 760, 360, 52, 56, 24, 112
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = _open("pareto", width, height, chart_id, labels.title, labels.desc, any(b.href for b in bars))
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, percent(tick), text_anchor="end", fill=INK_SOFT, font_size=11))
    if not bars:
        parts.append(_text(width / 2, top + plot_h / 2, labels.desc, text_anchor="middle", fill=INK_SOFT))
        return "".join(parts) + "</svg>"
    slot = plot_w / len(bars)
    bar_w = max(2.0, slot * 0.7)
    line = []
    for i, bar in enumerate(bars):
        x = left + i * slot + (slot - bar_w) / 2
        h = plot_h * bar.share
        spoken = f"{bar.label}: {percent(bar.share)} · {labels.cumulative} {percent(bar.cumulative)}"
        title = f"<title>{_e(spoken)}</title>"
        rect = (
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" '
            f'fill="{LEVEL_FILL.get(bar.level, BRAND)}" fill-opacity="0.85">{title}</rect>'
        )
        parts.append(f'<a href="{_e(bar.href)}" aria-label="{_e(spoken)}">{rect}</a>' if bar.href else rect)
        cx = left + i * slot + slot / 2
        line.append((cx, top + plot_h * (1 - bar.cumulative)))
        parts.append(
            f'<text transform="translate({cx + 3:.1f},{top + plot_h + 8}) rotate(55)" font-size="10.5" '
            f'fill="{INK_SOFT}">{_cut(bar.label, 15)}</text>'
        )
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
    parts.append(f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="1.6"/>')
    for x, y in line:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{INK}"/>')
    for n, limit in sorted(thresholds.items()):
        if n > len(bars):
            continue
        x = left + (n - 1) * slot + slot / 2
        y = top + plot_h * (1 - limit)
        text = labels.threshold % {"n": n, "limit": percent(limit)}
        parts.append(
            f'<line x1="{x - 12:.1f}" y1="{y:.1f}" x2="{x + 12:.1f}" y2="{y:.1f}" stroke="#a8322d" '
            f'stroke-width="2" stroke-dasharray="3 2"><title>{_e(text)}</title></line>'
        )
        parts.append(_text(x + 14, y - 3, text, fill="#a8322d", font_size=10.5))
    parts.append(_text(left, height - 6, labels.axis, fill=INK_SOFT, font_size=11))
    return "".join(parts) + "</svg>"


# --- Two-way dependency --------------------------------------------------------------------------
@dataclass(frozen=True)
class DependencyDot:
    label: str
    ours: float  # their share of our revenue in view, 0–1
    theirs: float  # our share of their wallet, 0–1
    quadrant: str
    href: str = ""


@dataclass(frozen=True)
class DependencyLabels:
    title: str
    desc: str
    x_axis: str
    y_axis: str
    quadrants: Mapping[str, str]
    empty: str


def _sqrt_scale(value: float, top: float) -> float:
    return math.sqrt(max(value, 0) / top) if top > 0 else 0


def dependency(
    dots: Sequence[DependencyDot],
    ours_line: float,
    theirs_line: float,
    labels: DependencyLabels,
    percent: Percent,
    chart_id: str = "dependency",
    label_top: int = 8,
) -> str:
    """How dependent we are on each customer (up, square-root scale) against how dependent they
    are on us (right). The dividing lines are the `*_line` fractions."""
    width, height, left, right, top, bottom = 640, 460, 64, 20, 20, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    y_top = max([0.1, ours_line * 2, *(d.ours * 1.08 for d in dots)])

    def px(theirs: float) -> float:
        return left + plot_w * min(max(theirs, 0), 1)

    def py(ours: float) -> float:
        return top + plot_h * (1 - _sqrt_scale(ours, y_top))

    parts = _open("dependency", width, height, chart_id, labels.title, labels.desc, any(d.href for d in dots))
    mid_x, mid_y = px(theirs_line), py(ours_line)
    boxes = {
        "exposed": (left, top, mid_x - left, mid_y - top),
        "mutual": (mid_x, top, left + plot_w - mid_x, mid_y - top),
        "arms_length": (left, mid_y, mid_x - left, top + plot_h - mid_y),
        "leverage": (mid_x, mid_y, left + plot_w - mid_x, top + plot_h - mid_y),
    }
    titles: list[tuple[float, float, float, float]] = []
    for key, (x, y, w, h) in boxes.items():
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{QUADRANT_FILL[key]}"/>'
        )
        anchor_x = x + 8 if key in ("exposed", "arms_length") else x + w - 8
        anchor = "start" if key in ("exposed", "arms_length") else "end"
        title_w = len(labels.quadrants.get(key, key)) * CHAR_WIDTH * 1.15
        title_x0 = anchor_x if anchor == "start" else anchor_x - title_w
        titles.append((title_x0, y + 5, title_x0 + title_w, y + 19))
        parts.append(
            _text(
                anchor_x,
                y + 16,
                labels.quadrants.get(key, key),
                text_anchor=anchor,
                fill=INK_SOFT,
                font_weight=600,
            )
        )
    for tick in sorted({0.01, ours_line, 0.1, 0.2, 0.5, 1.0}):
        if tick > y_top * 0.95:
            continue
        y = py(tick)
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="{LINE}"/>')
        parts.append(_text(left - 7, y + 4, percent(tick), text_anchor="end", fill=INK_SOFT, font_size=11))
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = px(tick)
        parts.append(
            _text(x, top + plot_h + 16, percent(tick), text_anchor="middle", fill=INK_SOFT, font_size=11)
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{LINE}"/>'
    )
    parts.append(_text(left + plot_w / 2, height - 12, labels.x_axis, text_anchor="middle", fill=INK_SOFT))
    parts.append(
        f'<text transform="translate(16,{top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{INK_SOFT}">{_e(labels.y_axis)}</text>'
    )
    if not dots:
        parts.append(
            _text(left + plot_w / 2, top + plot_h / 2, labels.empty, text_anchor="middle", fill=INK_SOFT)
        )
    ranked = sorted(dots, key=lambda d: -d.ours)
    labels_at = _place_labels(ranked[:label_top], px, py, left + plot_w * 0.7, titles, (left, left + plot_w))
    for dot in reversed(ranked):
        x, y = px(dot.theirs), py(dot.ours)
        body = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{DOT_FILL.get(dot.quadrant, BRAND)}" fill-opacity="0.8" '
            f'stroke="#ffffff"><title>{_e(dot.label)}: {_e(percent(dot.ours))} · {_e(percent(dot.theirs))}</title></circle>'
        )
        if id(dot) in labels_at:
            label_x, label_y, anchor = labels_at[id(dot)]
            body += _label(label_x, label_y, dot.label, 22, text_anchor=anchor, font_size=11)
        spoken = f"{dot.label}: {percent(dot.ours)} · {percent(dot.theirs)}"
        parts.append(f'<a href="{_e(dot.href)}" aria-label="{_e(spoken)}">{body}</a>' if dot.href else body)
    return "".join(parts) + "</svg>"


CHAR_WIDTH = 6.6  # a generous glyph width at font-size 11 (capitals, Nordic letters): labels stay apart
DOT_BOX = 6.0  # half the side of the square a dot keeps free of labels


def _place_labels(
    dots, px, py, flip_x: float, reserved: list, bounds: tuple[float, float]
) -> dict[int, tuple[float, float, str]]:
    """Label positions (x, y, anchor) for the given dots, largest first: right of the dot (left of
    it near the right edge), else the other side, else a line lower; a label that fits nowhere
    without overlapping another or a `reserved` box (the quadrant titles) is left out."""
    placed: list[tuple[float, float, float, float]] = list(reserved)
    # Every labelled dot keeps its own spot free, so no label covers another dot.
    placed += [
        (px(d.theirs) - DOT_BOX, py(d.ours) - DOT_BOX, px(d.theirs) + DOT_BOX, py(d.ours) + DOT_BOX)
        for d in dots
    ]
    result = {}
    for dot in dots:
        x, y = px(dot.theirs), py(dot.ours)
        width = len(_short(dot.label, 22)) * CHAR_WIDTH + 4
        first = "end" if x > flip_x else "start"
        second = "start" if first == "end" else "end"
        for anchor, dy in ((first, 0), (second, 0), (first, 14), (second, 14), (first, -14)):
            x0 = x - 8 - width if anchor == "end" else x + 8
            box = (x0, y + dy - 8, x0 + width, y + dy + 6)
            inside = bounds[0] <= box[0] and box[2] <= bounds[1]
            if inside and not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
            ):
                placed.append(box)
                result[id(dot)] = (x - 8 if anchor == "end" else x + 8, y + dy + 4, anchor)
                break
    return result


# --- Heat map (one account) ----------------------------------------------------------------------
@dataclass(frozen=True)
class HeatLabels:
    title: str
    desc: str
    x_axis: str
    y_axis: str
    cell: str  # "%(count)s risks: likelihood %(likelihood)s, impact %(impact)s"


def zone(score: int) -> str:
    return score_level(score)


def heat_map(grid: Sequence[Sequence[int]], labels: HeatLabels, chart_id: str = "heat") -> str:
    """5 × 5: impact 5 → 1 downwards, likelihood 1 → 5 rightwards; the count of open risks per cell."""
    cell, left, top = 52, 58, 14
    width, height = left + cell * 5 + 12, top + cell * 5 + 46
    parts = _open("heat-map", width, height, chart_id, labels.title, labels.desc)
    for row, counts in enumerate(grid):
        impact = 5 - row
        for column, count in enumerate(counts):
            likelihood = column + 1
            area = zone(likelihood * impact)
            fill = ZONE_STRONG[area] if count else ZONE_FILL[area]
            x, y = left + column * cell, top + row * cell
            tip = labels.cell % {"count": count, "likelihood": likelihood, "impact": impact}
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="4" fill="{fill}"><title>{_e(tip)}</title></rect>'
            )
            if count:
                parts.append(
                    _text(
                        x + cell / 2 - 1,
                        y + cell / 2 + 5,
                        str(count),
                        text_anchor="middle",
                        font_size=15,
                        font_weight=700,
                    )
                )
        parts.append(
            _text(left - 8, top + row * cell + cell / 2 + 4, str(impact), text_anchor="end", fill=INK_SOFT)
        )
    for column in range(5):
        parts.append(
            _text(
                left + column * cell + cell / 2 - 1,
                top + cell * 5 + 14,
                str(column + 1),
                text_anchor="middle",
                fill=INK_SOFT,
            )
        )
    parts.append(_text(left + cell * 2.5, height - 8, labels.x_axis, text_anchor="middle", fill=INK_SOFT))
    parts.append(
        f'<text transform="translate(16,{top + cell * 2.5:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{INK_SOFT}">{_e(labels.y_axis)}</text>'
    )
    return "".join(parts) + "</svg>"


# --- Importance × risk (portfolio) ---------------------------------------------------------------
@dataclass(frozen=True)
class MatrixLabels:
    title: str
    desc: str
    x_axis: str
    y_axis: str
    levels: Mapping[str, str]
    cell: str  # "%(count)s customers: importance %(importance)s, risk %(risk)s"


def importance_risk(
    counts: Mapping[tuple[str, str], int], labels: MatrixLabels, chart_id: str = "matrix"
) -> str:
    """3 × 3: importance high → low downwards, risk low → high rightwards; customers per cell.
    The cells of high importance and medium or high risk are outlined: extra effort pays there."""
    levels = ("low", "medium", "high")
    cell_w, cell_h, left, top = 120, 74, 96, 14
    width, height = left + cell_w * 3 + 12, top + cell_h * 3 + 48
    parts = _open("importance-risk", width, height, chart_id, labels.title, labels.desc)
    for row, importance in enumerate(reversed(levels)):
        for column, risk in enumerate(levels):
            count = counts.get((importance, risk), 0)
            focus = importance == "high" and risk != "low"
            x, y = left + column * cell_w, top + row * cell_h
            area = "high" if focus else "medium" if (importance != "low" and risk != "low") else "low"
            tip = labels.cell % {
                "count": count,
                "importance": labels.levels[importance],
                "risk": labels.levels[risk],
            }
            stroke = ' stroke="#a8322d" stroke-width="2"' if focus else ""
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 3}" height="{cell_h - 3}" rx="5" fill="{ZONE_FILL[area]}"{stroke}>'
                f"<title>{_e(tip)}</title></rect>"
            )
            parts.append(
                _text(
                    x + cell_w / 2,
                    y + cell_h / 2 + 6,
                    str(count),
                    text_anchor="middle",
                    font_size=18,
                    font_weight=700,
                )
            )
        parts.append(
            _text(
                left - 8,
                top + row * cell_h + cell_h / 2 + 4,
                labels.levels[importance],
                text_anchor="end",
                fill=INK_SOFT,
            )
        )
    for column, risk in enumerate(levels):
        parts.append(
            _text(
                left + column * cell_w + cell_w / 2,
                top + cell_h * 3 + 14,
                labels.levels[risk],
                text_anchor="middle",
                fill=INK_SOFT,
            )
        )
    parts.append(_text(left + cell_w * 1.5, height - 8, labels.x_axis, text_anchor="middle", fill=INK_SOFT))
    parts.append(
        f'<text transform="translate(14,{top + cell_h * 1.5:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{INK_SOFT}">{_e(labels.y_axis)}</text>'
    )
    return "".join(parts) + "</svg>"


# --- Simulator: top shares before and after ------------------------------------------------------
@dataclass(frozen=True)
class CompareRow:
    label: str
    before: float
    after: float
    limit: float | None
    level: str


def compare_bars(
    rows: Sequence[CompareRow],
    title: str,
    desc: str,
    legend: tuple[str, str],
    percent: Percent,
    chart_id: str = "compare",
) -> str:
    """Two bars per row (before, after) on a 0–100 % scale, with the threshold as a red tick."""
    width, left, right, row_h, top = 640, 86, 64, 40, 30
    height = top + row_h * len(rows) + 10
    plot_w = width - left - right
    parts = _open("compare", width, height, chart_id, title, desc)
    parts.append(f'<rect x="{left}" y="6" width="12" height="10" fill="{LINE}"/>')
    parts.append(_text(left + 16, 15, legend[0], fill=INK_SOFT, font_size=11))
    parts.append(f'<rect x="{left + 120}" y="6" width="12" height="10" fill="{BRAND}"/>')
    parts.append(_text(left + 136, 15, legend[1], fill=INK_SOFT, font_size=11))
    for i, row in enumerate(rows):
        y = top + i * row_h
        parts.append(_text(left - 8, y + 18, row.label, text_anchor="end", font_weight=600))
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{plot_w * min(row.before, 1):.1f}" height="11" fill="{LINE}"/>'
        )
        parts.append(
            f'<rect x="{left}" y="{y + 17}" width="{plot_w * min(row.after, 1):.1f}" height="11" '
            f'fill="{LEVEL_FILL.get(row.level, BRAND)}"/>'
        )
        label_x = left + plot_w * max(min(row.after, 1), row.limit or 0) + 6
        parts.append(_text(label_x, y + 27, percent(row.after), font_size=11))
        if row.limit is not None:
            x = left + plot_w * row.limit
            parts.append(
                f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + 31}" stroke="#a8322d" stroke-width="2"/>'
            )
    return "".join(parts) + "</svg>"
