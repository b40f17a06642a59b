"""Validating files without building: the findings of each, as plain data."""

from __future__ import annotations

from pathlib import Path

from ..sources.load import load_file
from ..sources.registry import all_sources, recognize, why_unrecognized
from .findings import ERROR


def validate_files(paths: list[Path]) -> list[dict]:
    sources = all_sources()
    results = []
    for path in paths:
        results.append(_validate(Path(path), sources))
    return results


def _validate(path: Path, sources) -> dict:
    entry = {
        "path": str(path),
        "source_id": None,
        "rows_in": 0,
        "rows_loaded": 0,
        "rows_quarantined": 0,
        "errors": 0,
        "findings": [],
    }
    if not path.is_file():
        entry["errors"] = 1
        entry["findings"] = [_file_finding(path, "F001", "the file does not exist")]
        return entry
    source = recognize(path, path.as_posix(), sources)
    if source is None:
        why = why_unrecognized(path, path.as_posix(), sources)
        entry["errors"] = 1
        entry["findings"] = [
            _file_finding(
                path,
                "F005",
                why.message
                if why
                else "the file matches no known source: check that it is an "
                "agency file with its original header, in its source's folder "
                "(`stematlas sources` lists the known sources)",
            )
        ]
        return entry
    result = load_file(source, path, str(path))
    entry.update(
        source_id=source.id,
        rows_in=result.rows_in,
        rows_loaded=result.rows_loaded,
        rows_quarantined=result.rows_quarantined,
        errors=sum(1 for f in result.findings if f.severity == ERROR),
        findings=[f.as_dict() for f in result.findings],
    )
    return entry


def _file_finding(path: Path, code: str, message: str) -> dict:
    return {
        "code": code,
        "file": str(path),
        "row": 0,
        "column": "",
        "message": message,
        "severity": ERROR,
    }
