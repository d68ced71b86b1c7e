"""The preview and result tables, shaped from a finished import job's stored result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

from accounts.excel import columns as cols
from accounts.models import Customer

PAGE_SIZE = 100
FILTERS = ("all", "errors", "changes", "unchanged")
PLANNED = {"create": _("Create"), "update": _("Update"), "unchanged": _("Unchanged"), "error": _("Error")}
DONE = {"create": _("Created"), "update": _("Updated"), "unchanged": _("Unchanged"), "error": _("Error")}
BADGES = {
    "create": "status-key",
    "update": "status-prospect",
    "unchanged": "status-former",
    "error": "status-candidate",
}


@dataclass
class SheetCounts:
    title: str
    create: int = 0
    update: int = 0
    unchanged: int = 0
    error: int = 0

    @property
    def total(self) -> int:
        return self.create + self.update + self.unchanged + self.error


@dataclass
class OutcomeTable:
    sheets: list[SheetCounts]
    file_errors: list[str]
    show: str
    page: Page
    totals: dict[str, int] = field(default_factory=dict)
    blocking: bool = True
    committed: bool | None = None
    proposals: int = 0
    notices: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(sheet.total for sheet in self.sheets)


def outcome_table(
    result: dict[str, Any], *, show: str | None, page: str | int | None, done: bool
) -> OutcomeTable:
    """Counts per sheet and one page of rows, filtered by `show` (all, errors, changes, unchanged)."""
    rows = result.get("rows", [])
    titles = result.get("titles", {})
    labels = DONE if done else PLANNED
    sheets = []
    for sheet in cols.SHEETS:
        counts = result.get("counts", {}).get(sheet.key, {})
        if counts:
            sheets.append(SheetCounts(title=titles.get(sheet.key, sheet.title), **counts))
    totals = {
        name: sum(getattr(sheet, name) for sheet in sheets)
        for name in ("create", "update", "unchanged", "error")
    }
    totals["changes"] = totals["create"] + totals["update"]
    if show not in FILTERS:
        show = "errors" if totals["error"] else "all"
    chosen = [_display(row, titles, labels) for row in rows if _matches(row["action"], show)]
    return OutcomeTable(
        sheets=sheets,
        file_errors=result.get("file_errors", []),
        show=show,
        page=Paginator(chosen, PAGE_SIZE).get_page(page),
        totals=totals,
        blocking=result.get("blocking", True),
        committed=result.get("committed"),
        proposals=result.get("proposals", 0),
        notices=result.get("notices", []),
    )


def _matches(action: str, show: str) -> bool:
    if show == "errors":
        return action == "error"
    if show == "changes":
        return action in {"create", "update"}
    if show == "unchanged":
        return action == "unchanged"
    return True


def _display(row: dict[str, Any], titles: dict[str, str], labels: dict[str, Any]) -> dict[str, Any]:
    sheet = cols.SHEETS_BY_KEY.get(row["sheet"])
    return {
        **row,
        "sheet_title": titles.get(row["sheet"], sheet.title if sheet else row["sheet"]),
        "action_label": labels.get(row["action"], row["action"]),
        "badge": BADGES.get(row["action"], ""),
        "proposal_label": Customer.Status(row["proposal"]).label if row.get("proposal") else "",
    }
