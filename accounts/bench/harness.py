"""The benchmark harness: the scenarios to time, the timing loop and the Markdown report.

Apps add their pages to `SCENARIOS` from their own `<app>/bench.py`, which `manage.py bench`
imports for every installed app (as the admin finds `admin.py` modules). The budget figures are
DESIGN.md's "Quality bars". `percentile`, `Measurement`, `format_table` and `select_scenarios`
work on plain values, so they are tested without a database.
"""

from __future__ import annotations

import math
import os
import platform
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Literal

import django
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from accounts import pagecache
from accounts.demo import DEMO_LOGINS
from accounts.models import AccountMember, Customer, Event, Team, User

Role = Literal["kam", "leader", "admin"]
UrlFor = Callable[[User | None], str]

MAX_QUERIES = 15
PAGE_RATIO = 0.25
PORTFOLIO_RATIO = 0.12
MAX_HTML_KIB = 60
BENCH_URLCONF = "accounts.bench.urls"


class BenchError(Exception):
    """A scenario could not be measured (for example its page did not answer 200)."""


@dataclass(frozen=True)
class Scenario:
    """One page request to time: who asks (None: anonymous), which URL, which extra headers.

    `min_ratio` is the share of the trivial page's throughput the budget asks for; None: no
    throughput budget (the trivial page itself).
    """

    name: str
    role: Role | None
    url: UrlFor
    headers: Mapping[str, str] = field(default_factory=dict)
    min_ratio: float | None = PAGE_RATIO
    # Readies the client before timing, for a visitor who is not a user (a customer guest's session).
    setup: Callable[[Client], None] | None = None


def _named(url_name: str) -> UrlFor:
    return lambda user: reverse(url_name)


def _on_key_account(url_name: str) -> UrlFor:
    """A URL about the user's first key account: the same customer on every run of the same seed."""

    def url(user: User | None) -> str:
        customer = Customer.objects.owned_by(user).key_accounts().order_by("pk").first()
        if customer is None:
            raise BenchError(f"{user} owns no key account; is the bench database seeded?")
        return reverse(url_name, args=[customer.pk])

    return url


BASELINE = Scenario("trivial page (one query, template)", None, _named("bench-baseline"), min_ratio=None)

SCENARIOS: list[Scenario] = [
    Scenario("home (My accounts, KAM)", "kam", _named("accounts:home")),
    Scenario("customer page (KAM's key account)", "kam", _on_key_account("accounts:customer-detail")),
    Scenario(
        "customer timeline fragment (htmx)",
        "kam",
        _on_key_account("accounts:customer-timeline"),
        headers={"HX-Request": "true"},
    ),
    Scenario("portfolio (leader)", "leader", _named("accounts:portfolio"), min_ratio=PORTFOLIO_RATIO),
    Scenario(
        "portfolio (admin, every team)", "admin", _named("accounts:portfolio"), min_ratio=PORTFOLIO_RATIO
    ),
    Scenario("account health (KAM's key account)", "kam", _on_key_account("accounts:customer-health")),
    Scenario("login page (anonymous)", None, _named("accounts:login")),
    Scenario("customer list (KAM, first page of 50)", "kam", _named("accounts:customer-list")),
    Scenario(
        "customer list (admin, 2,000 customers by revenue)",
        "admin",
        lambda user: reverse("accounts:customer-list") + "?sort=-revenue",
    ),
    Scenario("ranking (leader)", "leader", _named("accounts:ranking"), min_ratio=PORTFOLIO_RATIO),
    Scenario("calibration (leader)", "leader", _named("accounts:calibration"), min_ratio=PORTFOLIO_RATIO),
    Scenario(
        "calibration (admin, first page of 25)",
        "admin",
        _named("accounts:calibration"),
        min_ratio=PORTFOLIO_RATIO,
    ),
    Scenario("home (leader: exceptions and coaching)", "leader", _named("accounts:home")),
    Scenario(
        "30-day start (leader, every KAM)", "leader", _named("accounts:start"), min_ratio=PORTFOLIO_RATIO
    ),
]


def discover() -> None:
    """Import `<app>.bench` for every installed app, so each app's scenarios are registered."""
    autodiscover_modules("bench")


