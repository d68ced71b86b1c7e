"""Read an uploaded workbook into plain rows: typed values per column, and per-row errors.

Nothing here knows about customers in the database; `accounts.services.imports` matches the rows.
The file has passed `safety.inspect_xlsx` first. openpyxl reads it in read-only mode (streaming)
with cached values (`data_only`); when the file holds formulas a second, formula-only pass runs in
step with the first, so a formula that was never calculated is reported instead of read as empty.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from accounts import orgnumbers
from accounts.excel import columns as cols
from accounts.excel import safety
from accounts.excel.cells import CellError, convert
from accounts.excel.safety import FileRejected
from accounts.excel.template import is_example_row
from accounts.figures import check_figures

HEADER_SEARCH_ROWS = 10  # a title block above the column names is at most this deep
README_TITLES = frozenset({"readme", "read me", "les meg", "läs mig", "lasmig", "instructions"})
PROGRESS_EVERY = 250


@dataclass
class Row:
    sheet: str  # the sheet's key: customers, units or financials
    number: int  # the row number Excel shows
    values: dict[str, Any]  # column key → typed value, None when blank
    errors: list[str] = field(default_factory=list)


@dataclass
class SheetData:
    sheet: cols.Sheet
    title: str  # as spelt in the file
    columns: frozenset[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class ParsedWorkbook:
    sheets: dict[str, SheetData] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # about the whole file: missing sheets or columns
    notices: list[str] = field(default_factory=list)  # worth knowing, not in the way: ignored columns

    def rows(self, key: str) -> list[Row]:
        return self.sheets[key].rows if key in self.sheets else []

    def has_column(self, sheet: str, column: str) -> bool:
        return sheet in self.sheets and column in self.sheets[sheet].columns

    def title(self, key: str) -> str:
        return self.sheets[key].title if key in self.sheets else cols.SHEETS_BY_KEY[key].title

    @property
    def row_count(self) -> int:
        return sum(len(data.rows) for data in self.sheets.values())


def read_workbook(
    path: str | Path, *, has_formulas: bool = True, progress: Callable[[int], None] | None = None
) -> ParsedWorkbook:
    """Every known sheet's rows. Raises FileRejected when the file as a whole cannot be read."""
    if not openpyxl.DEFUSEDXML:  # never parse uploads with the unguarded standard library parser
        raise RuntimeError("openpyxl must parse through defusedxml: install defusedxml")
    values_book = _open(path, data_only=True)
    formula_book = _open(path, data_only=False) if has_formulas else None
    try:
        parsed = ParsedWorkbook()
        done = 0
        for title in values_book.sheetnames:
            sheet = _sheet_for(title, parsed)
            if sheet is None:
                continue
            formulas = formula_book[title] if formula_book is not None else None
            data, done = _read_sheet(sheet, title, values_book[title], formulas, parsed, progress, done)
            parsed.sheets[sheet.key] = data
        if not parsed.errors and not parsed.row_count and (parsed.sheets or _all_blank(values_book)):
            parsed.errors.append(_empty_message())
        elif not parsed.sheets and not parsed.errors:
            parsed.errors.append(
                _(
                    "The workbook has none of the sheets Customers, Units or Financials. Start from the template."
                )
            )
        return parsed
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()


def _empty_message() -> str:
    return _(
        "The file is empty: it has no rows to import below the column names. Fill in the template's "
        "sheets and upload it again."
    )


def _all_blank(book) -> bool:
    """No sheet holds a single value (in its first rows): a workbook saved empty."""
    for worksheet in book.worksheets:
        worksheet.reset_dimensions()
        for values in worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True):
            if not _blank(tuple(values or ())):
                return False
    return True


def _open(path: str | Path, *, data_only: bool):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds of error on a malformed workbook
        raise _rejection(error) from error


