"""The risk figures on the portfolio dashboard: concentration (top-5 share, linking to the risk
page) and renewals (key accounts whose contract ran out in the last year, and whether it was renewed)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.figures import format_percent
from accounts.portfolio import Figure, Group, Value, register_figure
from risk.concentration import concentrate
from risk.models import Contract
from risk.selectors import thresholds, year_figures

TOP = 5


def concentration(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    """Over every customer in view (not only key accounts): the latest year with figures."""
    figures = year_figures(scope, _latest_year(scope, today))
    conc = concentrate(figures.entries, thresholds())
    if conc.empty:
        return Value(
            headline="–",
            note=_("No revenue figures yet."),
            link=reverse("risk:portfolio"),
            link_label=_("Open the risk page"),
        )
    top = conc.rows[:TOP]
    share = sum((r.share for r in top), Decimal(0))
    state = "poor" if share >= Decimal("0.6") else "fair" if share >= Decimal("0.4") else "good"
    return Value(
        headline=format_percent(share),
        note=_("of the revenue comes from the %(count)s largest customers.") % {"count": len(top)},
        groups=(Group("top", _("The largest customers"), tuple(r.customer_id for r in top)),),
        link=reverse("risk:portfolio"),
        link_label=_("Concentration and what-if on the risk page"),
        state=state,
    )


def _latest_year(scope: QuerySet, today: datetime.date) -> int | None:
    from accounts.models import FinancialPeriod

    row = (
        FinancialPeriod.objects.filter(customer__in=scope.values("pk"), quarter=0, year__lte=today.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return row


def _renewals(today: datetime.date) -> dict[str, Any]:
    contracts = Contract.objects.filter(customer=OuterRef("pk"))
    return {
        "contract_due": Exists(
            contracts.filter(expiry__lte=today, expiry__gt=today - datetime.timedelta(days=365))
        ),
        "contract_running": Exists(contracts.filter(start__lte=today, expiry__gt=today)),
    }


def renewals(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    due = [r.customer for r in rows if r.customer.contract_due]
    renewed = tuple(c.pk for c in due if c.contract_running)
    lapsed = tuple(c.pk for c in due if not c.contract_running)
    share = Decimal(len(renewed)) / len(due) if due else None
    return Value(
        headline=f"{len(renewed)} / {len(due)}",
        note=_("contracts that ran out in the last 12 months were renewed."),
        groups=(
            Group("renewed", _("Renewed"), renewed),
            Group("lapsed", _("Ran out without a new contract"), lapsed),
        ),
        state=""
        if share is None
        else "good"
        if share >= Decimal("0.9")
        else "fair"
        if share >= Decimal("0.6")
        else "poor",
    )


def register() -> None:
    register_figure(Figure("concentration", gettext_lazy("Concentration"), measure=concentration, order=90))
    register_figure(Figure("renewals", gettext_lazy("Renewals"), _renewals, renewals, order=85))
