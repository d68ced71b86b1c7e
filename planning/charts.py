"""The white-space heat map and the captured-potential chart as inline SVG (no ORM).

Pure functions from plain values to an SVG string, so the page, a PDF and a test see the same
picture. Only SVG presentation attributes are used (the pages' content security policy blocks
style attributes); every piece of text is escaped; each picture has a title and a text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape

from babel.numbers import format_compact_decimal
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.templatetags.orchard import BABEL_LOCALES, money
from planning.matrix import Matrix

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK, INK_SOFT, LINE, GRID = "#1d2520", "#55615a", "#c7cdc5", "#e7eae5"
CAPTURED, OPEN = "#2f6b47", "#d9a441"
HEAT = ("#f1f2ef", "#f8ecd0", "#f1d69c", "#e6b964", "#cf9338", "#8a5a10")
LABEL_WIDTH, HEADER_HEIGHT, ROW_HEIGHT = 190, 96, 20
NAME_CHARS = 26


def compact(value: Decimal) -> str:
    """A short amount for an axis or a small cell, in the active language (e.g. 1.2M, 1,2 mill.).

    The amount is first rounded to three significant digits (the most a short amount shows), so a
    page full of amounts mostly hits the cache instead of Babel's slow compact formatting.
    """
    locale = BABEL_LOCALES.get(translation.get_language() or "en", "en_GB")
    rounded = Decimal(value)
    if rounded:
        rounded = round(rounded, 2 - rounded.copy_abs().adjusted())
    return _compact(rounded.normalize(), locale)


@lru_cache(maxsize=4096)
def _compact(value: Decimal, locale: str) -> str:
    return format_compact_decimal(value, format_type="short", locale=locale, fraction_digits=1)


def _text(
    x: float, y: float, body: str, *, size: int = 11, fill: str = INK, anchor: str = "start", extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{extra}>{escape(body)}</text>'
    )


def _shorten(name: str, limit: int = NAME_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _open(width: float, height: float, title: str, description: str, chart_id: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def heatmap_svg(matrix: Matrix, *, title: str, chart_id: str = "whitespace-heatmap") -> SafeString:
    """Offerings down, units across; the warmer a square, the more open potential it holds."""
    columns, rows = len(matrix.columns), len(matrix.rows)
    size = max(14, min(34, 620 // max(columns, 1)))
    width = max(LABEL_WIDTH + columns * size + 10, LABEL_WIDTH + len(HEAT) * 22 + 90)
    height = HEADER_HEIGHT + rows * ROW_HEIGHT + 34
    parts = _open(width, height, title, _heatmap_description(matrix), chart_id)
    if matrix.is_empty:
        parts.append(
            _text(width / 2, height / 2, _("Nothing to show yet."), size=13, fill=INK_SOFT, anchor="middle")
        )
        return mark_safe("".join([*parts, "</svg>"]))  # noqa: S308 - every text is escaped
    for index, column in enumerate(matrix.columns):
        x = LABEL_WIDTH + index * size + size / 2
        parts.append(
            _text(
                x,
                HEADER_HEIGHT - 6,
                _shorten(column.unit.name, 16),
                size=10,
                fill=INK_SOFT,
                extra=f' transform="rotate(-50 {x:.1f} {HEADER_HEIGHT - 6})"',
            )
        )
    square = f"{chart_id}-square"
    parts.append(f'<defs><rect id="{square}" width="{size - 2}" height="{ROW_HEIGHT - 2}"/></defs>')
    by_level: dict[int, list[str]] = {}
    for r, row in enumerate(matrix.rows):
        y = HEADER_HEIGHT + r * ROW_HEIGHT
        parts.append(
            _text(LABEL_WIDTH - 8, y + ROW_HEIGHT * 0.7, _shorten(row.offering.name), size=11, anchor="end")
        )
        for c, cell in enumerate(row.cells):
            by_level.setdefault(cell.heat, []).append(
                f'<use href="#{square}" x="{LABEL_WIDTH + c * size + 1}" y="{y + 1}"/>'
            )
    # One group per heat level: the squares carry only their position, which keeps the page small.
    for level, squares in sorted(by_level.items()):
        parts.append(f'<g fill="{HEAT[level]}" stroke="{GRID}">{"".join(squares)}</g>')
    parts += _heat_legend(HEADER_HEIGHT + rows * ROW_HEIGHT + 12, matrix.max_open)
    return mark_safe("".join([*parts, "</svg>"]))  # noqa: S308 - every text is escaped


def _heat_legend(y: float, highest: Decimal) -> list[str]:
    parts = [_text(LABEL_WIDTH - 8, y + 11, _("Open potential"), size=10, fill=INK_SOFT, anchor="end")]
    for level, colour in enumerate(HEAT):
        parts.append(
            f'<rect x="{LABEL_WIDTH + level * 22}" y="{y}" width="20" height="14" rx="2" fill="{colour}" stroke="{LINE}"/>'
        )
    parts.append(
        _text(
            LABEL_WIDTH + len(HEAT) * 22 + 6,
            y + 11,
            _("none → %(amount)s") % {"amount": compact(highest)},
            size=10,
            fill=INK_SOFT,
        )
    )
    return parts


def _heatmap_description(matrix: Matrix) -> str:
    if matrix.is_empty:
        return _("The matrix has no offerings or no units yet.")
    best = max(
        ((row, matrix.columns[i], cell) for row in matrix.rows for i, cell in enumerate(row.cells)),
        key=lambda item: item[2].open_potential,
    )
    text = _(
        "%(rows)s offerings at %(columns)s units, countries and locations; open potential %(open)s in total."
    ) % {
        "rows": len(matrix.rows),
        "columns": len(matrix.columns),
        "open": money(matrix.totals.open_potential),
    }
    if best[2].open_potential > 0:
        text += " " + _("The most is %(offering)s at %(unit)s: %(amount)s.") % {
            "offering": best[0].offering.name,
            "unit": best[1].unit.name,
            "amount": money(best[2].open_potential),
        }
    return text


@dataclass(frozen=True)
class CapturePoint:
    """The white space at one moment: revenue we already have there, and potential still open."""

    label: str
    captured: Decimal
    open_potential: Decimal


CHART_WIDTH, CHART_HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 46


def captured_svg(
    points: Sequence[CapturePoint], *, title: str, chart_id: str = "captured-chart"
) -> SafeString:
    """One stacked bar per review: captured revenue (green) under the potential still open (amber)."""
    parts = _open(CHART_WIDTH, CHART_HEIGHT, title, _captured_description(points), chart_id)
    if not points:
        parts.append(
            _text(
                CHART_WIDTH / 2,
                CHART_HEIGHT / 2,
                _("No reviews yet: each review adds a bar."),
                size=13,
                fill=INK_SOFT,
                anchor="middle",
            )
        )
        return mark_safe("".join([*parts, "</svg>"]))  # noqa: S308 - every text is escaped
    highest = max((p.captured + p.open_potential for p in points), default=Decimal(0)) or Decimal(1)
    plot_h, plot_w = CHART_HEIGHT - TOP - BOTTOM, CHART_WIDTH - LEFT - RIGHT
    for step in range(5):
        value = highest * step / 4
        y = TOP + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{CHART_WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(LEFT - 6, y + 4, compact(value), size=10, fill=INK_SOFT, anchor="end"))
    slot = plot_w / len(points)
    bar = min(48, slot * 0.6)
    for index, point in enumerate(points):
        x = LEFT + index * slot + (slot - bar) / 2
        captured_h = float(point.captured / highest) * plot_h
        open_h = float(point.open_potential / highest) * plot_h
        base = TOP + plot_h
        tip = _("%(when)s: captured %(captured)s, still open %(open)s") % {
            "when": point.label,
            "captured": money(point.captured),
            "open": money(point.open_potential),
        }
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f'<rect x="{x:.1f}" y="{base - captured_h:.1f}" width="{bar:.1f}" height="{captured_h:.1f}" fill="{CAPTURED}"/>'
            f'<rect x="{x:.1f}" y="{base - captured_h - open_h:.1f}" width="{bar:.1f}" height="{open_h:.1f}" fill="{OPEN}"/></g>'
        )
        parts.append(_text(x + bar / 2, base + 16, point.label, size=10, fill=INK_SOFT, anchor="middle"))
    parts += [
        f'<rect x="{LEFT}" y="12" width="12" height="12" fill="{CAPTURED}"/>',
        _text(LEFT + 18, 22, _("Captured (buying from us)"), size=11),
        f'<rect x="{LEFT + 220}" y="12" width="12" height="12" fill="{OPEN}"/>',
        _text(LEFT + 238, 22, _("Open potential"), size=11),
    ]
    return mark_safe("".join([*parts, "</svg>"]))  # noqa: S308 - every text is escaped


def _captured_description(points: Sequence[CapturePoint]) -> str:
    if not points:
        return _("No reviews have been recorded yet.")
    first, last = points[0], points[-1]
    return _(
        "From %(first)s to %(last)s, captured revenue went from %(a)s to %(b)s and open potential from %(c)s to %(d)s."
    ) % {
        "first": first.label,
        "last": last.label,
        "a": money(first.captured),
        "b": money(last.captured),
        "c": money(first.open_potential),
        "d": money(last.open_potential),
    }
