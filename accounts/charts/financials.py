"""Revenue and gross margin as bars over time, share of wallet as a line on a 0–100 % right axis.

A pure function from plain values to an SVG string, so the page, a PDF and a test see the same
picture. Only SVG presentation attributes (fill, stroke, font-size…) are used: the pages' content
security policy blocks style attributes and <style> elements. Every piece of text is escaped.
Numbers follow the active language. Years or quarters without figures keep their slot on the axis,
marked "no figures", so a gap is seen rather than hidden; a share of wallet above 100 % (our
revenue above their stated spend) is drawn at the top with a hollow marker, and the page explains it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Protocol

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.figures import format_compact, format_percent
from accounts.templatetags.orchard import money

WIDTH, HEIGHT = 720, 330
LEFT, RIGHT, TOP, BOTTOM = 70, 62, 52, 58
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK, INK_SOFT, INK_FAINT, LINE, GRID, BAND = "#1d2520", "#55615a", "#5f6963", "#c7cdc5", "#e7eae5", "#f1f2ef"
REVENUE, MARGIN, SHARE = "#2f6b47", "#b8862b", "#2e4f7c"
MAX_BAR = 30
LABEL_WIDTH = 46  # room one x-axis label needs; more slots than fit get every n-th label
DETAIL_LIMIT = 12  # up to this many periods the text alternative lists each one


class ChartPoint(Protocol):
    label: str
    revenue: Decimal | None
    gross_margin: Decimal | None
    share_of_wallet: Decimal | None


def financials_chart(
    points: Sequence[ChartPoint],
    *,
    title: str,
    unit: str = "year",
    currency: str = "NOK",
    chart_id: str = "financials-chart",
) -> SafeString:
    """The chart as inline SVG. `points` run oldest first; a point whose revenue is None is a gap."""
    present = [p for p in points if p.revenue is not None]
    head = _open(title, _describe(points, unit), chart_id)
    if not present:
        body = [_text(WIDTH / 2, HEIGHT / 2, _("No figures yet."), size=14, fill=INK_SOFT, anchor="middle")]
        return mark_safe("".join([*head, *body, "</svg>"]))  # noqa: S308 - every text is escaped above
    low, high, step = _amount_scale(present)
    plot = _Plot(len(points), low, high)
    parts = [
        *head,
        *_grid(plot, low, high, step),
        *_share_axis(plot),
        *_bars(plot, points),
        *_share_line(plot, points),
        *_x_labels(plot, points),
        *_axis_titles(unit, currency),
        *_legend(),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped where it is written


class _Plot:
    """Where things go: slot centres on x, amounts on the left scale, shares on the right one."""

    def __init__(self, slots: int, low: Decimal, high: Decimal) -> None:
        self.x0, self.x1 = LEFT, WIDTH - RIGHT
        self.y0, self.y1 = TOP, HEIGHT - BOTTOM
        self.slots, self.low, self.high = max(slots, 1), low, high
        self.slot = (self.x1 - self.x0) / self.slots

    def x(self, index: int) -> float:
        return self.x0 + self.slot * (index + 0.5)

    def y(self, amount: Decimal) -> float:
        span = float(self.high - self.low) or 1.0
        return self.y1 - (float(amount - self.low) / span) * (self.y1 - self.y0)

    def y_share(self, share: Decimal) -> float:
        """0 % sits on the amounts' zero line (above negative margins), 100 % at the top."""
        zero = self.y(Decimal(0))
        return zero - min(max(float(share), 0.0), 1.0) * (zero - self.y0)


def _open(title: str, description: str, chart_id: str) -> list[str]:
    ident = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{escape(FONT)}" font-size="12" id="{ident}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]


def _text(
    x: float, y: float, text: str, *, size: int = 11, fill: str = INK_SOFT, anchor: str = "start", **extra
) -> str:
    attributes = "".join(f' {name.replace("_", "-")}="{escape(str(value))}"' for name, value in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{attributes}>'
        f"{escape(text)}</text>"
    )


