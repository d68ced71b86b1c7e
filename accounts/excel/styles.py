"""The look shared by the template and the exports: a bold, filled, frozen header row."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

from accounts.excel import columns as cols

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F6B4F")
INFO_FILL = PatternFill("solid", fgColor="6F8A7C")  # columns the import ignores
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(vertical="top", wrap_text=True)
AMOUNT_FORMAT = "#,##0.00"
WHOLE_FORMAT = "0"
TEXT_FORMAT = "@"

NUMBER_FORMATS = {
    cols.AMOUNT: AMOUNT_FORMAT,
    cols.YEAR: WHOLE_FORMAT,
    cols.QUARTER: WHOLE_FORMAT,
    cols.TIER: WHOLE_FORMAT,
}


def header_fill(column: cols.Column) -> PatternFill:
    return INFO_FILL if column.kind == cols.INFO else HEADER_FILL
