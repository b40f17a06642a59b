"""Community voice: read partners' notes into checked records with safe HTML.

One job: turn a folder of Markdown notes with YAML front matter into records the
website can show beside the data they speak to, and say in a finding why any note
was left out. No network access: everything comes from the folder given.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from pathlib import Path

import nh3
import yaml
from markdown_it import MarkdownIt

from .validate.findings import ERROR, WARNING, Finding
from .warehouse.store import write_table

KINDS = ("hunch", "quote", "context")
LANGS = ("en", "es")
STATE = "state"  # the region id a statewide note uses
REQUIRED = ("title", "kind", "contributor", "date")
FIELDS = (*REQUIRED, "indicators", "regions", "lang")

# Stable codes of this module's findings, for a reader to look up.
CODES = {
    "voice-folder": "the notes folder does not exist",
    "voice-read": "note file could not be read",
    "voice-file-name": "note file name has a line break or control character",
    "voice-encoding": "note file is not UTF-8",
    "voice-front-matter": "front matter missing or not readable YAML fields",
    "voice-field": "a field is missing or has a value that is not allowed",
    "voice-unknown-field": "front matter has a field this module does not know",
    "voice-unknown-indicator": "an indicator id is not in the catalog",
    "voice-unknown-region": "a region id is not in the geography",
    "voice-empty": "the note has no text below the front matter",
}

NOTE_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("indicators", "VARCHAR[]"),
    ("regions", "VARCHAR[]"),
    ("contributor", "VARCHAR"),
    ("date", "VARCHAR"),  # ISO date, as in the note dict
    ("lang", "VARCHAR"),
    ("html", "VARCHAR"),
    ("file", "VARCHAR"),
    ("sha256", "VARCHAR"),
]

ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "br",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# With html off, markdown-it escapes raw HTML in a note instead of passing it on.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


class _TextDatesLoader(yaml.SafeLoader):
    """The safe loader, except that dates stay text: an impossible date such as
    2024-02-30 then gets a finding about the date, not a YAML error."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Unusable(Exception):
    """A note that cannot be loaded; carries the finding that says why."""

    def __init__(self, code: str, column: str, message: str):
        super().__init__(message)
        self.code, self.column, self.message = code, column, message


def load_notes(
    folder: Path,
    indicator_ids: set[str] | None = None,
    region_ids: set[str] | None = None,
) -> tuple[list[dict], list[Finding]]:
    """Every usable note under ``folder`` (sorted by id) and the findings.

    Indicator and region ids are checked only when the known ids are given."""
    notes: list[dict] = []
    findings: list[Finding] = []
    if not folder.is_dir():
        # Say so: a mistyped folder would otherwise publish no notes silently.
        message = f"no notes loaded: the folder {folder} does not exist"
        return [], [Finding("voice-folder", str(folder), 0, "", message, WARNING)]
    for path in _note_paths(folder):
        name = path.relative_to(folder).as_posix()
        try:
            note, warnings = _load_note(path, name, indicator_ids, region_ids)
        except _Unusable as bad:
            findings.append(Finding(bad.code, name, 0, bad.column, bad.message, ERROR))
            continue
        notes.append(note)
        findings += warnings
    return notes, findings


def write_notes(con, notes: list[dict]) -> int:
    """Create the ``notes`` table and fill it; returns the number of rows."""
    rows = (
        [_list_literal(n[c]) if t.endswith("[]") else n[c] for c, t in NOTE_COLUMNS]
        for n in notes
    )
    return write_table(con, "notes", NOTE_COLUMNS, rows)


def render(markdown: str) -> str:
    """Markdown to HTML, then cleaned: the renderer escapes raw HTML and the
    cleaner is a second guard should anything get past it."""
    html = clean(_MARKDOWN.render(markdown))
    # The same HTML with no raw line breaks: ``write_table`` loads through a CSV
    # whose reader rejects a bare newline inside a value. &#10; is a newline to
    # the browser, in text, in <pre> and in attributes alike.
    return html.replace("\r", "").replace("\n", "&#10;")


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        # A link with no scheme could point anywhere on the site; only full
        # http(s) and mailto links are allowed.
        url_relative="deny",
        link_rel="nofollow noopener",
    )


# -- one note -----------------------------------------------------------------