def nice_step(span: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _amount_scale(present: Sequence[ChartPoint]) -> tuple[Decimal, Decimal, Decimal]:
    values = [v for p in present for v in (p.revenue, p.gross_margin) if v is not None]
    top, bottom = max([*values, Decimal(0)]), min([*values, Decimal(0)])
    step = Decimal(str(nice_step(float(top - bottom))))
    high = math.ceil(top / step) * step if top > 0 else step
    low = math.floor(bottom / step) * step
    return Decimal(low), Decimal(high), step


def _grid(plot: _Plot, low: Decimal, high: Decimal, step: Decimal) -> list[str]:
    parts = []
    tick = low
    while tick <= high:
        y = plot.y(tick)
        colour = LINE if tick == 0 else GRID
        parts.append(f'<line x1="{plot.x0}" y1="{y:.1f}" x2="{plot.x1}" y2="{y:.1f}" stroke="{colour}"/>')
        parts.append(_text(plot.x0 - 8, y + 4, format_compact(tick), anchor="end"))
        tick += step
    return parts


def _share_axis(plot: _Plot) -> list[str]:
    zero = plot.y(Decimal(0))
    parts = [f'<line x1="{plot.x1}" y1="{plot.y0}" x2="{plot.x1}" y2="{zero:.1f}" stroke="{LINE}"/>']
    for quarter in range(5):
        share = Decimal(quarter) / 4
        y = plot.y_share(share)
        parts.append(f'<line x1="{plot.x1}" y1="{y:.1f}" x2="{plot.x1 + 4}" y2="{y:.1f}" stroke="{LINE}"/>')
        parts.append(_text(plot.x1 + 8, y + 4, format_percent(share), fill=SHARE))
    return parts


def _bars(plot: _Plot, points: Sequence[ChartPoint]) -> list[str]:
    width = min(plot.slot * 0.36, MAX_BAR)
    zero = plot.y(Decimal(0))
    parts = []
    for index, point in enumerate(points):
        centre = plot.x(index)
        if point.revenue is None:
            parts.extend(_gap(plot, index, point.label))
            continue
        for offset, value, colour, name in (
            (-width, point.revenue, REVENUE, _("our revenue")),
            (0.0, point.gross_margin, MARGIN, _("gross margin")),
        ):
            if value is None:
                continue
            top = min(plot.y(value), zero)
            height = max(abs(plot.y(value) - zero), 1.0 if value else 0.0)
            tip = f"{point.label}: {name} {money(value)}"
            parts.append(
                f'<rect x="{centre + offset:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
    return parts


def _gap(plot: _Plot, index: int, label: str) -> list[str]:
    left = plot.x0 + plot.slot * index
    middle = (plot.y0 + plot.y1) / 2
    centre = plot.x(index)
    return [
        f'<rect x="{left + 1:.1f}" y="{plot.y0}" width="{max(plot.slot - 2, 1):.1f}" '
        f'height="{plot.y1 - plot.y0}" fill="{BAND}"><title>{escape(label)}: {escape(_("no figures"))}</title></rect>',
        _text(
            centre + 4,
            middle,
            _("no figures"),
            size=10,
            fill=INK_FAINT,
            anchor="middle",
            transform=f"rotate(-90 {centre:.1f} {middle:.1f})",
        ),
    ]


def _share_line(plot: _Plot, points: Sequence[ChartPoint]) -> list[str]:
    parts, run = [], []
    for index, point in enumerate([*points, None]):
        share = point.share_of_wallet if point is not None else None
        if share is None:
            if len(run) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y, _share, _label in run)
                parts.append(f'<polyline points="{coords}" fill="none" stroke="{SHARE}" stroke-width="2.5"/>')
            radius = max(2.0, min(4.0, plot.slot / 5))
            parts.extend(_share_marker(*item, radius=radius) for item in run)
            run = []
            continue
        run.append((plot.x(index), plot.y_share(share), share, point.label))
    return parts


def _share_marker(x: float, y: float, share: Decimal, label: str, radius: float = 4.0) -> str:
    over = share > 1
    tip = f"{label}: {_('share of wallet')} {format_percent(share, 1)}"
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius + 1 if over else radius:.1f}" fill="{"#ffffff" if over else SHARE}" '
        f'stroke="{SHARE}" stroke-width="2"><title>{escape(tip)}</title></circle>'
    )


