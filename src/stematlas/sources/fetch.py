"""Bring each source's current files from the official addresses it declares.

The one place the atlas touches the network, with the standard library only. A file
arrives in ``<target>.part`` and is moved over the target only once it is complete,
so an interrupted or failed download never replaces a good file. An interrupted
download resumes from its ``.part`` with an HTTP Range request where the server
allows it (206) and starts over where it does not; ``<target>.part.json`` remembers
the address and the server's validator (ETag or Last-Modified) so that a later run
resumes only the same file (If-Range), never glues a republished file onto an old
beginning. Every file fetched is recorded in ``<data>/.stematlas-fetch.json``
(address, SHA-256, size, time) for the build's lineage.

A host that cannot be reached stops the run with an AtlasError; an HTTP error (404,
500) or a connection lost again and again fails that file only, and the others still
come.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .. import __version__
from ..errors import AtlasError
from .base import Download, Source

MANIFEST = ".stematlas-fetch.json"
CHUNK = 1 << 16
# Tries per file when the connection drops in the middle of the body; each try
# resumes where the last one stopped.
ATTEMPTS = 3
USER_AGENT = f"stematlas/{__version__} (Python urllib)"

# progress(download, bytes received so far, total bytes or None when not announced)
Progress = Callable[[Download, int, int | None], None]


@dataclass(frozen=True)
class FetchResult:
    """What became of one download: fetched, with its size and checksum, or failed,
    with the reason in ``message``."""

    source: str
    url: str
    target: str
    ok: bool
    size: int = 0
    sha256: str = ""
    resumed: bool = False
    message: str = ""


class _Interrupted(Exception):
    """The body stopped short of what the server announced."""


def fetch(
    data_dir: Path,
    sources: list[Source],
    only: str | None = None,
    progress: Progress | None = None,
    timeout: float = 60,
) -> list[FetchResult]:
    """Download every file the sources declare (or only those of source ``only``)
    into ``data_dir``, recording each one fetched in the manifest as it lands.

    ``timeout`` is in seconds, per connection attempt and per read. Returns one
    result per download, in declaration order. Raises AtlasError for an unknown
    source id, a source without a download address, an unreadable manifest, or a
    host that cannot be reached (files fetched before it are kept and recorded).
    """
    chosen = _choose(sources, only, data_dir)
    read_manifest(data_dir)  # fail on a broken manifest before downloading anything

    results: list[FetchResult] = []
    seen: set[str] = set()
    for source in chosen:
        for download in source.downloads:
            if download.target in seen:
                continue
            seen.add(download.target)
            try:
                result = _fetch_one(data_dir, source.id, download, progress, timeout)
            except urllib.error.URLError as error:
                fetched = sum(r.ok for r in results)
                raise AtlasError(
                    _unreachable(download.url, error, data_dir, fetched), status=502
                ) from error
            if result.ok:
                _record(data_dir, result)
            results.append(result)
    return results


def read_manifest(data_dir: Path) -> dict[str, dict]:
    """What ``fetch`` brought into ``data_dir``: target path (relative, with ``/``)
    -> {url, sha256, size, fetched_at (UTC, ISO 8601)}; empty when nothing was
    fetched. An entry describes the file as it arrived: compare its sha256 with the
    file on disk before crediting the address, since a user may have replaced the
    file by hand since."""
    path = data_dir / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError:
        manifest = None
    if not isinstance(manifest, dict):
        raise AtlasError(
            f"the fetch manifest {path} is not a JSON object: "
            "delete it and run `stematlas fetch` again"
        )
    return manifest


def _choose(sources: list[Source], only: str | None, data_dir: Path) -> list[Source]:
    if only is None:
        return [s for s in sources if s.downloads]
    chosen = [s for s in sources if s.id == only]
    if not chosen:
        known = ", ".join(sorted(s.id for s in sources))
        raise AtlasError(f"unknown source {only!r}; known sources: {known}")
    if not chosen[0].downloads:
        folder = data_dir / chosen[0].folders[0]
        raise AtlasError(
            f"source {only!r} has no download address: copy its files into "
            f"{folder} by hand"
        )
    return chosen


def _fetch_one(
    data_dir: Path,
    source_id: str,
    download: Download,
    progress: Progress | None,
    timeout: float,
) -> FetchResult:
    """Bring one file through its .part, trying again after a dropped connection.
    Raises URLError (not HTTPError) when the host cannot be reached."""
    target = _target_path(data_dir, download.target)
    part = target.with_name(target.name + ".part")

    def failed(message: str) -> FetchResult:
        return FetchResult(
            source_id, download.url, download.target, False, message=message
        )

    resumed = False
    for attempt in range(1, ATTEMPTS + 1):
        try:
            resumed = _transfer(download, part, progress, timeout)
            break
        except urllib.error.HTTPError as error:
            error.close()
            if error.code != 416:
                return failed(f"HTTP {error.code} {error.reason}")
            # The .part does not fit the file the server has now: start over.
            _discard(part)
        except urllib.error.URLError:
            raise
        except (OSError, http.client.HTTPException, _Interrupted) as error:
            if attempt == ATTEMPTS:
                return failed(
                    f"download interrupted {ATTEMPTS} times ({_reason(error)}); "
                    "run fetch again to resume it"
                )
    else:
        return failed("the server refused every byte range; run fetch again")

    # Complete: check, checksum, then move into place.
    size = part.stat().st_size
    if size == 0:
        _discard(part)
        return failed("the server sent an empty file")
    sha256 = _sha256(part)
    os.replace(part, target)
    _note_path(part).unlink(missing_ok=True)
    return FetchResult(
        source_id, download.url, download.target, True, size, sha256, resumed
    )


def _transfer(
    download: Download, part: Path, progress: Progress | None, timeout: float
) -> bool:
    """One request: append to the .part from where it stops, or write it anew.
    Returns whether the server resumed. Raises on an HTTP error, an unreachable
    host, a lost connection, or a body shorter than announced."""
    offset, validator = _resume_point(part, download.url)
    headers = {"User-Agent": USER_AGENT}
    if offset:
        headers["Range"] = f"bytes={offset}-"
        if validator:
            headers["If-Range"] = validator
    request = urllib.request.Request(download.url, headers=headers)

    with urllib.request.urlopen(request, timeout=timeout) as response:
        start, total = _span(response, offset, part)
        part.parent.mkdir(parents=True, exist_ok=True)
        if start == 0:
            _write_note(part, download.url, response.headers)
        received = start
        with part.open("ab" if start else "wb") as out:
            while chunk := response.read(CHUNK):
                out.write(chunk)
                received += len(chunk)
                if progress:
                    progress(download, received, total)

    # urllib returns a short body silently when the connection closes early.
    if total is not None and received != total:
        raise _Interrupted(f"the connection closed after {received} of {total} bytes")
    return start > 0


def _span(
    response: http.client.HTTPResponse, offset: int, part: Path
) -> tuple[int, int | None]:
    """Where this response's body starts in the file, and the file's full size
    when the server says it."""
    if response.status != 206:
        length = response.headers.get("Content-Length")
        return 0, int(length) if length and length.isdigit() else None
    found = re.fullmatch(
        r"bytes (\d+)-\d+/(\d+|\*)", response.headers.get("Content-Range", "").strip()
    )
    if not found or int(found[1]) != offset:
        _discard(part)
        raise _Interrupted("the server resumed at another byte than asked")
    return offset, int(found[2]) if found[2].isdigit() else None


def _resume_point(part: Path, url: str) -> tuple[int, str | None]:
    """How much of the file the .part holds, and the validator to resume it with.
    A .part noted for another address is dropped."""
    if not part.exists():
        return 0, None
    try:
        note = json.loads(_note_path(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        note = {}
    if not isinstance(note, dict):
        note = {}
    if note.get("url", url) != url:
        _discard(part)
        return 0, None
    return part.stat().st_size, note.get("validator")


def _write_note(part: Path, url: str, headers: Message) -> None:
    etag = headers.get("ETag")
    # A weak ETag cannot vouch for bytes (RFC 9110), so it cannot resume a range.
    if etag and etag.startswith("W/"):
        etag = None
    note = {"url": url, "validator": etag or headers.get("Last-Modified")}
    _note_path(part).write_text(json.dumps(note) + "\n", encoding="utf-8")


def _note_path(part: Path) -> Path:
    return part.with_name(part.name + ".json")


def _discard(part: Path) -> None:
    part.unlink(missing_ok=True)
    _note_path(part).unlink(missing_ok=True)


def _target_path(data_dir: Path, target: str) -> Path:
    relative = PurePosixPath(target)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"download target {target!r} is not inside the data folder")
    return data_dir.joinpath(*relative.parts)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _record(data_dir: Path, result: FetchResult) -> None:
    """Add one fetched file to the manifest, replacing the manifest atomically."""
    manifest = read_manifest(data_dir)
    manifest[result.target] = {
        "url": result.url,
        "sha256": result.sha256,
        "size": result.size,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = data_dir / MANIFEST
    temporary = path.with_name(path.name + ".tmp")
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _unreachable(
    url: str, error: urllib.error.URLError, data_dir: Path, fetched: int
) -> str:
    host = urlsplit(url).netloc or url
    if fetched == 0:
        kept = "nothing was changed"
    elif fetched == 1:
        kept = "the 1 file fetched before it was kept"
    else:
        kept = f"the {fetched} files fetched before it were kept"
    return (
        f"cannot reach {host} ({_reason(error.reason)}): check the network, or copy "
        f"the files into {data_dir} by hand; {kept}"
    )


def _reason(error: object) -> str:
    """A short reason: "Connection refused" rather than "[Errno 111] ..."."""
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
