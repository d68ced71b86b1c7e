"""The demo organisation itself: people, teams, customers, their units and account teams.

Every other subject adds its data through `DEMO_MODULES`: each is called with the organisation
built here and the same random generator, so a run is repeatable.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts import orgnumbers
from accounts.models import AccountMember, Customer, CustomerUnit, Event, Team, User

DEMO_PASSWORD = "orchard-demo"  # noqa: S105 - demo data only, printed by `make run`
DEMO_LOGINS = {"kam": "kam@example.com", "leader": "leader@example.com", "admin": "admin@example.com"}
SEED = 20261123

SIZES = {
    "small": {"teams": 2, "kams_per_team": 3, "customers": 60},
    "large": {"teams": 4, "kams_per_team": 6, "customers": 2000},
}

NO_FIRST = [
    "Ingrid",
    "Lars",
    "Kari",
    "Ole",
    "Sofie",
    "Erik",
    "Astrid",
    "Magnus",
    "Nora",
    "Henrik",
    "Marte",
    "Sindre",
    "Ragnhild",
    "Eirik",
    "Silje",
    "Håkon",
    "Tone",
    "Øystein",
    "Guro",
    "Bjørn",
]
NO_LAST = [
    "Solberg",
    "Haugen",
    "Nilsen",
    "Johansen",
    "Berg",
    "Lund",
    "Bakke",
    "Dahl",
    "Strand",
    "Moen",
    "Hagen",
    "Eide",
    "Næss",
    "Aas",
    "Lie",
    "Fjeld",
    "Sæther",
    "Kvamme",
    "Rønning",
    "Tveit",
]
SE_FIRST = [
    "Anna",
    "Johan",
    "Elin",
    "Oskar",
    "Maja",
    "Karl",
    "Sara",
    "Viktor",
    "Linnea",
    "Gustav",
    "Ebba",
    "Axel",
    "Klara",
    "Nils",
    "Frida",
]
SE_LAST = [
    "Lindqvist",
    "Sjöberg",
    "Holm",
    "Nyström",
    "Ekström",
    "Åberg",
    "Wallin",
    "Blom",
    "Lundgren",
    "Forsberg",
    "Sandberg",
    "Hedlund",
    "Björk",
    "Engström",
    "Söderberg",
]

NO_STEMS = [
    "Nordfjord",
    "Fjellheim",
    "Vestkyst",
    "Skogvik",
    "Havbris",
    "Lysaker",
    "Bergenhus",
    "Trønder",
    "Hardanger",
    "Sognefjell",
    "Polarlys",
    "Kystlink",
    "Fosen",
    "Romsdal",
    "Mjøsa",
    "Varanger",
    "Helgeland",
    "Lofot",
    "Jæren",
    "Hallingdal",
    "Viken",
    "Agder",
    "Telemark",
    "Nidaros",
]
SE_STEMS = [
    "Göta",
    "Mälar",
    "Norrland",
    "Skåne",
    "Vänern",
    "Dala",
    "Kronoberg",
    "Roslagen",
    "Småland",
    "Öresund",
    "Ångermanland",
    "Bohus",
    "Västanvind",
    "Halland",
    "Jämt",
    "Gotland",
    "Siljan",
    "Blekinge",
    "Sörmland",
    "Värmland",
]
INDUSTRIES = [
    ("Energy", ["Energi", "Kraft", "Nett"]),
    ("Seafood", ["Sjømat", "Havbruk", "Fisk"]),
    ("Construction", ["Bygg", "Entreprenør", "Anlegg"]),
    ("Logistics", ["Logistikk", "Transport", "Frakt"]),
    ("Healthcare", ["Helse", "Omsorg", "Medisin"]),
    ("Retail", ["Handel", "Dagligvare", "Varehus"]),
    ("Manufacturing", ["Industri", "Verk", "Mekaniske"]),
    ("Public sector", ["Kommune", "Fylkeskommune", "Etat"]),
    ("Real estate", ["Eiendom", "Bolig", "Forvaltning"]),
    ("Food and beverages", ["Næringsmiddel", "Bryggeri", "Meieri"]),
]
SE_SUFFIX = {
    "Energi": "Energi",
    "Kraft": "Kraft",
    "Nett": "Nät",
    "Sjømat": "Sjömat",
    "Havbruk": "Vattenbruk",
    "Fisk": "Fisk",
    "Bygg": "Bygg",
    "Entreprenør": "Entreprenad",
    "Anlegg": "Anläggning",
    "Logistikk": "Logistik",
    "Transport": "Transport",
    "Frakt": "Frakt",
    "Helse": "Hälsa",
    "Omsorg": "Omsorg",
    "Medisin": "Medicin",
    "Handel": "Handel",
    "Dagligvare": "Dagligvaror",
    "Varehus": "Varuhus",
    "Industri": "Industri",
    "Verk": "Verken",
    "Mekaniske": "Mekaniska",
    "Kommune": "Kommun",
    "Fylkeskommune": "Region",
    "Etat": "Verket",
    "Eiendom": "Fastigheter",
    "Bolig": "Bostäder",
    "Forvaltning": "Förvaltning",
    "Næringsmiddel": "Livsmedel",
    "Bryggeri": "Bryggeri",
    "Meieri": "Mejeri",
}
TEAM_NAMES = [
    "Energy and Industry Norway",
    "Public and Health Norway",
    "Sweden Enterprise",
    "Retail and Logistics",
]
SPECIALISTS_PER_TEAM = 4
CITIES = {
    "NO": ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Kristiansand", "Ålesund", "Bodø"],
    "SE": ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Umeå", "Luleå", "Örebro", "Jönköping"],
}
BUSINESS_UNITS = [
    "Production",
    "Logistics",
    "Sales and marketing",
    "Maintenance",
    "Procurement",
    "IT",
    "Customer service",
    "Research and development",
]
RESPONSIBILITIES = [
    "Delivery lead",
    "Customer support",
    "Product specialist",
    "Finance and invoicing",
    "Service manager",
    "Solution architect",
]


@dataclass
class DemoOrganisation:
    size: str
    rng: random.Random
    teams: list[Team] = field(default_factory=list)
    kams: list[User] = field(default_factory=list)
    leaders: list[User] = field(default_factory=list)
    specialists: list[User] = field(default_factory=list)
    customers: list[Customer] = field(default_factory=list)
    demo_users: dict[str, User] = field(default_factory=dict)


# Features add their own demo data: each module named here has `extend(org)`, called in this order
# inside the same transaction, with the organisation built below and its random generator.
DEMO_MODULES: list[str] = [
    "accounts.demo.selection",
    "accounts.demo.financials",
    "risk.demo",
    "accounts.demo.stakeholders",
    "planning.demo",
    "meetings.demo",
    "accounts.demo.health",
]


class AlreadySeeded(Exception):
    pass


def is_seeded() -> bool:
    return User.objects.filter(email=DEMO_LOGINS["kam"]).exists()


def seed(size: str = "small") -> DemoOrganisation:
    """Build the demo organisation. Raises AlreadySeeded if the demo users exist already."""
    if is_seeded():
        raise AlreadySeeded
    org = DemoOrganisation(size=size, rng=random.Random(SEED))
    with transaction.atomic():
        _people(org, SIZES[size])
        _customers(org, SIZES[size]["customers"])
        for module in DEMO_MODULES:
            importlib.import_module(module).extend(org)
    return org


def _person_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    seen: set[str] = set()
    names = []
    while len(names) < count:
        swedish = rng.random() < 0.35
        first = rng.choice(SE_FIRST if swedish else NO_FIRST)
        last = rng.choice(SE_LAST if swedish else NO_LAST)
        if f"{first} {last}" in seen:
            continue
        seen.add(f"{first} {last}")
        names.append((first, last))
    return names


def _email(first: str, last: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e"})
    return f"{first}.{last}".lower().translate(table) + "@example.com"


def _people(org: DemoOrganisation, size: dict) -> None:
    demo_hash = make_password(DEMO_PASSWORD)
    unusable = make_password(None)
    team_count, per_team = size["teams"], size["kams_per_team"]
    names = _person_names(org.rng, team_count * (per_team + 1) + team_count * SPECIALISTS_PER_TEAM)
    people = iter(names)

    def person(title: str, language: str, email: str | None = None, password: str = unusable) -> User:
        first, last = next(people)
        return User(
            email=email or _email(first, last),
            full_name=f"{first} {last}",
            title=title,
            language=language,
            password=password,
            time_zone="Europe/Stockholm" if language == "sv" else "Europe/Oslo",
        )

    admin = User(
        email=DEMO_LOGINS["admin"],
        full_name="Admin Orchard",
        title="Administrator",
        is_staff=True,
        is_superuser=True,
        password=demo_hash,
    )
    users = [admin]
    for t in range(team_count):
        language = "sv" if TEAM_NAMES[t].startswith("Sweden") else "en"
        leader = person(
            "Sales Director",
            language,
            DEMO_LOGINS["leader"] if t == 0 else None,
            demo_hash if t == 0 else unusable,
        )
        kams = [
            person(
                "Key Account Manager",
                language,
                DEMO_LOGINS["kam"] if (t, k) == (0, 0) else None,
                demo_hash if (t, k) == (0, 0) else unusable,
            )
            for k in range(per_team)
        ]
        specialists = [
            person(org.rng.choice(RESPONSIBILITIES), language) for _ in range(SPECIALISTS_PER_TEAM)
        ]
        users += [leader, *kams, *specialists]
        org.leaders.append(leader)
        org.kams.extend(kams)
        org.specialists.extend(specialists)
    User.objects.bulk_create(users)
    org.demo_users = {"admin": admin, "leader": org.leaders[0], "kam": org.kams[0]}
    for t in range(team_count):
        team = Team.objects.create(name=TEAM_NAMES[t])
        team.leaders.add(org.leaders[t])
        team.members.add(
            *org.kams[t * per_team : (t + 1) * per_team],
            *org.specialists[t * SPECIALISTS_PER_TEAM : (t + 1) * SPECIALISTS_PER_TEAM],
        )
        org.teams.append(team)


def _company_name(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    while True:
        swedish = rng.random() < 0.35
        industry, words = rng.choice(INDUSTRIES)
        word = rng.choice(words)
        stem = rng.choice(SE_STEMS if swedish else NO_STEMS)
        if swedish:
            name = (
                f"{stem}{SE_SUFFIX[word].lower()} AB"
                if rng.random() < 0.4
                else f"{stem} {SE_SUFFIX[word]} AB"
            )
        else:
            name = f"{stem} {word} {'ASA' if rng.random() < 0.15 else 'AS'}"
        if name in used:
            name = (
                name.replace(" AS", f" {rng.choice(['Nord', 'Sør', 'Øst', 'Vest'])} AS", 1)
                if not swedish
                else name.replace(" AB", f" {rng.choice(['Syd', 'Nord', 'Väst', 'Öst'])} AB", 1)
            )
        if name not in used:
            used.add(name)
            return name, industry, "SE" if swedish else "NO"


def _status(rank: int) -> str:
    """Each KAM's first four customers are key accounts, the next two candidates, then prospects."""
    if rank < 4:
        return Customer.Status.KEY
    if rank < 6:
        return Customer.Status.CANDIDATE
    return Customer.Status.FORMER if rank % 11 == 10 else Customer.Status.PROSPECT


