"""Demo data for meetings: tier rhythms and a few accounts' own, two years of meetings with notes,
decisions and ratings following each account's rhythm (some kept, some late, some missed, so a
few QBRs are overdue today), meetings coming up, and deviations with their resolutions.

Runs after the stakeholders demo (attendees are the accounts' people) and before health (which
reads the rhythm). Everything is written in bulk: the large demo stays quick.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from django.utils import timezone

from accounts.demo import DemoOrganisation
from accounts.models import Customer, Stakeholder
from meetings import cadence
from meetings.models import CadenceRule, Deviation, Meeting, MeetingChange, MeetingType

ZONE = "Europe/Oslo"
YEARS = 2
DEFAULTS = {
    1: {MeetingType.STRATEGIC: 3, MeetingType.OPERATIONAL: 1, MeetingType.RELATIONSHIP: 6},
    2: {MeetingType.STRATEGIC: 6, MeetingType.OPERATIONAL: 2, MeetingType.RELATIONSHIP: 12},
    3: {MeetingType.STRATEGIC: 12, MeetingType.OPERATIONAL: 3, MeetingType.RELATIONSHIP: 0},
}
OVERRIDE_REASONS = [
    "New CEO and a reorganisation: monthly QBRs until the new structure settles",
    "Acquired by a group in Sweden; we meet the new owners every other month",
    "Calm year with a long contract; the customer prefers fewer, better meetings",
]
TITLES = {
    MeetingType.STRATEGIC: ["QBR", "Quarterly business review", "Strategy meeting", "Annual review"],
    MeetingType.OPERATIONAL: ["Delivery meeting", "Monthly operations", "SLA review", "Service review"],
    MeetingType.RELATIONSHIP: ["Lunch", "Seminar on energy efficiency", "Workshop", "Summer party"],
}
PLACES = [
    "Their head office",
    "Our office, meeting room Fjord",
    "Teams",
    "Bryggen 4, Bergen",
    "Lunch at Fyret",
]
NOTES = {
    MeetingType.STRATEGIC: [
        (
            "Went through the results against the goals: revenue ahead of plan, margin flat. "
            "They asked for a proposal on remote monitoring in the northern plants.",
            "Remote monitoring is white space with real potential and fits their goal of fewer stops.",
            "Proposal on remote monitoring by next QBR\nQuarterly reporting on SLA kept as is",
        ),
        (
            "The new procurement manager joined. She wants fewer suppliers and a clearer price model.",
            "Consolidation can make us sole supplier, or cost us the account: we need a champion in procurement.",
            "We present a simplified price model\nJoint workshop on supplier consolidation",
        ),
        (
            "Reviewed the joint project; one milestone late because of their IT migration.",
            "Delays on their side risk our revenue this year; agreeing a new plan keeps trust.",
            "New milestone plan agreed",
        ),
    ],
    MeetingType.OPERATIONAL: [
        (
            "Deliveries on time this month; one deviation on quality closed.",
            "Everyday delivery is what they judge us on; a calm month builds trust.",
            "",
        ),
        (
            "Two late deliveries to Bodø; root cause is the new route.",
            "Late deliveries are the first thing their operations lead mentions to the CFO.",
            "Extra truck on the northern route for six weeks",
        ),
    ],
    MeetingType.RELATIONSHIP: [
        (
            "Lunch with the CFO; talked about their plans for the new plant and her cycling race.",
            "Access to the economic buyer outside of procurement meetings.",
            "",
        ),
        (
            "Seminar with their engineers; good questions about energy monitoring.",
            "The specialists now know us as more than a supplier.",
            "",
        ),
    ],
}
DEVIATIONS = [
    ("Late delivery to the northern plant", "high", True, "Extra truck on the route; daily follow-up"),
    ("Wrong invoice address", "low", False, "Address corrected in the ERP"),
    ("Response time over SLA on a critical ticket", "critical", True, "On-call rota changed"),
    ("Damaged goods on arrival", "medium", False, "New packaging with the carrier"),
    ("Spare part out of stock", "medium", True, "Minimum stock raised"),
]


def extend(org: DemoOrganisation) -> None:
    rng = org.rng
    now = timezone.now()
    today = timezone.localdate()
    CadenceRule.objects.bulk_create(
        [
            CadenceRule(tier=tier, meeting_type=kind, interval_months=months)
            for tier, kinds in DEFAULTS.items()
            for kind, months in kinds.items()
        ],
        ignore_conflicts=True,
    )
    accounts = [c for c in org.customers if c.status == Customer.Status.KEY]
    people: dict[int, list[int]] = {}
    for pk, customer_id in Stakeholder.objects.filter(
        customer__in=[c.pk for c in accounts], has_left=False
    ).values_list("pk", "customer_id"):
        people.setdefault(customer_id, []).append(pk)
    overrides = [
        CadenceRule(
            customer=customer,
            meeting_type=MeetingType.STRATEGIC,
            interval_months=rng.choice([1, 2, 6]),
            reason=OVERRIDE_REASONS[n % len(OVERRIDE_REASONS)],
            updated_by=customer.owner,
        )
        for n, customer in enumerate(accounts[:: max(1, len(accounts) // 3)][:3])
    ]
    CadenceRule.objects.bulk_create(overrides)
    own = {(r.customer_id, r.meeting_type): r.interval_months for r in overrides}
    meetings: list[Meeting] = []
    for customer in accounts:
        tier = customer.tier if customer.tier in DEFAULTS else 3
        # A few accounts let their QBRs slip, so some are overdue today.
        sloppy = rng.random() < 0.25
        for kind in MeetingType.values:
            months = own.get((customer.pk, kind), DEFAULTS[tier][kind])
            if months:
                meetings += _series(
                    org, customer, kind, months, sloppy and kind == MeetingType.STRATEGIC, today
                )
    _save(org, meetings, people, now)
    _deviations(org, accounts, today)


def _series(org, customer, kind: str, months: int, sloppy: bool, today: datetime.date) -> list[Meeting]:
    rng = org.rng
    zone = zoneinfo.ZoneInfo(ZONE)
    start = max(cadence.add_months(today, -12 * YEARS), timezone.localdate(customer.created_at))
    day = cadence.add_months(start, months) + datetime.timedelta(days=rng.randint(-10, 10))
    found = []
    while day <= today + datetime.timedelta(days=45):
        if sloppy and day > today - datetime.timedelta(days=200):
            break  # the last QBRs never happened
        skipped = rng.random() < 0.08
        if not skipped:
            hour = rng.choice([9, 10, 13, 14])
            begins = datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=zone)
            held = day < today
            if held or rng.random() < 0.6:
                found.append(_meeting(org, customer, kind, begins, held))
        late = rng.random() < 0.15
        day = cadence.add_months(day, months) + datetime.timedelta(
            days=rng.randint(20, 50) if late else rng.randint(-7, 7)
        )
    return found


def _meeting(org, customer, kind: str, begins: datetime.datetime, held: bool) -> Meeting:
    rng = org.rng
    title = rng.choice(TITLES[kind])
    meeting = Meeting(
        customer=customer,
        meeting_type=kind,
        title=f"{title} {begins:%B %Y}" if kind == MeetingType.STRATEGIC else title,
        starts_at=begins,
        ends_at=begins + datetime.timedelta(minutes=rng.choice([60, 90, 120])),
        time_zone=ZONE,
        place=rng.choice(PLACES),
        organizer=customer.owner,
        created_by=customer.owner,
        status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
        held_on=begins.date() if held else None,
        uid=f"{uuid.UUID(int=org.rng.getrandbits(128))}@orchard",
        created_at=begins - datetime.timedelta(days=rng.randint(7, 40)),
    )
    if held:
        notes, why, decisions = rng.choice(NOTES[kind])
        meeting.notes, meeting.why_it_matters, meeting.decisions = notes, why, decisions
        meeting.our_rating = rng.choice([3, 4, 4, 5])
        if kind == MeetingType.STRATEGIC:
            meeting.customer_rating = rng.choice([2, 3, 4, 4, 5, 5])
    return meeting


def _save(org, meetings: list[Meeting], people: dict[int, list[int]], now: datetime.datetime) -> None:
    rng = org.rng
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    ours = Meeting.our_attendees.through
    theirs = Meeting.their_attendees.through
    ours.objects.bulk_create(
        [ours(meeting_id=m.pk, user_id=m.organizer_id) for m in meetings], batch_size=2000
    )
    links = []
    for m in meetings:
        candidates = people.get(m.customer_id, [])
        for person in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
            links.append(theirs(meeting_id=m.pk, stakeholder_id=person))
    theirs.objects.bulk_create(links, batch_size=2000)
    MeetingChange.objects.bulk_create(
        [
            MeetingChange(
                meeting_id=m.pk,
                kind="scheduled",
                new_starts_at=m.starts_at,
                by_id=m.organizer_id,
                at=m.created_at,
            )
            for m in meetings
        ]
        + [
            MeetingChange(meeting_id=m.pk, kind="held", by_id=m.organizer_id, at=m.ends_at)
            for m in meetings
            if m.held_on
        ],
        batch_size=2000,
    )
    # The last meeting with each person moves their "last contacted", as recording it would.
    held = {m.pk: m.held_on for m in meetings if m.held_on}
    last: dict[int, datetime.date] = {}
    for link in links:
        day = held.get(link.meeting_id)
        if day is not None:
            last[link.stakeholder_id] = max(last.get(link.stakeholder_id, day), day)
    changed = list(Stakeholder.objects.filter(pk__in=last))
    for person in changed:
        if person.last_contacted_on is None or person.last_contacted_on < last[person.pk]:
            person.last_contacted_on = last[person.pk]
    Stakeholder.objects.bulk_update(changed, ["last_contacted_on"], batch_size=1000)


def _deviations(org, accounts, today: datetime.date) -> None:
    rng = org.rng
    rows = []
    for customer in accounts:
        for _n in range(rng.randint(0, 4)):
            title, severity, breached, resolution = rng.choice(DEVIATIONS)
            opened = today - datetime.timedelta(days=rng.randint(1, 700))
            closed = opened + datetime.timedelta(days=rng.randint(1, 40))
            still_open = closed > today or rng.random() < 0.15
            rows.append(
                Deviation(
                    customer=customer,
                    title=title,
                    severity=severity,
                    sla_breached=breached,
                    owner=customer.owner,
                    opened_on=opened,
                    resolution="" if still_open else resolution,
                    closed_on=None if still_open else closed,
                    created_by=customer.owner,
                )
            )
    Deviation.objects.bulk_create(rows, batch_size=1000)
