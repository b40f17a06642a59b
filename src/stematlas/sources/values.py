"""Parsing the numbers agencies write: "2,688", "43.20%", "0.432", NULL, NA."""

from __future__ import annotations

import math

from ..validate.findings import RowRejected

EMPTY = {"", "null", "na", "n/a", "none", "nan", "-", "--", "*"}


def is_empty(text: str | None) -> bool:
    return text is None or text.strip().lower() in EMPTY


def parse_count(text: str | None, column: str = "") -> int | None:
    """A whole count; empty markers give None. Suppression words are the caller's."""
    if is_empty(text):
        return None
    number = _finite(text.strip().replace(",", ""), text, "count", column)
    if number < 0:
        raise RowRejected("V006", f"count {text!r} is negative", column)
    if not number.is_integer():
        # Compilers multiply rates by counts (ERDC enrollees): keep the fraction.
        return number  # type: ignore[return-value]
    return int(number)


def parse_number(text: str | None, column: str = "") -> float | None:
    if is_empty(text):
        return None
    cleaned = text.strip().replace(",", "").replace("$", "")
    return _finite(cleaned, text, "number", column)


def parse_rate(
    text: str | None, column: str = "", percent: bool = False
) -> float | None:
    """A proportion in 0..1: "43.20%" -> 0.432; "0.432" stays; ``percent=True`` says
    the file writes bare percentages ("43.2")."""
    if is_empty(text):
        return None
    cleaned = text.strip().replace(",", "")
    is_pct = cleaned.endswith("%")
    number = _finite(cleaned.rstrip("%").strip(), text, "rate", column)
    # Rounded so that "43.20%" reads 0.432, not 0.43200000000000005.
    return round(number / 100, 9) if (is_pct or percent) else number


def _finite(cleaned: str, text: str, kind: str, column: str) -> float:
    """The number a cell writes; "inf", "1e400" and the like are no figure."""
    try:
        number = float(cleaned)
    except ValueError:
        raise RowRejected("V001", f"{text!r} is not a {kind}", column) from None
    if not math.isfinite(number):
        raise RowRejected("V001", f"{text!r} is not a {kind}", column)
    return number