def _rejection(error: BaseException) -> FileRejected:
    """The reason to give for openpyxl's error; it wraps defusedxml's refusal in a ValueError."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return FileRejected(_dtd_message())
        cause = cause.__cause__ or cause.__context__
    return FileRejected(_damaged_message())


def _dtd_message() -> str:
    return _(
        "The file contains XML document type declarations, which Excel never writes and which can be "
        "used to attack a server. Orchard does not open it."
    )


def _damaged_message() -> str:
    return _(
        "The file is damaged and cannot be read. Open it in Excel, save it again as .xlsx and upload that."
    )


def _sheet_for(title: str, parsed: ParsedWorkbook) -> cols.Sheet | None:
    sheet = cols.sheet_for_title(title)
    if sheet is not None:
        if sheet.key in parsed.sheets:
            parsed.errors.append(
                _("The workbook has two %(sheet)s sheets; keep one.") % {"sheet": sheet.title}
            )
            return None
        return sheet
    if cols.normalise_word(title) not in README_TITLES:
        names = {cols.normalise_word(s.title): s.title for s in cols.SHEETS}
        close = difflib.get_close_matches(cols.normalise_word(title), names, n=1, cutoff=0.7)
        if close:
            parsed.errors.append(
                _("Orchard does not read a sheet called “%(title)s”. Did you mean “%(suggestion)s”?")
                % {"title": title, "suggestion": names[close[0]]}
            )
    return None


def _read_sheet(sheet, title, values_ws, formulas_ws, parsed, progress, done) -> tuple[SheetData, int]:
    raw_rows = _raw_rows(values_ws, formulas_ws)
    header = _find_header(sheet, title, raw_rows, parsed)
    if header is None:
        return SheetData(sheet=sheet, title=title, columns=frozenset()), done
    mapping, errors = _map_headers(sheet, title, header[1], header[0], parsed)
    data = SheetData(sheet=sheet, title=title, columns=frozenset(column.key for column in mapping.values()))
    if errors:  # with the columns wrong every row would be misread: report the headers, read no rows
        parsed.errors.extend(errors)
        return data, done
    counted = 0
    for number, values, formulas in raw_rows:
        if _blank(values):
            continue
        counted += 1
        if counted > safety.MAX_ROWS_PER_SHEET:
            raise FileRejected(_too_many_rows(title, safety.limits()["rows"]))
        data.rows.append(_read_row(sheet, mapping, number, values, formulas))
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    return data, done


def _find_header(sheet: cols.Sheet, title: str, raw_rows, parsed: ParsedWorkbook) -> tuple[int, tuple] | None:
    """(row number, cells) of the column names: the first row (of the first few) that names one of
    the sheet's columns, so a title block above it is skipped. None for a sheet without data, or —
    with a file error saying so — for one whose column names are nowhere near the top."""
    known = cols.header_lookup(sheet)
    first: tuple[int, tuple] | None = None
    for number, values, _formulas in raw_rows:
        if _blank(values):
            if number >= HEADER_SEARCH_ROWS:
                break
            continue
        first = first or (number, values)
        named = sum(1 for value in values if value is not None and cols.normalise_word(str(value)) in known)
        if named:
            if number > 1:
                parsed.notices.append(
                    _(
                        "Sheet %(sheet)s: the column names are on row %(row)s; the rows above them were skipped."
                    )
                    % {"sheet": title, "row": number}
                )
            return number, values
        if number >= HEADER_SEARCH_ROWS:
            break
    if first is not None:
        parsed.errors.append(
            _(
                "Sheet %(sheet)s: Orchard found no row of column names. Put the column names (such as "
                "%(columns)s) on row 1, with the data right below them."
            )
            % {"sheet": title, "columns": ", ".join(c.header for c in sheet.columns if c.required)}
        )
    return None


def _too_many_rows(title: str, limit: str) -> str:
    return _(
        "The sheet %(sheet)s has more than %(limit)s rows. Split the file and import the parts one by one."
    ) % {"sheet": title, "limit": limit}


def _raw_rows(values_ws, formulas_ws) -> Iterator[tuple[int, tuple, tuple]]:
    """(row number, cached values, formulas) for every row; openpyxl's errors become FileRejected."""
    try:
        values_ws.reset_dimensions()  # a wrong <dimension> in the file must not cut rows off
        formula_rows = None
        if formulas_ws is not None:
            formulas_ws.reset_dimensions()
            formula_rows = formulas_ws.iter_rows(values_only=True)
        limit = 2 * safety.MAX_ROWS_PER_SHEET + 1
        for number, values in enumerate(values_ws.iter_rows(values_only=True), start=1):
            if number > limit:  # formatted but empty rows count too, or a sheet could run forever
                raise FileRejected(
                    _too_many_rows(values_ws.title, number_format(limit - 1, force_grouping=True))
                )
            formulas = next(formula_rows, ()) if formula_rows is not None else ()
            yield number, tuple(values or ()), tuple(formulas or ())
    except FileRejected:
        raise
    except Exception as error:  # a malformed sheet part surfaces only while it is streamed
        raise _rejection(error) from error


