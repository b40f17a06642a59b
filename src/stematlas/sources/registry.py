"""Every source the atlas knows, and recognizing which one a file belongs to.

A file is recognized by its folder and its header, never by its exact name, so the
current statewide download can replace a sample file of the same layout.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..validate.findings import INFO, WARNING, Finding
from .base import Source
from .columns import locate, signature_score
from .readers import is_binary, read_xlsx_header, sniff_delimiter


def all_sources() -> list[Source]:
    from . import (
        acs,
        bls_oews,
        bls_projections,
        colleges,
        erdc,
        esd,
        mit_living_wage,
        nces_cip,
        ospi_assessment,
        ospi_directory,
        ospi_enrollment,
        ospi_graduation,
        ospi_sqss,
        ospi_wakids,
        regions,
        urban,
        wsac,
    )

    modules = (
        regions,
        ospi_directory,
        ospi_enrollment,
        ospi_assessment,
        ospi_graduation,
        ospi_sqss,
        ospi_wakids,
        erdc,
        wsac,
        acs,
        # Labor market and credentials.
        bls_oews,
        bls_projections,
        esd,
        mit_living_wage,
        urban,
        nces_cip,
        colleges,
    )
    return [s for m in modules for s in m.SOURCES]


def header_of(path: Path, sources: list[Source]) -> list[str]:
    if path.suffix.lower() == ".zip":
        return []  # an archive: only a source that opens it knows its header
    if path.suffix.lower() == ".xlsx":
        keys = {k for s in sources for f in s.fields.values() for k in f.keys}
        return read_xlsx_header(path, keys)
    with path.open("rb") as handle:
        first = handle.readline(1 << 20)
    if is_binary(first):
        return []
    return read_text_table_header(first)


def read_text_table_header(first_line: bytes) -> list[str]:
    text = first_line.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    try:
        return next(csv.reader([text], delimiter=sniff_delimiter(text)), [])
    except csv.Error:
        return []  # not a text table: the file is reported as unrecognized


def recognize(path: Path, relative: str, sources: list[Source]) -> Source | None:
    """The source this file belongs to: every signature field in the header; among
    several, the one whose folder is in the path, then the closest header match.
    A file in a source's folder that lacks one or two of its columns goes to that
    source, so the missing columns are reported instead of the file ignored."""
    candidates = [s for s in sources if path.suffix.lower() in s.suffixes]
    if not candidates:
        return None
    generic = header_of(path, candidates)
    # A source that keeps its header elsewhere (a workbook's area sheets) is
    # judged on the header it finds there.
    own = {s.id: s.header(path) for s in candidates if _own_header(s)}
    if not generic and not any(own.values()):
        return None
    folder = relative.replace("\\", "/").lower()

    def header_for(s: Source) -> list[str]:
        return own.get(s.id) or generic

    def in_folder(s: Source) -> bool:
        return any(f in folder for f in s.folders)

    def fits(s: Source) -> bool:
        header = header_for(s)
        if s.signature:
            sig = {k: s.fields[k] for k in s.signature}
            if signature_score(header, sig, only_required=False)[1]:
                return False
        return signature_score(header, s.fields)[1] == 0

    def closeness(s: Source) -> tuple[int, int]:
        hit, miss = signature_score(header_for(s), s.fields)
        return (hit, -miss)

    def renamed(s: Source) -> bool:
        # One column in five renamed or missing still reads as this source's file
        # (and gets findings naming them); fewer matches means another layout.
        hit, miss = signature_score(header_for(s), s.fields)
        return hit > 0 and miss <= max(1, (hit + miss) // 5)

    fitting = [s for s in candidates if fits(s)]
    if fitting:
        return max(fitting, key=lambda s: (in_folder(s), closeness(s)))
    nearby = [s for s in candidates if in_folder(s) and renamed(s)]
    return max(nearby, key=closeness) if nearby else None


def why_unrecognized(
    path: Path, relative: str, sources: list[Source]
) -> Finding | None:
    """What is wrong with a file no source recognized, where it sits in a source's
    folder and so may have been meant to be read: a warning for a broken file, a
    note for another layout. None for folders of families the atlas does not read."""
    folder = relative.replace("\\", "/").lower()
    meant = [s for s in sources if any(f"{f}/" in folder for f in s.folders)]
    if not meant:
        return None
    names = ", ".join(sorted({s.id for s in meant}))
    if not path.read_bytes().strip():
        return _finding(relative, f"the file is empty: download it again ({names})")
    readable = [s for s in meant if path.suffix.lower() in s.suffixes]
    if not readable:
        kinds = ", ".join(sorted({x for s in meant for x in s.suffixes}))
        message = f"the folder's sources ({names}) read {kinds} files, not this one"
        return _finding(relative, message, INFO)
    header = header_of(path, readable)
    if not header:
        return _finding(
            relative,
            "the file is not a readable table (a binary file, or a workbook that "
            f"will not open): save the agency's download as CSV ({names})",
        )
    return _finding(relative, _closest_layout(header, readable), INFO)


def _finding(file: str, message: str, severity: str = WARNING) -> Finding:
    return Finding("F005", file, 0, "", message, severity)


def _closest_layout(header: list[str], sources: list[Source]) -> str:
    def missing(s: Source) -> list[str]:
        found = set(locate(header, s.fields))
        return [
            f.names[0] for n, f in s.fields.items() if f.required and n not in found
        ]

    best = min(sources, key=lambda s: len(missing(s)))
    columns = ", ".join(repr(n) for n in missing(best))
    return (
        f"not read: its header matches no known layout; the closest is {best.id}'s, "
        f"which also needs {columns}. If this is an agency file, check its header "
        "or add the new column names to the source's aliases"
    )


def _own_header(source: Source) -> bool:
    return type(source).header is not Source.header
