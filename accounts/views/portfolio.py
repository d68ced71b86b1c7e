"""The portfolio dashboard for sales leaders (their teams) and administrators (everything)."""

from __future__ import annotations

import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from accounts import access, cells, health, portfolio
from accounts.charts import health as charts
from accounts.excel import writing
from accounts.excel.columns import AMOUNT, INFO, TEXT, Column, Sheet
from accounts.excel.forms import XLSX_MIME
from accounts.figures import format_percent
from accounts.forms import PortfolioFilterForm
from accounts.models import Customer
from accounts.pagecache import cached_page
from accounts.selectors import latest_year
from accounts.templatetags.orchard import money


def _context(request: HttpRequest) -> dict:
    access.require_portfolio(request.user)
    scope = portfolio.scope(request.user)
    choices = portfolio.filter_choices(request.user, scope)
    form = PortfolioFilterForm(request.GET, owners=choices.owners, teams=choices.teams)
    filters = form.filters()
    customers = portfolio.apply_filters(scope, filters)
    today = timezone.localdate()
    board = portfolio.dashboard(customers, today)
    query = {k: v for k, v in filters.items() if k != "sort"}
    return {
        "form": form,
        "board": board,
        "customers": customers,
        "query": urlencode(query),
        "sort": filters.get("sort", "health"),
        "today": today,
    }