def _x_labels(plot: _Plot, points: Sequence[ChartPoint]) -> list[str]:
    every = max(1, math.ceil(len(points) * LABEL_WIDTH / (plot.x1 - plot.x0)))
    parts = [f'<line x1="{plot.x0}" y1="{plot.y1}" x2="{plot.x1}" y2="{plot.y1}" stroke="{LINE}"/>']
    last = len(points) - 1
    for index, point in enumerate(points):
        if (last - index) % every == 0:  # counted from the newest, which is always labelled
            parts.append(_text(plot.x(index), plot.y1 + 18, point.label, fill=INK, anchor="middle"))
    return parts


def _axis_titles(unit: str, currency: str) -> list[str]:
    middle = (TOP + HEIGHT - BOTTOM) / 2
    return [
        _text(
            16,
            middle,
            _("Amount (%(currency)s)") % {"currency": currency},
            anchor="middle",
            transform=f"rotate(-90 16 {middle:.1f})",
        ),
        _text(
            WIDTH - 12,
            middle,
            _("Share of wallet"),
            anchor="middle",
            fill=SHARE,
            transform=f"rotate(90 {WIDTH - 12} {middle:.1f})",
        ),
        _text(
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 14,
            _("Year") if unit == "year" else _("Quarter"),
            anchor="middle",
        ),
    ]


def _legend() -> list[str]:
    items = [
        (REVENUE, "bar", _("Our revenue")),
        (MARGIN, "bar", _("Gross margin")),
        (SHARE, "line", _("Share of wallet (right axis)")),
    ]
    parts, x = [], LEFT
    for colour, kind, label in items:
        if kind == "bar":
            parts.append(f'<rect x="{x}" y="16" width="14" height="12" fill="{colour}"/>')
        else:
            parts.append(
                f'<line x1="{x}" y1="22" x2="{x + 14}" y2="22" stroke="{colour}" stroke-width="2.5"/>'
            )
            parts.append(f'<circle cx="{x + 7}" cy="22" r="3.5" fill="{colour}"/>')
        parts.append(_text(x + 20, 26, label, size=12, fill=INK))
        x += 20 + int(len(label) * 6.6) + 22
    return parts


def _describe(points: Sequence[ChartPoint], unit: str) -> str:
    """The text alternative: what the chart shows, in sentences a screen reader can read out."""
    present = [p for p in points if p.revenue is not None]
    if not present:
        return _("No financial figures have been recorded yet.")
    first, last = present[0], present[-1]
    sentences = [
        _("Our revenue, gross margin and share of wallet from %(first)s to %(last)s.")
        % {"first": first.label, "last": last.label}
    ]
    if len(present) > 1:
        best = max(present, key=lambda p: p.revenue)
        sentences.append(
            _("Revenue went from %(start)s to %(end)s; the highest was %(best)s in %(when)s.")
            % {
                "start": money(first.revenue),
                "end": money(last.revenue),
                "best": money(best.revenue),
                "when": best.label,
            }
        )
    gaps = [p.label for p in points if p.revenue is None]
    if gaps:
        sentences.append(_("No figures for %(periods)s.") % {"periods": ", ".join(gaps)})
    if len(present) <= DETAIL_LIMIT:
        sentences.extend(_period_sentence(p) for p in present)
    return " ".join(sentences)


def _period_sentence(point: ChartPoint) -> str:
    margin = point.gross_margin / point.revenue if point.revenue and point.gross_margin is not None else None
    return _(
        "%(period)s: revenue %(revenue)s, gross margin %(margin)s (%(ratio)s), share of wallet %(share)s."
    ) % {
        "period": point.label,
        "revenue": money(point.revenue),
        "margin": money(point.gross_margin),
        "ratio": format_percent(margin, 1),
        "share": format_percent(point.share_of_wallet, 1)
        if point.share_of_wallet is not None
        else _("not known"),
    }
