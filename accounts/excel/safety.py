"""Checks an uploaded file passes before any spreadsheet library opens it.

An .xlsx file is a zip archive of XML parts. Everything here reads the archive with the standard
library only: its directory (entry count, declared sizes, compression ratios — a zip bomb is
refused before a byte is inflated), its content types (a renamed PDF or CSV is refused), and the
XML parts themselves, streamed in bounded chunks (document type declarations, the door to entity
expansion attacks, are refused; openpyxl parses through defusedxml as a second line). Python's
zipfile never inflates an entry past its declared size, so the declared sizes are the real ones.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 200
MAX_RATIO = 150  # uncompressed ÷ compressed, for entries past RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ROWS_PER_SHEET = 20_000
INLINE_ROWS = 500  # files up to this many rows are read while the person waits

XLSX_MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and encrypted .xlsx)
CHUNK = 256 * 1024

_DTD = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C|E\x00N\x00T)|\x00<\x00!\x00(?:D\x00O|E\x00N)",
    re.IGNORECASE,
)
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class FileRejected(Exception):
    """The file is not one Orchard will read; the message says why in the active language."""


@dataclass(frozen=True)
class Inspection:
    rows: int  # <row> elements in all worksheets: the size of the work, before reading a cell
    has_formulas: bool


def limits() -> dict[str, str]:
    """The documented limits, formatted for the active language (upload page and README sheet)."""
    return {
        "upload": filesizeformat(MAX_UPLOAD_BYTES),
        "uncompressed": filesizeformat(MAX_UNCOMPRESSED_BYTES),
        "entries": number_format(MAX_ENTRIES),
        "rows": number_format(MAX_ROWS_PER_SHEET, force_grouping=True),
        "inline": number_format(INLINE_ROWS),
    }


def inspect_xlsx(source: BinaryIO | str | Path, size: int) -> Inspection:
    """Check a would-be .xlsx file without opening it as a spreadsheet.

    Raises FileRejected with the reason when it is too large, not a zip archive, not an Excel
    workbook, a zip bomb, damaged, encrypted, or carries document type declarations.
    """
    if size > MAX_UPLOAD_BYTES:
        raise FileRejected(
            _(
                "The file is %(size)s; the largest file Orchard imports is %(limit)s. Split it into smaller files."
            )
            % {"size": filesizeformat(size), "limit": limits()["upload"]}
        )
    _refuse_other_formats(source)
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            _check_directory(entries)
            _check_content_types(archive)
            return _scan_parts(archive, entries)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
        raise FileRejected(
            _(
                "The file is damaged and cannot be read. Open it in Excel, save it again as .xlsx and upload that."
            )
        ) from error


def _refuse_other_formats(source: BinaryIO | str | Path) -> None:
    head = _head(source)
    if head.startswith(OLE2_SIGNATURE):
        raise FileRejected(
            _(
                "This is an old Excel 97–2003 file (.xls) or a password-protected workbook. Remove any "
                "password, save it as an Excel workbook (.xlsx) and upload that."
            )
        )
    if not head.startswith(b"PK\x03\x04"):
        raise FileRejected(
            _(
                "This is not an Excel workbook (.xlsx), even if its name ends in .xlsx. Open it in Excel "
                "and save it as an Excel workbook, or start from the template."
            )
        )


def _head(source: BinaryIO | str | Path) -> bytes:
    if isinstance(source, str | Path):
        with open(source, "rb") as file:
            return file.read(8)
    position = source.tell()
    head = source.read(8)
    source.seek(position)
    return head


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise FileRejected(
            _("The file holds %(count)s parts; a workbook Orchard imports holds at most %(limit)s.")
            % {"count": number_format(len(entries)), "limit": limits()["entries"]}
        )
    seen: set[str] = set()
    for entry in entries:
        name = entry.filename.replace("\\", "/").casefold()
        if name in seen:  # which of the two would a reader take? Excel never writes this
            raise FileRejected(
                _(
                    "The file holds two parts called %(name)s. Excel never writes that, and Orchard does "
                    "not guess which one counts. Open the file in Excel, save it again and upload that."
                )
                % {"name": entry.filename}
            )
        seen.add(name)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRejected(
            _(
                "Unpacked, the file would be %(size)s; Orchard imports at most %(limit)s. Split it into smaller files."
            )
            % {"size": filesizeformat(total), "limit": limits()["uncompressed"]}
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise FileRejected(
                _("The workbook is encrypted. Remove the password in Excel and upload it again.")
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise FileRejected(
                _(
                    "The file unpacks to far more than its size (%(ratio)s times), the mark of a zip bomb. "
                    "Orchard does not open it."
                )
                % {"ratio": number_format(int(ratio), force_grouping=True)}
            )


def _check_content_types(archive: zipfile.ZipFile) -> None:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        info = None
    content_types = archive.read(info) if info is not None and info.file_size <= RATIO_FLOOR_BYTES else b""
    if MACRO_MAIN_TYPE in content_types:
        raise FileRejected(
            _(
                "This is a macro-enabled workbook (.xlsm). Save it as an Excel workbook (.xlsx) and upload that."
            )
        )
    if XLSX_MAIN_TYPE not in content_types:
        raise FileRejected(
            _(
                "This is a zip archive or another Office document, not an Excel workbook (.xlsx). Open it "
                "in Excel and save it as an Excel workbook, or start from the template."
            )
        )


def _scan_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> Inspection:
    """Stream every XML part once: refuse DTDs, count rows and notice formulas on the way."""
    rows, has_formulas = 0, False
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels", ".vml")):
            continue
        worksheet = entry.filename.startswith("xl/worksheets/")
        tail = b""
        with archive.open(entry) as part:
            while chunk := part.read(CHUNK):
                window = tail + chunk
                if _DTD.search(window):
                    raise FileRejected(
                        _(
                            "The file contains XML document type declarations, which Excel never writes and "
                            "which can be used to attack a server. Orchard does not open it."
                        )
                    )
                if worksheet:
                    # a match ending inside the carried-over tail was counted with the previous chunk
                    rows += sum(1 for match in _ROW.finditer(window) if match.end() > len(tail))
                    has_formulas = has_formulas or bool(_FORMULA.search(window))
                tail = window[-32:]
    return Inspection(rows=rows, has_formulas=has_formulas)
