"""The risk register's health component: the highest open risk and whether risks are reviewed on time.

Registered with the core's health registry from `RiskConfig.ready()`; it reads annotations on the
customer query the registry runs once for every provider.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import health
from accounts.health import Reading
from risk.assessment import score_level
from risk.selectors import risk_annotations

LEVEL_SCORES = {"low": 85, "medium": 55, "high": 20}
OVERDUE_PENALTY = 15


def risk_reading(
    open_risks: int, top: int, review_due: datetime.date | None, today: datetime.date
) -> Reading:
    """Score from the highest open risk (likelihood × impact); an overdue risk review costs points.

    An account never reviewed and without open risks has not been analysed: no data, not "no risk".
    """
    if review_due is None and not open_risks:
        return Reading(None, "risk.unreviewed")
    score = LEVEL_SCORES[score_level(top)] if open_risks else 100
    overdue = review_due is not None and review_due < today
    params = {"count": open_risks, "top": top, "due": review_due.isoformat() if review_due else ""}
    if overdue:
        score = max(0, score - OVERDUE_PENALTY)
    code = ("risk.open" if open_risks else "risk.clear") + ("_overdue" if overdue else "")
    return Reading(score, code, params)


def risk_provider(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    """Reads the annotations it declares (`risk_annotations`), which `health.read_all` puts on the
    customers' row: no query of its own."""
    return {c.pk: {"risk": risk_reading(c.open_risks, c.top_risk, c.review_due, today)} for c in customers}


def _overdue(p) -> str:
    day = formats.date_format(datetime.date.fromisoformat(p["due"]), "SHORT_DATE_FORMAT")
    return " " + _("The risk review was due %(date)s.") % {"date": day}


def _open(p) -> str:
    return ngettext(
        "%(count)s open risk; the highest scores %(top)s of 25.",
        "%(count)s open risks; the highest scores %(top)s of 25.",
        p["count"],
    ) % {"count": p["count"], "top": p["top"]}


def register() -> None:
    health.register_components(("risk",), risk_provider, annotations=lambda today: risk_annotations())
    for code, render in {
        "risk.unreviewed": lambda p: _("The account's risks have not been analysed yet."),
        "risk.clear": lambda p: _("No open risk in the register, and the review is on time."),
        "risk.clear_overdue": lambda p: _("No open risk in the register.") + _overdue(p),
        "risk.open": lambda p: _open(p),
        "risk.open_overdue": lambda p: _open(p) + _overdue(p),
    }.items():
        health.register_reason(code, render)
