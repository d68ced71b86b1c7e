"""Time a generated import step by step from a shell; writes customers. `manage.py bench` times
the same path as the worker runs it (`accounts.bench.work`), in a transaction it rolls back."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accounts.excel import columns as cols
from accounts.excel.reading import read_workbook
from accounts.models import User
from accounts.services.imports.commit import import_commit
from accounts.services.imports.uploads import uploads_folder


def import_benchmark(*, by: User, rows: int = 10_000, folder: Path | None = None) -> dict[str, float]:
    """Time importing a generated workbook of `rows` new customers as `by`, then committing it again
    (every row unchanged). Returns seconds per step. Writes customers: use a scratch database."""
    from accounts.excel.writing import write_workbook  # only the benchmark writes import files

    folder = folder or uploads_folder()
    path = folder / f"benchmark-{secrets.token_hex(4)}.xlsx"
    prefix = secrets.randbelow(10**6)
    timings: dict[str, float] = {"rows": float(rows)}
    started = time.perf_counter()
    write_workbook(str(path), [(cols.CUSTOMERS, _benchmark_rows(rows, prefix, by.email))])
    timings["write_file"] = time.perf_counter() - started
    try:
        for label in ("first", "again"):
            started = time.perf_counter()
            parsed = read_workbook(path, has_formulas=False)
            timings[f"{label}_read"] = time.perf_counter() - started
            started = time.perf_counter()
            plan = import_commit(parsed=parsed, by=by)
            timings[f"{label}_plan_and_commit"] = time.perf_counter() - started
            if plan.has_errors:
                raise RuntimeError(f"benchmark import failed: {plan.file_errors or plan.result()['errors']}")
    finally:
        path.unlink(missing_ok=True)
    return timings


def _benchmark_rows(rows: int, prefix: int, owner_email: str) -> Iterable[dict[str, Any]]:
    statuses = ("prospect", "candidate", "key", "former")
    for index in range(rows):
        yield {
            "name": f"Benchmark Kraft {prefix}-{index} AS",
            "org_number": f"B{prefix:06d} {index:06d}",
            "external_id": f"BENCH-{prefix}-{index}",
            "status": statuses[index % 4],
            "tier": 1 + index % 3,
            "industry": "Energy",
            "country": "NO",
            "website": f"https://www.kraft-{prefix}-{index}.no/",
            "owner_email": owner_email,
        }
