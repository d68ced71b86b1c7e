"""The benchmark harness behind `manage.py bench`: `harness` holds the scenarios, the timing loop and
the Markdown report; `urls` is the URLconf that adds the trivial page every page is measured
against.

Apps add their pages to `SCENARIOS` from their own `<app>/bench.py`, which `discover()` imports
for every installed app; this package is the core's own such module.
"""

from accounts.bench.harness import (
    BENCH_URLCONF,
    MAX_HTML_KIB,
    MAX_QUERIES,
    PAGE_RATIO,
    PORTFOLIO_RATIO,
    SCENARIOS,
    BenchError,
    Measurement,
    Scenario,
    UrlFor,
    budget_misses,
    data_facts,
    database_version,
    discover,
    format_table,
    machine_facts,
    percent,
    percentile,
    run,
    select_scenarios,
)

__all__ = [
    "BENCH_URLCONF",
    "MAX_HTML_KIB",
    "MAX_QUERIES",
    "PAGE_RATIO",
    "PORTFOLIO_RATIO",
    "SCENARIOS",
    "BenchError",
    "Measurement",
    "Scenario",
    "UrlFor",
    "budget_misses",
    "data_facts",
    "database_version",
    "discover",
    "format_table",
    "machine_facts",
    "percent",
    "percentile",
    "run",
    "select_scenarios",
]

# The core's own background work (the import and the health snapshot) registers itself in JOBS.
from accounts.bench import work  # noqa: E402, F401
