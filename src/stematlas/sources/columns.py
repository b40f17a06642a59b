"""Matching an agency's header to the fields a loader needs.

Agencies respell columns between years and between download formats (display names in
the CSV export, API names on /resource, sometimes truncated). A loader declares each
field with every name it has been published under; the header is matched on a
normalized key (lower case, letters and digits only).
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


def match_header(
    header: list[str], fields: dict[str, Field], file: str = "", module: str = ""
) -> ColumnMap:
    keys = [normalize(h) for h in header]
    index: dict[str, int] = {}
    missing: list[str] = []
    findings: list[Finding] = []

    # Match each field on the first of its names present in the header.
    for name, spec in fields.items():
        position = next((keys.index(k) for k in spec.keys if k in keys), None)
        if position is None:
            if spec.required:
                missing.append(name)
            continue
        index[name] = position

    used = set(index.values())
    unrecognized = [h for i, h in enumerate(header) if i not in used and h.strip()]

    for name in missing:
        spec = fields[name]
        close = _closest(spec, unrecognized)
        hint = f" The file has {close!r}, which looks like it." if close else ""
        where = f" in stematlas/sources/{module}.py" if module else ""
        findings.append(
            Finding(
                "C001",
                file,
                0,
                spec.names[0],
                f"column {spec.names[0]!r} is missing; it is known as "
                f"{', '.join(repr(n) for n in spec.names)}.{hint} Rename the column "
                f"in the file, or add its new name to the field's aliases{where}.",
                ERROR,
            )
        )
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
    keys = set(normalize(h) for h in header)
    required = [f for f in fields.values() if f.required or not only_required]
    hit = sum(1 for f in required if any(k in keys for k in f.keys))
    return hit, len(required) - hit
