"""Every source the atlas knows, and recognizing which one a file belongs to.

A file is recognized by its folder and its header, never by its exact name, so the
current statewide download can replace a sample file of the same layout.
"""

from __future__ import annotations

from pathlib import Path

from .base import Source
from .columns import signature_score
from .readers import read_xlsx_header


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
        first = handle.readline()
    return read_text_table_header(first)


def read_text_table_header(first_line: bytes) -> list[str]:
    import csv

    from .readers import sniff_delimiter

    text = first_line.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return next(csv.reader([text], delimiter=sniff_delimiter(text)), [])


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


def _own_header(source: Source) -> bool:
    return type(source).header is not Source.header
