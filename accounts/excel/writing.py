"""Export workbooks, written in openpyxl's write-only mode: rows stream to disk, memory stays flat.

Every text cell passes through `accounts.exports.spreadsheet_value`, so a customer called
`=HYPERLINK(...)` arrives in Excel as text, never as a formula, and a control character typed into
a name cannot break the file. Amounts stay numbers with a number
format, so they can be summed; the import reads the file back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from accounts.excel import columns as cols
from accounts.excel import styles
from accounts.exports import spreadsheet_value

SheetRows = tuple[cols.Sheet, Iterable[Mapping[str, Any]]]


def write_workbook(target: str | IO[bytes], sheets: Iterable[SheetRows]) -> int:
    """Write one worksheet per (sheet, rows); each row maps column keys to values. Returns the row count."""
    book = Workbook(write_only=True)
    written = 0
    for sheet, rows in sheets:
        worksheet = book.create_sheet(sheet.title)
        _prepare(worksheet, sheet.columns)
        for row in rows:
            worksheet.append([_cell(worksheet, column, row.get(column.key)) for column in sheet.columns])
            written += 1
    book.save(target)
    return written


def _prepare(worksheet, columns: tuple[cols.Column, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = "A2"
    worksheet.append([_header(worksheet, column) for column in columns])


def _header(worksheet, column: cols.Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=spreadsheet_value(column.header))
    cell.font = styles.HEADER_FONT
    cell.fill = styles.header_fill(column)
    cell.alignment = styles.HEADER_ALIGNMENT
    return cell


def _cell(worksheet, column: cols.Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return spreadsheet_value(value)
    number_format = styles.NUMBER_FORMATS.get(column.kind)
    if number_format is None or not isinstance(value, int | float | Decimal):
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    cell.number_format = number_format
    return cell
