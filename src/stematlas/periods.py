"""Periods as the atlas writes them: school years "2018-19", calendar years "2018",
survey spans "2016-2020"."""

from __future__ import annotations

import re

from .validate.findings import RowRejected

_SCHOOL = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")


def school_year(text: str, end_year: bool = False) -> str:
    """ "2018-19", "2018-2019" and "2018/19" read as 2018-19; a bare year is the
    start year unless ``end_year`` says the file writes the end year (OSPI graduation
    and ERDC cohorts write "2019" for the class of 2019)."""
    raw = (text or "").strip()
    m = _SCHOOL.match(raw)
    if m:
        start = int(m.group(1))
        end = int(m.group(2)[-2:])
        if (start + 1) % 100 != end:
            raise RowRejected("V009", f"school year {raw!r} does not span one year")
        return f"{start}-{end:02d}"
    if re.fullmatch(r"\d{4}(\.0)?", raw):
        year = int(float(raw))
        start = year - 1 if end_year else year
        return f"{start}-{(start + 1) % 100:02d}"
    raise RowRejected("V009", f"period {raw!r} is not a school year such as 2018-19")


def start_year(period: str) -> int:
    return int(period[:4])
