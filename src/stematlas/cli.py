"""The ``stematlas`` command: parse arguments, call one library function, print a
summary. Results go to stdout, problems to stderr; a user's mistake is one line and
exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import sys
from functools import partial, wraps
from pathlib import Path

import click

from .errors import AtlasError

DEFAULT_DATA = "../shared/data"
DEFAULT_DB = "atlas.duckdb"


def friendly(command):
    """Turn an AtlasError into a one-line message and exit 1."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except AtlasError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(1)

    return run


def default_data() -> str:
    return os.environ.get("STEMATLAS_DATA") or DEFAULT_DATA


db_option = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_DB,
    show_default=True,
    help="Warehouse file.",
)


def data_option(help_text: str):
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=default_data,
        show_default="$STEMATLAS_DATA or ../shared/data",
        help=help_text,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stematlas")
def main() -> None:
    """STEM Atlas: equity indicators for Washington and its regions from public
    education, labor-market and early-learning data."""


@main.command()
@data_option("Folder of agency files.")
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_DB,
    show_default=True,
    help="Warehouse file to write (replaced only when the build succeeds).",
)
@click.option(
    "--regions",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV county_fips,region_id,region_name replacing the default regions.",
)
@click.option(
    "--district-regions",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV district_code,region_id moving single districts to another region.",
)
@click.option(
    "--min-n", default=10, show_default=True, help="Smallest group the atlas shows."
)
@click.option(
    "--reliability-n",
    default=30,
    show_default=True,
    help="Denominators below this are shown but flagged low reliability.",
)
@click.option(
    "--goals",
    "goals_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV of goals replacing the shipped ones (see src/stematlas/data/goals.csv).",
)
@click.option(
    "--labor-rules",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="TOML file setting labor rules over the shipped ones "
    "(src/stematlas/labor/rules.toml): wage percentile, household, ESD thresholds.",
)
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of community notes (Markdown with front matter); default: the "
    "data folder's content/voice, else the checkout's content/voice.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Read every source again. Every build currently reads all files, so this "
    "is accepted for scripts and changes nothing yet.",
)
@click.option(
    "--demo-if-missing",
    is_flag=True,
    help="If the data folder does not exist, build the labeled synthetic demo.",
)
@friendly
def build(
    data_dir,
    db,
    regions,
    district_regions,
    min_n,
    reliability_n,
    goals_file,
    labor_rules,
    content_dir,
    full,
    demo_if_missing,
):
    """Load every recognized file in the data folder into the warehouse."""
    from .build import build as run_build

    demo = False
    if not data_dir.is_dir() and demo_if_missing:
        from .synth import write_demo

        click.echo(
            f"Sample data not found at {data_dir}: building the small synthetic "
            "demo instead. Every page says its figures are synthetic.",
            err=True,
        )
        data_dir = write_demo(db.with_name(db.name + ".demo-data"))
        demo = True
    # The progress callback is the next positional argument, given by the bar.
    work = partial(
        run_build,
        data_dir,
        db,
        regions,
        district_regions,
        min_n,
        demo=demo,
        reliability_n=reliability_n,
        goals_file=goals_file,
        content_dir=content_dir,
        labor_rules=labor_rules,
    )
    report = _build_or_explain(work, db)
    _print_build(report, data_dir)


def _build_or_explain(work, db: Path):
    """Run the build; when it fails, say why and that the served file is as it
    was (exit 1, no traceback unless STEMATLAS_DEBUG is set)."""
    from .errors import BuildFailed, BuildLocked

    kept = f"{db} is unchanged" if db.exists() else f"{db} was not written"
    try:
        return _with_progress(work)
    except (BuildLocked, KeyboardInterrupt):
        raise
    except AtlasError as exc:
        raise type(exc)(f"{exc.message}; {kept}", exc.status) from exc
    except Exception as exc:
        if os.environ.get("STEMATLAS_DEBUG"):
            raise
        raise BuildFailed(
            f"the build failed ({type(exc).__name__}: {exc}); {kept}. Set "
            "STEMATLAS_DEBUG=1 to see where"
        ) from exc