def _note_paths(folder: Path) -> list[Path]:
    # Hidden files and folders are editor backups and the like, never notes.
    return sorted(
        p
        for p in folder.rglob("*.md")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _load_note(path, name, indicator_ids, region_ids) -> tuple[dict, list[Finding]]:
    if not name.isprintable():
        raise _Unusable(
            "voice-file-name",
            "",
            "the file name has a line break or control character: rename it",
        )
    raw = _read_bytes(path)
    meta, body = _split(_decode(raw))
    note = {
        "id": name.removesuffix(".md"),
        **_fields(meta),
        "html": _body_html(body),
        "file": name,
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    _check_known("indicators", note["indicators"], indicator_ids)
    if region_ids is not None:
        _check_known("regions", note["regions"], region_ids | {STATE})
    return note, _unknown_fields(meta, name)


def _unknown_fields(meta: dict, name: str) -> list[Finding]:
    # A misspelt optional field would otherwise vanish without a word.
    return [
        Finding(
            "voice-unknown-field",
            name,
            0,
            str(key),
            f"field {key!r} is not used and was ignored; the fields are "
            f"{', '.join(FIELDS)} (check the spelling)",
            WARNING,
        )
        for key in meta
        if key not in FIELDS
    ]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _Unusable("voice-read", "", f"the file could not be read: {exc}") from exc


def _decode(raw: bytes) -> str:
    try:
        # utf-8-sig: a byte order mark some editors add is not part of the note.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Unusable(
            "voice-encoding",
            "",
            f"the file is not UTF-8 (byte {exc.start} cannot be read): save it "
            "from your editor as UTF-8",
        ) from exc


def _split(text: str) -> tuple[dict, str]:
    """The front matter's fields and the Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise _Unusable(
            "voice-front-matter",
            "",
            "the note must start with a line '---', then its fields "
            "(title, kind, contributor, date, ...), then another line '---'",
        )
    end = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), None)
    if end is None:
        raise _Unusable(
            "voice-front-matter",
            "",
            "the front matter is not closed: add a line '---' after the fields",
        )
    return _parse_yaml("".join(lines[1:end])), "".join(lines[end + 1 :])


def _parse_yaml(text: str) -> dict:
    try:
        # A SafeLoader subclass: builds only plain values, never Python objects.
        meta = yaml.load(text, Loader=_TextDatesLoader)
    except (yaml.YAMLError, ValueError) as exc:
        problem = " ".join(str(exc).split())
        raise _Unusable(
            "voice-front-matter",
            "",
            f"the front matter is not valid YAML ({problem}): write one "
            "'field: value' per line and put quotes around a value with a colon",
        ) from exc
    if not isinstance(meta, dict):
        raise _Unusable(
            "voice-front-matter",
            "",
            "the front matter must be fields written 'field: value', one a line",
        )
    return meta


def _body_html(body: str) -> str:
    if not body.strip():
        raise _Unusable(
            "voice-empty", "", "the note has no text: write it below the second '---'"
        )
    return render(body)


# -- fields -------------------------------------------------------------------


def _fields(meta: dict) -> dict:
    missing = [f for f in REQUIRED if meta.get(f) in (None, "")]
    if missing:
        raise _Unusable(
            "voice-field",
            missing[0],
            f"required field(s) missing or empty: {', '.join(missing)}",
        )
    return {
        "title": _text(meta, "title"),
        "kind": _choice("kind", meta["kind"], KINDS),
        "indicators": _id_list(meta, "indicators"),
        "regions": _id_list(meta, "regions"),
        "contributor": _text(meta, "contributor"),
        "date": _date(meta.get("date")),
        "lang": _choice("lang", meta.get("lang", "en"), LANGS),
    }


def _text(meta: dict, key: str) -> str:
    value = meta[key]
    if not isinstance(value, str) or not value.strip():
        raise _Unusable(
            "voice-field",
            key,
            f"{key} must be text; put it in quotes if it is a number or date",
        )
    # One line: a YAML block value keeps line breaks a title has no use for.
    return " ".join(value.split())


def _choice(key: str, value, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _Unusable(
            "voice-field",
            key,
            f"{key} is {value!r}; it must be one of {', '.join(allowed)}",
        )
    return value


def _id_list(meta: dict, key: str) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.strip() and v.isprintable() for v in value
    ):
        raise _Unusable(
            "voice-field",
            key,
            f"{key} must be a list of ids, written like [first_id, second_id] "
            "(or [] for none)",
        )
    # Keep the writer's order, once each.
    return list(dict.fromkeys(v.strip() for v in value))


def _date(value) -> str:
    # The loader leaves dates as text, so a real date is always a string here.
    text = value.strip() if isinstance(value, str) else ""
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise _Unusable(
            "voice-field",
            "date",
            f"date is {value!r}; write a real date as YYYY-MM-DD, e.g. 2024-05-01",
        ) from None


def _check_known(key: str, ids: list[str], known: set[str] | None) -> None:
    if known is None:
        return
    unknown = [i for i in ids if i not in known]
    if not unknown:
        return
    hints = [
        f"{u!r} (did you mean {close[0]!r}?)" if close else repr(u)
        for u in unknown
        for close in [difflib.get_close_matches(u, known, n=1)]
    ]
    where = {
        "indicators": "the indicator catalog",
        "regions": "the regions list, or state for the whole state",
    }[key]
    raise _Unusable(
        f"voice-unknown-{key.removesuffix('s')}",
        key,
        f"{key} not known: {', '.join(hints)}; use ids from {where}",
    )


def _list_literal(values: list[str]) -> str:
    """A DuckDB list literal, so a list survives the CSV that ``write_table``
    loads through; quotes and backslashes inside an id are escaped."""
    quoted = ("'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" for v in values)
    return "[" + ", ".join(quoted) + "]"
