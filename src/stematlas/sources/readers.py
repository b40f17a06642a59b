"""Reading agency files into a header and rows, whatever their encoding and delimiter.

Only this module opens tabular files. Problems with the file as a whole become
findings; rows that cannot be parsed come back as rejected rows with their reason, so
the loader's row accounting stays whole.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..validate.findings import ERROR, INFO, WARNING, Finding

MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTHS.split("|"))}
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})-({MONTHS})$", re.I)
_MONTH_YEAR = re.compile(rf"^({MONTHS})-(\d{{2}})$", re.I)


@dataclass
class Row:
    number: int  # 1-based data row number, header excluded
    values: list[str]


@dataclass
class Rejected:
    number: int
    values: list[str]
    code: str
    column: str
    message: str
    severity: str = ERROR


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[Row]
    rejected: list[Rejected] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","

    @property
    def rows_in(self) -> int:
        return len(self.rows) + len(self.rejected)


def excel_date_from_range(value: str) -> str | None:
    """The range Excel turned into a date, e.g. '4-Mar' was '3-4'; else None."""
    text = value.strip()
    m = _DAY_MONTH.match(text)
    if m:
        return f"{MONTH_NUMBER[m.group(2).lower()]}-{int(m.group(1))}"
    m = _MONTH_YEAR.match(text)
    if m:
        return f"{MONTH_NUMBER[m.group(1).lower()]}-{int(m.group(2))}"
    return None


def decode(data: bytes, name: str) -> tuple[str, str, list[Finding]]:
    findings: list[Finding] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        findings.append(Finding("F003", name, 0, "", "byte order mark removed", INFO))
    try:
        return data.decode("utf-8"), "utf-8", findings
    except UnicodeDecodeError as exc:
        findings.append(
            Finding(
                "F002",
                name,
                0,
                "",
                f"the file is not UTF-8 (byte {exc.start}); it was read as "
                "Windows-1252. Check accented names, or save the file as UTF-8.",
                WARNING,
            )
        )
        return data.decode("cp1252", errors="replace"), "cp1252", findings


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "|", "\t", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def is_binary(data: bytes) -> bool:
    """Text files never hold a NUL byte; workbooks, archives and programs do."""
    return b"\x00" in data[:8192]


def read_text_table(path: Path, name: str | None = None) -> Table:
    """Read a delimited text file: CSV, pipe- or tab-separated."""
    name = name or path.name
    data = path.read_bytes()
    if is_binary(data):
        return Table(path, [], [], findings=[_not_text(name)], encoding="binary")
    text, encoding, findings = decode(data, name)
    if not text.strip():
        findings.append(
            Finding(
                "F006",
                name,
                0,
                "",
                "the file is empty: download it again, or remove it from the "
                "data folder",
                ERROR,
            )
        )
        return Table(path, [], [], findings=findings, encoding=encoding)

    first = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        findings.append(_not_text(name, str(exc)))
        return Table(path, [], [], findings=findings, encoding=encoding)
    while records and not any(v.strip() for v in records[-1]):
        records.pop()
    header = [h.strip() for h in records[0]]
    truncated = not text.endswith(("\n", "\r"))

    table = Table(path, header, [], findings=findings, encoding=encoding)
    table.delimiter = delimiter
    last = len(records) - 1
    for number, values in enumerate(records[1:], start=1):
        if not any(v.strip() for v in values):
            table.rejected.append(
                Rejected(number, values, "V008", "", "the row is empty")
            )
            continue
        if len(values) != len(header):
            if truncated and number == last:
                table.rejected.append(
                    Rejected(
                        number,
                        values,
                        "F004",
                        "",
                        f"the last line is cut off ({len(values)} of {len(header)} "
                        "fields, no line end): the download was probably "
                        "interrupted; fetch the file again",
                    )
                )
            else:
                table.rejected.append(
                    Rejected(
                        number,
                        values,
                        "C004",
                        "",
                        f"the row has {len(values)} fields, the header "
                        f"{len(header)}: a delimiter or quote is out of place",
                    )
                )
            continue
        mangled = _mangled_cell(header, values)
        if mangled:
            table.rejected.append(Rejected(number, values, "V007", *mangled))
            continue
        table.rows.append(Row(number, values))
    return table


def _not_text(name: str, detail: str = "") -> Finding:
    why = f" ({detail})" if detail else ""
    return Finding(
        "F001",
        name,
        0,
        "",
        f"the file is not a text table{why}: it may be a workbook or an archive "
        "saved under a .csv name; export it from the agency's site as CSV",
        ERROR,
    )


def _mangled_cell(header: list[str], values: list[str]) -> tuple[str, str] | None:
    for column, value in zip(header, values, strict=True):
        original = excel_date_from_range(value)
        if original:
            return column, (
                f"{value!r} looks like the range {original!r} that Excel turned into "
                "a date; use the agency's original CSV, or re-type the cell as text"
            )
    return None


def read_xlsx_table(
    path: Path, header_keys: set[str], name: str | None = None, sheet: str | None = None
) -> Table:
    """Read a worksheet; the header is the first row holding any of ``header_keys``
    (normalized names), since agency workbooks put titles above it."""
    import openpyxl

    name = name or path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        message = (
            f"not a readable workbook ({exc}): download it again, or open it in "
            "a spreadsheet program and save it as .xlsx or CSV"
        )
        return Table(path, [], [], findings=[Finding("F001", name, 0, "", message)])
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        header, rows, _, _, notes = _sheet_rows(ws, header_keys, notes=True)
    finally:
        book.close()
    table = Table(path, header, rows, encoding="xlsx")
    table.rejected.extend(notes)
    if not table.header:
        table.findings.append(
            Finding(
                "F001",
                name,
                0,
                "",
                "no header row found in the workbook: its first sheet should "
                "hold the agency's column names",
            )
        )
    return table


def _note_row(number: int, values: list[str], text: str) -> Rejected:
    return Rejected(
        number,
        values,
        "V008",
        "",
        f"the row holds only {text[:60]!r}: a note or a title, not data",
        WARNING,
    )


def read_xlsx_header(
    path: Path, header_keys: set[str], sheet: str | None = None
) -> list[str]:
    """Only the header of a worksheet (see ``read_xlsx_table``): recognizing a
    large workbook need not read all its rows."""
    import openpyxl

    from .columns import normalize

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken workbook
        return []
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        ws.reset_dimensions()
        for cells in ws.iter_rows(values_only=True):
            values = ["" if c is None else _cell_text(c) for c in cells]
            if any(normalize(v) in header_keys for v in values):
                return [v.strip() for v in values]
    finally:
        book.close()
    return []


@contextmanager
def zip_members(path: Path, suffixes: tuple[str, ...]) -> Iterator[list[Path]]:
    """Every file in a zip archive ending in one of ``suffixes``, in name order,
    unpacked into a folder that is removed afterwards; none when the file is not
    an archive. Agencies publish their files zipped, sometimes several to a zip
    (BLS's metropolitan and nonmetropolitan workbooks) beside a description."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        yield []
        return
    with archive, tempfile.TemporaryDirectory() as folder:
        names = [
            n
            for n in sorted(archive.namelist())
            if n.lower().endswith(suffixes) and not Path(n).name.startswith(".")
        ]
        targets = []
        for i, name in enumerate(names):
            target = Path(folder) / str(i) / Path(name).name
            target.parent.mkdir()
            with archive.open(name) as member, target.open("wb") as out:
                shutil.copyfileobj(member, out)
            targets.append(target)
        yield targets


@contextmanager
def zip_member(
    path: Path, suffixes: tuple[str, ...], prefer: str = ""
) -> Iterator[Path | None]:
    """One file of a zip archive (see ``zip_members``): the first whose name holds
    ``prefer`` (IPEDS's revised "_rv" files), else the first; None for none."""
    with zip_members(path, suffixes) as members:
        preferred = [m for m in members if prefer and prefer in m.name.lower()]
        yield (preferred or members or [None])[0]


# How far down a sheet recognition looks for a header row.
HEADER_SEARCH_ROWS = 40


@dataclass
class Sheet:
    """One worksheet of a workbook read whole: its name, its header and rows
    (numbered from 1 within the sheet), the text of each row above the header
    (the agency's title and notes) and the worksheet row of each data row."""

    name: str
    header: list[str]
    rows: list[Row]
    above: list[str]
    lines: list[int]


def read_xlsx_sheets(
    path: Path,
    header_keys: set[str],
    name: str | None = None,
    headers_only: bool = False,
) -> tuple[list[Sheet], list[Finding]]:
    """Every worksheet that has a header row (the first row holding any of
    ``header_keys``), for workbooks that give each area a sheet of its own;
    ``headers_only`` stops each sheet at its header (for recognizing a file)."""
    import openpyxl

    name = name or path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        return [], [Finding("F001", name, 0, "", f"not a readable workbook: {exc}")]
    sheets = []
    try:
        for ws in book.worksheets:
            header, rows, above, lines, _ = _sheet_rows(ws, header_keys, headers_only)
            if header:
                sheets.append(Sheet(ws.title, header, rows, above, lines))
    finally:
        book.close()
    return sheets, []


def _sheet_rows(
    ws, header_keys: set[str], headers_only: bool = False, notes: bool = False
):
    """(header, rows, text above the header, worksheet row of each data row,
    rows set aside). With ``notes``, a row holding a single cell under a wider
    header (a note or a title) is set aside with a warning instead of read."""
    from .columns import normalize

    ws.reset_dimensions()
    header: list[str] = []
    rows: list[Row] = []
    above: list[str] = []
    lines: list[int] = []
    set_aside: list[Rejected] = []
    number = 0
    for line, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        values = ["" if c is None else _cell_text(c) for c in cells]
        if not header:
            if any(normalize(v) in header_keys for v in values):
                header = [v.strip() for v in values]
                if headers_only:
                    break
            elif headers_only and line >= HEADER_SEARCH_ROWS:
                break  # agencies put a few title rows above the header, not pages
            else:
                above.append(" ".join(v.strip() for v in values if v.strip()))
            continue
        filled = [v for v in values if v.strip()]
        if not filled:
            continue
        number += 1
        values = (values + [""] * len(header))[: len(header)]
        if notes and len(filled) == 1 and len(header) > 2:
            set_aside.append(_note_row(number, values, filled[0]))
            continue
        rows.append(Row(number, values))
        lines.append(line)
    return header, rows, above, lines, set_aside


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
