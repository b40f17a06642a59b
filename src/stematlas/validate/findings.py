"""Findings: one record per problem seen in a source file.

A finding has a stable code a reader can look up (see ``CODES``), the file, the row
(1-based data row, header excluded; 0 for the file as a whole), the column and a
message that says what was found and what to do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"

# Stable codes. The letter says the family: F file, C columns, V values, K keys,
# T totals, G groups and geography.
CODES = {
    "F001": "file could not be read",
    "F002": "file is not in UTF-8; decoded as Windows-1252",
    "F003": "byte order mark removed",
    "F004": "last line is truncated",
    "F005": "file is not recognized as any known source",
    "F006": "file is empty",
    "F007": "file has a header and no data rows",
    "F008": "the loader failed on the file",
    "C001": "required column missing",
    "C002": "column found under another known name",
    "C003": "column not recognized",
    "C004": "row has a different number of fields than the header",
    "V001": "value is not a number",
    "V002": "rate outside 0..1",
    "V003": "numerator greater than denominator",
    "V004": "unknown suppression marker",
    "V005": "value not allowed",
    "V006": "negative count",
    "V007": "Excel turned a range into a date",
    "V008": "required value empty",
    "V009": "period not understood",
    "K001": "duplicate key: the same figure appears twice",
    "K002": "conflicting duplicate: the same key with different figures",
    "T001": "groups add up to more than All Students",
    "G001": "student group not in the vocabulary",
    "G002": "place not found in the geography",
}


@dataclass(frozen=True)
class Finding:
    code: str
    file: str
    row: int
    column: str
    message: str
    severity: str = ERROR

    def as_dict(self) -> dict:
        return asdict(self)


class RowRejected(Exception):
    """Raised inside a loader when a row cannot be used; the row is quarantined."""

    def __init__(
        self, code: str, message: str, column: str = "", severity: str = ERROR
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.column = column
        # A row may be unusable without being wrong: a placeholder row a compiler
        # added is quarantined with a warning, not an error.
        self.severity = severity
