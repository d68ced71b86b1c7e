"""Seed the selection criteria the product brief names, so scoring works on a fresh install.

The texts are data, in English, for administrators and leaders to adjust (weights above all)
together with management. Existing criteria with the same names are left as they are.
"""

from django.db import migrations

DEFAULT_CRITERIA = [
    {
        "name": "Revenue",
        "weight": 20,
        "axis": "attractiveness",
        "description": "What the customer buys from us today, compared with our other customers.",
        "anchors": [
            "Among our smallest customers; occasional purchases",
            "Below the average customer",
            "An average customer for us",
            "Among our top 20 % of customers by revenue",
            "Among our largest customers; a big share of our total revenue",
        ],
    },
    {
        "name": "Margin",
        "weight": 15,
        "axis": "attractiveness",
        "description": "The gross margin we earn with the customer, after discounts and the cost to serve.",
        "anchors": [
            "We lose money or barely break even on this customer",
            "Clearly below our average margin",
            "About our average margin",
            "Above our average margin",
            "Among our most profitable customers",
        ],
    },
    {
        "name": "Growth potential",
        "weight": 20,
        "axis": "attractiveness",
        "description": (
            "Room to grow with them: more business areas, locations and countries we do not serve yet, "
            "and an industry that is growing."
        ),
        "anchors": [
            "Shrinking or in an industry in decline; no new areas within reach",
            "Stable; little we do not already sell them",
            "Some new areas or locations we could win over time",
            "Several business areas, locations or countries open to us; a growing industry",
            "Large untapped potential across units and countries, in a fast-growing industry",
        ],
    },
    {
        "name": "Strategic importance",
        "weight": 15,
        "axis": "attractiveness",
        "description": (
            "What the customer means beyond its own revenue: a reference or 'logo' customer, a door "
            "into a segment, a partner for developing our offering."
        ),
        "anchors": [
            "No value beyond the business itself",
            "Useful as a reference on request",
            "A good reference in its segment",
            "A strong 'logo' customer others ask about; opens doors in the segment",
            "Defines our position in the market; a showcase and development partner",
        ],
    },
    {
        "name": "Business risk if lost",
        "weight": 10,
        "axis": "attractiveness",
        "description": "What happens to us if we lose the customer: revenue, people, capacity, reputation.",
        "anchors": [
            "Hardly noticed; easily replaced",
            "A gap we would fill within a year",
            "Noticeable in results; some capacity left idle",
            "Hurts results and reputation; hard to replace",
            "Threatens a business area or jobs; cannot be replaced in the short term",
        ],
    },
    {
        "name": "Willingness to partner",
        "weight": 15,
        "axis": "position",
        "description": (
            "Whether the customer wants to develop together with us: shared plans, access to decision "
            "makers, openness about their goals."
        ),
        "anchors": [
            "Buys on price through tenders; no interest in a closer relationship",
            "Open to meetings, but decisions are made without us",
            "Shares some plans; we meet a few decision makers",
            "Invites us into planning; regular strategic meetings",
            "Sees us as a partner: joint goals, shared plans and access at every level",
        ],
    },
    {
        "name": "Internal complexity",
        "weight": 5,
        "axis": "position",
        "description": (
            "Does the customer need special resources and several of our units working together, and "
            "are we set up to give them that? Scored as how well we meet their complexity."
        ),
        "anchors": [
            "Needs resources we do not have or cannot coordinate",
            "Needs several of our units; coordination is ad hoc and often fails",
            "Needs some coordination; we manage it with effort",
            "Needs several of our units and we coordinate them well",
            "Complex needs across units and countries that we already serve as one team",
        ],
    },
]


def seed_criteria(apps, schema_editor):
    Criterion = apps.get_model("accounts", "Criterion")
    for order, spec in enumerate(DEFAULT_CRITERIA, start=1):
        anchors = {f"anchor_{level}": text for level, text in enumerate(spec["anchors"], start=1)}
        Criterion.objects.get_or_create(
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "weight": spec["weight"],
                "axis": spec["axis"],
                "order": order * 10,
                "active": True,
                **anchors,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_selection"),
    ]

    # Going back leaves the criteria (and any scores on them) in place.
    operations = [migrations.RunPython(seed_criteria, migrations.RunPython.noop)]