def select_scenarios(scenarios: Sequence[Scenario], wanted: Sequence[str]) -> list[Scenario]:
    """Every scenario when nothing is asked for; otherwise, in registry order, those whose name
    contains any asked-for text (case-insensitive). Raises LookupError for a text matching none."""
    for text in wanted:
        if not any(text.lower() in s.name.lower() for s in scenarios):
            raise LookupError(text)
    if not wanted:
        return list(scenarios)
    return [s for s in scenarios if any(text.lower() in s.name.lower() for text in wanted)]


# --- Figures -------------------------------------------------------------------------------------
def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100), interpolating linearly between the two nearest ranks.

    Raises ValueError for an empty sequence or a p outside 0–100.
    """
    if not values:
        raise ValueError("A percentile needs at least one value.")
    if not 0 <= p <= 100:
        raise ValueError(f"A percentile is between 0 and 100, not {p}.")
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Measurement:
    """One scenario's figures: the time of each timed request, and the SQL queries and HTML
    bytes of one request made after the warm-up."""

    name: str
    timings_ms: Sequence[float]
    queries: int
    html_bytes: int
    min_ratio: float | None = None
    # The same page drawn as on a page-cache miss (`accounts.pagecache.drawn`); empty when not timed.
    drawn_ms: Sequence[float] = ()

    @property
    def median_ms(self) -> float:
        return percentile(self.timings_ms, 50)

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 95)

    @property
    def per_second(self) -> float:
        """Requests per second when made one after another on one thread."""
        return 1000 * len(self.timings_ms) / sum(self.timings_ms)

    @property
    def drawn_per_second(self) -> float | None:
        """Requests per second when every request must draw its page; None when not timed."""
        return 1000 * len(self.drawn_ms) / sum(self.drawn_ms) if self.drawn_ms else None

    @property
    def html_kib(self) -> float:
        return self.html_bytes / 1024


def budget_misses(measurement: Measurement, ratio: float) -> list[str]:
    """Each budget the scenario misses, in words; an empty list when it meets them all."""
    misses = []
    if measurement.queries > MAX_QUERIES:
        misses.append(f"{measurement.queries} queries > {MAX_QUERIES}")
    if measurement.min_ratio is not None and ratio < measurement.min_ratio:
        misses.append(f"{percent(ratio)} < {percent(measurement.min_ratio, 0)}")
    if measurement.html_kib > MAX_HTML_KIB:
        misses.append(f"{measurement.html_kib:.1f} KiB > {MAX_HTML_KIB} KiB")
    return misses


def percent(ratio: float, places: int = 1) -> str:
    """A ratio as a percentage the way DESIGN.md writes them (0.25 → "25.0 %"), rounded down, so a
    figure just under its budget never shows as the budget itself."""
    scale = 10**places
    # The small nudge keeps float noise (0.29 * 100 = 28.999…) from losing a digit.
    return f"{math.floor(ratio * 100 * scale + 1e-9) / scale:.{places}f} %"


TABLE_HEADER = (
    "Scenario",
    "Median ms",
    "p95 ms",
    "Queries",
    "HTML KiB",
    "Req/s",
    "vs trivial",
    "Budget",
    "Drawn ms",
    "Drawn vs trivial",
)


def format_table(baseline: Measurement, results: Sequence[Measurement]) -> str:
    """A Markdown table: the trivial page first, then each scenario with its throughput as a
    percentage of the trivial page's and whether it meets its budget."""
    rows = [_row(baseline, 1.0, "yardstick")]
    for measurement in results:
        ratio = measurement.per_second / baseline.per_second
        misses = budget_misses(measurement, ratio)
        verdict = "**over**: " + "; ".join(misses) if misses else "meets"
        rows.append(_row(measurement, ratio, verdict, baseline))
    lines = [_line(TABLE_HEADER), "|---|" + "---:|" * (len(TABLE_HEADER) - 2) + "---|"]
    return "\n".join(lines + [_line(row) for row in rows])


def _row(m: Measurement, ratio: float, verdict: str, baseline: Measurement | None = None) -> tuple[str, ...]:
    drawn = m.drawn_per_second
    drawn_cells = (
        (f"{percentile(m.drawn_ms, 50):.2f}", percent(drawn / baseline.per_second))
        if drawn is not None and baseline is not None
        else ("–", "–")
    )
    return (
        m.name,
        f"{m.median_ms:.2f}",
        f"{m.p95_ms:.2f}",
        str(m.queries),
        f"{m.html_kib:.1f}",
        f"{m.per_second:.0f}",
        percent(ratio),
        verdict,
        *drawn_cells,
    )


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


