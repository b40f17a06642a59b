"""Codes and header habits the labor-market files share: SOC and CIP codes as the
agencies and spreadsheet programs write them, headers that carry their release's
years ("Employment, 2024"), and reference years that only a file's name states.

The source modules read the files; these functions interpret what they read
(``first_line`` alone peeks at a header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..validate.findings import RowRejected

# Dashes agencies write where a figure does not apply (BLS summary rows), and the
# marks of a figure withheld (ESD, Census: "(S)", "*").
DASHES = {"—", "–", "-", "--"}
WITHHELD = {"*", "**", "(s)", "s", "(d)", "(x)", "n/a", "na", "null", ""}

_SOC = re.compile(r"^(\d{2})-?(\d{4})(?:\.\d{2})?$")
_CIP = re.compile(r"^(\d{1,2})(?:\.(\d{1,4}))?$")
_EXCEL_TEXT = re.compile(r'^="(.*)"$')


def excel_text(text: str | None) -> str:
    """The text inside Excel's ``="01.0000"`` quoting (NCES writes codes so that
    spreadsheets keep their leading zeros) or inside quotes a file kept as part
    of the cell, or the text itself."""
    raw = (text or "").strip()
    found = _EXCEL_TEXT.match(raw)
    if found:
        return found.group(1).strip()
    if len(raw) > 1 and raw[0] == raw[-1] == '"':
        return raw[1:-1].strip()
    return raw


def soc_code(text: str | None, column: str = "soc") -> str:
    """A SOC 2018 code as ``15-1252``: accepts ``151252`` and O*NET's
    ``15-1252.00``."""
    raw = excel_text(text)
    found = _SOC.match(raw)
    if not found:
        raise RowRejected(
            "V005",
            f"{text!r} is not a SOC occupation code (two digits, a hyphen, four "
            "digits: 15-1252)",
            column,
        )
    return f"{found.group(1)}-{found.group(2)}"


def cip_code(text: str | None, column: str = "cip", six: bool = True) -> str:
    """A CIP code as NCES writes it, ``01.0000``. A spreadsheet that read the code
    as a number drops zeros (``1.1`` for ``01.1000``): with ``six`` (files that
    hold six-digit codes only) they are put back. Series codes (``01``,
    ``01.01``) pass through as written."""
    raw = excel_text(text)
    found = _CIP.match(raw)
    if not found:
        raise RowRejected(
            "V005",
            f"{text!r} is not a CIP code (two digits, a point, four digits: 11.0701)",
            column,
        )
    series, rest = found.group(1).zfill(2), found.group(2)
    if rest is None:
        return series
    if six:
        rest = rest.ljust(4, "0")
    return f"{series}.{rest}"


def cip_family(code: str) -> str:
    return code.split(".")[0]


def year_in_name(path: Path) -> str | None:
    """The reference year a file's name states, where the agency states it only
    there: ``oews_may2025``, ``all_data_M_2024``, ``oesm24``, ``c2023_a``,
    ``hd2023``, ``living_wage_2019``."""
    name = path.stem.lower()
    found = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", name)
    if found:
        return found.group(1)
    short = re.search(r"oesm(\d\d)", name)
    return f"20{short.group(1)}" if short else None


@dataclass(frozen=True)
class Pattern:
    """Canonical names for the columns whose header matches ``regex`` (on the
    header in lower case, spaces collapsed); several matches are told apart by
    the year the first group captures, earliest first."""

    names: tuple[str, ...]
    regex: str


def header_text(name: str) -> str:
    return " ".join(name.replace("\u2013", "-").replace("\u2014", "-").split()).lower()


def rename_columns(
    header: list[str], patterns: list[Pattern]
) -> tuple[list[str], dict[str, str]]:
    """The header with each matching column renamed to its canonical name, and
    the year each renamed column carries (``employment_base`` -> ``2024``)."""
    renamed = list(header)
    years: dict[str, str] = {}
    taken: set[int] = set()
    for pattern in patterns:
        hits = []
        for i, name in enumerate(header):
            found = re.search(pattern.regex, header_text(name))
            if found and i not in taken:
                # The year is the first group that matched (patterns may offer
                # the year before or after the words).
                year = next((g for g in found.groups() if g), "")
                hits.append((year, i))
        for canonical, (year, i) in zip(pattern.names, sorted(hits), strict=False):
            renamed[i] = canonical
            taken.add(i)
            if year:
                years[canonical] = year
    return renamed, years


def first_line(path: Path) -> list[str]:
    """The header of a delimited text file, read from its first line only: how
    recognition looks at files it may not need to read whole."""
    from .registry import read_text_table_header

    with path.open("rb") as handle:
        return read_text_table_header(handle.readline())


def number(text: str | None, column: str) -> float | None:
    """A figure, or None for an empty cell, a dash or a mark of a figure withheld;
    commas and dollars go."""
    raw = excel_text(text)
    if raw in DASHES or raw.lower() in WITHHELD:
        return None
    try:
        return float(raw.replace(",", "").replace("$", ""))
    except ValueError:
        raise RowRejected("V001", f"{text!r} is not a number", column) from None