@require_GET
@cached_page
def portfolio_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    board = context["board"]
    figure, group_key = request.GET.get("figure", ""), request.GET.get("group", "")
    if figure or group_key:
        group = board.group(figure, group_key)
        if group is None:
            raise Http404("No such figure")
        return _drilldown(request, context, figure, group)
    rows = portfolio.order_rows(board.rows, context["sort"])
    page = Paginator(rows, portfolio.PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {
        "page": page,
        "table": _table(page.object_list),
        "quadrant": _quadrant(board),
        "distribution": _distribution(board),
        "missing": [
            spec.label for key, spec in health.CATALOGUE.items() if key not in health.provided_keys()
        ],
    }
    return render(request, "accounts/portfolio.html", context)


def _drilldown(request, context: dict, figure: str, group: portfolio.Group) -> HttpResponse:
    # Only customers in the viewer's filtered scope: the ids come from figures computed on it.
    customers = list(
        context["customers"]
        .filter(pk__in=group.ids)
        .select_related("owner", "team")
        .annotate(latest_revenue=latest_year("revenue"))
        .order_by("name")
    )
    card = context["board"].card(figure)
    label = card.label if card else _("Health")
    return render(
        request,
        "accounts/portfolio_drilldown.html",
        context | {"group": group, "figure_label": label, "drill": customers},
    )


def _table(rows) -> list[dict]:
    """Each row's cells formatted once here (amounts, percentages, the health badge), so the template
    only places strings: per-cell filters and an include per row were most of the page's time."""
    # One reverse() for the page, not one per row: the link differs only in the customer's id.
    health_url = reverse("accounts:customer-health", args=[0]).replace("/0/", "/%d/")
    return [_table_row(row) | {"url": health_url % row.customer.pk} for row in rows]


TIER_LABELS = dict(Customer.Tier.choices)  # what get_tier_display() looks up, without its per-call set-up


def _table_row(row: portfolio.Row) -> dict:
    years = [value for _year, value in row.history]
    customer = row.customer
    return {
        "row": row,
        "name": customer.name,
        "team": customer.team.name if customer.team else "",
        "tier": TIER_LABELS.get(customer.tier, customer.tier),
        "owner": str(customer.owner),
        "revenue": money(row.revenue),
        "margin": format_percent(row.margin_ratio, 1),
        "wallet": format_percent(row.wallet, 1),
        "badge": cells.health_badge(row.health),
        "sparkline": charts.revenue_sparkline(
            years, _("Revenue, %(first)s–%(last)s") % {"first": row.history[0][0], "last": row.history[-1][0]}
        )
        if row.history
        else "",
    }


def _distribution(board: portfolio.Dashboard) -> list[dict]:
    total = max(1, len(board.rows))
    return [
        {
            "band": band,
            "label": health.BAND_LABELS[band],
            "count": len(ids),
            "width": round(100 * len(ids) / total),
        }
        for band, ids in board.distribution.items()
    ]


def _quadrant(board: portfolio.Dashboard) -> dict:
    points = [
        charts.QuadrantPoint(r.customer.name, r.attractiveness, r.score)
        for r in board.rows
        if r.attractiveness is not None and r.score is not None
    ]
    counts = [0, 0, 0, 0]
    for p in points:
        counts[charts.corner(p.attractiveness, p.score)] += 1
    words = charts.QuadrantWords(
        title=_("Attractiveness and health of the key accounts"),
        description=ngettext(
            "Each dot is a key account: customer attractiveness from the selection scores to the right, "
            "account health upwards. %(count)s of %(total)s key account has both.",
            "Each dot is a key account: customer attractiveness from the selection scores to the right, "
            "account health upwards. %(count)s of %(total)s key accounts have both.",
            len(board.rows),
        )
        % {"count": len(points), "total": len(board.rows)},
        x_axis=_("Customer attractiveness →"),
        y_axis=_("Account health →"),
        corners=(
            _("Healthy, less attractive"),
            _("Healthy and attractive"),
            _("At risk, less attractive"),
            _("Attractive but at risk"),
        ),
        counts=tuple(counts),
    )
    return {"svg": charts.quadrant_svg(points, words), "left_out": len(board.rows) - len(points)}


# --- Print and export ----------------------------------------------------------------------------
@require_GET
@cached_page
def portfolio_print_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    board = context["board"]
    rows = portfolio.order_rows(board.rows, context["sort"])
    context |= {
        "table": _table(rows),
        "quadrant": _quadrant(board),
        "distribution": _distribution(board),
    }
    return render(request, "accounts/portfolio_print.html", context)


EXPORT = Sheet(
    key="portfolio",
    title="Portfolio",
    aliases=(),
    help="",
    columns=(
        Column("name", "Customer", TEXT, "", width=32),
        Column("owner", "KAM", TEXT, "", width=22),
        Column("team", "Team", TEXT, "", width=22),
        Column("tier", "Tier", INFO, "", width=8),
        Column("year", "Year", INFO, "", width=8),
        Column("revenue", "Revenue", AMOUNT, "", width=16),
        Column("margin", "Gross margin", AMOUNT, "", width=16),
        Column("margin_pct", "Margin %", TEXT, "", width=10),
        Column("wallet", "Share of wallet", TEXT, "", width=12),
        Column("health", "Health", INFO, "", width=8),
        Column("band", "Health band", TEXT, "", width=16),
        Column("confidence", "Confidence %", INFO, "", width=12),
        Column("health_day", "Health as of", TEXT, "", width=12),
    ),
)


@require_GET
def portfolio_export_view(request: HttpRequest) -> HttpResponse:
    """The dashboard's key accounts with the same filters, as a workbook no spreadsheet runs as formulas."""
    context = _context(request)
    rows = portfolio.order_rows(context["board"].rows, context["sort"])
    records = [
        {
            "name": r.customer.name,
            "owner": str(r.customer.owner),
            "team": r.customer.team.name if r.customer.team else "",
            "tier": r.customer.tier,
            "year": r.year,
            "revenue": r.revenue,
            "margin": r.margin,
            "margin_pct": format_percent(r.margin_ratio, 1) if r.margin_ratio is not None else "",
            "wallet": format_percent(r.wallet, 1) if r.wallet is not None else "",
            "health": r.score,
            "band": str(health.BAND_LABELS[r.band]),
            "confidence": r.health.confidence if r.health else None,
            "health_day": r.health.day.isoformat() if r.health else "",
        }
        for r in rows
    ]
    file = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    writing.write_workbook(file, [(EXPORT, records)])
    file.seek(0)
    name = f"{slugify(_('portfolio'))}-{context['today']:%Y-%m-%d}.xlsx"
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_MIME)


def export_url(query: str) -> str:
    return reverse("accounts:portfolio-export") + (f"?{query}" if query else "")
