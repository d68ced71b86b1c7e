"""The downloadable import template: three sheets with an example row each and a README sheet.

Headers are the fixed English keys; the README sheet explains every column and the limits in the
language active when the template is built (the person's own).
"""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.excel import columns as cols
from accounts.excel import styles
from accounts.excel.safety import limits

EXAMPLES: dict[str, dict[str, object]] = {
    sheet.key: {column.key: column.example for column in sheet.template_columns} for sheet in cols.SHEETS
}
VALIDATED_ROWS = 20_001


def build_template(target: str | IO[bytes], *, owner_email: str = "") -> None:
    """Write the template. `owner_email` fills the example row's owner (the person downloading)."""
    book = Workbook()
    _readme(book.active)
    for sheet in cols.SHEETS:
        worksheet = book.create_sheet(sheet.title)
        example = dict(EXAMPLES[sheet.key])
        if owner_email and "owner_email" in example:
            example["owner_email"] = owner_email
        _data_sheet(worksheet, sheet, example)
    book.save(target)


def is_example_row(sheet_key: str, values: dict[str, object]) -> bool:
    """True when a row is still the template's example (same name and keys): it must not be imported."""
    example = EXAMPLES.get(sheet_key, {})
    keys = [key for key in ("name", "org_number", "customer", "kind", "year") if key in example]
    return bool(keys) and all(_same(values.get(key), example[key]) for key in keys)


def _same(value: object, example: object) -> bool:
    if isinstance(example, str) and isinstance(value, str):
        return cols.canonical_key(value) == cols.canonical_key(example)
    return value == example


def _data_sheet(worksheet, sheet: cols.Sheet, example: dict[str, object]) -> None:
    columns = sheet.template_columns
    for index, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
        header = worksheet.cell(row=1, column=index, value=column.header)
        header.font, header.fill, header.alignment = (
            styles.HEADER_FONT,
            styles.HEADER_FILL,
            styles.HEADER_ALIGNMENT,
        )
        cell = worksheet.cell(row=2, column=index, value=example.get(column.key))
        cell.number_format = styles.NUMBER_FORMATS.get(column.kind, styles.TEXT_FORMAT)
    worksheet.freeze_panes = "A2"
    worksheet.row_dimensions[1].height = 30
    for validation in _validations(columns):
        worksheet.add_data_validation(validation)


def _validations(columns: tuple[cols.Column, ...]) -> list[DataValidation]:
    """Drop-down lists and number ranges, so Excel catches a typo while it is typed."""
    rules = {
        cols.STATUS: (
            '"prospect,candidate,key,former"',
            None,
            _("Write prospect, candidate, key or former."),
        ),
        cols.UNIT_KIND: ('"unit,country,location"', None, _("Write unit, country or location.")),
        cols.TIER: ("1", "3", _("Write 1, 2 or 3.")),
        cols.QUARTER: ("0", "4", _("Write 0 for the whole year or 1–4 for a quarter.")),
        cols.YEAR: ("1990", "2100", _("Write a year between 1990 and 2100.")),
    }
    validations = []
    for index, column in enumerate(columns, start=1):
        if column.kind not in rules:
            continue
        first, second, message = rules[column.kind]
        if second is None:
            validation = DataValidation(type="list", formula1=first, allow_blank=True)
        else:
            validation = DataValidation(
                type="whole", operator="between", formula1=first, formula2=second, allow_blank=True
            )
        validation.error, validation.errorTitle = message, column.header
        validation.showErrorMessage = True
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        validations.append(validation)
    return validations


def _readme(worksheet) -> None:
    worksheet.title = cols.README_TITLE
    for letter, width in zip("ABCD", (16, 40, 12, 90), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.append([_("Importing customers into Orchard")])
    worksheet["A1"].font = styles.TITLE_FONT
    for line in _readme_lines():
        worksheet.append([line])
    worksheet.append([])
    worksheet.append([_("Sheet"), _("Column"), _("Required"), _("What to write")])
    for cell in worksheet[worksheet.max_row]:
        cell.font = styles.BOLD
    for sheet in cols.SHEETS:
        worksheet.append([sheet.title, "", "", str(sheet.help)])
        worksheet.cell(row=worksheet.max_row, column=1).font = styles.BOLD
        for column in sheet.columns:
            required = _("yes") if column.required else ""
            worksheet.append([sheet.title, column.header, required, str(column.help)])
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = styles.WRAP


def _readme_lines() -> list[str]:
    numbers = limits()
    return [
        _(
            "Fill in the sheets Customers, Units and Financials, then upload the file on the import page. "
            "Orchard shows what each row will do before anything is saved, and saves all rows or none."
        ),
        _(
            "Keep the column names in the first row as they are (English keys, so a file works in every "
            "language). Columns may be left out: a missing column or an empty cell leaves that field of "
            "an existing customer as it is (clear a field on the customer's page). Replace or delete the "
            "example rows."
        ),
        _(
            "Rows are matched to customers by organisation number, or by external id when there is none; "
            "importing the same file twice changes nothing the second time."
        ),
        _(
            "Type values, not formulas: a formula Excel has not calculated cannot be read. Amounts may be "
            "numbers or text such as 1 234 567,50."
        ),
        _(
            "Limits: a file of at most %(upload)s (%(uncompressed)s unpacked), at most %(rows)s rows per "
            "sheet. Files of up to %(inline)s rows are checked at once; larger ones in the background."
        )
        % numbers,
    ]
