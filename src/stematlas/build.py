"""The pipeline: sources -> validate -> warehouse -> indicators.

``build`` reads every file it recognizes in the data directory, checks every row,
places every figure in the geography, computes the observations and writes them all
into a new warehouse file that replaces the old one only when everything worked.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .errors import DataDirectoryMissing
from .geography import Geography, default_counties
from .indicators import catalog
from .indicators.engine import compute
from .labor import careers
from .labor.rules import load_rules
from .maps import DATA_FILE as MAP_FILE
from .maps import county_shapes
from .releases import record_release
from .sources.base import Fact, Source
from .sources.load import LoadResult, load_file
from .sources.readers import Rejected
from .sources.registry import all_sources, recognize, why_unrecognized
from .validate.findings import ERROR, WARNING, Finding
from .voice import load_notes, write_notes
from .warehouse import schema
from .warehouse.store import build_lock, new_database, write_table

SKIP_SUFFIXES = {".md"}
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    db: Path
    build_id: str
    files: list[LoadResult] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)
    missing: list[Source] = field(default_factory=list)
    observations: int = 0
    hidden: int = 0
    source_disclosures: list[dict] = field(default_factory=list)
    already_public: int = 0
    inconsistent: int = 0
    notes: list[dict] = field(default_factory=list)  # community voice
    note_findings: list[Finding] = field(default_factory=list)
    # Why files in a source's folder were not read (empty, binary, another layout).
    unread_findings: list[Finding] = field(default_factory=list)
    # The county shapes behind the maps: not a source, but a file the build read.
    shapes: Shapes | None = None
    careers: int = 0  # rows of the regional job lists

    @property
    def findings(self) -> list[Finding]:
        files = [f for r in self.files for f in r.findings]
        shapes = self.shapes.findings if self.shapes else []
        return files + self.unread_findings + shapes + self.note_findings

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass
class Shapes:
    """The county map the build read: from the data folder when it holds a
    readable one, else the copy shipped with the site."""

    topology: dict
    origin: str
    lineage: list | None = None  # the data folder's file, as a lineage row
    findings: list[Finding] = field(default_factory=list)


def discover(data_dir: Path) -> list[tuple[Path, str]]:
    files = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir).as_posix()
        if not path.is_file() or any(p.startswith(".") for p in relative.split("/")):
            continue
        if path.suffix.lower() in SKIP_SUFFIXES or ".part" in path.suffixes:
            continue  # notes, and downloads `fetch` has not finished
        files.append((path, relative))
    return files


def is_sample_pack(data_dir: Path) -> bool:
    """The shared sample pack says what it is in its README's title."""
    readme = data_dir / "README.md"
    if not readme.is_file():
        return False
    first = readme.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    return "sample data pack" in first.lower()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(
    data_dir: Path,
    db_path: Path,
    regions_file: Path | None = None,
    district_regions_file: Path | None = None,
    min_n: int = 10,
    progress: Progress | None = None,
    demo: bool = False,
    reliability_n: int = 30,
    goals_file: Path | None = None,
    content_dir: Path | None = None,
    labor_rules: Path | None = None,
) -> BuildReport:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirectoryMissing(
            f"data directory {data_dir} does not exist: point --data (or "
            "STEMATLAS_DATA) at a folder of agency files, or run "
            f"`stematlas fetch --data {data_dir}` to download them"
        )
    report = BuildReport(Path(db_path), uuid.uuid4().hex[:12])
    rules = load_rules(labor_rules)  # a bad rules file stops the build first
    with build_lock(Path(db_path)):
        # Sources: recognize and load every file.
        sources = all_sources()
        files = discover(data_dir)
        for i, (path, relative) in enumerate(files, start=1):
            if progress:
                progress(relative, i, len(files))
            if relative == MAP_FILE.as_posix():
                continue  # the county shapes: read for the maps, below
            source = recognize(path, relative, sources)
            if source is None:
                report.unrecognized.append(relative)
                why = why_unrecognized(path, relative, sources)
                report.unread_findings.extend([why] if why else [])
                continue
            report.files.append(load_file(source, path, relative))
        found = {r.source.id for r in report.files}
        report.missing = [s for s in sources if s.id not in found]

        # Geography, then every fact in its place.
        geo = _geography(report.files, regions_file, district_regions_file)
        _place_facts(report.files, geo)
        report.notes, report.note_findings = _community_notes(
            data_dir, content_dir, geo
        )

        # Warehouse and indicators, written into a new file swapped in at the end.
        with new_database(Path(db_path)) as con:
            options = {
                "min_n": min_n,
                "reliability_n": reliability_n,
                "goals_file": goals_file,
            }
            _write(con, report, data_dir, geo, options, demo)
            # The labor rules read the source tables, places and county shapes.
            report.careers = careers.compute(con, rules).rows
            _pause_for_tests()

        # Downloads of whole indicators, beside the database that now serves.
        _write_bulk(Path(db_path), report.build_id)
    return report


