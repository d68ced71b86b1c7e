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
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from accounts.excel import columns as cols
from accounts.excel import safety
from accounts.excel.safety import FileRejected
from accounts.excel.template import is_example_row
from accounts.exports import FORMULA_PREFIXES
from accounts.figures import FIRST_YEAR, LAST_YEAR, check_figures
from accounts.numbers import parse_amount
from accounts.text import normalise

CENT = Decimal("0.01")
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

    def rows(self, key: str) -> list[Row]:
        return self.sheets[key].rows if key in self.sheets else []

    def has_column(self, sheet: str, column: str) -> bool:
        return sheet in self.sheets and column in self.sheets[sheet].columns

    def title(self, key: str) -> str:
        return self.sheets[key].title if key in self.sheets else cols.SHEETS_BY_KEY[key].title

    @property
    def row_count(self) -> int:
        return sum(len(data.rows) for data in self.sheets.values())


class CellError(ValueError):
    pass


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
        if not parsed.sheets and not parsed.errors:
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
    first = next(raw_rows, None)
    if first is None:
        return SheetData(sheet=sheet, title=title, columns=frozenset()), done
    mapping, errors = _map_headers(sheet, title, first[1])
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


def _map_headers(sheet: cols.Sheet, title: str, headers: tuple) -> tuple[dict[int, cols.Column], list[str]]:
    """Column position → column; errors for unknown, doubled and missing headers."""
    known = cols.header_lookup(sheet)
    mapping: dict[int, cols.Column] = {}
    errors: list[str] = []
    for index, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        text = str(header).strip()
        column = known.get(cols.normalise_word(text))
        cell = f"{get_column_letter(index + 1)}1"
        if column is None:
            errors.append(_unknown_header(sheet, title, text, cell, known))
        elif column in mapping.values():
            errors.append(
                _("Sheet %(sheet)s, cell %(cell)s: the column “%(header)s” appears twice; keep one.")
                % {"sheet": title, "cell": cell, "header": column.header}
            )
        else:
            mapping[index] = column
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


def _unknown_header(sheet: cols.Sheet, title: str, text: str, cell: str, known: dict) -> str:
    close = difflib.get_close_matches(cols.normalise_word(text), known, n=1, cutoff=0.6)
    if close:
        return _(
            "Sheet %(sheet)s, cell %(cell)s: Orchard does not know the column “%(header)s”. "
            "Did you mean “%(suggestion)s”?"
        ) % {"sheet": title, "cell": cell, "header": text, "suggestion": known[close[0]].header}
    return _(
        "Sheet %(sheet)s, cell %(cell)s: Orchard does not know the column “%(header)s”. "
        "The columns are: %(columns)s."
    ) % {
        "sheet": title,
        "cell": cell,
        "header": text,
        "columns": ", ".join(column.header for column in sheet.columns),
    }


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


# --- Cells ----------------------------------------------------------------------------------------
def convert(column: cols.Column, raw: Any) -> Any:
    """The typed value of one cell for `column`; None when blank. Raises CellError with the reason."""
    if isinstance(raw, str):
        raw = _unneutralise(raw.strip())
        if raw in ERROR_CODES:
            raise CellError(
                _("the cell shows the error %(code)s; fix the formula or type the value.") % {"code": raw}
            )
        if not raw:
            raw = None
    if raw is None:
        if column.required:
            raise CellError(_("%(header)s is required.") % {"header": column.header})
        return None
    if isinstance(raw, datetime | date | time):  # no column takes a date yet
        raise CellError(_("Excel stored a date here; format the cell as text and type the value again."))
    return CONVERTERS[column.kind](column, raw)


