"""Demo data for risk: contracts, competitors, risk registers, reviews and exposed industries.

Concentration and dependency come from the financials demo (`accounts.demo.financials`), which
runs first. Contracts expire over the next three years; some reviews are overdue.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DemoOrganisation
from accounts.models import Customer, CustomerUnit
from risk.models import CompetitorPresence, Contract, ExposedIndustry, RiskItem, RiskReview

COMPETITORS = [
    "Norvik Solutions",
    "Fjordtech",
    "Baltic Supply",
    "Skagerak Partners",
    "Nordlys Systems",
    "Vesta Group",
    "Kjølen Industri",
    "Sundet AB",
    "Østersjø Service",
    "Polar Partners",
]
EXPOSED = [
    ("Seafood", "export prices and new sea-lice rules squeeze margins"),
    ("Construction", "high interest rates slow new projects"),
]
RISKS = [
    (
        "people",
        "Our champion may leave after the reorganisation",
        "Build relationships with two more managers",
    ),
    ("competitor", "A competitor is running a pilot in a second unit", "Offer a joint improvement workshop"),
    ("technology", "They are moving to a cloud platform we do not support", "Show the integration roadmap"),
    ("dependency", "One project carries most of this year's revenue", "Open a second business area"),
    ("contract", "The framework agreement goes to public tender", "Prepare the tender team early"),
    ("delivery", "Two late deliveries this quarter", "Weekly delivery review with their operations lead"),
    ("other", "Budget freeze announced for next year", "Agree on priorities with the economic buyer"),
]
NOTICE = [(3, "months"), (6, "months"), (90, "days"), (12, "months"), (1, "months")]
STATUSES = ["open"] * 6 + ["mitigating"] * 3 + ["closed"]


def extend(org: DemoOrganisation) -> None:
    today = timezone.localdate()
    ExposedIndustry.objects.bulk_create(
        [ExposedIndustry(name=name, reason=reason) for name, reason in EXPOSED], ignore_conflicts=True
    )
    accounts = [c for c in org.customers if c.status == Customer.Status.KEY]
    units = defaultdict(list)
    for unit in CustomerUnit.objects.filter(customer__in=[c.pk for c in accounts]):
        units[unit.customer_id].append(unit)
    contracts, competitors, risks, reviews = [], [], [], []
    for customer in accounts:
        contracts += _contracts(org, customer, today)
        competitors += _competitors(org, customer, units[customer.pk])
        risks += _risks(org, customer, today)
        reviews += _reviews(org, customer, today)
    Contract.objects.bulk_create(contracts, batch_size=1000)
    CompetitorPresence.objects.bulk_create(competitors, batch_size=1000)
    RiskItem.objects.bulk_create(risks, batch_size=1000)
    RiskReview.objects.bulk_create(reviews, batch_size=1000)


def _contracts(org: DemoOrganisation, customer: Customer, today: datetime.date) -> list[Contract]:
    rng = org.rng
    expiry = today + datetime.timedelta(days=rng.randint(20, 3 * 365))
    start = expiry - datetime.timedelta(days=365 * rng.randint(2, 5))
    amount, unit = rng.choice(NOTICE)
    rows = [
        Contract(
            customer=customer,
            title=rng.choice(["Framework agreement", "Service agreement", "Supply agreement"]),
            start=start,
            expiry=expiry,
            notice_amount=amount,
            notice_unit=unit,
            renewal_terms=rng.choice(
                [
                    "Renews for 12 months unless terminated",
                    "Ends at expiry; renewal by tender",
                    "Renews yearly",
                ]
            ),
            value=Decimal(rng.randint(20, 400) * 100_000),
        )
    ]
    if rng.random() < 0.35:
        rows.append(
            Contract(
                customer=customer,
                title="SLA appendix",
                start=start,
                expiry=start + datetime.timedelta(days=365 * 3),
                notice_amount=3,
                notice_unit="months",
                renewal_terms="Follows the main agreement",
            )
        )
    return rows


def _competitors(org: DemoOrganisation, customer: Customer, units: list) -> list[CompetitorPresence]:
    rng = org.rng
    return [
        CompetitorPresence(
            customer=customer,
            name=name,
            unit=rng.choice(units) if units and rng.random() < 0.5 else None,
            strength=rng.choice([1, 2, 2, 3]),
            share_estimate=Decimal(rng.randint(5, 45)),
        )
        for name in rng.sample(COMPETITORS, k=rng.randint(0, 3))
    ]


def _risks(org: DemoOrganisation, customer: Customer, today: datetime.date) -> list[RiskItem]:
    rng = org.rng
    return [
        RiskItem(
            customer=customer,
            title=title,
            category=category,
            likelihood=rng.randint(1, 5),
            impact=rng.randint(2, 5),
            mitigation=mitigation,
            owner=customer.owner,
            due=today + datetime.timedelta(days=rng.randint(-20, 160)),
            status=rng.choice(STATUSES),
            created_by=customer.owner,
        )
        for category, title, mitigation in rng.sample(RISKS, k=rng.randint(1, 5))
    ]


def _reviews(org: DemoOrganisation, customer: Customer, today: datetime.date) -> list[RiskReview]:
    rng = org.rng
    if rng.random() < 0.15:
        return []
    done = today - datetime.timedelta(days=rng.randint(5, 160))
    return [
        RiskReview(
            customer=customer,
            reviewed_at=done,
            reviewed_by=customer.owner,
            summary=rng.choice(
                [
                    "Went through the register with the account team; no new risks.",
                    "Competitor activity up in one unit; added a risk and a mitigation.",
                    "Contract renewal coming; agreed to start the dialogue early.",
                ]
            ),
            next_review_due=done + datetime.timedelta(days=90),
        )
    ]
