"""The risk figures on the portfolio dashboard: concentration (top-5 share, linking to the risk
page) and renewals (key accounts whose contract ran out in the last year, and whether it was renewed)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Max, OuterRef, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.figures import format_percent
from accounts.models import FinancialPeriod
from accounts.portfolio import Figure, Group, Value, register_figure
from risk.models import Contract

TOP = 5


def concentration(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    """Over every customer in view (not only key accounts), the latest year with figures: the total and
    the five largest revenues come from SQL (a sum and a top-five), not from loading every row."""
    link, link_label = reverse("risk:portfolio"), _("Concentration and what-if on the risk page")
    periods = FinancialPeriod.objects.filter(customer__in=scope.values("pk"), quarter=0, year__lte=today.year)
    year = periods.aggregate(year=Max("year"))["year"]
    total = periods.filter(year=year).aggregate(total=Sum("revenue"))["total"] if year else None
    if not total:
        return Value(headline="–", note=_("No revenue figures yet."), link=link, link_label=link_label)
    top = list(
        periods.filter(year=year)
        .order_by("-revenue", "customer_id")
        .values_list("customer_id", "revenue")[:TOP]
    )
    share = sum((revenue for _pk, revenue in top), Decimal(0)) / total
    state = "poor" if share >= Decimal("0.6") else "fair" if share >= Decimal("0.4") else "good"
    return Value(
        headline=format_percent(share),
        note=_("of the revenue comes from the %(count)s largest customers.") % {"count": len(top)},
        groups=(Group("top", _("The largest customers"), tuple(pk for pk, _revenue in top)),),
        link=link,
        link_label=link_label,
        state=state,
    )


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