# --- Timing --------------------------------------------------------------------------------------
@dataclass
class _Prepared:
    scenario: Scenario
    client: Client
    url: str


def run(scenarios: Sequence[Scenario], requests: int, warmup: int) -> tuple[Measurement, list[Measurement]]:
    """Measure the trivial page and each scenario through the full middleware stack.

    `warmup` untimed rounds, one counted request each, then `requests` timed rounds; each round
    asks every page once as a user asks it (from the page cache when it holds the page) and once
    drawn as on a cache miss, so drift in the machine's speed falls on all pages alike. Needs the
    seeded bench database; raises BenchError when a page does not answer 200.
    """
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF=BENCH_URLCONF, ALLOWED_HOSTS=hosts):
        prepared = [_prepare(scenario) for scenario in [BASELINE, *scenarios]]
        for _round in range(warmup):
            for item in prepared:
                _fetch(item)
        counted = [_count(item) for item in prepared]
        timings: list[list[float]] = [[] for _ in prepared]
        drawn: list[list[float]] = [[] for _ in prepared]
        for _round in range(requests):
            for item, times, drawn_times in zip(prepared, timings, drawn, strict=True):
                times.append(_time(item))
                if item.scenario.min_ratio is not None:
                    with pagecache.drawn():
                        drawn_times.append(_time(item))
    measurements = [
        Measurement(item.scenario.name, times, queries, size, item.scenario.min_ratio, drawn_times)
        for item, times, drawn_times, (queries, size) in zip(prepared, timings, drawn, counted, strict=True)
    ]
    return measurements[0], measurements[1:]


def _prepare(scenario: Scenario) -> _Prepared:
    client, user = Client(), None
    if scenario.role is not None:
        user = User.objects.get(email=DEMO_LOGINS[scenario.role])
        client.force_login(user)
    if scenario.setup is not None:
        scenario.setup(client)
    return _Prepared(scenario, client, scenario.url(user))


def _fetch(item: _Prepared) -> HttpResponse:
    response = item.client.get(item.url, headers=item.scenario.headers, secure=settings.SECURE_SSL_REDIRECT)
    if response.status_code != 200:
        raise BenchError(f"{item.scenario.name}: GET {item.url} answered {response.status_code}, not 200.")
    return response


def _count(item: _Prepared) -> tuple[int, int]:
    # Counted as drawn: the queries of a page-cache miss, which a hit never exceeds.
    with pagecache.drawn(), CaptureQueriesContext(connection) as captured:
        response = _fetch(item)
    return len(captured.captured_queries), len(response.content)


def _time(item: _Prepared) -> float:
    started = perf_counter()
    _fetch(item)
    return (perf_counter() - started) * 1000


# --- The facts printed with the table -----------------------------------------------------------
def machine_facts(database: str | None = None) -> list[str]:
    """The software and machine the figures were measured on, one fact a line.

    `database` names the database product and version when the caller measured another process's
    connection (the load test's server); by default it is read from this process's connection.
    """
    return [
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"settings {settings.SETTINGS_MODULE}, DEBUG {'on' if settings.DEBUG else 'off'}",
        f"Database: {database or database_version()}",
        f"CPU: {os.cpu_count()} × {_cpu_model()} ({platform.system()} {platform.release()}), "
        f"load average {_load_average()} when the timing ended",
    ]


def data_facts() -> str:
    """The size of the data set the pages were measured on."""
    return (
        f"{Team.objects.count()} teams, {User.objects.count()} users, {Customer.objects.count()} customers, "
        f"{AccountMember.objects.count()} account-team members, {Event.objects.count()} timeline events"
    )


def database_version() -> str:
    """The database product and version the default connection talks to."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def _load_average() -> str:
    # Other work on the machine slows every page alike; the figure says how busy it was.
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return " / ".join(f"{load:.2f}" for load in os.getloadavg())


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


# The stakeholder map (org chart, influence × attitude grid, coverage) of the KAM's first key account.
SCENARIOS.append(
    Scenario("stakeholder map (KAM's key account)", "kam", _on_key_account("accounts:stakeholder-map"))
)