def _with_progress(work, verb: str = "reading"):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=True,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task(verb, total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, description=f"{verb} {name}", completed=done, total=total)

        return work(progress)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _echo_disclosures(disclosures: list[dict]) -> None:
    """The agencies' hidden cells their own published figures reveal: reported as
    found, never altered."""
    cells: dict[tuple, set] = {}
    for d in disclosures:
        indicator, _period, level = d["key"][:3]
        cells.setdefault((indicator, level), set()).add(d["key"])
    total = len({d["key"] for d in disclosures})
    click.echo(
        f"  {total} cells the agencies hid are revealed by their own published "
        "figures (left as published; rows in the suppression_audit table):"
    )
    # The largest few; the table holds every one.
    largest = sorted(cells.items(), key=lambda item: (-len(item[1]), item[0]))
    for (indicator, level), keys in largest[:SHOWN_DISCLOSURES]:
        click.echo(f"    {indicator} at {level} level: {len(keys)}")
    more = len(largest) - SHOWN_DISCLOSURES
    if more > 0:
        click.echo(f"    and {more} more indicators and levels")


# How many indicator and level pairs of agency disclosures a build summary lists.
SHOWN_DISCLOSURES = 5


def _print_build(report, data_dir: Path) -> None:
    rows_in = sum(r.rows_in for r in report.files)
    loaded = sum(r.rows_loaded for r in report.files)
    quarantined = sum(r.rows_quarantined for r in report.files)
    click.echo(f"Built {report.db} (build {report.build_id}) from {data_dir}")
    click.echo(
        f"  {len(report.files)} files read: {rows_in} rows in, {loaded} loaded, "
        f"{quarantined} quarantined"
    )
    click.echo(
        f"  findings: {report.count('error')} errors, {report.count('warning')} "
        f"warnings, {report.count('info')} notes (`stematlas sources` lists them)"
    )
    click.echo(
        f"  {report.observations} observations; {report.hidden} of the atlas's own "
        "figures hidden to protect small groups (audit passed)"
    )
    if report.already_public:
        click.echo(
            f"  {report.already_public} of them can be worked out from the agencies' "
            "own figures all the same (e.g. a county of one district)"
        )
    if report.source_disclosures:
        _echo_disclosures(report.source_disclosures)
    if report.inconsistent:
        cells = "cell contradicts" if report.inconsistent == 1 else "cells contradict"
        click.echo(
            f"  {report.inconsistent} published {cells} the figures around "
            "them, e.g. a band that does not fit the counts (suppression_audit)"
        )
    if report.careers:
        click.echo(
            f"  {report.careers} career rows (region x household x occupation; "
            "see /careers)"
        )
    for r in report.files:
        if r.rows_quarantined:
            click.echo(f"  quarantined {r.rows_quarantined} rows of {r.name}")
    if report.unrecognized:
        broken = {
            f.file: f.message for f in report.unread_findings if f.severity != "info"
        }
        click.echo(f"  not recognized ({len(report.unrecognized)} files, skipped):")
        for name in report.unrecognized:
            why = f": {broken[name]}" if name in broken else ""
            click.echo(f"    {name}{why}")
    if report.missing:
        click.echo(f"  sources not found ({len(report.missing)}):")
        for s in report.missing:
            click.echo(f"    {s.id}: {s.title} (expected under {s.folders[0]}/)")


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@click.option("--json", "as_json", is_flag=True, help="Findings as JSON.")
@friendly
def validate(files, as_json):
    """Check agency files without building; exit 1 when a file has errors."""
    from .validate.report import validate_files

    results = validate_files(list(files))
    if as_json:
        click.echo(json.dumps(results, indent=2))
    else:
        for r in results:
            status = "errors" if r["errors"] else "ok"
            click.echo(
                f"{r['path']}: {status} ({r['source_id'] or 'not recognized'}; "
                f"{r['rows_in']} rows in, {r['rows_loaded']} loaded, "
                f"{r['rows_quarantined']} quarantined)"
            )
            for f in r["findings"]:
                where = f"row {f['row']}" if f["row"] else "file"
                column = f" [{f['column']}]" if f["column"] else ""
                click.echo(
                    f"  {f['severity']} {f['code']} {where}{column}: {f['message']}"
                )
    if any(r["errors"] for r in results):
        sys.exit(1)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list, one object a file.")
