"""Demo stakeholder maps: 10–60 people at each key account (60 at the demo KAM's first one), in a
believable hierarchy, with our relationships, a contact log, history and a few telling gaps.
Uses only `org.rng`, so every run of the same seed builds the same maps."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.demo.organisation import NO_FIRST, NO_LAST, SE_FIRST, SE_LAST, DemoOrganisation
from accounts.models import (
    AccountMember,
    Customer,
    CustomerUnit,
    Event,
    Interaction,
    Relationship,
    Stakeholder,
    StakeholderChange,
    User,
)
from accounts.services.stakeholders import stakeholders_remind_uninformed

LARGEST_MAP = 60
MAP_SIZE = (10, 48)

EXECUTIVES = [
    ("Chief Financial Officer", "finance"),
    ("Chief Operating Officer", "operations"),
    ("Chief Information Officer", "operations"),
    ("Chief Procurement Officer", "finance"),
    ("Chief Technology Officer", "users"),
    ("Director of Strategy", "top"),
]
MANAGERS = {
    "finance": ["Procurement Manager", "Head of Controlling", "Category Manager", "Finance Manager"],
    "operations": [
        "IT Manager",
        "Logistics Manager",
        "Plant Manager",
        "Head of Maintenance",
        "Service Manager",
    ],
    "users": ["Head of Engineering", "Product Manager", "Quality Manager", "Project Director"],
    "top": ["Head of Business Development", "Chief of Staff"],
}
STAFF = {
    "finance": ["Purchaser", "Category Buyer", "Controller", "Accounts Payable Lead", "Contract Specialist"],
    "operations": [
        "IT Architect",
        "Logistics Planner",
        "Shift Supervisor",
        "Maintenance Planner",
        "Warehouse Lead",
        "Service Technician",
        "Network Engineer",
    ],
    "users": ["Project Engineer", "Quality Engineer", "Site Engineer", "Product Specialist", "HSE Advisor"],
    "top": ["Business Analyst", "Executive Assistant"],
}
SOURCES = [
    "Met at the kick-off meeting",
    "The customer's website",
    "Business card from a site visit",
    "Introduced by our account owner",
    "LinkedIn profile",
    "Named in the framework agreement",
]
MEETING_NOTES = [
    (
        "meeting",
        "Quarterly review with {names}: delivery performance, two open deviations and the roadmap for next quarter.",
        "They want fewer suppliers next year; we must show our total cost, not just the unit price.",
    ),
    (
        "call",
        "Call with {names} about the renewal of the framework agreement.",
        "Procurement will run a tender unless we agree a price index before the summer.",
    ),
    (
        "meeting",
        "Lunch with {names} after the site visit.",
        "New production line planned for next year: a chance to offer our service agreement early.",
    ),
    (
        "meeting",
        "Workshop with {names} on the integration project.",
        "Their IT team is stretched; they asked whether we can take over the first-line support.",
    ),
    (
        "email",
        "E-mail exchange with {names} about the late delivery in week 12.",
        "They accepted the explanation, but another miss would put us on their watch list.",
    ),
    (
        "event",
        "Seminar on energy efficiency; {names} attended.",
        "Interested in a pilot at one site: a way into operations, where we are weak.",
    ),
]


@dataclass
class _Plan:
    """The people of one map before they get database ids: parent given as a list index."""

    people: list[Stakeholder] = field(default_factory=list)
    parents: list[int | None] = field(default_factory=list)

    def add(self, person: Stakeholder, parent: int | None) -> int:
        self.people.append(person)
        self.parents.append(parent)
        return len(self.people) - 1


def extend(org: DemoOrganisation) -> None:
    rng, now = org.rng, timezone.now()
    keys = [c for c in org.customers if c.status == Customer.Status.KEY]
    if not keys:
        return
    first = min((c for c in keys if c.owner_id == org.demo_users["kam"].pk), key=lambda c: c.pk, default=None)
    units = defaultdict(list)
    for unit in CustomerUnit.objects.filter(customer__in=keys, kind=CustomerUnit.Kind.UNIT).order_by("pk"):
        units[unit.customer_id].append(unit)
    squads = defaultdict(list)
    for member in AccountMember.objects.filter(customer__in=keys).select_related("user").order_by("pk"):
        squads[member.customer_id].append(member.user)
    leaders = {team.pk: team.leaders.first() for team in org.teams}
    plans = {}
    for customer in keys:
        size = LARGEST_MAP if first is not None and customer.pk == first.pk else rng.randint(*MAP_SIZE)
        plans[customer.pk] = _plan(rng, customer, size, units[customer.pk], now)
    Stakeholder.objects.bulk_create([p for plan in plans.values() for p in plan.people], batch_size=500)
    _link(rng, plans)
    for customer in keys:
        ours = [customer.owner, *squads[customer.pk]]
        leader = leaders.get(customer.team_id)
        _relationships_and_history(rng, plans[customer.pk].people, ours, leader, now)
        _contact_log(rng, customer, plans[customer.pk].people, ours, now)
    stakeholders_remind_uninformed(today=timezone.localdate(now))


def _plan(rng: random.Random, customer: Customer, size: int, units: list, now: datetime) -> _Plan:
    plan, names = _Plan(), _names(rng, customer.country, size)
    domain = _domain(customer)

    def person(title: str, function: str, level: str, influence: int) -> Stakeholder:
        first, last = next(names)
        return _person(
            rng, customer, domain, units, now, f"{first} {last}", title, function, level, influence
        )

    ceo = plan.add(person("Chief Executive Officer", "top", "executive", 5), None)
    plan.people[ceo].decision_role = "economic_buyer"
    executives = EXECUTIVES[: min(len(EXECUTIVES), max(2, size // 9))]
    heads = []
    for title, function in executives:
        index = plan.add(person(title, function, "executive", rng.choice([4, 4, 5])), ceo)
        heads.append((index, function))
    managers = []
    remaining = size - len(plan.people)
    for n in range(max(1, remaining // 5)):
        boss, function = heads[n % len(heads)]
        title = rng.choice(MANAGERS[function])
        managers.append(
            (plan.add(person(title, function, "management", rng.choice([3, 3, 4])), boss), function)
        )
    while len(plan.people) < size:
        boss, function = rng.choice(managers)
        level = "specialist" if rng.random() < 0.6 else "operational"
        influence = rng.choice([2, 3]) if level == "specialist" else rng.choice([1, 2])
        staff_function = "users" if level == "specialist" and rng.random() < 0.35 else function
        parent = None if rng.random() < 0.06 else boss  # a few people sit outside the reporting lines
        plan.add(person(rng.choice(STAFF[staff_function]), staff_function, level, influence), parent)
    _roles(rng, plan.people)
    return plan


def _person(rng, customer, domain, units, now, name, title, function, level, influence) -> Stakeholder:
    added = now - timedelta(days=rng.randint(5, 520), minutes=rng.randint(0, 900))
    informed = None if rng.random() < 0.18 else (added + timedelta(days=rng.randint(1, 25))).date()
    return Stakeholder(
        customer=customer,
        name=name,
        title=title,
        unit=rng.choice(units) if units and level != "executive" else None,
        email=_email(name, domain),
        phone=_phone(rng, customer.country),
        level=level,
        function=function,
        influence=influence,
        attitude=rng.choices(["supporter", "neutral", "sceptic"], weights=[35, 45, 20])[0],
        disc=rng.choices(["red", "yellow", "green", "blue", "unknown"], weights=[20, 18, 22, 20, 20])[0],
        source=rng.choice(SOURCES),
        informed_on=min(informed, now.date()) if informed else None,
        notes=rng.choice(
            ["", "", "Prefers meetings early in the day.", "Keen cyclist; ask about the Birken race."]
        ),
        created_at=added,
    )


def _roles(rng: random.Random, people: list[Stakeholder]) -> None:
    """The decision roles a buying group has: a gatekeeper, a champion, influencers, users, a blocker."""
    by_title = {p.title: p for p in people}
    if "Chief Procurement Officer" in by_title:
        by_title["Chief Procurement Officer"].decision_role = "gatekeeper"
    managers = [p for p in people if p.level == "management"]
    if managers:
        champion = rng.choice(managers)
        champion.decision_role, champion.attitude = "champion", "supporter"
    for person in people:
        if person.decision_role:
            continue
        if person.level in {"executive", "management"} and rng.random() < 0.5:
            person.decision_role = "influencer"
        elif person.level in {"specialist", "operational"} and rng.random() < 0.4:
            person.decision_role = "user"
    sceptics = [p for p in people if p.attitude == "sceptic" and p.influence >= 3 and not p.decision_role]
    if sceptics:
        rng.choice(sceptics).decision_role = "blocker"
    # Someone always moves on: one person has left, and only sometimes is the successor known.
    leaver = rng.choice(
        [p for p in people if p.level in {"management", "specialist"}] or people[1:2] or people
    )
    leaver.has_left, leaver.left_on = True, (leaver.created_at + timedelta(days=rng.randint(30, 200))).date()
    leaver.left_on = min(leaver.left_on, timezone.localdate())


def _link(rng: random.Random, plans: dict) -> None:
    changed = []
    for plan in plans.values():
        for person, parent in zip(plan.people, plan.parents, strict=True):
            if parent is not None:
                person.reports_to_id = plan.people[parent].pk
                changed.append(person)
        leaver = next(p for p in plan.people if p.has_left)
        peers = [p for p in plan.people if p.title == leaver.title and p.pk != leaver.pk and not p.has_left]
        if peers and rng.random() < 0.5:
            leaver.successor_id = peers[0].pk
            changed.append(leaver)
    Stakeholder.objects.bulk_update(changed, ["reports_to", "successor"], batch_size=500)


def _relationships_and_history(
    rng: random.Random, people: list[Stakeholder], ours: list[User], leader: User | None, now: datetime
) -> None:
    chance = {"executive": 0.8, "management": 0.7, "specialist": 0.45, "operational": 0.25}
    ties, changes = [], []
    for person in people:
        changes.append(_change(person, "influence", "", person.influence, ours[0], person.created_at))
        if rng.random() < 0.25:  # they were seen differently at first: the history shows the trend
            first = rng.choice(
                ["neutral", "sceptic"] if person.attitude == "supporter" else ["neutral", "supporter"]
            )
            when = min(person.created_at + timedelta(days=rng.randint(1, 120)), now)
            changes.append(_change(person, "attitude", "", first, ours[0], person.created_at))
            changes.append(_change(person, "attitude", first, person.attitude, ours[0], when))
        else:
            changes.append(_change(person, "attitude", "", person.attitude, ours[0], person.created_at))
        if rng.random() > chance[person.level]:
            continue
        owner = leader if person.level == "executive" and leader and rng.random() < 0.3 else rng.choice(ours)
        strength = rng.choices(
            [1, 2, 3], weights=[35, 40, 25] if person.function != "finance" else [50, 40, 10]
        )[0]
        wanted = 3 if person.level in {"executive", "management"} else 2
        target = strength if rng.random() < 0.45 else max(strength, wanted)
        ties.append(
            Relationship(stakeholder=person, user=owner, strength=strength, target=target, is_owner=True)
        )
        changes.append(_change(person, "strength", "", max(1, strength - 1), owner, person.created_at, owner))
        if strength > 1:
            changes.append(
                _change(
                    person,
                    "strength",
                    strength - 1,
                    strength,
                    owner,
                    now - timedelta(days=rng.randint(10, 90)),
                    owner,
                )
            )
        others = [u for u in ours if u.pk != owner.pk]
        if others and rng.random() < 0.2:
            ties.append(
                Relationship(
                    stakeholder=person, user=rng.choice(others), strength=rng.choice([1, 2]), target=2
                )
            )
    Relationship.objects.bulk_create(ties, batch_size=500)
    StakeholderChange.objects.bulk_create(changes, batch_size=1000)


def _change(person, field_name, old, new, by, when, user=None) -> StakeholderChange:
    return StakeholderChange(
        stakeholder=person,
        field=field_name,
        user=user,
        old_value=str(old),
        new_value=str(new),
        changed_by=by,
        changed_at=when,
    )


def _contact_log(
    rng: random.Random, customer: Customer, people: list[Stakeholder], ours: list[User], now
) -> None:
    present = [p for p in people if not p.has_left]
    senior = [p for p in present if p.influence >= 3]
    entries, links, events, last = [], [], [], {}
    for _ in range(max(4, len(people) // 2)):
        occurred = (now - timedelta(days=rng.randint(1, 180))).date()
        group = rng.sample(
            senior if senior and rng.random() < 0.7 else present, k=min(len(present), rng.randint(1, 3))
        )
        kind, summary, why = rng.choice(MEETING_NOTES)
        entry = Interaction(
            customer=customer,
            occurred_on=occurred,
            kind=kind,
            summary=summary.format(names=", ".join(p.name for p in group)),
            why_it_matters=why,
            created_by=customer.owner,
            created_at=timezone.make_aware(datetime.combine(occurred, datetime.min.time()))
            + timedelta(hours=15),
        )
        entries.append((entry, group, rng.sample(ours, k=min(len(ours), rng.randint(1, 2)))))
        for person in group:
            last[person.pk] = max(last.get(person.pk, occurred), occurred)
    Interaction.objects.bulk_create([entry for entry, _g, _o in entries])
    for entry, group, our in entries:
        links += [
            Interaction.stakeholders.through(interaction_id=entry.pk, stakeholder_id=p.pk) for p in group
        ]
        events.append(
            Event(
                customer=customer,
                actor=customer.owner,
                kind="interaction.logged",
                data={
                    "interaction_kind": entry.kind,
                    "stakeholders": [p.name for p in group],
                    "stakeholder_ids": [p.pk for p in group],
                },
                created_at=entry.created_at,
            )
        )
        Interaction.our_people.through.objects.bulk_create(
            [Interaction.our_people.through(interaction_id=entry.pk, user_id=u.pk) for u in our]
        )
    Interaction.stakeholders.through.objects.bulk_create(links, batch_size=1000)
    Event.objects.bulk_create(events, batch_size=500)
    for person in present:
        person.last_contacted_on = last.get(person.pk)
    Stakeholder.objects.bulk_update(present, ["last_contacted_on"], batch_size=500)


def _names(rng: random.Random, country: str, count: int):
    first_names, last_names = (SE_FIRST, SE_LAST) if country == "SE" else (NO_FIRST, NO_LAST)
    seen: set[tuple[str, str]] = set()
    while True:
        pair = (rng.choice(first_names), rng.choice(last_names))
        if pair in seen and len(seen) < len(first_names) * len(last_names):
            continue
        seen.add(pair)
        yield pair


def _domain(customer: Customer) -> str:
    """The company's web name on the reserved .example top-level domain: never a real mailbox."""
    host = customer.website.split("//", 1)[-1].strip("/").removeprefix("www.")
    return f"{host.rsplit('.', 1)[0]}.example" if host else "customer.example"


def _email(name: str, domain: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e"})
    return name.lower().translate(table).replace(" ", ".") + "@" + domain


def _phone(rng: random.Random, country: str) -> str:
    if country == "SE":
        return f"+46 70 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"+47 9{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(100, 999)}"
