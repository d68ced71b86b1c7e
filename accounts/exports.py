"""Pure helpers for files people download and open in a spreadsheet.

`spreadsheet_value` is the one gate every cell Orchard writes passes (Excel exports and CSV files):
text loses the control characters the file format cannot hold and is kept from running as a
formula; other values pass unchanged.
"""

from __future__ import annotations

import re
from typing import Any

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# The characters XML 1.0, and so an .xlsx file, cannot hold: C0 controls other than tab, line feed
# and carriage return (the same set openpyxl refuses with IllegalCharacterError).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_text(text: str) -> str:
    """`text` as a cell may hold it: without illegal control characters, never read as a formula.

    Text is refused with control characters at input; what is older than that rule, or came in
    another way, must not make a whole export fail for everyone.
    """
    return neutralise(ILLEGAL_CHARACTERS.sub("", text))


def spreadsheet_value(value: Any) -> Any:
    """The value to write into a cell: text through `spreadsheet_text`, anything else as it is."""
    return spreadsheet_text(value) if isinstance(value, str) else value
