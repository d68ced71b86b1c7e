"""The plan and the white-space matrix as Excel workbooks (openpyxl).

Every text cell goes through `accounts.exports.spreadsheet_value`, so a title such as
"=HYPERLINK(…)" arrives as text, never as a formula, and a control character in a name cannot break
the file. Amounts are numbers with a number format, dates are dates.
The workbooks hold internal items too: they are for our side, reached only by people who may see
the customer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from accounts.exports import spreadsheet_value

AMOUNT = "#,##0"
PERCENT = "0%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6F0E9")


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    return spreadsheet_value(str(value)) if not isinstance(value, int | float | datetime.date) else value


def _sheet(
    book: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: dict[int, str] | None = None,
) -> Worksheet:
    sheet = book.create_sheet(title=title[:31])
    sheet.append([spreadsheet_value(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column, number_format in (formats or {}).items():
        for cell in sheet[get_column_letter(column)][1:]:
            cell.number_format = number_format
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(48, len(str(header)) + 6))
    sheet.freeze_panes = "A2"
    return sheet


def _bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _yes_no(value: bool) -> str:
    return _("shared") if value else _("internal")


def plan_workbook(page) -> bytes:
    """One sheet per section of the plan page (a `planning.selectors.PlanPage`)."""
    plan = page.plan
    book = Workbook()
    book.remove(book.active)
    summary = _sheet(
        book,
        _("Plan"),
        [_("Field"), _("Value")],
        [
            (_("Customer"), plan.customer.name),
            (_("Period"), plan.period),
            (_("Status"), plan.get_status_display()),
            (_("Summary"), plan.summary),
            (
                _("Customer in change"),
                plan.in_change_reason or (_("yes") if plan.customer_in_change else _("no")),
            ),
            (_("Last reviewed"), plan.last_reviewed_on),
            (_("Next review due"), plan.next_review_due),
            (_("Weighted pipeline"), page.pipeline_weighted),
        ],
    )
    summary.column_dimensions["B"].width = 80
    _sheet(
        book,
        _("Goals"),
        [
            _("Goal"),
            _("Kind"),
            _("Measured by"),
            _("Baseline"),
            _("Baseline date"),
            _("Target"),
            _("Due"),
            _("Current"),
            _("Progress"),
            _("Sharing"),
        ],
        [
            (
                row.goal.title,
                row.goal.get_kind_display(),
                row.goal.get_metric_display() if row.goal.metric else "",
                row.goal.baseline,
                row.goal.baseline_date,
                row.goal.target,
                row.goal.due,
                row.current,
                row.progress,
                _yes_no(row.goal.shared),
            )
            for row in page.goals
        ],
        {9: PERCENT},
    )
    _sheet(
        book,
        _("Opportunities"),
        [
            _("Opportunity"),
            _("Customer goal"),
            _("Plan goal"),
            _("Offering"),
            _("Unit"),
            _("Value"),
            _("Probability"),
            _("Weighted"),
            _("Stage"),
            _("Expected close"),
            _("Sharing"),
        ],
        [
            (
                o.name,
                o.customer_goal,
                o.goal.title if o.goal else "",
                o.offering.name if o.offering else "",
                o.unit.name if o.unit else "",
                o.value,
                Decimal(o.probability) / 100,
                o.weighted_value,
                o.get_stage_display(),
                o.expected_close,
                _yes_no(o.shared),
            )
            for o in page.opportunities
        ],
        {6: AMOUNT, 7: PERCENT, 8: AMOUNT},
    )
    _sheet(
        book,
        _("Risks"),
        [_("Risk"), _("Likelihood"), _("Impact"), _("Mitigation"), _("Owner"), _("Due"), _("Status")],
        [
            (
                r.display_title,
                r.likelihood,
                r.impact,
                r.mitigation,
                str(r.owner or ""),
                r.due,
                r.get_status_display(),
            )
            for r in page.risks
        ],
    )
    _sheet(
        book,
        _("Actions"),
        [_("Action"), _("Owner"), _("Due"), _("Status"), _("Serves"), _("Sharing")],
        [
            (a.title, str(a.owner), a.due, a.get_status_display(), _serves(a), _yes_no(a.shared))
            for a in [*page.open_actions, *page.closed_actions]
        ],
    )
    _sheet(
        book,
        _("Responsibilities"),
        [_("Person"), _("Responsible for"), _("Note")],
        [(str(r.person), r.area, r.note) for r in page.responsibilities],
    )
    return _bytes(book)


def _serves(action) -> str:
    parts = [
        action.goal.title if action.goal_id else "",
        action.opportunity.name if action.opportunity_id else "",
        action.risk.title if action.risk_id else "",
        action.meeting.title if action.meeting_id else "",
    ]
    return " · ".join(p for p in parts if p)


def whitespace_workbook(customer, grid) -> bytes:
    """The matrix: one row per offering, status and amounts per unit, totals per row and column."""
    book = Workbook()
    book.remove(book.active)
    units = [column.unit.name for column in grid.columns]
    headers = [_("Group"), _("Offering"), _("Sharing")]
    for name in units:
        headers += [f"{name} · {_('status')}", f"{name} · {_('revenue')}", f"{name} · {_('potential')}"]
    headers += [_("Revenue"), _("Potential"), _("Open potential")]
    rows = []
    for row in grid.rows:
        values: list[Any] = [row.group.name if row.group else "", row.offering.name, _yes_no(row.shared)]
        for cell in row.cells:
            status = cell.cell.get_status_display() if cell.cell is not None else ""
            values += [status, cell.current_revenue, cell.potential]
        values += [row.totals.revenue, row.totals.potential, row.totals.open_potential]
        rows.append(values)
    footer: list[Any] = ["", _("Total"), ""]
    for column in grid.columns:
        footer += ["", column.totals.revenue, column.totals.potential]
    footer += [grid.totals.revenue, grid.totals.potential, grid.totals.open_potential]
    rows.append(footer)
    amount_columns = [4 + 3 * i + offset for i in range(len(units)) for offset in (1, 2)]
    amount_columns += [len(headers) - 2, len(headers) - 1, len(headers)]
    sheet = _sheet(book, _("White space"), headers, rows, {c: AMOUNT for c in amount_columns})
    sheet.cell(row=len(rows) + 1, column=2).font = HEADER_FONT
    return _bytes(book)