# Bulk folders kept: this build's, and the one before for downloads under way.
KEEP_BULK = 2


def _write_bulk(db_path: Path, build_id: str) -> None:
    import shutil

    from .exports import bulk_dir, write_bulk

    folder = bulk_dir(db_path, build_id)
    write_bulk(db_path, folder)
    builds = folder.parent.parent
    older = sorted(
        (d for d in builds.iterdir() if d.is_dir() and d.name != build_id),
        key=lambda d: d.stat().st_mtime,
        reverse=True,
    )
    for stale in older[KEEP_BULK - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)


def _geography(files, regions_file, district_regions_file) -> Geography:
    tables = defaultdict(list)
    for r in files:
        for name, rows in r.tables.items():
            tables[name].extend(rows)
    counties = tables.get("counties") or default_counties()
    facts = [f for r in files for f in r.facts]
    return Geography.build(
        counties, tables.get("schools", []), facts, regions_file, district_regions_file
    )


def _place_facts(files: list[LoadResult], geo: Geography) -> None:
    """Give every fact its place id; a row naming a place the geography does not
    know is quarantined with the reason."""
    for result in files:
        unplaced: dict[int, str] = {}
        for fact in result.facts:
            if fact.row in unplaced:
                continue
            found = geo.resolve(
                fact.geo_level, fact.geo_id, fact.geo_name, fact.district_code
            )
            if found is None:
                unplaced[fact.row] = _unplaced_message(fact)
                continue
            fact.geo_id, fact.geo_name = found
        if not unplaced:
            continue
        result.facts = [f for f in result.facts if f.row not in unplaced]
        for number, message in unplaced.items():
            result.quarantined.append(Rejected(number, [], "G002", "", message))
            result.findings.append(Finding("G002", result.name, number, "", message))


def _unplaced_message(fact: Fact) -> str:
    hint = {
        "district": "add the OSPI school directory (ospi/directory) to the data "
        "folder, or check the district's name",
        "school": "add the OSPI school directory (ospi/directory) to the data folder",
        "county": "check the county name against the regions file",
        "esd": "check the ESD name",
    }.get(fact.geo_level, "check the place")
    return (
        f"{fact.geo_level} {fact.geo_name or fact.geo_id!r} is not in the "
        f"geography: {hint}"
    )


