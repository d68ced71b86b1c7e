"""The plan's figures on the portfolio dashboard: plan coverage and freshness, planned actions done,
open white-space potential. Each adds per-account subqueries to the dashboard's one query."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.figures import format_percent
from accounts.portfolio import Figure, Group, Value, register_figure
from accounts.templatetags.financials import compact_money
from planning.models import AccountPlan, Action, WhiteSpaceCell

FRESH_DAYS = 90


def _state(share: Decimal | None) -> str:
    if share is None:
        return ""
    return "good" if share >= Decimal("0.8") else "fair" if share >= Decimal("0.5") else "poor"


def _plans(today: datetime.date) -> dict[str, Any]:
    current = AccountPlan.objects.filter(customer=OuterRef("pk")).exclude(status=AccountPlan.Status.ARCHIVED)
    return {
        "plan_count": Subquery(
            current.order_by().values("customer").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        "plan_reviewed_on": Subquery(
            current.filter(last_reviewed_on__isnull=False)
            .order_by("-last_reviewed_on")
            .values("last_reviewed_on")[:1]
        ),
    }


def plan_coverage(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    since = today - datetime.timedelta(days=FRESH_DAYS)
    fresh, stale, none = [], [], []
    for row in rows:
        c = row.customer
        if not c.plan_count:
            none.append(c.pk)
        elif c.plan_reviewed_on and c.plan_reviewed_on >= since:
            fresh.append(c.pk)
        else:
            stale.append(c.pk)
    share = Decimal(len(fresh)) / len(rows) if rows else None
    return Value(
        headline=format_percent(share) if share is not None else "–",
        note=_("of the key accounts have a plan reviewed in the last %(days)s days.") % {"days": FRESH_DAYS},
        groups=(
            Group("fresh", _("Reviewed in the last %(days)s days") % {"days": FRESH_DAYS}, tuple(fresh)),
            Group("stale", _("Plan not reviewed for %(days)s days") % {"days": FRESH_DAYS}, tuple(stale)),
            Group("none", _("No current plan"), tuple(none)),
        ),
        state=_state(share),
    )


def _actions(today: datetime.date) -> dict[str, Any]:
    due = Action.objects.filter(
        plan__customer=OuterRef("pk"), due__lt=today, due__gte=today - datetime.timedelta(days=365)
    ).exclude(Q(status=Action.Status.CANCELLED) | Q(plan__status=AccountPlan.Status.ARCHIVED))

    def count(queryset):
        return Subquery(
            queryset.order_by().values("plan__customer").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        )

    return {"actions_due": count(due), "actions_done": count(due.filter(status=Action.Status.DONE))}


def actions_done(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    due = sum(r.customer.actions_due or 0 for r in rows)
    done = sum(r.customer.actions_done or 0 for r in rows)
    all_done = tuple(
        r.customer.pk
        for r in rows
        if r.customer.actions_due and r.customer.actions_done == r.customer.actions_due
    )
    behind = tuple(
        r.customer.pk for r in rows if (r.customer.actions_due or 0) > (r.customer.actions_done or 0)
    )
    quiet = tuple(r.customer.pk for r in rows if not r.customer.actions_due)
    share = Decimal(done) / due if due else None
    return Value(
        headline=format_percent(share) if share is not None else "–",
        note=ngettext(
            "of the %(count)s planned action due in the last 12 months is done.",
            "of the %(count)s planned actions due in the last 12 months are done.",
            due,
        )
        % {"count": due},
        groups=(
            Group("done", _("Every due action done"), all_done),
            Group("behind", _("Due actions not done"), behind),
            Group("quiet", _("No action due in the last 12 months"), quiet),
        ),
        state=_state(share),
    )


def _whitespace(today: datetime.date) -> dict[str, Any]:
    cells = WhiteSpaceCell.objects.filter(customer=OuterRef("pk"), status__in=WhiteSpaceCell.OPEN_STATUSES)
    return {
        "open_potential": Subquery(
            cells.order_by().values("customer").annotate(v=Sum("potential")).values("v")[:1],
            output_field=DecimalField(max_digits=18, decimal_places=2),
        )
    }


def whitespace(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    with_potential = tuple(r.customer.pk for r in rows if r.customer.open_potential)
    total = sum((r.customer.open_potential or Decimal(0) for r in rows), Decimal(0))
    unmapped = tuple(r.customer.pk for r in rows if r.customer.open_potential is None)
    return Value(
        headline=compact_money(total),
        note=_("estimated potential a year in open white-space cells."),
        groups=(
            Group("open", _("Open potential"), with_potential),
            Group("unmapped", _("No open cell in the white-space matrix"), unmapped),
        ),
    )


def register() -> None:
    register_figure(
        Figure("plans", gettext_lazy("Plan coverage and freshness"), _plans, plan_coverage, order=20)
    )
    register_figure(Figure("actions", gettext_lazy("Planned actions done"), _actions, actions_done, order=30))
    register_figure(
        Figure("whitespace", gettext_lazy("Open white-space potential"), _whitespace, whitespace, order=80)
    )
