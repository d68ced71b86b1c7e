"""Table cells that list pages write once per row in Python instead of through a template include.

A Django `{% include %}` per row costs more than the row's own data on the dashboards, so the
busiest cells are written here. Each gives exactly the HTML of the partial it stands in for
(`tests/accounts/test_cells.py` renders both and compares them), in the active language.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.selectors.health import Stored


def health_badge(stored: Stored | None) -> SafeString:
    """The score badge with its four-week trend: `accounts/partials/health_badge.html`, with the
    line end the partial's file ends in."""
    if stored is None or stored.score is None:
        return format_html('<span class="muted small">{}</span>\n', _("not measured yet"))
    badge = format_html(
        '<span class="badge health-{}" title="{}">{}</span>',
        stored.band,
        _("Confidence %(confidence)s %%") % {"confidence": stored.confidence},
        stored.score,
    )
    trend = stored.trend
    if trend is None:
        return format_html("{}\n", badge)
    if trend > 0:
        direction, sign = "up", f"▲ +{trend}"
    elif trend < 0:
        direction, sign = "down", f"▼ {trend}"
    else:
        direction, sign = "flat", "＝"
    return format_html(
        '{} <span class="small trend-{}" title="{}">{}</span>\n',
        badge,
        direction,
        _("Change in four weeks"),
        sign,
    )