def _org_number(rng: random.Random, country: str, used: set[str]) -> str:
    """A made-up number with a right check digit (MOD11 in Norway, Luhn in Sweden), as stored."""
    while True:
        if country == "SE":
            digits = f"55{rng.randint(0, 9999):04d}{rng.randint(0, 999):03d}"
            digits += next(str(d) for d in range(10) if orgnumbers.valid_luhn(f"{digits}{d}"))
        else:
            digits = f"9{rng.randint(0, 9_999_999):07d}"
            digits += next((str(d) for d in range(10) if orgnumbers.valid_mod11(f"{digits}{d}")), "")
            if len(digits) != 9:
                continue  # no check digit fits this stem
        number = orgnumbers.normalise(digits, country if country in ("NO", "SE") else "")
        if number not in used:
            used.add(number)
            return number


def _website(name: str, country: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o"})
    words = [w for w in name.lower().translate(table).split() if w not in {"as", "asa", "ab"}]
    return f"https://www.{'-'.join(words)}.{country.lower()}/"


def _customers(org: DemoOrganisation, count: int) -> None:
    rng, used_names, used_numbers = org.rng, set(), set()
    per_team = len(org.kams) // len(org.teams)
    customers = []
    for index in range(count):
        kam = org.kams[index % len(org.kams)]
        team = org.teams[org.kams.index(kam) // per_team]
        name, industry, country = _company_name(rng, used_names)
        status = _status(index // len(org.kams))
        tier = 1 if status == Customer.Status.KEY and rng.random() < 0.6 else 2 if status != "prospect" else 3
        customers.append(
            Customer(
                name=name,
                industry=industry,
                country=country,
                owner=kam,
                team=team,
                status=status,
                tier=tier,
                org_number=_org_number(rng, country, used_numbers),
                website=_website(name, country),
            )
        )
    Customer.objects.bulk_create(customers, batch_size=500)
    org.customers = list(Customer.objects.select_related("owner", "team").order_by("pk"))
    now = timezone.now()
    created = {
        c.pk: now - timedelta(days=rng.randint(200, 900), minutes=rng.randint(0, 600)) for c in org.customers
    }
    for customer in org.customers:
        customer.created_at = created[customer.pk]
    Customer.objects.bulk_update(org.customers, ["created_at"], batch_size=500)
    _groups(org)
    _units(org)
    members, events = [], []
    for customer in org.customers:
        events.append(
            Event(
                customer=customer,
                actor=customer.owner,
                kind="customer.created",
                data={"status": Customer.Status.PROSPECT},
                created_at=created[customer.pk],
            )
        )
        if customer.status in {Customer.Status.KEY, Customer.Status.CANDIDATE}:
            _squad(org, customer, created[customer.pk], members, events)
        if customer.status != Customer.Status.PROSPECT:
            events.append(
                Event(
                    customer=customer,
                    actor=org.leaders[org.teams.index(customer.team)],
                    kind="customer.status_changed",
                    data={"old": Customer.Status.PROSPECT, "new": customer.status},
                    created_at=created[customer.pk] + timedelta(days=rng.randint(61, 180)),
                )
            )
    _demo_kam_on_a_colleague_account(org, members, events, now)
    AccountMember.objects.bulk_create(members, batch_size=1000, ignore_conflicts=True)
    Event.objects.bulk_create(events, batch_size=1000)


def _squad(org: DemoOrganisation, customer: Customer, created, members: list, events: list) -> None:
    """The KAM squad: one to three specialists of the customer's own team."""
    rng = org.rng
    team_index = org.teams.index(customer.team)
    specialists = org.specialists[team_index * SPECIALISTS_PER_TEAM : (team_index + 1) * SPECIALISTS_PER_TEAM]
    for person in rng.sample(specialists, k=rng.randint(1, 3)):
        role = AccountMember.Role.CONTRIBUTOR if rng.random() < 0.75 else AccountMember.Role.VIEWER
        members.append(AccountMember(customer=customer, user=person, role=role, responsibility=person.title))
        events.append(
            Event(
                customer=customer,
                actor=customer.owner,
                kind="member.added",
                data={"person": str(person), "role": role},
                created_at=created + timedelta(days=rng.randint(1, 60)),
            )
        )


def _groups(org: DemoOrganisation) -> None:
    """A few groups: some prospects belong to a key account of the same KAM and country."""
    rng = org.rng
    keys = [c for c in org.customers if c.status == Customer.Status.KEY]
    children = []
    for customer in org.customers:
        if customer.status == Customer.Status.PROSPECT and rng.random() < 0.12:
            parents = [k for k in keys if k.owner_id == customer.owner_id and k.country == customer.country]
            if parents:
                customer.parent = rng.choice(parents)
                children.append(customer)
    Customer.objects.bulk_update(children, ["parent"], batch_size=500)


def _units(org: DemoOrganisation) -> None:
    """Business units, countries and locations of key accounts and candidates: the white-space axis."""
    rng, units = org.rng, []
    for customer in org.customers:
        if customer.status not in {Customer.Status.KEY, Customer.Status.CANDIDATE}:
            continue
        for name in rng.sample(BUSINESS_UNITS, k=rng.randint(2, 4)):
            units.append(CustomerUnit(customer=customer, kind=CustomerUnit.Kind.UNIT, name=name))
        for country in sorted({customer.country, *rng.sample(["NO", "SE", "DK", "FI"], k=rng.randint(0, 2))}):
            units.append(
                CustomerUnit(customer=customer, kind=CustomerUnit.Kind.COUNTRY, name=country, country=country)
            )
        for city in rng.sample(CITIES[customer.country], k=rng.randint(1, 3)):
            units.append(
                CustomerUnit(
                    customer=customer, kind=CustomerUnit.Kind.LOCATION, name=city, country=customer.country
                )
            )
    CustomerUnit.objects.bulk_create(units, batch_size=1000)


def _demo_kam_on_a_colleague_account(org: DemoOrganisation, members: list, events: list, now) -> None:
    """The demo KAM also contributes to a colleague's key account, as squads do."""
    kam = org.demo_users["kam"]
    colleague_key = next(
        (
            c
            for c in org.customers
            if c.owner_id != kam.pk and c.status == Customer.Status.KEY and c.team_id == org.teams[0].pk
        ),
        None,
    )
    if colleague_key is None:
        return
    members.append(
        AccountMember(
            customer=colleague_key, user=kam, role=AccountMember.Role.CONTRIBUTOR, responsibility="Second KAM"
        )
    )
    events.append(
        Event(
            customer=colleague_key,
            actor=colleague_key.owner,
            kind="member.added",
            data={"person": str(kam), "role": AccountMember.Role.CONTRIBUTOR},
            created_at=now - timedelta(days=30),
        )
    )
