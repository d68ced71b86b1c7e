"""The risk charts with their words in the reader's language: selector results in, SVG out.

`charts` draws; this module only translates and picks what to draw. No database access.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from risk import assessment, charts
from risk.concentration import Concentration, Thresholds, level
from risk.selectors import DependencyPoint, MatrixCell
from risk.whatif import Simulation

PARETO_BARS = 20


def percent(value: float | Decimal, places: int = 0, mark: str | None = None) -> str:
    """A fraction as a percentage with the language's decimal mark."""
    text = f"{float(value) * 100:.{places}f}"
    return f"{text.replace('.', mark or get_format('DECIMAL_SEPARATOR'))} %"


def _percent_formatter() -> charts.Percent:
    """`percent` with the decimal mark looked up once: a chart formats hundreds of numbers."""
    mark = get_format("DECIMAL_SEPARATOR")
    return lambda value: percent(value, 0, mark)


def level_words() -> dict[str, str]:
    return {assessment.LOW: _("low"), assessment.MEDIUM: _("medium"), assessment.HIGH: _("high")}


def quadrant_words() -> dict[str, str]:
    return {
        assessment.MUTUAL: _("Mutual dependency"),
        assessment.EXPOSED: _("We are exposed"),
        assessment.LEVERAGE: _("They depend on us"),
        assessment.ARMS_LENGTH: _("Arm's length"),
    }


def _risk_urls() -> Callable[[int], str]:
    """The Risk tab's address for any customer, resolved once (a chart links a hundred dots)."""
    template = reverse("risk:customer-risk", args=[999999999])
    return lambda customer_id: template.replace("999999999", str(customer_id))


def pareto_svg(conc: Concentration, limits: Thresholds) -> SafeString:
    rows, url = conc.rows[:PARETO_BARS], _risk_urls()
    bars = [
        charts.ParetoBar(row.name, float(row.share), float(row.cumulative), href=url(row.customer_id))
        for row in rows
    ]
    rest = conc.rows[PARETO_BARS:]
    if rest:
        share = float(sum((row.share for row in rest), Decimal(0)))
        label = ngettext("%(count)d other", "%(count)d others", len(rest)) % {"count": len(rest)}
        bars.append(charts.ParetoBar(label, share, 1.0, level="ok"))
    bars = [_coloured(bar, i, limits) for i, bar in enumerate(bars, 1)]
    desc = "; ".join(
        _("top %(n)d: %(share)s") % {"n": top.n, "share": percent(top.share, 1)} for top in conc.top
    ) or _("No revenue in view for this year.")
    labels = charts.ParetoLabels(
        title=_("Share of revenue per customer, largest first, with the cumulative share"),
        desc=desc,
        axis=_("Customers ranked by revenue; the line is the cumulative share"),
        cumulative=_("cumulative"),
        threshold=_("top %(n)s limit %(limit)s"),
    )
    thresholds = {1: float(limits.top1), 3: float(limits.top3), 10: float(limits.top10)}
    return mark_safe(charts.pareto(bars, thresholds, labels, _percent_formatter()))  # noqa: S308 - escaped by charts


def _coloured(bar: charts.ParetoBar, rank: int, limits: Thresholds) -> charts.ParetoBar:
    """A bar turns amber or red when the cumulative share at its rank passes a threshold."""
    limit = limits.top1 if rank == 1 else limits.top3 if rank <= 3 else limits.top10 if rank <= 10 else None
    return charts.ParetoBar(
        bar.label, bar.share, bar.cumulative, level(Decimal(str(bar.cumulative)), limit), bar.href
    )


def dependency_svg(points: Sequence[DependencyPoint]) -> SafeString:
    url = _risk_urls()
    dots = [
        charts.DependencyDot(p.name, float(p.ours), float(p.theirs), p.quadrant, url(p.customer_id))
        for p in points
    ]
    labels = charts.DependencyLabels(
        title=_("Two-way dependency: how much we depend on each customer and they on us"),
        desc=ngettext(
            "%(count)d customer plotted. Up: their share of the revenue in view. Right: our share of their wallet.",
            "%(count)d customers plotted. Up: their share of the revenue in view. Right: our share of their wallet.",
            len(dots),
        )
        % {"count": len(dots)},
        x_axis=_("They depend on us: our share of their spend in our categories"),
        y_axis=_("We depend on them: share of our revenue"),
        quadrants=quadrant_words(),
        empty=_("No customer has both revenue and their total spend recorded."),
    )
    svg = charts.dependency(
        dots,
        float(assessment.OUR_DEPENDENCY_HIGH),
        float(assessment.THEIR_DEPENDENCY_HIGH),
        labels,
        _percent_formatter(),
    )
    return mark_safe(svg)  # noqa: S308 - escaped by charts


def heat_svg(grid: list[list[int]]) -> SafeString:
    total = sum(sum(row) for row in grid)
    labels = charts.HeatLabels(
        title=_("Open risks by likelihood and impact"),
        desc=ngettext(
            "%(count)d open risk placed by likelihood (right) and impact (up).",
            "%(count)d open risks placed by likelihood (right) and impact (up).",
            total,
        )
        % {"count": total},
        x_axis=_("Likelihood"),
        y_axis=_("Impact"),
        cell=_("%(count)s open risks: likelihood %(likelihood)s, impact %(impact)s"),
    )
    return mark_safe(charts.heat_map(grid, labels))  # noqa: S308 - escaped by charts


def matrix_svg(cells: Sequence[MatrixCell]) -> SafeString:
    counts = {(cell.importance, cell.risk): cell.count for cell in cells}
    focus = sum(c.count for c in cells if c.importance == assessment.HIGH and c.risk != assessment.LOW)
    labels = charts.MatrixLabels(
        title=_("Importance × risk across the portfolio"),
        desc=ngettext(
            "%(count)d customer is both important and at medium or high risk: extra effort pays there.",
            "%(count)d customers are both important and at medium or high risk: extra effort pays there.",
            focus,
        )
        % {"count": focus},
        x_axis=_("Risk"),
        y_axis=_("Importance"),
        levels=level_words(),
        cell=_("%(count)s customers: importance %(importance)s, risk %(risk)s"),
    )
    return mark_safe(charts.importance_risk(counts, labels))  # noqa: S308 - escaped by charts


def compare_svg(simulation: Simulation) -> SafeString:
    before = {top.n: top for top in simulation.before.top}
    rows = [
        charts.CompareRow(
            _("Top %(n)d") % {"n": top.n},
            float(before[top.n].share) if top.n in before else 0.0,
            float(top.share),
            float(top.threshold) if top.threshold is not None else None,
            top.level,
        )
        for top in simulation.after.top
    ]
    desc = "; ".join(
        _("%(label)s from %(before)s to %(after)s")
        % {"label": r.label, "before": percent(r.before, 1), "after": percent(r.after, 1)}
        for r in rows
    )
    svg = charts.compare_bars(
        rows, _("Share of the largest customers, before and after"), desc, (_("before"), _("after")), percent
    )
    return mark_safe(svg)  # noqa: S308 - escaped by charts