def _unneutralise(text: str) -> str:
    """Orchard's export writes text that looks like a formula with a leading apostrophe; take it off."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _as_text(column: cols.Column, raw: Any) -> str:
    if isinstance(raw, bool):
        raise CellError(_("write text, not TRUE or FALSE."))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = normalise(str(raw))  # NFC, no bidi controls: the same text as a form would store
    if column.max_length and len(text) > column.max_length:
        raise CellError(
            _("%(header)s is %(length)s characters long; at most %(max)s fit.")
            % {"header": column.header, "length": len(text), "max": column.max_length}
        )
    return text


def _org(column: cols.Column, raw: Any) -> str:
    text = " ".join(_as_text(column, raw).split())
    if not cols.canonical_key(text):
        raise CellError(_("“%(text)s” is not an organisation number.") % {"text": text})
    return text


STATUS_LOOKUP = cols.lookup(cols.STATUS_WORDS)
UNIT_KIND_LOOKUP = cols.lookup(cols.UNIT_KIND_WORDS)
URL_VALIDATOR = URLValidator()
EMAIL_VALIDATOR = EmailValidator()


def _status(column: cols.Column, raw: Any) -> str:
    code = STATUS_LOOKUP.get(cols.normalise_word(str(raw)))
    if code is None:
        raise CellError(
            _("“%(text)s” is not a status; write prospect, candidate, key or former.") % {"text": raw}
        )
    return code


def _unit_kind(column: cols.Column, raw: Any) -> str:
    code = UNIT_KIND_LOOKUP.get(cols.normalise_word(str(raw)))
    if code is None:
        raise CellError(
            _("“%(text)s” is not a kind of unit; write unit, country or location.") % {"text": raw}
        )
    return code


def _tier(column: cols.Column, raw: Any) -> int:
    number = _whole_number(raw, strip_words=("tier", "nivå"))
    if number not in {1, 2, 3}:
        raise CellError(_("“%(text)s” is not a tier; write 1, 2 or 3.") % {"text": raw})
    return number


def _whole_number(raw: Any, strip_words: tuple[str, ...] = ()) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    text = cols.normalise_word(str(raw))
    for word in strip_words:
        text = text.removeprefix(word).strip()
    return int(text) if text.isdigit() else None


def _country(column: cols.Column, raw: Any) -> str:
    text = str(raw).strip().upper()
    if len(text) != 2 or not text.isalpha() or not text.isascii():
        raise CellError(
            _("“%(text)s” is not a country code; use two letters such as NO, SE or DK.") % {"text": raw}
        )
    return text


def _url(column: cols.Column, raw: Any) -> str:
    text = _as_text(column, raw)
    if "://" not in text:
        text = "https://" + text
    try:
        URL_VALIDATOR(text)
    except ValidationError as error:
        raise CellError(_("“%(text)s” is not a web address.") % {"text": raw}) from error
    return text


def _email(column: cols.Column, raw: Any) -> str:
    text = str(raw).strip().lower()
    try:
        EMAIL_VALIDATOR(text)
    except ValidationError as error:
        raise CellError(_("“%(text)s” is not an e-mail address.") % {"text": raw}) from error
    return text


def _ref(column: cols.Column, raw: Any) -> str:
    text = " ".join(_as_text(column, raw).split())
    if len(text) > 64:
        raise CellError(
            _("“%(text)s” is too long for an organisation number or external id.") % {"text": text[:70]}
        )
    return text


def _year(column: cols.Column, raw: Any) -> int:
    number = _whole_number(raw)
    if number is None or not FIRST_YEAR <= number <= LAST_YEAR:
        raise CellError(
            _("“%(text)s” is not a year between %(first)s and %(last)s.")
            % {"text": raw, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return number


def _quarter(column: cols.Column, raw: Any) -> int:
    number = _whole_number(raw, strip_words=("q", "k"))
    if number is None or not 0 <= number <= 4:
        raise CellError(_("“%(text)s” is not a quarter; write 1–4, or 0 for the whole year.") % {"text": raw})
    return number


def _amount(column: cols.Column, raw: Any) -> Decimal:
    """A number cell as it is; a text cell read the Nordic way. Limits are the row's `check_figures`."""
    try:
        value = parse_amount(raw if isinstance(raw, int | float | Decimal | bool) else str(raw))
    except ValueError as error:
        raise CellError(str(error)) from error
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


CONVERTERS: dict[str, Callable[[cols.Column, Any], Any]] = {
    cols.TEXT: _as_text,
    cols.ORG: _org,
    cols.STATUS: _status,
    cols.TIER: _tier,
    cols.COUNTRY: _country,
    cols.URL: _url,
    cols.EMAIL: _email,
    cols.REF: _ref,
    cols.UNIT_KIND: _unit_kind,
    cols.YEAR: _year,
    cols.QUARTER: _quarter,
    cols.AMOUNT: _amount,
}
