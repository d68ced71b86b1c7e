"""A believable Nordic organisation for demos and benchmarks, built from a fixed random seed.

`organisation` builds the people, teams, customers and units and runs `seed`; every other subject
adds its data through an `extend(org)` module listed in `DEMO_MODULES`: the core's own here
(`selection`, `financials`, `stakeholders`) and the feature apps' `<app>/demo.py` the same way.
"""

from accounts.demo.organisation import (
    DEMO_LOGINS,
    DEMO_MODULES,
    DEMO_PASSWORD,
    SEED,
    SIZES,
    AlreadySeeded,
    DemoOrganisation,
    is_seeded,
    seed,
)

__all__ = [
    "DEMO_LOGINS",
    "DEMO_MODULES",
    "DEMO_PASSWORD",
    "SEED",
    "SIZES",
    "AlreadySeeded",
    "DemoOrganisation",
    "is_seeded",
    "seed",
]
