"""`manage.py bench`: time Orchard's pages against a trivial page, in a database of their own.

The command you type never opens the normal database. It works out the bench database
(`bench.sqlite3` in the var directory, or `<name>_bench` on the same PostgreSQL server), creates
it if needed, and runs itself again there in a child process marked by ORCHARD_BENCH_CHILD. The
child migrates, seeds the large demo once (later runs reuse it), times and prints the report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable, Mapping
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from psycopg import sql

from accounts import bench, demo
from accounts.bench import jobs

CHILD_FLAG = "ORCHARD_BENCH_CHILD"
SQLITE_NAME = "bench.sqlite3"
POSTGRES_SUFFIX = "_bench"


def bench_database_url(database_url: str, var_dir: Path) -> str:
    """The bench database for a DATABASE_URL, with the same credentials and options.

    SQLite: `bench.sqlite3` in `var_dir`; PostgreSQL: `<name>_bench` on the same server.
    """
    parts = urlsplit(database_url)
    if parts.scheme == "sqlite":
        return f"sqlite:///{var_dir / SQLITE_NAME}"
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}{POSTGRES_SUFFIX}"))


def is_bench_database(db: Mapping) -> bool:
    """True only for a database named as `bench_database_url` names them."""
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return Path(db["NAME"]).name == SQLITE_NAME
    return str(db["NAME"]).endswith(POSTGRES_SUFFIX)


def prepare_database(url: str, fresh: bool) -> None:
    """Make sure the bench database exists; with `fresh`, empty it first so it is seeded again."""
    db = dj_database_url.parse(url)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db['NAME']}{suffix}").unlink(missing_ok=True)
        return
    _prepare_postgres(db, fresh)


def _prepare_postgres(db: Mapping, fresh: bool) -> None:
    # Through the server's maintenance database: the normal database is never opened.
    server = {key.lower(): db[key] for key in ("HOST", "PORT", "USER", "PASSWORD") if db.get(key)}
    name = sql.Identifier(db["NAME"])
    with psycopg.connect(dbname="postgres", autocommit=True, **server, **db.get("OPTIONS", {})) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _describe(url: str) -> str:
    db = dj_database_url.parse(url)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"SQLite file {db['NAME']}"
    return f"PostgreSQL database {db['NAME']} on {db.get('HOST') or 'the local socket'}"


def _at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


def select(wanted: list[str]) -> tuple[list[bench.Scenario], list[jobs.Job]]:
    """The pages and the background work to measure: everything when nothing is asked for,
    otherwise those whose name contains an asked-for text. Raises LookupError for a text that
    matches neither a page nor a job."""
    names = [s.name.lower() for s in bench.SCENARIOS] + [j.name.lower() for j in jobs.JOBS]
    for text in wanted:
        if not any(text.lower() in name for name in names):
            raise LookupError(text)
    if not wanted:
        return list(bench.SCENARIOS), list(jobs.JOBS)
    pages = [s for s in bench.SCENARIOS if any(t.lower() in s.name.lower() for t in wanted)]
    work = [j for j in jobs.JOBS if any(t.lower() in j.name.lower() for t in wanted)]
    return pages, work


class Command(BaseCommand):
    help = (
        "Seed the large demo into a separate bench database (once) and time Orchard's pages through "
        "the full middleware stack against a one-query template page; prints a Markdown table."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=_at_least(1), default=200, help="Timed requests per page.")
        parser.add_argument(
            "--warmup", type=_at_least(0), default=10, help="Untimed requests per page first."
        )
        parser.add_argument(
            "--scenario",
            action="append",
            default=[],
            metavar="TEXT",
            help="Run only scenarios whose name contains TEXT (repeatable; --list shows the names).",
        )
        parser.add_argument("--list", action="store_true", help="List the scenarios and stop.")
        parser.add_argument("--fresh", action="store_true", help="Empty the bench database and seed again.")
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="large",
            help="The demo to seed when the bench database is empty (large: the budgets' data set).",
        )

    def handle(self, *args, **options) -> None:
        bench.discover()
        if options["list"]:
            self._list()
            return
        try:
            scenarios, chosen_jobs = select(options["scenario"])
        except LookupError as unknown:
            raise CommandError(f"No scenario name contains {unknown}; see `bench --list`.") from None
        if settings.DEBUG:
            raise CommandError("Run the benchmark with DEBUG=0 and a SECRET_KEY (`make bench` does both).")
        if os.environ.get(CHILD_FLAG):
            self._measure(scenarios, chosen_jobs, options)
        else:
            self._run_child(options)

    def _list(self) -> None:
        for scenario in bench.SCENARIOS:
            who = scenario.role or "anonymous"
            ratio = bench.percent(scenario.min_ratio, 0) if scenario.min_ratio else "no"
            self.stdout.write(f"{scenario.name}  [{who}; throughput budget {ratio}]")
        for job in jobs.JOBS:
            budget = f"{job.budget_s:g} s" if job.budget_s is not None else "none"
            self.stdout.write(f"{job.name}  [background work; budget {budget}]")

    def _run_child(self, options: dict[str, Any]) -> None:
        """Run this command again against the bench database; the normal one is never opened."""
        url = bench_database_url(settings.DATABASE_URL, Path(settings.VAR_DIR))
        if dj_database_url.parse(url)["NAME"] == settings.DATABASES["default"]["NAME"]:
            raise CommandError("The normal database is named like the bench database; rename it first.")
        prepare_database(url, fresh=options["fresh"])
        self.stdout.write(f"Bench database: {_describe(url)}")
        self.stdout.flush()
        argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench"]
        argv += ["--requests", str(options["requests"]), "--warmup", str(options["warmup"])]
        argv += ["--size", options["size"]]
        argv += [arg for text in options["scenario"] for arg in ("--scenario", text)]
        child = subprocess.run(argv, env={**os.environ, "DATABASE_URL": url, CHILD_FLAG: "1"}, check=False)
        if child.returncode:
            raise CommandError(f"The benchmark run failed (exit code {child.returncode}).")

    def _measure(self, scenarios: list[bench.Scenario], chosen_jobs: list[jobs.Job], options: dict) -> None:
        requests, warmup = options["requests"], options["warmup"]
        if not is_bench_database(settings.DATABASES["default"]):
            raise CommandError(f"{CHILD_FLAG} is set but this is not a bench database; refusing to touch it.")
        call_command("migrate", interactive=False, verbosity=0)
        self._seed_once(options["size"])
        self.stdout.write(f"Timing {len(scenarios) + 1} pages: {warmup} + {requests} requests each …")
        self.stdout.flush()
        try:
            baseline, results = bench.run(scenarios, requests=requests, warmup=warmup)
        except bench.BenchError as error:
            raise CommandError(str(error)) from None
        self._report(baseline, results, requests, warmup)
        if chosen_jobs:
            self.stdout.write(f"\nTiming {len(chosen_jobs)} pieces of background work, once each …")
            self.stdout.flush()
            self.stdout.write("\n" + jobs.format_jobs([jobs.time_job(job) for job in chosen_jobs]))

    def _seed_once(self, size: str) -> None:
        if demo.is_seeded():
            self.stdout.write("Reusing the seeded bench database (--fresh seeds it again).")
            return
        self.stdout.write(f"Seeding the {size} demo (once) …")
        self.stdout.flush()
        started = perf_counter()
        demo.seed(size)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would give a live database, so plans are realistic.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"Seeded in {perf_counter() - started:.1f} s.")

    def _report(
        self, baseline: bench.Measurement, results: list[bench.Measurement], requests: int, warmup: int
    ) -> None:
        self.stdout.write(f"\n### {timezone.localdate():%Y-%m-%d}, {bench.database_version()}\n")
        for fact in [*bench.machine_facts(), f"Data: {bench.data_facts()}"]:
            self.stdout.write(f"- {fact}")
        self.stdout.write(
            f"- {requests} timed requests per page after {warmup} warm-up rounds, round-robin on one "
            "thread, through django.test.Client and the full middleware stack"
        )
        self.stdout.write("")
        self.stdout.write(bench.format_table(baseline, results))
