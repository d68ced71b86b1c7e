"""What the meetings app adds to the core's pages: health components (cadence kept, the
customer's QBR rating, open deviations), portfolio figures (QBR cadence kept, customer
satisfaction, open deviations) and the 30-day start's "a strategic meeting booked with each key
account". Each reads every customer given in a fixed number of queries; the scoring is pure."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, FloatField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import checklist, health
from accounts.checklist import Result
from accounts.figures import format_percent
from accounts.health import Reading, clamp
from accounts.models import Customer
from accounts.portfolio import Figure, Group, Value, register_figure
from meetings import cadence, selectors
from meetings.models import Deviation, Meeting, MeetingType

RATING_DAYS = 365
OPEN_DEVIATION_POINTS, BREACH_POINTS = 20, 30


# --- Pure scoring --------------------------------------------------------------------------------
def cadence_reading(adherences: Sequence[cadence.Adherence | None]) -> Reading:
    """All meeting types together: the share of due meetings held on time (late counts half)."""
    counted = [a for a in adherences if a is not None and a.expected]
    if not counted:
        return Reading(None, "cadence.none_due")
    on_time = sum(a.on_time for a in counted)
    late = sum(a.late for a in counted)
    missing = sum(a.missing for a in counted)
    expected = on_time + late + missing
    return Reading(
        clamp(100 * (on_time + late / 2) / expected),
        "cadence.kept",
        {"on_time": on_time, "late": late, "missing": missing},
    )


def rating_reading(mean: float | None, count: int) -> Reading:
    if not count or mean is None:
        return Reading(None, "satisfaction.none")
    return Reading(clamp((mean - 1) / 4 * 100), "satisfaction.qbr", {"mean": round(mean, 1), "count": count})


def deviation_reading(open_count: int, breached: int) -> Reading:
    if not open_count:
        return Reading(100, "deviations.none")
    score = 100 - OPEN_DEVIATION_POINTS * open_count - (BREACH_POINTS - OPEN_DEVIATION_POINTS) * breached
    return Reading(clamp(score), "deviations.open", {"count": open_count, "breached": breached})


def _rhythm_customers(ids: Sequence[int]) -> list[Customer]:
    """The fields the rhythm needs, in one query: the pages' own rows may have them deferred."""
    return list(Customer.objects.filter(pk__in=ids).only("pk", "tier", "created_at"))


# --- Health --------------------------------------------------------------------------------------
def _one(rows: QuerySet, aggregate: Any, output_field: Any) -> Subquery:
    """One aggregate over the customer's rows, as a correlated subquery (NULL without rows)."""
    return Subquery(
        rows.order_by().values("customer").annotate(v=aggregate).values("v")[:1], output_field=output_field
    )


def _health_annotations(today: datetime.date) -> dict[str, Any]:
    """The QBR ratings of the last year and the open deviations, on the customer's row."""
    rated = Meeting.objects.filter(
        customer=OuterRef("pk"),
        status=Meeting.Status.HELD,
        meeting_type=MeetingType.STRATEGIC,
        customer_rating__isnull=False,
        starts_at__date__gte=today - datetime.timedelta(days=RATING_DAYS),
    )
    deviations = Deviation.objects.filter(customer=OuterRef("pk"), closed_on__isnull=True)
    return {
        "health_rating_mean": _one(rated, Avg("customer_rating"), FloatField()),
        "health_rating_count": _one(rated, Count("pk"), IntegerField()),
        "health_deviations_open": _one(deviations, Count("pk"), IntegerField()),
        "health_deviations_breached": _one(
            deviations, Count("pk", filter=Q(sla_breached=True)), IntegerField()
        ),
    }