def _blank(values: tuple) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _map_headers(
    sheet: cols.Sheet, title: str, headers: tuple, row: int, parsed: ParsedWorkbook
) -> tuple[dict[int, cols.Column], list[str]]:
    """Column position → column; errors for doubled and missing headers. Columns Orchard does not
    know are left out and listed in a notice."""
    known = cols.header_lookup(sheet)
    mapping: dict[int, cols.Column] = {}
    errors: list[str] = []
    unknown: list[str] = []
    for index, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        text = str(header).strip()
        column = known.get(cols.normalise_word(text))
        cell = f"{get_column_letter(index + 1)}{row}"
        if column is None:
            unknown.append(_unknown_header(text, cell, known))
        elif column in mapping.values():
            errors.append(
                _("Sheet %(sheet)s, cell %(cell)s: the column “%(header)s” appears twice; keep one.")
                % {"sheet": title, "cell": cell, "header": column.header}
            )
        else:
            mapping[index] = column
    if unknown:
        parsed.notices.append(
            ngettext(
                "Sheet %(sheet)s: Orchard does not know the column %(columns)s and leaves it out.",
                "Sheet %(sheet)s: Orchard does not know the columns %(columns)s and leaves them out.",
                len(unknown),
            )
            % {"sheet": title, "columns": ", ".join(unknown)}
        )
    present = {column.key for column in mapping.values()}
    for column in sheet.columns:
        if column.required and column.key not in present:
            errors.append(
                _("Sheet %(sheet)s has no column “%(header)s”; it is required.")
                % {"sheet": title, "header": column.header}
            )
    if sheet.key == cols.CUSTOMERS.key and present and not present & {"org_number", "external_id"}:
        errors.append(
            _(
                "Sheet %(sheet)s needs a column “organisation number” or “external id”, so that importing "
                "the file again updates the customers instead of adding them twice."
            )
            % {"sheet": title}
        )
    return mapping, errors


def _unknown_header(text: str, cell: str, known: dict) -> str:
    """“header” (cell), with the known column it most resembles."""
    close = difflib.get_close_matches(cols.normalise_word(text), known, n=1, cutoff=0.6)
    if close:
        return _("“%(header)s” (%(cell)s; did you mean “%(suggestion)s”?)") % {
            "header": text,
            "cell": cell,
            "suggestion": known[close[0]].header,
        }
    return _("“%(header)s” (%(cell)s)") % {"header": text, "cell": cell}


def _read_row(
    sheet: cols.Sheet, mapping: dict[int, cols.Column], number: int, values: tuple, formulas: tuple
):
    row = Row(sheet=sheet.key, number=number, values={})
    cells = {column.key: f"{get_column_letter(index + 1)}{number}" for index, column in mapping.items()}
    for index, column in mapping.items():
        if column.kind == cols.INFO:
            continue
        raw = values[index] if index < len(values) else None
        cell = cells[column.key]
        formula = formulas[index] if index < len(formulas) else None
        if raw is None and isinstance(formula, str) and formula.startswith("="):
            row.errors.append(
                _(
                    "Cell %(cell)s holds a formula without a saved value; open and save the file in Excel, "
                    "or paste values."
                )
                % {"cell": cell}
            )
            row.values[column.key] = None
            continue
        try:
            row.values[column.key] = convert(column, raw)
        except CellError as error:
            row.errors.append(_("Cell %(cell)s: %(problem)s") % {"cell": cell, "problem": error})
            row.values[column.key] = None
    _check_row(row, cells)
    return row


def _check_row(row: Row, cells: dict[str, str]) -> None:
    """Rules that involve two cells of the same row."""
    values = row.values
    if row.sheet == cols.CUSTOMERS.key and values.get("org_number"):
        try:  # the customer's country says whose rules a bare 9- or 10-digit number follows
            values["org_number"] = orgnumbers.normalise(values["org_number"], values.get("country") or "")
        except orgnumbers.InvalidOrgNumber as error:
            row.errors.append(
                _("Cell %(cell)s: %(problem)s")
                % {"cell": cells["org_number"], "problem": orgnumbers.explain(error)}
            )
    if is_example_row(row.sheet, values):
        row.errors.append(
            _("Row %(row)s is the template's example; replace it with your own data or delete it.")
            % {"row": row.number}
        )
    if row.sheet == cols.FINANCIALS.key and None not in (
        values.get("year"),
        values.get("revenue"),
        values.get("gross_margin"),
    ):
        _check_figures(row, cells)


def _check_figures(row: Row, cells: dict[str, str]) -> None:
    """The rules every financial period keeps, shared with the form (accounts.figures)."""
    values = row.values
    try:
        check_figures(
            year=values["year"],
            quarter=values.get("quarter") or 0,
            revenue=values["revenue"],
            gross_margin=values["gross_margin"],
            their_spend=values.get("their_spend"),
        )
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            for message in messages:
                cell = cells.get(field_name, str(row.number))
                row.errors.append(_("Cell %(cell)s: %(problem)s") % {"cell": cell, "problem": message})
