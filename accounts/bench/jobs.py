"""Background work in `manage.py bench`: sweeps, PDFs, imports and snapshots, timed once each.

Apps register their jobs from their own `<app>/bench.py`, as they register pages:

    from accounts.bench.jobs import JOBS, Job

    JOBS.append(Job("reminder sweep", my_sweep, budget_s=10))

`run` does the work once on the seeded bench database and returns a few words on how much it did
("50,000 actions, 2,000 customers"). Each job runs in a transaction that is rolled back, so the
bench database stays as seeded and the next run measures the same work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import perf_counter

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Job:
    """One piece of background work to time; `budget_s` is the most it may take (None: no budget)."""

    name: str
    run: Callable[[], str]
    budget_s: float | None = None
    # Runs first, inside the same rolled-back transaction but outside the timing and the query
    # count: extra data the work needs that the seeded bench database lacks.
    setup: Callable[[], None] | None = None


@dataclass(frozen=True)
class JobResult:
    job: Job
    seconds: float
    queries: int
    facts: str

    @property
    def meets(self) -> bool:
        return self.job.budget_s is None or self.seconds <= self.job.budget_s


JOBS: list[Job] = []


class _Rollback(Exception):
    pass


def time_job(job: Job) -> JobResult:
    """Run the job once inside a transaction that is then rolled back; its time and query count."""
    facts = ""
    try:
        with transaction.atomic():
            if job.setup is not None:
                job.setup()
            with CaptureQueriesContext(connection) as captured:
                started = perf_counter()
                facts = job.run()
                seconds = perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return JobResult(job, seconds, len(captured.captured_queries), facts)


def format_jobs(results: Sequence[JobResult]) -> str:
    """A Markdown table of the timed jobs and their budgets."""
    lines = ["| Background work | Seconds | Queries | Budget | What it did |", "|---|---:|---:|---|---|"]
    for r in results:
        if r.job.budget_s is None:
            verdict = "no budget"
        elif r.meets:
            verdict = f"meets (≤ {r.job.budget_s:g} s)"
        else:
            verdict = f"**over**: > {r.job.budget_s:g} s"
        lines.append(f"| {r.job.name} | {r.seconds:.2f} | {r.queries} | {verdict} | {r.facts} |")
    return "\n".join(lines)