def _write(con, report: BuildReport, data_dir: Path, geo, options: dict, demo: bool):
    from .sources.fetch import read_manifest

    manifest = read_manifest(data_dir)
    report.shapes = _county_map(data_dir)
    write_table(
        con,
        "facts",
        schema.FACT_COLUMNS,
        (_fact_row(f, r) for r in report.files for f in r.facts),
    )
    write_table(
        con,
        "lineage",
        schema.LINEAGE_COLUMNS,
        [
            *(_lineage_row(r, manifest) for r in report.files),
            *([report.shapes.lineage] if report.shapes.lineage else []),
        ],
    )
    write_table(
        con,
        "findings",
        schema.FINDING_COLUMNS,
        (
            (f.code, f.severity, f.file, f.row, f.column, f.message)
            for f in report.findings
        ),
    )
    write_table(
        con,
        "quarantine",
        schema.QUARANTINE_COLUMNS,
        (
            (r.name, q.number, q.code, q.column, q.message, json.dumps(q.values))
            for r in report.files
            for q in r.quarantined
        ),
    )
    found = {r.source.id for r in report.files}
    write_table(
        con,
        "sources",
        schema.SOURCE_COLUMNS,
        (
            (
                s.id,
                s.title,
                s.agency,
                s.license,
                s.attribution,
                s.url,
                s.estimated,
                s.id in found,
                ";".join(s.folders),
            )
            for s in all_sources()
        ),
    )
    write_table(
        con,
        "places",
        schema.PLACE_COLUMNS,
        ([p[c] for c, _ in schema.PLACE_COLUMNS] for p in geo.places()),
    )
    write_table(
        con,
        "indicators",
        schema.INDICATOR_COLUMNS,
        (
            (i.id, i.title, i.unit, i.description, i.numerator, i.denominator,
             i.population, i.higher_is_better, ";".join(i.sources), i.caveats,
             i.research, i.baseline, json.dumps([asdict(b) for b in i.breaks]),
             i.chain_step)
            for i in catalog.CATALOG.values()
        ),
    )  # fmt: skip
    _write_source_tables(con, report.files)

    # The indicator engine reads only what the sources wrote above.
    result = compute(con, **options)
    report.observations = result.observations
    report.hidden = result.hidden
    report.source_disclosures = result.source_disclosures
    report.already_public = result.already_public
    report.inconsistent = result.inconsistent
    built_at = datetime.now(UTC).isoformat(timespec="seconds")
    write_table(
        con,
        "meta",
        schema.META_COLUMNS,
        [
            ("build_id", report.build_id),
            ("built_at", built_at),
            ("atlas_version", __version__),
            ("schema_version", schema.SCHEMA_VERSION),
            ("data_dir", str(data_dir)),
            ("min_n", str(options["min_n"])),
            ("reliability_n", str(options["reliability_n"])),
            ("audit_checked", str(result.checked)),
            ("demo", "synthetic" if demo else ""),
            ("sample", "sample" if is_sample_pack(data_dir) else ""),
            ("unrecognized", json.dumps(report.unrecognized)),
        ],
    )
    record_release(con, report.db, report.build_id, built_at)
    _write_outputs(con, report.shapes, report.notes)


def _write_outputs(con, shapes: Shapes, notes: list[dict]) -> None:
    """What the website needs beside the figures: the county shapes for its maps
    and the community notes shown beside the data."""
    write_table(
        con,
        "shapes",
        [("name", "VARCHAR"), ("topology", "VARCHAR"), ("origin", "VARCHAR")],
        [
            (
                "counties",
                json.dumps(shapes.topology, separators=(",", ":")),
                shapes.origin,
            )
        ],
    )
    write_notes(con, notes)


MAP_SOURCE = {
    "source_id": "us_atlas_counties",
    "title": "US county shapes for the maps (us-atlas TopoJSON)",
    "url": "https://github.com/topojson/us-atlas",
    "license": "ISC (us-atlas); boundaries from the U.S. Census Bureau, public domain",
    "attribution": "us-atlas, from the U.S. Census Bureau's cartographic boundaries",
}


def _county_map(data_dir: Path) -> Shapes:
    """The county shapes, with the data folder's file in the lineage. Its rows are
    the state's county shapes; a file that cannot be read is reported and the maps
    use the shipped copy instead."""
    path = data_dir / MAP_FILE
    try:
        shapes = Shapes(*county_shapes(data_dir))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        shapes = Shapes(*county_shapes(None))
        message = (
            f"the county shapes could not be read ({type(exc).__name__}: {exc}); "
            "the maps use the copy shipped with the site. Replace the file with "
            "us-atlas's counties-10m.json"
        )
        shapes.findings.append(Finding("F001", MAP_FILE.as_posix(), 0, "", message))
    if path.is_file():
        counties = 0 if shapes.findings else _county_count(shapes.topology)
        shapes.lineage = _map_lineage(path, counties, shapes.findings)
    return shapes


