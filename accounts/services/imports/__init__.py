"""Import customers, their units and financial history from a workbook: plan, preview, commit.

A file goes through these steps, one module each:

1. safety checks before any spreadsheet library opens it — `accounts.excel.safety`;
2. reading and normalising cells into rows with per-cell errors — `accounts.excel.reading`;
3. planning the changes: matching rows to customers, checking rights — `planning` (into `plan`);
4. committing: all rows in one transaction, or none — `commit`;

`uploads` keeps the file and runs steps 2–4 as background jobs; `export` writes the same columns
back out, so a file round-trips; `benchmark` times the whole path.
"""

from accounts.services.imports.benchmark import import_benchmark
from accounts.services.imports.commit import import_commit
from accounts.services.imports.export import export_financial_sheets, export_sheets
from accounts.services.imports.plan import ImportPlan, Outcome
from accounts.services.imports.planning import import_plan
from accounts.services.imports.uploads import (
    COMMIT,
    KEEP_UPLOADS_DAYS,
    PREVIEW,
    ImportNotReady,
    import_commit_start,
    import_upload,
    run_import_commit,
    run_import_preview,
    uploads_folder,
)

__all__ = [
    "COMMIT",
    "KEEP_UPLOADS_DAYS",
    "PREVIEW",
    "ImportNotReady",
    "ImportPlan",
    "Outcome",
    "export_financial_sheets",
    "export_sheets",
    "import_benchmark",
    "import_commit",
    "import_commit_start",
    "import_plan",
    "import_upload",
    "run_import_commit",
    "run_import_preview",
    "uploads_folder",
]
