"""A meeting's preparation, read from live data by kind of meeting, in the reader's language.

QBR: the goals' progress, actions done and overdue, open risks, open white-space potential,
opportunities. Operational: open deviations and the contracts' facts. Relationship: the people
attending, their DISC advice and the latest contacts.

Every line says whether it is internal. Internal lines (risks, potential, DISC advice, contact
notes, anything the plan has not marked shared) are shown only to the account team on the meeting
page; the agenda text that goes into an invitation is built from the other lines only.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from accounts import disc
from accounts.models import Customer, Interaction, Stakeholder
from accounts.templatetags.orchard import money
from meetings.models import Deviation, MeetingType
from planning import selectors as plan_selectors
from planning.models import AccountPlan, Action, Opportunity, WhiteSpaceCell
from risk.models import Contract, RiskItem

RECENT_DAYS = 90
MOST = 8


@dataclass(frozen=True)
class Line:
    text: str
    internal: bool = False
    url: str = ""


@dataclass
class Section:
    heading: str
    lines: list[Line] = field(default_factory=list)
    empty: str = ""


@dataclass
class Prep:
    meeting_type: str
    sections: list[Section]

    def visible(self, internal: bool) -> list[Section]:
        """The sections with only the lines this reader may see (internal ones for the team)."""
        return [
            Section(s.heading, [line for line in s.lines if internal or not line.internal], s.empty)
            for s in self.sections
        ]


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def prepare(
    meeting_type: str,
    customer: Customer,
    today: datetime.date,
    *,
    internal: bool,
    attendees: Sequence[Stakeholder] = (),
) -> Prep:
    """The live facts for a meeting of `meeting_type` with `customer` (a fixed number of queries).

    `internal` says whether the reader is on the account team: only then are DISC styles read.
    """
    if meeting_type == MeetingType.OPERATIONAL:
        sections = [_deviations(customer, today), _contracts(customer, today)]
    elif meeting_type == MeetingType.RELATIONSHIP:
        sections = [_people(attendees, internal), _contacts(customer)]
    else:
        plan = AccountPlan.objects.filter(customer=customer).current().first()
        sections = [
            _goals(plan),
            _actions(plan, today),
            _risks(customer),
            _whitespace(customer),
            _opportunities(plan),
        ]
    return Prep(meeting_type, sections)


def agenda_text(prep: Prep) -> str:
    """The agenda to pre-fill the form with: numbered headings and the shareable lines under each."""
    parts = []
    for number, section in enumerate(prep.visible(internal=False), start=1):
        parts.append(f"{number}. {section.heading}")
        parts.extend(f"   - {line.text}" for line in section.lines)
    return "\n".join(parts)


# --- QBR -----------------------------------------------------------------------------------------
def _goals(plan: AccountPlan | None) -> Section:
    section = Section(_("Results against goals"), empty=_("The account plan has no goals yet."))
    if plan is None:
        section.empty = _("There is no account plan yet.")
        return section
    for row in plan_selectors.goal_rows(plan, list(plan.goals.all())[:MOST]):
        done = (
            _("%(percent)s %% of the way") % {"percent": row.percent}
            if row.percent is not None
            else _("progress not measured yet")
        )
        section.lines.append(Line(f"{row.goal.title}: {done}", internal=not row.goal.shared))
    return section


def _actions(plan: AccountPlan | None, today: datetime.date) -> Section:
    section = Section(_("Actions done and overdue"), empty=_("Nothing done lately and nothing overdue."))
    if plan is None:
        return section
    since = today - datetime.timedelta(days=RECENT_DAYS)
    done = Q(status=Action.Status.DONE, completed_at__date__gte=since)
    overdue = Q(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS], due__lt=today)
    found = list(
        plan.actions.select_related("owner").filter(done | overdue).order_by("due", "pk")[: 4 * MOST]
    )
    actions = [a for a in found if a.status == Action.Status.DONE][:MOST]
    actions += [a for a in found if a.status != Action.Status.DONE][:MOST]
    for action in actions:
        if action.status == Action.Status.DONE:
            text = _("Done: %(action)s (%(owner)s)") % {"action": action.title, "owner": action.owner}
        else:
            text = _("Overdue since %(due)s: %(action)s (%(owner)s)") % {
                "due": _day(action.due),
                "action": action.title,
                "owner": action.owner,
            }
        section.lines.append(Line(text, internal=not action.shared))
    return section


def _risks(customer: Customer) -> Section:
    section = Section(_("Open risks"), empty=_("No open risks in the register."))
    risks = RiskItem.objects.filter(customer=customer).exclude(status=RiskItem.Status.CLOSED)
    for risk in sorted(risks, key=lambda r: (-r.score, r.pk))[:MOST]:
        text = _("%(risk)s (score %(score)s of 25)") % {"risk": risk.title, "score": risk.score}
        section.lines.append(Line(text, internal=True))
    return section


def _whitespace(customer: Customer) -> Section:
    section = Section(_("Open white-space potential"), empty=_("No open white space is estimated."))
    cells = list(
        WhiteSpaceCell.objects.filter(
            customer=customer, status__in=WhiteSpaceCell.OPEN_STATUSES, potential__gt=0
        )
        .order_by("-potential", "pk")
        .values_list("potential", "offering__name", "unit__name")
    )
    total = sum((potential for potential, _o, _u in cells), Decimal(0))
    if total:
        names = ", ".join(f"{offering} · {unit}" for _p, offering, unit in cells[:3])
        text = _("%(total)s in open cells; the largest: %(names)s") % {"total": money(total), "names": names}
        section.lines.append(Line(text, internal=True))
    return section


def _opportunities(plan: AccountPlan | None) -> Section:
    section = Section(_("Opportunities"), empty=_("No open opportunities in the plan."))
    if plan is None:
        return section
    rows = plan.opportunities.exclude(stage__in=[Opportunity.Stage.WON, Opportunity.Stage.LOST])
    for opportunity in rows.order_by("-value", "pk")[:MOST]:
        text = _("%(name)s (%(stage)s)") % {
            "name": opportunity.name,
            "stage": opportunity.get_stage_display(),
        }
        section.lines.append(Line(text, internal=not opportunity.shared))
    return section


# --- Operational ---------------------------------------------------------------------------------
def _deviations(customer: Customer, today: datetime.date) -> Section:
    section = Section(_("Open deviations"), empty=_("No open deviations."))
    rows = Deviation.objects.filter(customer=customer, closed_on__isnull=True).order_by("opened_on", "pk")
    for deviation in rows[:MOST]:
        text = _("%(title)s: %(severity)s, open %(days)s days") % {
            "title": deviation.title,
            "severity": deviation.get_severity_display().lower(),
            "days": (today - deviation.opened_on).days,
        }
        if deviation.sla_breached:
            text += " · " + _("SLA breached")
        section.lines.append(Line(text))
    return section


def _contracts(customer: Customer, today: datetime.date) -> Section:
    section = Section(_("Contracts and SLAs"), empty=_("No contracts recorded."))
    for contract in Contract.objects.filter(customer=customer, expiry__gte=today).order_by("expiry")[:MOST]:
        text = _("%(contract)s: runs to %(expiry)s, notice by %(notice)s") % {
            "contract": contract.title,
            "expiry": _day(contract.expiry),
            "notice": _day(contract.notice_by),
        }
        section.lines.append(Line(text))
        if contract.renewal_terms:
            section.lines.append(Line(contract.renewal_terms[:300]))
    return section


# --- Relationship --------------------------------------------------------------------------------
def _people(attendees: Sequence[Stakeholder], internal: bool) -> Section:
    section = Section(_("The people attending"), empty=_("Nobody from the customer is invited yet."))
    for person in attendees:
        section.lines.append(Line(f"{person.name}{' · ' + person.title if person.title else ''}"))
        guide = disc.GUIDANCE.get(person.disc) if internal else None
        if guide is not None:
            section.lines.append(Line(f"{guide.name}: {guide.meet}", internal=True))
    return section


def _contacts(customer: Customer) -> Section:
    section = Section(_("Recent contacts"), empty=_("No contacts logged yet."))
    rows = Interaction.objects.filter(customer=customer, redacted_at__isnull=True).order_by(
        "-occurred_on", "-pk"
    )
    for entry in rows[:3]:
        summary = entry.summary.splitlines()[0][:120] if entry.summary else ""
        text = f"{_day(entry.occurred_on)} · {entry.get_kind_display()}: {summary}"
        section.lines.append(Line(text, internal=True))
    return section