def _county_count(topology: dict) -> int:
    return len(topology["objects"]["counties"]["geometries"])


def _map_lineage(path: Path, counties: int, findings: list[Finding]) -> list:
    columns = [c for c, _ in schema.LINEAGE_COLUMNS]
    row = dict.fromkeys(columns)
    row.update(MAP_SOURCE)
    row.update(
        path=MAP_FILE.as_posix(),
        size=path.stat().st_size,
        sha256=sha256(path),
        vintage="",
        estimated=False,
        rows_in=counties,
        rows_loaded=counties,
        rows_quarantined=0,
        findings=len(findings),
        errors=len(findings),
        warnings=0,
    )
    return [row[c] for c in columns]


# Community notes ship in the checkout's content/voice; a data folder may hold
# its own.
REPO_CONTENT = Path(__file__).resolve().parents[2] / "content" / "voice"


def _community_notes(
    data_dir: Path, content_dir: Path | None, geo: Geography
) -> tuple[list[dict], list[Finding]]:
    folder = content_dir
    if folder is None:
        folder = next(
            (f for f in (data_dir / "content" / "voice", REPO_CONTENT) if f.is_dir()),
            None,
        )
    if folder is None or not Path(folder).is_dir():
        return [], []
    regions = set(geo.region_names()) | {"state"}
    return load_notes(Path(folder), set(catalog.CATALOG), regions)


def _write_source_tables(con, files: list[LoadResult]) -> None:
    declared: dict[str, list[tuple[str, str]]] = {}
    for s in all_sources():
        declared.update(s.tables)
    rows: dict[str, list[dict]] = defaultdict(list)
    for r in files:
        for name, items in r.tables.items():
            rows[name].extend(items)
    for name, columns in declared.items():
        names = [c for c, _ in columns]
        write_table(
            con, name, columns, ([item.get(c) for c in names] for item in rows[name])
        )


def _fact_row(f: Fact, r: LoadResult) -> list:
    return [
        f.indicator,
        f.period,
        f.geo_level,
        f.geo_id,
        f.geo_name,
        f.group_type,
        f.group,
        f.numerator,
        f.denominator,
        f.value,
        f.lower,
        f.upper,
        f.status,
        f.status_reason,
        f.method,
        f.district_code,
        f.county,
        f.esd,
        f.row,
        r.source.id,
        r.name,
        r.source.priority,
    ]


def _lineage_row(r: LoadResult, manifest: dict) -> list:
    digest = sha256(r.path)
    fetched = manifest.get(r.name, {})
    if fetched.get("sha256") != digest:
        # Replaced by hand since it was fetched: the address no longer holds.
        fetched = {}
    return [
        r.name,
        r.source.id,
        r.source.title,
        r.path.stat().st_size,
        digest,
        r.vintage,
        r.source.url,
        r.source.license,
        r.source.attribution,
        r.source.estimated,
        r.rows_in,
        r.rows_loaded,
        r.rows_quarantined,
        len(r.findings),
        sum(1 for f in r.findings if f.severity == ERROR),
        sum(1 for f in r.findings if f.severity == WARNING),
        fetched.get("url"),
        fetched.get("sha256"),
        fetched.get("fetched_at"),
    ]


def _pause_for_tests() -> None:
    """Crash-safety tests kill a build while its new file is half written; this
    environment variable holds the build there long enough to do it."""
    seconds = os.environ.get("STEMATLAS_TEST_PAUSE_BEFORE_SWAP")
    if seconds:
        time.sleep(float(seconds))