@friendly
def sources(db, as_json):
    """List every source file the warehouse was built from, with its lineage."""
    from .atlas import Atlas

    with Atlas(db) as atlas:
        rows = atlas.sources()
        missing = atlas.missing_sources()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        click.echo(
            f"{r['path']}  [{r['source_id']}] {r['vintage'] or '-'}  "
            f"sha256 {r['sha256'][:12]}  {r['rows_in']} in = {r['rows_loaded']} "
            f"loaded + {r['rows_quarantined']} quarantined; {r['findings']} findings"
        )
        click.echo(f"    license: {r['license']}")
    if missing:
        click.echo("Sources not found in the data folder:")
        for m in missing:
            click.echo(f"    {m['source_id']}: {m['title']}")


@main.command()
@db_option
@click.option("--indicator", required=True, help="Indicator id, e.g. ela_met.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "parquet"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output; required for parquet).",
)
@friendly
def export(db, indicator, fmt, out):
    """Write one indicator's observations: the base columns, then gaps, trend and
    goal progress, then source title, license and attribution."""
    from .atlas import Atlas
    from .exports import write_observations

    with Atlas(db) as atlas:
        rows = atlas.observations(indicator)
    if fmt == "parquet" and out is None:
        raise AtlasError("parquet needs --out FILE")
    if out is None:
        write_observations(rows, fmt, sys.stdout)
    else:
        write_observations(rows, fmt, out)
        click.echo(f"Wrote {len(rows)} observations of {indicator} to {out}", err=True)


@main.command()
@data_option("Folder to download into.")
@click.option("--source", "source_id", help="Only this source id.")
@friendly
def fetch(data_dir, source_id):
    """Download the current agency files from their official addresses."""
    from rich.progress import DownloadColumn, Progress, TextColumn

    from .sources.fetch import fetch as run_fetch
    from .sources.registry import all_sources

    with Progress(
        TextColumn("{task.description}"),
        DownloadColumn(),
        console=_stderr_console(),
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(download, received: int, total: int | None) -> None:
            if download.target not in tasks:
                tasks[download.target] = bar.add_task(download.target, total=total)
            bar.update(tasks[download.target], completed=received, total=total)

        results = run_fetch(data_dir, all_sources(), only=source_id, progress=progress)
    for r in results:
        if r.ok:
            resumed = " (resumed)" if r.resumed else ""
            click.echo(f"{r.target}: {r.size} bytes, sha256 {r.sha256[:12]}{resumed}")
        else:
            click.echo(f"{r.target}: failed, {r.message} ({r.url})", err=True)
    if any(not r.ok for r in results):
        sys.exit(1)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@friendly
def serve(db, host, port):
    """Serve the atlas website from the warehouse (read only)."""
    import uvicorn

    from .atlas import Atlas
    from .web.app import create_app

    Atlas(db).close()  # fail early, with a message, if there is no warehouse
    click.echo(f"Serving {db} on http://{host}:{port}", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


@main.command("export-site")
@db_option
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@friendly
def export_site(db, out):
    """Write the whole public site as static files into OUT, for any static host.

    OUT is replaced only when the export is complete."""
    from .web.static_site import export_site as write_site

    count = _with_progress(lambda progress: write_site(db, out, progress), "writing")
    click.echo(f"Wrote {count} pages to {out}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list of objects.")
def indicators(as_json):
    """List the indicator catalog."""
    from dataclasses import asdict

    from .indicators.catalog import CATALOG

    items = [asdict(i) for i in CATALOG.values()]
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    for i in items:
        click.echo(f"{i['id']:<32} {i['unit']:<7} {i['title']}")
