"""The core's background work in `manage.py bench`: a 10,000-row customer import and the nightly
health snapshot of 300 key accounts, each registered in `accounts.bench.jobs.JOBS`.

The import is the administrator's round trip: every customer exported in the import's columns with
a new industry, plus new customers up to 10,000 rows. The person has the file before they upload
it, so `setup` writes it and runs the upload's safety checks; the timed part is the commit job
exactly as the worker runs it (read, plan with the matched customers locked, write).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from itertools import chain, islice
from typing import Any

from accounts.bench.harness import BenchError
from accounts.bench.jobs import JOBS, Job
from accounts.demo import DEMO_LOGINS
from accounts.excel import columns as cols
from accounts.excel.safety import inspect_xlsx
from accounts.excel.writing import write_workbook
from accounts.models import Customer, User
from accounts.models import Job as JobRow
from accounts.services import job_run
from accounts.services.health import health_snapshots_take
from accounts.services.imports import COMMIT, export_sheets, uploads_folder

IMPORT_ROWS = 10_000
SNAPSHOT_ACCOUNTS = 300
_STATUSES = ("prospect", "candidate", "prospect", "key")  # key: a proposal for a leader, not a status

_commit_job: dict[str, int] = {}


def _new_rows(count: int, owners: list[str]) -> Iterable[dict[str, Any]]:
    prefix = secrets.randbelow(10**6)
    for n in range(count):
        yield {
            "name": f"Bench Kraft {prefix}-{n} AS",
            "org_number": f"B{prefix:06d} {n:06d}",
            "external_id": f"BENCH-{prefix}-{n}",
            "status": _STATUSES[n % len(_STATUSES)],
            "tier": 1 + n % 3,
            "industry": "Energy",
            "country": "NO",
            "website": f"https://www.kraft-{prefix}-{n}.no/",
            "owner_email": owners[n % len(owners)],
        }


def _exported_rows() -> Iterable[dict[str, Any]]:
    _sheet, rows = export_sheets(Customer.objects.order_by("pk"))[0]
    for row in rows:
        yield {**row, "industry": f"{row['industry'] or 'Industry'} (revised)"}


def _import_setup() -> None:
    """The file an administrator uploads, past the upload's safety checks, and its commit job."""
    admin = User.objects.get(email=DEMO_LOGINS["admin"])
    owners = sorted(set(Customer.objects.values_list("owner__email", flat=True)))
    existing = min(Customer.objects.count(), IMPORT_ROWS)
    name = f"bench-{secrets.token_hex(6)}.xlsx"
    path = uploads_folder() / name
    rows = chain(islice(_exported_rows(), existing), _new_rows(IMPORT_ROWS - existing, owners))
    write_workbook(str(path), [(cols.CUSTOMERS, rows)])
    inspection = inspect_xlsx(path, path.stat().st_size)
    params = {"file": name, "filename": name, "rows": inspection.rows, "formulas": inspection.has_formulas}
    _commit_job["pk"] = JobRow.objects.create(kind=COMMIT, created_by=admin, params=params).pk


def _import() -> str:
    job_run(_commit_job["pk"])  # what the worker's task runs
    job = JobRow.objects.get(pk=_commit_job["pk"])
    (uploads_folder() / job.params["file"]).unlink(missing_ok=True)  # a failed job leaves it
    if job.status != JobRow.Status.DONE or not job.result.get("committed"):
        reason = job.message or job.result.get("file_errors") or job.result.get("rows", [])[:3]
        raise BenchError(f"The bench import did not commit: {reason}")
    counts = job.result["counts"][cols.CUSTOMERS.key]
    return (
        f"{IMPORT_ROWS:,} rows as the administrator: {counts.get('create', 0):,} customers created, "
        f"{counts.get('update', 0):,} updated, {job.result['proposals']:,} proposals; the file is "
        "written before the upload (not timed)"
    )


def _make_key_accounts() -> None:
    """Promote customers, first by id, until 300 are key accounts (the large demo has fewer)."""
    missing = SNAPSHOT_ACCOUNTS - Customer.objects.key_accounts().count()
    if missing > 0:
        others = Customer.objects.exclude(status=Customer.Status.KEY).order_by("pk")
        Customer.objects.filter(pk__in=list(others.values_list("pk", flat=True)[:missing])).update(
            status=Customer.Status.KEY
        )


def _snapshot() -> str:
    return f"{health_snapshots_take():,} key accounts: every health component read, one snapshot each"


JOBS.append(Job(f"customer import ({IMPORT_ROWS:,} rows)", _import, budget_s=20, setup=_import_setup))
JOBS.append(
    Job(
        f"daily health snapshot ({SNAPSHOT_ACCOUNTS} key accounts)",
        _snapshot,
        budget_s=3,
        setup=_make_key_accounts,
    )
)
