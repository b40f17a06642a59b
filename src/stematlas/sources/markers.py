"""OSPI's suppression vocabulary, old and new, as status, reason and band.

OSPI withholds figures for fewer than 10 students (WAC 392-117-060) and writes why in
a Suppression / DAT / DATReason / DAT_Reason column, and sometimes in the value
column itself. Every marker seen in the published files maps here; anything else is
an unknown marker, which the loader reports instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import normalize

OK = "ok"
SUPPRESSED = "suppressed"
BANDED = "banded"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Marker:
    status: str
    reason: str = ""
    lower: float | None = None
    upper: float | None = None
    counts_hidden: bool = False  # the rate is shown, the counts withheld

    @property
    def hides_value(self) -> bool:
        return self.status in (SUPPRESSED, BANDED, NOT_APPLICABLE)


NO_SUPPRESSION = Marker(OK)
# Cross-group suppression hides the counts that would let a reader subtract a small
# group from the total; OSPI keeps the rate.
CROSS_GROUP = Marker(OK, "counts withheld", counts_hidden=True)
N_UNDER_10 = Marker(SUPPRESSED, "source suppressed")
NO_STUDENTS = Marker(NOT_APPLICABLE, "no students")

_FIXED = {
    "": NO_SUPPRESSION,
    "nosuppression": NO_SUPPRESSION,
    "none": NO_SUPPRESSION,
    "notsuppressed": NO_SUPPRESSION,
    "nodatapplied": NO_SUPPRESSION,
    "nodat": NO_SUPPRESSION,  # graduation files from 2019-20
    "n10": N_UNDER_10,
    "suppressedn10": N_UNDER_10,
    "datappliedn10": N_UNDER_10,
    "crossgroup": CROSS_GROUP,
    "suppressedcrossgroup": CROSS_GROUP,
    "crossstudentgroup": CROSS_GROUP,
    "crossstudentgroupn10": CROSS_GROUP,
    "datappliedcrossstudentgroup": CROSS_GROUP,
    # Assessment: the rate is shown, the counts hidden to protect another group,
    # another grade or another organization (a school's only district, say).
    "crossstudentgrouptopbottom": CROSS_GROUP,
    "crossgradeleveln10": CROSS_GROUP,
    "crossorganizationn10": CROSS_GROUP,
    "suppressedcrossorganization": CROSS_GROUP,  # SQSS combined file
    "suppressedcrossgrade": CROSS_GROUP,
    "nostudents": NO_STUDENTS,
    "suppressednostudents": NO_STUDENTS,
}

# Enrollment names the group a row's suppression is for:
# "DAT Applied: Foster Care - N < 10".
_GROUP_N10 = re.compile(
    r"^\s*DAT Applied:\s*[A-Za-z0-9 /-]+?\s*-\s*N\s*<\s*10\s*$", re.I
)

# ">95%", "<3%", "Suppressed: <10%", "Top/Bottom Range: >72.7%", "DAT Applied: > 95%"
_BAND = re.compile(r"([<>])\s*=?\s*(\d+(?:\.\d+)?)\s*%")


def parse_marker(text: str | None) -> Marker | None:
    """The marker for a suppression text, or None when the text is not one we know."""
    raw = (text or "").strip()
    key = normalize(raw)
    fixed = _FIXED.get(key)
    if fixed is not None:
        return fixed
    if _GROUP_N10.match(raw):
        return N_UNDER_10
    band = _BAND.search(raw)
    if band and _is_band_text(raw):
        bound = float(band.group(2)) / 100
        if band.group(1) == ">":
            return Marker(BANDED, "top/bottom coded", lower=bound, upper=1.0)
        return Marker(BANDED, "top/bottom coded", lower=0.0, upper=bound)
    return None


def _is_band_text(raw: str) -> bool:
    # Only the band itself, optionally behind one of OSPI's prefixes.
    rest = _BAND.sub("", raw)
    return normalize(rest) in {"", "suppressed", "topbottomrange", "datapplied"}


def combine(*markers: Marker | None) -> Marker:
    """Several columns may speak (Suppression and the value itself); the strongest
    wins: not applicable, then suppressed, then banded, then counts withheld."""
    order = {NOT_APPLICABLE: 0, SUPPRESSED: 1, BANDED: 2, OK: 3}
    known = [m for m in markers if m is not None]
    if not known:
        return NO_SUPPRESSION
    known.sort(key=lambda m: (order[m.status], not m.counts_hidden))
    return known[0]
