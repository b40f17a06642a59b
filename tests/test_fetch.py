"""fetch: downloads through a .part, resume by Range, the manifest, failures.

Every test talks to a small web server on 127.0.0.1 serving files in the agencies'
layouts; nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stematlas.errors import AtlasError
from stematlas.sources.base import Download, Source
from stematlas.sources.fetch import MANIFEST, fetch, read_manifest

# Header and three rows of OSPI's Report Card graduation file (Snohomish, 2018-19).
GRADUATION = (
    b"SchoolYear,OrganizationLevel,County,ESDName,ESDOrganizationID,DistrictCode,"
    b"DistrictName,DistrictOrganizationId,SchoolCode,SchoolName,SchoolOrganizationid,"
    b"CurrentSchoolType,StudentGroupType,StudentGroup,Suppression,Cohort,"
    b"BegginingGrade9,TransferIn,Year1Dropout,Year2Dropout,Year3Dropout,Year4Dropout,"
    b"Year5Dropout,Year6Dropout,Year7Dropout,TransferOut,FinalCohort,Graduate,"
    b"Continuing,Dropout,GraduationRate,DataAsOf\n"
    b"2019,School,Snohomish,Northwest Educational Service District 189,100009,31016,"
    b"Arlington School District,100014,2523,Arlington High School,102563,NA,504,"
    b"Non Section 504,No Suppression,Seven Year,363,40,NA,NA,8,14,2,NA,NA,37,366,342,"
    b"0,24,0.9344,12/14/2020 12:00:00 AM\n"
    b"2019,School,Snohomish,Northwest Educational Service District 189,100009,31016,"
    b"Arlington School District,100014,2523,Arlington High School,102563,NA,504,"
    b"Section 504,>90%,Five Year,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,"
    b"12/14/2020 12:00:00 AM\n"
    b"2019,School,Snohomish,Northwest Educational Service District 189,100009,31016,"
    b"Arlington School District,100014,2523,Arlington High School,102563,NA,504,"
    b"Section 504,No Suppression,Seven Year,15,2,NA,NA,1,2,NA,NA,NA,1,16,13,0,3,"
    b"0.8125,12/14/2020 12:00:00 AM\n"
)

# Header and two rows of OSPI's district enrollment and program counts.
ENROLLMENT = (
    b"SchoolYear,DistrictCode,DistrictName,County,ESDName,Enrollment,"
    b"FundingEnrollmentFTE,LowIncome,EnglishLanguageLearners,StudentsWithDisabilities,"
    b"Homeless,Migrant,HighlyCapable,RevenueLocal,RevenueState,RevenueFederal,"
    b"RevenueOther,RevenueTotal,PerPupilRevenue\n"
    b"2019-20,14005,Aberdeen School District,Grays Harbor,Capital Region ESD 113,3542,"
    b"3321.43,2655,458,636,125,89,90,3344514,43462971,5729959,150471,52687915,15863\n"
    b"2019-20,21226,Adna School District,Lewis,Capital Region ESD 113,643,640.69,195,3,"
    b"73,13,0,27,846760,7619478,605423,13987,9085648,14181\n"
)

GRADUATION_PATH = "/api/views/6iji-4nux/rows.csv?accessType=DOWNLOAD"
GRADUATION_TARGET = "ospi/graduation/Report_Card_Graduation_2018-19.csv"
ENROLLMENT_PATH = "/api/views/enrl-test/rows.csv?accessType=DOWNLOAD"
ENROLLMENT_TARGET = "ospi/enrollment/Report_Card_Enrollment.csv"


class Site(ThreadingHTTPServer):
    """A loopback web server: ``files`` maps a path to its bytes; it honours Range
    and If-Range (strong ETag = SHA-1 of the bytes) unless ``ranges`` is off, drops
    the connection halfway through a body ``drops[path]`` times, and answers
    ``errors[path]`` with that status. ``requests`` logs (path, Range, If-Range)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.files: dict[str, bytes] = {}
        self.drops: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.ranges = True
        self.requests: list[tuple[str, str | None, str | None]] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_port}{path}"


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        site = self.server
        asked = self.headers.get("Range")
        site.requests.append((self.path, asked, self.headers.get("If-Range")))
        if self.path in site.errors:
            self.send_error(site.errors[self.path])
            return
        body = site.files.get(self.path)
        if body is None:
            self.send_error(404)
            return

        etag = f'"{hashlib.sha1(body).hexdigest()}"'
        start = 0
        if site.ranges and asked and self.headers.get("If-Range", etag) == etag:
            start = int(asked.removeprefix("bytes=").rstrip("-"))
            if start >= len(body):
                self.send_error(416)
                return
            self.send_response(206)
            self.send_header(
                "Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}"
            )
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.send_header("ETag", etag)
        self.end_headers()

        rest = body[start:]
        if site.drops.get(self.path, 0) > 0:
            site.drops[self.path] -= 1
            rest = rest[: len(rest) // 2]
        self.wfile.write(rest)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Loopback requests must never be routed through a proxy from the environment."""
    for name in [n for n in os.environ if n.lower().endswith("_proxy")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def site():
    server = Site()
    server.files[GRADUATION_PATH] = GRADUATION
    server.files[ENROLLMENT_PATH] = ENROLLMENT
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def source(id: str, *downloads: tuple[str, str]) -> Source:
    return Source(
        id=id,
        title=id,
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/graduation",),
        fields={},
        license="",
        attribution="",
        url="",
        downloads=tuple(Download(url, target) for url, target in downloads),
    )


def graduation(site: Site) -> Source:
    return source("ospi_graduation", (site.url(GRADUATION_PATH), GRADUATION_TARGET))


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.rglob("*.part*"))


def test_fresh_download_lands_with_its_checksum_in_the_manifest(site, data):
    seen = []
    sources = [
        graduation(site),
        source("ospi_enrollment", (site.url(ENROLLMENT_PATH), ENROLLMENT_TARGET)),
    ]

    results = fetch(data, sources, progress=lambda d, n, total: seen.append((n, total)))

    assert [(r.target, r.ok, r.size, r.resumed) for r in results] == [
        (GRADUATION_TARGET, True, len(GRADUATION), False),
        (ENROLLMENT_TARGET, True, len(ENROLLMENT), False),
    ]
    assert results[0].sha256 == sha256(GRADUATION)
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION
    assert (data / ENROLLMENT_TARGET).read_bytes() == ENROLLMENT
    assert leftovers(data) == []
    assert seen == [
        (len(GRADUATION), len(GRADUATION)),
        (len(ENROLLMENT), len(ENROLLMENT)),
    ]
    assert [r[1] for r in site.requests] == [None, None]

    manifest = read_manifest(data)
    assert manifest == json.loads((data / MANIFEST).read_text())
    entry = manifest[GRADUATION_TARGET]
    assert {k: v for k, v in entry.items() if k != "fetched_at"} == {
        "url": site.url(GRADUATION_PATH),
        "sha256": sha256(GRADUATION),
        "size": 1184,
    }
    assert datetime.fromisoformat(entry["fetched_at"]).utcoffset() == timedelta(0)
    assert manifest[ENROLLMENT_TARGET]["sha256"] == sha256(ENROLLMENT)


def test_a_connection_dropped_midway_resumes_with_a_range_request(site, data):
    site.drops[GRADUATION_PATH] = 1
    half = len(GRADUATION) // 2

    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.resumed, result.sha256) == (
        True,
        True,
        sha256(GRADUATION),
    )
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION
    etag = f'"{hashlib.sha1(GRADUATION).hexdigest()}"'
    assert site.requests == [
        (GRADUATION_PATH, None, None),
        (GRADUATION_PATH, f"bytes={half}-", etag),
    ]
    assert leftovers(data) == []


def test_a_part_file_left_by_an_earlier_run_is_resumed(site, data):
    part = data / (GRADUATION_TARGET + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(GRADUATION[:300])

    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.resumed) == (True, True)
    assert site.requests == [(GRADUATION_PATH, "bytes=300-", None)]
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION
    assert read_manifest(data)[GRADUATION_TARGET]["sha256"] == sha256(GRADUATION)
    assert leftovers(data) == []


def test_a_server_without_ranges_makes_the_download_start_over(site, data):
    site.ranges = False
    part = data / (GRADUATION_TARGET + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"not the beginning of this file")

    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.resumed) == (True, False)
    assert site.requests == [(GRADUATION_PATH, "bytes=30-", None)]
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION


def test_a_part_of_a_file_since_republished_is_not_glued_to_the_new_one(site, data):
    part = data / (GRADUATION_TARGET + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"last year's first bytes")
    note = {"url": site.url(GRADUATION_PATH), "validator": '"last-year"'}
    (data / (GRADUATION_TARGET + ".part.json")).write_text(json.dumps(note))

    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.resumed) == (True, False)
    assert site.requests == [(GRADUATION_PATH, "bytes=23-", '"last-year"')]
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION
    assert leftovers(data) == []


def test_a_part_noted_for_another_address_is_dropped(site, data):
    part = data / (GRADUATION_TARGET + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"from elsewhere")
    note = {"url": "http://127.0.0.1:9/old.csv", "validator": None}
    (data / (GRADUATION_TARGET + ".part.json")).write_text(json.dumps(note))

    fetch(data, [graduation(site)])

    assert site.requests == [(GRADUATION_PATH, None, None)]
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION


def test_a_complete_part_never_moved_into_place_is_fetched_again(site, data):
    part = data / (GRADUATION_TARGET + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(GRADUATION)

    [result] = fetch(data, [graduation(site)])

    assert result.ok
    assert site.requests == [
        (GRADUATION_PATH, f"bytes={len(GRADUATION)}-", None),  # 416
        (GRADUATION_PATH, None, None),
    ]
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION


def test_a_404_is_reported_leaves_no_file_and_the_others_still_come(site, data):
    missing = "/api/views/gone-0000/rows.csv?accessType=DOWNLOAD"
    sources = [
        source(
            "ospi_graduation",
            (site.url(missing), "ospi/graduation/gone.csv"),
            (site.url(GRADUATION_PATH), GRADUATION_TARGET),
        )
    ]

    results = fetch(data, sources)

    assert [(r.target, r.ok, r.message) for r in results] == [
        ("ospi/graduation/gone.csv", False, "HTTP 404 Not Found"),
        (GRADUATION_TARGET, True, ""),
    ]
    assert sorted(p.name for p in (data / "ospi/graduation").iterdir()) == [
        "Report_Card_Graduation_2018-19.csv"
    ]
    assert list(read_manifest(data)) == [GRADUATION_TARGET]


def test_a_server_error_leaves_the_good_file_and_its_manifest_entry(site, data):
    fetch(data, [graduation(site)])
    before = read_manifest(data)
    site.errors[GRADUATION_PATH] = 500

    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.message) == (False, "HTTP 500 Internal Server Error")
    assert (data / GRADUATION_TARGET).read_bytes() == GRADUATION
    assert read_manifest(data) == before


def test_an_unfinished_part_never_replaces_a_good_file(site, data):
    target = data / GRADUATION_TARGET
    target.parent.mkdir(parents=True)
    target.write_bytes(b"the good file from last time")
    site.drops[GRADUATION_PATH] = 3
    received = 0
    for _ in range(3):
        received += (len(GRADUATION) - received) // 2

    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.message) == (
        False,
        f"download interrupted 3 times (the connection closed after {received} of "
        f"{len(GRADUATION)} bytes); run fetch again to resume it",
    )
    assert target.read_bytes() == b"the good file from last time"
    assert read_manifest(data) == {}
    assert leftovers(data) == [
        "Report_Card_Graduation_2018-19.csv.part",
        "Report_Card_Graduation_2018-19.csv.part.json",
    ]

    # The next run picks up where this one stopped.
    [result] = fetch(data, [graduation(site)])

    assert (result.ok, result.resumed) == (True, True)
    assert site.requests[-1][1] == f"bytes={received}-"
    assert target.read_bytes() == GRADUATION
    assert leftovers(data) == []


def test_an_unreachable_host_says_what_to_do_and_changes_nothing(data, closed_port):
    url = f"http://127.0.0.1:{closed_port}/rows.csv"

    with pytest.raises(AtlasError) as raised:
        fetch(data, [source("ospi_graduation", (url, GRADUATION_TARGET))], timeout=5)

    assert raised.value.message == (
        f"cannot reach 127.0.0.1:{closed_port} (Connection refused): check the "
        f"network, or copy the files into {data} by hand; nothing was changed"
    )
    assert not data.exists()


def test_an_unreachable_host_keeps_the_files_fetched_before_it(site, data, closed_port):
    url = f"http://127.0.0.1:{closed_port}/rows.csv"
    sources = [
        graduation(site),
        source("ospi_enrollment", (url, ENROLLMENT_TARGET)),
    ]

    with pytest.raises(AtlasError) as raised:
        fetch(data, sources, timeout=5)

    assert raised.value.message.endswith(
        "by hand; the 1 file fetched before it was kept"
    )
    assert list(read_manifest(data)) == [GRADUATION_TARGET]
    assert not (data / "ospi/enrollment").exists()


def test_only_fetches_the_named_source(site, data):
    sources = [
        graduation(site),
        source("ospi_enrollment", (site.url(ENROLLMENT_PATH), ENROLLMENT_TARGET)),
    ]

    results = fetch(data, sources, only="ospi_enrollment")

    assert [r.target for r in results] == [ENROLLMENT_TARGET]
    assert not (data / GRADUATION_TARGET).exists()


def test_a_file_declared_twice_is_fetched_once(site, data):
    results = fetch(data, [graduation(site), graduation(site)])

    assert len(results) == 1
    assert len(site.requests) == 1


def test_an_unknown_source_lists_the_known_ones(data):
    sources = [source("ospi_graduation"), source("acs_poverty")]

    with pytest.raises(AtlasError) as raised:
        fetch(data, sources, only="ospi_graduaton")

    assert raised.value.message == (
        "unknown source 'ospi_graduaton'; known sources: acs_poverty, ospi_graduation"
    )


def test_a_source_without_a_download_address_says_to_copy_by_hand(data):
    with pytest.raises(AtlasError) as raised:
        fetch(data, [source("regions")], only="regions")

    assert raised.value.message == (
        f"source 'regions' has no download address: copy its files into "
        f"{data / 'ospi/graduation'} by hand"
    )


def test_read_manifest_when_nothing_was_fetched(data):
    assert read_manifest(data) == {}


def test_a_broken_manifest_stops_fetch_before_any_download(site, data):
    data.mkdir()
    (data / MANIFEST).write_text("{not json")

    with pytest.raises(AtlasError) as raised:
        fetch(data, [graduation(site)])

    assert raised.value.message == (
        f"the fetch manifest {data / MANIFEST} is not a JSON object: "
        "delete it and run `stematlas fetch` again"
    )
    assert site.requests == []


def test_the_sample_graduation_file_arrives_byte_for_byte(site, data, sample):
    original = (sample / "ospi/graduation/snohomish_2018-19.csv").read_bytes()
    site.files[GRADUATION_PATH] = original
    site.drops[GRADUATION_PATH] = 1

    [result] = fetch(data, [graduation(site)])

    assert (result.size, result.sha256) == (len(original), sha256(original))
    assert (data / GRADUATION_TARGET).read_bytes() == original


# -- Through the command line and into the lineage ---------------------------------


def agency_sources(monkeypatch, *replacements: Source) -> None:
    """The registry's sources, with these in place of the ones of the same id."""
    from stematlas.sources import registry

    real = registry.all_sources()
    by_id = {s.id: s for s in replacements}
    monkeypatch.setattr(
        registry, "all_sources", lambda: [by_id.get(s.id, s) for s in real]
    )


def fetch_cli(data: Path, source_id: str):
    from click.testing import CliRunner

    from stematlas.cli import main

    return CliRunner().invoke(
        main, ["fetch", "--source", source_id, "--data", str(data)]
    )


@pytest.mark.parametrize(
    ("host", "reason"),
    [("127.0.0.1:{port}", "Connection refused"), ("no-such-host.invalid", None)],
)
def test_fetch_offline_is_one_line_and_exit_1(
    data, closed_port, monkeypatch, host, reason
):
    host = host.format(port=closed_port)
    agency_sources(
        monkeypatch,
        source("ospi_graduation", (f"http://{host}/rows.csv", GRADUATION_TARGET)),
    )

    result = fetch_cli(data, "ospi_graduation")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = result.output.strip()
    assert line.startswith(f"Error: cannot reach {host} (")
    assert line.endswith(f"copy the files into {data} by hand; nothing was changed")
    if reason:
        assert f"({reason})" in line
    assert not data.exists()


def test_a_fetched_file_carries_its_address_and_checksum_into_the_lineage(
    site, data, tmp_path, monkeypatch
):
    from stematlas.atlas import Atlas
    from stematlas.build import build

    agency_sources(monkeypatch, graduation(site))
    assert fetch_cli(data, "ospi_graduation").exit_code == 0
    db = tmp_path / "atlas.duckdb"
    build(data, db)
    with Atlas(db) as atlas:
        (row,) = atlas.sources()
    assert row["path"] == GRADUATION_TARGET
    assert row["source_id"] == "ospi_graduation"
    assert (row["fetched_from"], row["fetched_sha256"]) == (
        site.url(GRADUATION_PATH),
        sha256(GRADUATION),
    )
    assert row["sha256"] == sha256(GRADUATION)
    assert row["rows_in"] == row["rows_loaded"] + row["rows_quarantined"] == 3

    # Edited by hand after the download: the address no longer vouches for it.
    target = data / GRADUATION_TARGET
    target.write_bytes(GRADUATION.replace(b"0.9344", b"0.9345"))
    build(data, db)
    with Atlas(db) as atlas:
        (row,) = atlas.sources()
    assert (row["fetched_from"], row["fetched_sha256"]) == (None, None)
    assert row["sha256"] == sha256(target.read_bytes())
