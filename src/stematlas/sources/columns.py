"""Matching an agency's header to the fields a loader needs.

Agencies respell columns between years and between download formats (display names in
the CSV export, API names on /resource, sometimes truncated). A loader declares each
field with every name it has been published under; the header is matched on a
normalized key (lower case, letters and digits only).

data.wa.gov's API cuts long names short, and not always at a word
(``percenttakingcollegeinth``, ``hispanic_latino_of_any_race``): a column whose key is
the start of one field's name, and of no other field's, is read as that field, with
a note saying so. Exact names always win over shortened ones.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..validate.findings import ERROR, INFO, Finding


def normalize(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Field:
    """A field a loader reads; ``names[0]`` is the name used in messages."""

    names: tuple[str, ...]
    required: bool = True

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(normalize(n) for n in self.names)


def field_(*names: str, required: bool = True) -> Field:
    return Field(tuple(names), required)


@dataclass
class ColumnMap:
    """Where each field sits in a header, and what could not be matched."""

    index: dict[str, int]
    missing: list[str]
    unrecognized: list[str]
    findings: list[Finding] = field(default_factory=list)

    def ok(self) -> bool:
        return not self.missing

    def has(self, name: str) -> bool:
        return name in self.index


# A shortened name must keep this much of the original to be read as it: "district"
# alone could be any of several fields.
MIN_PREFIX = 8


def locate(header: list[str], fields: dict[str, Field]) -> dict[str, tuple[int, bool]]:
    """Field name -> (column index, whether the column's name is a shortened one)."""
    keys = [normalize(h) for h in header]
    found: dict[str, tuple[int, bool]] = {}
    for name, spec in fields.items():
        position = next((keys.index(k) for k in spec.keys if k in keys), None)
        if position is not None:
            found[name] = (position, False)

    # A shortened name counts only where it fits one field, and no other column
    # claims that field: otherwise it is left for the findings to name.
    used = {i for i, _ in found.values()}
    claims: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        owners = [n for n, spec in fields.items() if _shortens(key, spec)]
        if i not in used and len(owners) == 1:
            claims.setdefault(owners[0], []).append(i)
    for name, columns in claims.items():
        if name not in found and len(columns) == 1:
            found[name] = (columns[0], True)
    return found


def _shortens(key: str, spec: Field) -> bool:
    return len(key) >= MIN_PREFIX and any(
        k.startswith(key) and k != key for k in spec.keys
    )


def match_header(
    header: list[str], fields: dict[str, Field], file: str = "", module: str = ""
) -> ColumnMap:
    found = locate(header, fields)
    index = {name: i for name, (i, _) in found.items()}
    missing = [n for n, spec in fields.items() if spec.required and n not in index]
    findings = [
        _shortened(header[i], fields[name], file)
        for name, (i, short) in found.items()
        if short
    ]

    used = set(index.values())
    unrecognized = [h for i, h in enumerate(header) if i not in used and h.strip()]

    for name in missing:
        findings.append(_missing(fields[name], unrecognized, file, module))
    if unrecognized:
        findings.append(
            Finding(
                "C003",
                file,
                0,
                "",
                "columns not used by the loader: "
                + ", ".join(repr(h) for h in unrecognized),
                INFO,
            )
        )
    return ColumnMap(index, missing, unrecognized, findings)


def _shortened(column: str, spec: Field, file: str) -> Finding:
    return Finding(
        "C002",
        file,
        0,
        spec.names[0],
        f"column {column!r} is read as {spec.names[0]!r}: its name is cut short, "
        "as data.wa.gov's API writes long names",
        INFO,
    )


def _missing(spec: Field, unrecognized: list[str], file: str, module: str) -> Finding:
    close = _closest(spec, unrecognized)
    hint = f" The file has {close!r}, which looks like it." if close else ""
    where = f" in stematlas/sources/{module}.py" if module else ""
    return Finding(
        "C001",
        file,
        0,
        spec.names[0],
        f"column {spec.names[0]!r} is missing; it is known as "
        f"{', '.join(repr(n) for n in _distinct(spec.names))}.{hint} Rename the column "
        f"in the file, or add its new name to the field's aliases{where}.",
        ERROR,
    )


def _distinct(names: tuple[str, ...]) -> list[str]:
    """One spelling per normalized name: 'TestSubject', not also 'testsubject'."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(normalize(name), name)
    return list(seen.values())


def _closest(spec: Field, candidates: list[str]) -> str | None:
    by_key = {normalize(c): c for c in candidates}
    for key in spec.keys:
        hits = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.75)
        if hits:
            return by_key[hits[0]]
    return None


def signature_score(
    header: list[str], fields: dict[str, Field], only_required: bool = True
) -> tuple[int, int]:
    """How many of the (required) fields the header carries, and how many it lacks."""
    found = locate(header, fields)
    wanted = [n for n, f in fields.items() if f.required or not only_required]
    hit = sum(1 for n in wanted if n in found)
    return hit, len(wanted) - hit