def meetings_provider(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    """Reads the rhythm (two queries) and the annotations and fields it declares, which
    `health.read_all` puts on the customers' row."""
    found_rhythms = selectors.rhythms(customers, today)
    found = {}
    for customer in customers:
        rhythm = found_rhythms.get(customer.pk, {})
        mean = customer.health_rating_mean
        found[customer.pk] = {
            "cadence": cadence_reading([r.adherence for r in rhythm.values()]),
            "satisfaction": rating_reading(
                None if mean is None else float(mean), customer.health_rating_count or 0
            ),
            "deviations": deviation_reading(
                customer.health_deviations_open or 0, customer.health_deviations_breached or 0
            ),
        }
    return found


def _reasons() -> dict:
    return {
        "cadence.none_due": lambda p: _("No meeting has fallen due under the rhythm yet."),
        "cadence.kept": lambda p: (
            _("Last 12 months: %(on_time)s meetings on time, %(late)s late, %(missing)s missing.") % p
        ),
        "satisfaction.none": lambda p: _("No QBR rated by the customer in the last 12 months."),
        "satisfaction.qbr": lambda p: (
            ngettext(
                "The customer rated %(count)s QBR %(mean)s of 5 in the last 12 months.",
                "The customer rated %(count)s QBRs %(mean)s of 5 on average in the last 12 months.",
                p["count"],
            )
            % p
        ),
        "deviations.none": lambda p: _("No open deviations."),
        "deviations.open": lambda p: (
            ngettext(
                "%(count)s open deviation, %(breached)s with the SLA breached.",
                "%(count)s open deviations, %(breached)s with the SLA breached.",
                p["count"],
            )
            % p
        ),
    }


# --- Portfolio -----------------------------------------------------------------------------------
def _satisfaction_annotations(today: datetime.date) -> dict[str, Any]:
    rated = Meeting.objects.filter(
        customer=OuterRef("pk"),
        status=Meeting.Status.HELD,
        meeting_type=MeetingType.STRATEGIC,
        customer_rating__isnull=False,
        starts_at__date__gte=today - datetime.timedelta(days=RATING_DAYS),
    )
    return {
        "qbr_rating_tenths": Subquery(
            rated.order_by().values("customer").annotate(m=Avg("customer_rating") * 10).values("m")[:1],
            output_field=IntegerField(),
        )
    }


def satisfaction(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    rated = [(r.customer.pk, r.customer.qbr_rating_tenths / 10) for r in rows if r.customer.qbr_rating_tenths]
    if not rated:
        return Value(headline="–", note=_("No QBR rated by a customer in the last 12 months."))
    mean = sum(v for _pk, v in rated) / len(rated)
    return Value(
        headline=f"{formats.number_format(mean, 1)} / 5",
        note=_("the customers' mean rating of their QBRs in the last 12 months."),
        groups=(
            Group("happy", _("Rated 4 or more"), tuple(pk for pk, v in rated if v >= 4)),
            Group("unhappy", _("Rated under 3"), tuple(pk for pk, v in rated if v < 3)),
        ),
        state="good" if mean >= 4 else "fair" if mean >= 3 else "poor",
    )


def qbr_cadence(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    customers = _rhythm_customers([r.customer.pk for r in rows])
    found = selectors.rhythms(customers, today, kinds=(MeetingType.STRATEGIC,))
    kept, overdue = [], []
    on_time = expected = 0
    for customer in customers:
        rhythm = found.get(customer.pk, {}).get(MeetingType.STRATEGIC)
        if rhythm is None or rhythm.state.state == cadence.NOT_EXPECTED:
            continue
        (overdue if rhythm.state.state == cadence.OVERDUE else kept).append(customer.pk)
        if rhythm.adherence is not None:
            on_time, expected = on_time + rhythm.adherence.on_time, expected + rhythm.adherence.expected
    share = Decimal(on_time) / expected if expected else None
    return Value(
        headline=format_percent(share) if share is not None else "–",
        note=_("of the QBRs due in the last 12 months were held on time."),
        groups=(
            Group("kept", _("QBR rhythm kept"), tuple(kept)),
            Group("overdue", _("QBR overdue"), tuple(overdue)),
        ),
        link="",
        state=""
        if share is None
        else "good"
        if share >= Decimal("0.8")
        else "fair"
        if share >= Decimal("0.5")
        else "poor",
    )


def _deviation_annotations(today: datetime.date) -> dict[str, Any]:
    open_rows = Deviation.objects.filter(customer=OuterRef("pk"), closed_on__isnull=True)
    return {
        "open_deviations": Subquery(
            open_rows.order_by().values("customer").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        )
    }


def open_deviations(rows: Sequence[Any], scope: QuerySet, today: datetime.date) -> Value:
    with_open = [(r.customer.pk, r.customer.open_deviations) for r in rows if r.customer.open_deviations]
    total = sum(n for _pk, n in with_open)
    return Value(
        headline=str(total),
        note=ngettext("open deviation on the key accounts.", "open deviations on the key accounts.", total),
        groups=(Group("open", _("Key accounts with open deviations"), tuple(pk for pk, _n in with_open)),),
        state="good" if not total else "fair" if total <= len(rows) / 4 + 1 else "poor",
    )


# --- The 30-day start ----------------------------------------------------------------------------
def _booked_annotation(today: datetime.date) -> dict[str, Exists]:
    since = today - datetime.timedelta(days=92)
    booked = Meeting.objects.filter(
        customer=OuterRef("pk"), meeting_type=MeetingType.STRATEGIC, starts_at__date__gte=since
    ).exclude(status=Meeting.Status.CANCELLED)
    return {"strategic_booked": Exists(booked)}


def strategic_meeting(
    kam_ids: Sequence[int], today: datetime.date, rows: checklist.KeyAccounts
) -> dict[int, Result]:
    """Each key account has a strategic meeting planned, or held in the last quarter."""
    done, todo = checklist.by_owner(rows, lambda row: row["strategic_booked"])
    found = {}
    for kam in kam_ids:
        total = len(done[kam]) + len(todo[kam])
        url = reverse("meetings:meeting-create", args=[todo[kam][0]]) + "?type=strategic" if todo[kam] else ""
        text = ngettext(
            "%(done)s of %(count)s key account has a strategic meeting booked.",
            "%(done)s of %(count)s key accounts have a strategic meeting booked.",
            total,
        ) % {"done": len(done[kam]), "count": total}
        found[kam] = Result(bool(total) and not todo[kam], text, url)
    return found


def register() -> None:
    health.register_components(
        ("cadence", "satisfaction", "deviations"),
        meetings_provider,
        fields=("tier", "created_at"),  # the rhythm begins when the customer was added
        annotations=_health_annotations,
    )
    for code, render in _reasons().items():
        health.register_reason(code, render)
    register_figure(Figure("qbr_cadence", gettext_lazy("QBR cadence kept"), measure=qbr_cadence, order=60))
    register_figure(
        Figure(
            "satisfaction",
            gettext_lazy("Customer satisfaction"),
            _satisfaction_annotations,
            satisfaction,
            order=70,
        )
    )
    register_figure(
        Figure(
            "deviations", gettext_lazy("Open deviations"), _deviation_annotations, open_deviations, order=75
        )
    )
    checklist.register_item("strategic_meeting", strategic_meeting, annotations=_booked_annotation)
