"""Demo data for financial history and customer profiles.

Five whole years (2022–2026) for every customer, the first three quarters of 2026 for key accounts
(the fourth is still running in the demo's November), and profile sections for key accounts and
candidates. Amounts are believable NOK figures with growth and decline; texts are short, in
English, about Norwegian and Swedish companies. Uses only `org.rng`, so every run is the same,
and bulk inserts, so the large demo (2,000 customers) stays quick.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DemoOrganisation
from accounts.models import Customer, Event, FinancialPeriod, ProfileSection

YEARS = range(2022, 2027)
QUARTERS_SO_FAR = (1, 2, 3)
SEASON = (Decimal("0.23"), Decimal("0.25"), Decimal("0.24"), Decimal("0.28"))
THOUSAND, HUNDRED_THOUSAND = Decimal(1000), Decimal(100_000)

# 2022 revenue range (NOK) and yearly growth (mean, spread) by status.
REVENUE_2022 = {
    Customer.Status.KEY: (5_000_000, 60_000_000),
    Customer.Status.CANDIDATE: (1_000_000, 12_000_000),
    Customer.Status.PROSPECT: (50_000, 2_000_000),
    Customer.Status.FORMER: (1_000_000, 8_000_000),
}
GROWTH = {
    Customer.Status.KEY: (0.07, 0.08),
    Customer.Status.CANDIDATE: (0.12, 0.12),
    Customer.Status.PROSPECT: (0.02, 0.15),
    Customer.Status.FORMER: (-0.35, 0.12),
}


def extend(org: DemoOrganisation) -> None:
    rng = org.rng
    periods: list[FinancialPeriod] = []
    latest: dict[int, Decimal] = {}
    for customer in org.customers:
        rows = _financials(rng, customer)
        latest[customer.pk] = rows[-1].revenue
        periods.extend(rows)
        if customer.status == Customer.Status.KEY:
            periods.extend(_quarters(rng, customer, rows[-1]))
    FinancialPeriod.objects.bulk_create(periods, batch_size=2000)
    _profiles(org, latest)


def _round(value: float | Decimal, unit: Decimal) -> Decimal:
    return (Decimal(str(value)) / unit).quantize(Decimal(1)) * unit


def _financials(rng: random.Random, customer: Customer) -> list[FinancialPeriod]:
    low, high = REVENUE_2022[customer.status]
    revenue = (
        rng.uniform(low, high) if customer.status != Customer.Status.KEY else _log_uniform(rng, low, high)
    )
    mean, spread = GROWTH[customer.status]
    trend = rng.gauss(mean, spread)
    margin = rng.uniform(0.18, 0.40)
    multiple = rng.uniform(2.0, 6.0)
    market = rng.gauss(0.03, 0.03)
    spend = revenue * multiple
    known_from = 2022 if rng.random() < 0.85 else rng.choice((2023, 2024))  # estimates started later
    rows = []
    for year in YEARS:
        if year > YEARS[0]:
            revenue = max(revenue * (1 + trend + rng.gauss(0, 0.05)), 0.0)
            spend = max(spend * (1 + market + rng.gauss(0, 0.03)), revenue * 1.2)
        ratio = min(max(margin + rng.gauss(0, 0.015), 0.15), 0.42)
        amount = _round(revenue, THOUSAND)
        rows.append(
            FinancialPeriod(
                customer=customer,
                year=year,
                quarter=0,
                revenue=amount,
                gross_margin=_round(float(amount) * ratio, THOUSAND),
                their_spend=_round(spend, HUNDRED_THOUSAND) if year >= known_from else None,
            )
        )
    return rows


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    """Few very large key accounts, more middle-sized ones: the usual shape of a portfolio."""
    return low * (high / low) ** rng.random()


def _quarters(rng: random.Random, customer: Customer, year: FinancialPeriod) -> list[FinancialPeriod]:
    rows = []
    for quarter in QUARTERS_SO_FAR:
        share = SEASON[quarter - 1] * Decimal(str(rng.uniform(0.92, 1.08)))
        revenue = _round(year.revenue * share, THOUSAND)
        ratio = Decimal(str(rng.uniform(-0.02, 0.02))) + year.gross_margin / (year.revenue or 1)
        spend = _round(year.their_spend / 4, HUNDRED_THOUSAND) if year.their_spend else None
        rows.append(
            FinancialPeriod(
                customer=customer,
                year=year.year,
                quarter=quarter,
                revenue=revenue,
                gross_margin=min(_round(revenue * ratio, THOUSAND), revenue),
                their_spend=max(spend, revenue) if spend is not None else None,
            )
        )
    return rows


def _profiles(org: DemoOrganisation, latest: dict[int, Decimal]) -> None:
    rng, now = org.rng, timezone.now()
    sections, dates = [], []
    for customer in org.customers:
        if customer.status not in {Customer.Status.KEY, Customer.Status.CANDIDATE}:
            continue
        for key in _keys_written(rng, customer):
            body = _text(rng, customer, key, latest[customer.pk])
            sections.append(
                ProfileSection(
                    customer=customer,
                    key=key,
                    body=body,
                    updated_by=customer.owner,
                    version=rng.randint(1, 4),
                )
            )
            dates.append(now - timedelta(days=rng.randint(3, 240), minutes=rng.randint(0, 600)))
    ProfileSection.objects.bulk_create(sections, batch_size=500)
    for section, when in zip(sections, dates, strict=True):
        section.updated_at = when
    if all(section.pk for section in sections):  # backends that return ids: date the sections
        ProfileSection.objects.bulk_update(sections, ["updated_at"], batch_size=500)
    Event.objects.bulk_create(
        [
            Event(
                customer=section.customer,
                actor=section.updated_by,
                kind="profile.updated",
                data={"profile_section": section.key},
                created_at=when,
            )
            for section, when in zip(sections, dates, strict=True)
        ],
        batch_size=1000,
    )


def _keys_written(rng: random.Random, customer: Customer) -> list[str]:
    keys = list(ProfileSection.Key.values)
    if customer.status == Customer.Status.KEY:
        return [key for key in keys if key in {"business", "goals"} or rng.random() < 0.85]
    return ["business", "goals", *[key for key in keys[2:] if rng.random() < 0.35]]


def _text(rng: random.Random, customer: Customer, key: str, revenue: Decimal) -> str:
    swedish = customer.country == "SE"
    values = {
        "name": customer.name,
        "home": "Sweden" if swedish else "Norway",
        "neighbour": "Norway" if swedish else "Sweden",
        "hub": rng.choice(
            ["Jönköping", "Norrköping", "Gothenburg"] if swedish else ["Gardermoen", "Drammen", "Bergen"]
        ),
        "volume": f"{revenue / 1_000_000:.1f} MNOK",
        "year": YEARS[-1],
    }
    public = customer.industry in PUBLIC_INDUSTRIES
    if swedish and key in SWEDISH_TEXTS.get(customer.industry, {}):
        template = SWEDISH_TEXTS[customer.industry][key]
    elif key in INDUSTRY_TEXTS.get(customer.industry, {}):
        template = INDUSTRY_TEXTS[customer.industry][key]
    else:
        template = rng.choice((PUBLIC_TEXTS if public else {}).get(key) or GENERAL_TEXTS[key])
    return template.format(**values)


INDUSTRY_TEXTS: dict[str, dict[str, str]] = {
    "Energy": {
        "business": (
            "{name} produces hydropower and runs the regional grid in its part of {home}. Revenue comes from:\n"
            "- power sales on Nord Pool (about 60 %)\n"
            "- grid tariffs, set within the regulator's revenue cap (about 30 %)\n"
            "- district heating and EV charging, small but growing"
        ),
        "goals": (
            "- Upgrade two older plants for more capacity without new dams\n"
            "- 400 fast chargers by 2028\n"
            "- Own emissions down 55 % by 2030 against 2019\n"
            "- Outage minutes below the regulator's benchmark every year"
        ),
        "trends": (
            "**Electrification** drives demand: industry and data centres ask for grid capacity that is not "
            "there yet, and the connection queue is long. **CSRD** and the **EU taxonomy** reach them from the "
            "{year} reporting year. New tariff rules and local flexibility markets change how they plan investments."
        ),
    },
    "Seafood": {
        "business": (
            "{name} farms salmon at sites along the coast and runs its own harvesting plant. Revenue:\n"
            "- fresh whole salmon to the EU (about 70 %)\n"
            "- processed fillets to Asia and the US\n"
            "- smolt sold to other farmers"
        ),
        "goals": (
            "- Grow within the licence limits (MAB) by keeping the fish longer on land\n"
            "- Half as many sea lice treatments by 2027\n"
            "- ASC certification on every site"
        ),
        "trends": (
            "The **ground rent tax** on aquaculture and the traffic-light system for production areas decide how "
            "much they may grow. Closed and semi-closed pens, stricter sea lice and fish welfare rules from the "
            "Food Safety Authority drive investment, and EU buyers ask for CO₂ per kilo."
        ),
    },
    "Construction": {
        "business": (
            "{name} is a regional contractor: schools, care homes and housing for municipalities and private "
            "developers, plus civil works (roads, water and sewage). Public clients are about half the order book."
        ),
        "goals": (
            "- Order book above 4 BNOK\n"
            "- Fossil-free building sites by 2027, which several municipalities already demand\n"
            "- Operating margin up from 3 % to 5 %"
        ),
        "trends": (
            "Zero-emission building sites are becoming a requirement in public tenders. The **EU taxonomy**, "
            "stricter energy rules for new buildings, BIM-based handover and higher interest rates (fewer housing "
            "starts) all shape their next years."
        ),
    },
    "Logistics": {
        "business": (
            "{name} runs road freight and warehousing in {home} and {neighbour}. Revenue:\n"
            "- contract logistics (3PL) for retail and industry, about 55 %\n"
            "- groupage and full loads, about 35 %\n"
            "- a growing parcel business"
        ),
        "goals": (
            "- Electric trucks on all city distribution by 2028\n"
            "- A new automated warehouse near {hub}\n"
            "- Two more 3PL contracts in e-commerce"
        ),
        "trends": (
            "Electric and biogas trucks, toll exemptions for zero-emission vehicles, a lasting driver shortage, "
            "and customers' **Scope 3** reporting under CSRD that asks for emissions per shipment."
        ),
    },
    "Healthcare": {
        "business": (
            "{name} runs clinics and occupational health services at fourteen locations in {home}. About 40 % of "
            "revenue is public contracts through the health trust; the rest is insurance-funded treatment and "
            "company health services."
        ),
        "goals": (
            "- 80 % of patients treated within four weeks\n"
            "- Video consultations for a third of follow-ups\n"
            "- Two new clinics in the west"
        ),
        "trends": (
            "Shortage of nurses and specialists, strict rules for patient data (GDPR and the patient records "
            "acts), cloud services and AI in diagnostics, and public tenders that weigh quality above price."
        ),
    },
    "Retail": {
        "business": (
            "{name} runs about 120 grocery and convenience stores, most of them franchised, with central "
            "purchasing and a growing online business (click and collect)."
        ),
        "goals": (
            "- Online share of sales from 4 % to 10 %\n"
            "- Food waste halved by 2030 (the industry agreement)\n"
            "- Energy use per store down 20 %"
        ),
        "trends": (
            "Price pressure from discount chains, self-checkout and electronic shelf labels, the Transparency "
            "Act for supply chains, and the EU packaging regulation (PPWR)."
        ),
    },
    "Manufacturing": {
        "business": (
            "{name} makes components for the maritime and offshore industries in two plants and sells service "
            "agreements for installed equipment. Exports are about 70 % of revenue."
        ),
        "goals": (
            "- Service revenue from 20 % to 35 % of the total\n"
            "- A third plant, in {neighbour} or Poland\n"
            "- An automated welding line in 2027"
        ),
        "trends": (
            "Offshore wind and the electrification of ships create new demand; CBAM and the **EU taxonomy** "
            "affect steel prices and reporting; skilled workers are hard to find, so automation is a must."
        ),
    },
    "Public sector": {
        "business": (
            "{name} serves about 45 000 inhabitants. The yearly budget is around 4 BNOK, mostly health and care, "
            "schools and technical services, funded by taxes and transfers from the state."
        ),
        "goals": (
            "- A net operating surplus of 2 %\n"
            "- One digital front door for citizens, one case handling system behind it\n"
            "- Emissions halved by 2030 (the climate plan)"
        ),
        "trends": (
            "An ageing population raises care costs; the state pushes welfare technology and shared digital "
            "solutions; public procurement rules and tighter information security requirements (**NIS2**)."
        ),
    },
    "Real estate": {
        "business": (
            "{name} owns and manages some sixty commercial properties — offices, logistics and retail — in and "
            "around the largest cities in {home}. Rental income is the business; services for tenants grow."
        ),
        "goals": (
            "- BREEAM-In-Use *Very Good* for every property by 2028\n"
            "- Occupancy up from 91 % to 95 %\n"
            "- Green bonds to finance the refurbishment programme"
        ),
        "trends": (
            "**EU taxonomy** alignment decides what green loans cost them; energy labelling, tenants who want "
            "flexible offices, and interest rates that have changed property values."
        ),
    },
    "Food and beverages": {
        "business": (
            "{name} produces for grocery chains (about 65 % of revenue) and for hotels, restaurants and cafés. "
            "Most volume is sold in {home}; export is small but growing."
        ),
        "goals": (
            "- Low- and no-alcohol and sugar-free products to a quarter of volume\n"
            "- 100 % recycled plastic in bottles\n"
            "- A new filling line in 2027"
        ),
        "trends": (
            "The deposit return system, sugar and alcohol taxes, EU packaging rules (PPWR), and consumers moving "
            "to low- and no-alcohol products."
        ),
    },
}

GENERAL_TEXTS: dict[str, list[str]] = {
    "business": [
        "{name} sells products and services to companies in {home} and {neighbour}; most revenue comes from "
        "long-term agreements with a few large customers.",
    ],
    "goals": ["- Grow 5–8 % a year\n- Enter the market in {neighbour}\n- Fewer, larger suppliers"],
    "trends": ["Digitalisation, CSRD reporting and the **EU taxonomy**, and a tight labour market."],
    "success": [
        (
            "They steer by:\n"
            "- EBITDA margin (target 12 %)\n"
            "- order intake and order book\n"
            "- safety: lost-time injuries per million hours (H1 below 2)\n"
            "- customer satisfaction, measured twice a year"
        ),
        (
            "- Return on capital employed above 10 %\n"
            "- On-time, in-full deliveries above 96 %\n"
            "- Employee engagement survey\n"
            "- Emissions per unit produced"
        ),
        (
            "Management bonuses are tied to **cost per unit**, **availability** and **safety**. The board follows "
            "a monthly scorecard with revenue growth, margin and sick leave."
        ),
    ],
    "challenges": [
        (
            "- Costs up (energy, wages), prices hard to raise\n"
            "- Hard to recruit engineers and skilled workers\n"
            "- Old IT systems slow down reporting\n\n"
            "Priority for the coming year: **efficiency before growth**."
        ),
        (
            "- Integration after last year's acquisition of a competitor\n"
            "- Too many suppliers in our category; procurement wants fewer\n"
            "- Sustainability reporting (CSRD) takes more people than planned"
        ),
        "Growth has outrun the organisation: processes built for a smaller company. The CFO's priority is "
        "standardisation and fewer, larger suppliers.",
        "International competitors press their margins. Priorities: automation, better use of capacity, and more "
        "service revenue.",
    ],
    "decisions": [
        (
            "The CEO and the management team decide on investments above 5 MNOK; the board above 50 MNOK. "
            "Procurement runs tenders together with the business areas, and **the CFO has the final say** on frame "
            "agreements. Operations managers are the daily users and strong influencers."
        ),
        "Decentralised: each business area chooses suppliers within the group's frame agreements. The group "
        "category manager renews the frame agreement every third year.",
        "Owner-managed: the founder still decides anything strategic. The COO is the day-to-day contact and "
        "prepares decisions; the IT manager is the gatekeeper for anything with integrations.",
    ],
    "projects": [
        (
            "- ERP replacement (2026–2027), budget about 40 MNOK\n"
            "- A new site opening next year\n"
            "- Our frame agreement runs to the end of 2027; about {volume} a year"
        ),
        (
            "- Energy efficiency programme across all sites\n"
            "- Pilot of our monitoring service at two locations\n"
            "- Business volume with us: about {volume} this year"
        ),
        (
            "- Expansion of the main plant, 120 MNOK, decided in March\n"
            "- Electric vehicle fleet by 2028\n"
            "- Our volume: {volume} this year, up from last year"
        ),
    ],
}

# Municipalities and health services steer, decide and buy differently from companies.
PUBLIC_INDUSTRIES = {"Public sector", "Healthcare"}
PUBLIC_TEXTS: dict[str, list[str]] = {
    "success": [
        "Success is measured against the owner's strategy: budget discipline, user satisfaction and the climate "
        "targets in the annual report.",
        (
            "- Waiting times and user satisfaction surveys\n"
            "- Sick leave among their own staff\n"
            "- Staying within budget, reported every tertial"
        ),
    ],
    "challenges": [
        (
            "- An ageing population: more care needs, fewer people of working age\n"
            "- Budgets that grow slower than the needs\n"
            "- Hard to recruit nurses and engineers\n\n"
            "Priority: **digital services** that free up time for care."
        ),
        GENERAL_TEXTS["challenges"][1],
    ],
    "decisions": [
        "Public procurement: the service units define the need, the procurement office runs the competition, and "
        "the chief executive signs contracts above the threshold.",
        (
            "The procurement office owns every frame agreement; the IT department decides on integrations and "
            "information security. The elected council approves investments above 10 MNOK."
        ),
    ],
    "projects": [
        (
            "- Moving data centre workloads to the cloud\n"
            "- One case handling system for all units\n"
            "- Tender for our category expected in spring 2027; our current volume is {volume}"
        ),
        (
            "- Welfare technology roll-out in home care\n"
            "- New health centre, opening 2027\n"
            "- Our volume under the frame agreement: about {volume} a year"
        ),
    ],
}

# Where a Swedish company lives under other rules than a Norwegian one.
SWEDISH_TEXTS: dict[str, dict[str, str]] = {
    "Energy": {
        "business": (
            "{name} produces hydro and wind power and owns the local grid in its part of {home}. Revenue comes from:\n"
            "- power sales on Nord Pool, price areas SE2 and SE3\n"
            "- grid tariffs within the revenue cap set by the Energy Markets Inspectorate\n"
            "- district heating and EV charging, small but growing"
        ),
    },
    "Seafood": {
        "trends": (
            "Permits for new farms in {home} take years, so growth comes from land-based farming and from buying "
            "Norwegian and Danish suppliers. EU buyers ask for CO₂ per kilo, and the **EU taxonomy** and CSRD "
            "reach them through their banks and their largest customers."
        ),
    },
}
