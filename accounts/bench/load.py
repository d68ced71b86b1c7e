"""Orchard under load: simulated users, the figures they collect, and the report.

`manage.py loadtest` serves the bench database with gunicorn as production does and drives it from
one process with asyncio: each simulated user is a KAM, a sales leader or an administrator who
asks for one of their pages (the `bench` scenarios), thinks for a random time and asks again.
Every request is a new connection with `Connection: close`, as gunicorn's sync workers answer
them. Any answer other than 200 counts as an error (a redirect to the login page is as wrong
as a 500 for a page that should answer 200).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter

from accounts.bench.harness import percentile

PAGE_P95_MS = 300
FRAGMENT_P95_MS = 200
MAX_MEMORY_GROWTH = 0.10
REQUEST_TIMEOUT_S = 10
# The mix of simulated users: most are KAMs at work on their accounts, some leaders, a few admins.
ROLE_WEIGHTS = {"kam": 7, "leader": 2, "admin": 1}


@dataclass(frozen=True)
class Target:
    """One page kind: what `bench` calls it, whose page it is, the path and the headers sent."""

    name: str
    role: str | None
    path: str
    headers: Mapping[str, str]

    @property
    def is_fragment(self) -> bool:
        return self.headers.get("HX-Request") == "true"

    @property
    def p95_budget_ms(self) -> int:
        return FRAGMENT_P95_MS if self.is_fragment else PAGE_P95_MS


@dataclass
class Result:
    """The latencies of one page kind's successful requests and its error count."""

    target: Target
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    def p(self, q: float) -> float:
        return percentile(self.latencies_ms, q) if self.latencies_ms else 0.0

    @property
    def meets(self) -> bool:
        return bool(self.latencies_ms) and self.errors == 0 and self.p(95) <= self.target.p95_budget_ms


def assign_roles(users: int, roles: Sequence[str | None]) -> list[str | None]:
    """The role of each simulated user, by ROLE_WEIGHTS among the roles that have pages.

    Anonymous pages (role None) are visited by every user, so no user is anonymous. Raises
    ValueError when no role has a page.
    """
    present = [role for role in ROLE_WEIGHTS if role in roles]
    if not present:
        raise ValueError("There is no logged-in page to load.")
    cycle = [role for role in present for _ in range(ROLE_WEIGHTS[role])]
    return [cycle[index % len(cycle)] for index in range(users)]


async def _get(host: str, port: int, target: Target) -> tuple[float, int]:
    started = perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [f"GET {target.path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in target.headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0
    return (perf_counter() - started) * 1000, status


async def _user(
    rng: random.Random, targets: Sequence[Target], results: Mapping[str, Result], until: float, **where
) -> None:
    think_ms = where.pop("think_ms")
    await asyncio.sleep(rng.uniform(0, think_ms[1]) / 1000)  # users do not all start at once
    while perf_counter() < until:
        target = rng.choice(targets)
        try:
            ms, status = await asyncio.wait_for(_get(target=target, **where), REQUEST_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError, IndexError):
            ms, status = 0.0, 0
        if status == 200:
            results[target.name].latencies_ms.append(ms)
        else:
            results[target.name].errors += 1
        await asyncio.sleep(rng.uniform(*think_ms) / 1000)


def warm_up(targets: Sequence[Target], *, rounds: int, host: str, port: int) -> None:
    """Ask for every page `rounds` times, one after another and untimed, so that each worker has
    loaded its code, translations and connection before the timed run starts."""

    async def each() -> None:
        for _round in range(rounds):
            for target in targets:
                with contextlib.suppress(OSError, TimeoutError):
                    await asyncio.wait_for(_get(host, port, target), REQUEST_TIMEOUT_S * 3)

    asyncio.run(each())


def drive(
    targets: Sequence[Target], *, users: int, seconds: float, think_ms: tuple[int, int], host: str, port: int
) -> list[Result]:
    """Run `users` simulated users against the server for `seconds`; the figures per page kind."""
    results = {target.name: Result(target) for target in targets}
    roles = assign_roles(users, [t.role for t in targets])

    async def everyone() -> None:
        until = perf_counter() + seconds
        await asyncio.gather(
            *(
                _user(
                    random.Random(index),
                    [t for t in targets if t.role in (role, None)],
                    results,
                    until,
                    host=host,
                    port=port,
                    think_ms=think_ms,
                )
                for index, role in enumerate(roles)
            )
        )

    asyncio.run(everyone())
    return list(results.values())


def memory_growth(first: Mapping[int, int], last: Mapping[int, int]) -> float | None:
    """Growth of the workers' resident memory between two samples (pid → KiB), as a fraction.

    Only workers present in both samples count (a restarted worker starts afresh); None when no
    worker was seen twice.
    """
    both = sorted(set(first) & set(last))
    before = sum(first[pid] for pid in both)
    if not both or before == 0:
        return None
    return (sum(last[pid] for pid in both) - before) / before


def format_report(results: Sequence[Result], seconds: float, growth: float | None) -> str:
    """The Markdown table of a run, one row per page kind, then the totals and worker memory."""
    lines = [
        "| Page kind | Requests | Req/s | p50 ms | p95 ms | p99 ms | Errors | Budget |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if not r.requests:
            verdict = "not asked for in this run"
        elif r.meets:
            verdict = "meets"
        else:
            verdict = f"**over**: p95 budget {r.target.p95_budget_ms} ms, 0 errors"
        lines.append(
            f"| {r.target.name} | {r.requests} | {r.requests / seconds:.1f} | {r.p(50):.1f} | "
            f"{r.p(95):.1f} | {r.p(99):.1f} | {r.errors} | {verdict} |"
        )
    total = sum(r.requests for r in results)
    errors = sum(r.errors for r in results)
    lines += ["", f"- {total} requests in {seconds:.0f} s ({total / seconds:.1f} req/s), {errors} errors"]
    if growth is None:
        lines.append("- Worker memory: not measured (no worker was sampled twice)")
    else:
        verdict = "meets" if growth <= MAX_MEMORY_GROWTH else f"**over** {MAX_MEMORY_GROWTH:.0%}"
        lines.append(f"- Worker memory growth from minute 1 to the end: {growth:+.1%} ({verdict})")
    return "\n".join(lines)
