"""Community voice notes: loading, checking, sanitizing and storing."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from stematlas import voice
from stematlas.geography import default_counties
from stematlas.indicators.catalog import CATALOG

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = {"ela_met", "math_met"}
REGIONS = {"king", "southeast"}


def front(**fields) -> str:
    defaults = {
        "title": "A note",
        "kind": "context",
        "indicators": "[ela_met]",
        "regions": "[king]",
        "contributor": "Someone",
        "date": "2024-05-01",
    }
    defaults.update(fields)
    lines = [f"{k}: {v}" for k, v in defaults.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def note(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def codes(findings) -> list[str]:
    return [f.code for f in findings]


class Tags(HTMLParser):
    """Every start tag and its attributes, to check what a browser would run."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


# -- valid notes ----------------------------------------------------------------


@pytest.mark.parametrize("kind", voice.KINDS)
def test_valid_note_of_each_kind_loads(tmp_path, kind):
    text = front(kind=kind, indicators="[ela_met, math_met]", regions="[king, state]")
    path = note(tmp_path, f"sub/{kind}.md", text + "Some *careful* words.\n")
    notes, findings = voice.load_notes(tmp_path, INDICATORS, REGIONS)
    assert findings == []
    assert notes == [
        {
            "id": f"sub/{kind}",
            "title": "A note",
            "kind": kind,
            "indicators": ["ela_met", "math_met"],
            "regions": ["king", "state"],
            "contributor": "Someone",
            "date": "2024-05-01",
            "lang": "en",
            "html": "<p>Some <em>careful</em> words.</p>&#10;",
            "file": f"sub/{kind}.md",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    ]


def test_optional_fields(tmp_path):
    text = front(indicators=None, regions="[]", lang="es", date="'2024-02-29'")
    note(tmp_path, "a.md", text + "Hola.\n")
    (loaded,), findings = voice.load_notes(tmp_path)
    assert findings == []
    assert loaded["indicators"] == loaded["regions"] == []
    assert loaded["lang"] == "es"
    assert loaded["date"] == "2024-02-29"


def test_text_fields_are_one_line(tmp_path):
    text = front(title="|\n  Two\n  lines", contributor="'  A   B '")
    note(tmp_path, "a.md", text + "Text.\n")
    (loaded,), findings = voice.load_notes(tmp_path)
    assert findings == []
    assert (loaded["title"], loaded["contributor"]) == ("Two lines", "A B")


def test_html_has_no_raw_line_breaks_but_keeps_them():
    html = voice.render("One\r\ntwo\n\n```\na\nb\n```\n")
    assert "\n" not in html and "\r" not in html
    parsed = []
    parser = HTMLParser()
    parser.handle_data = parsed.append
    parser.feed(html)
    parser.close()
    # A browser reads the same text: the soft break, the code lines, and the
    # line breaks between blocks.
    assert "".join(parsed) == "One\ntwo\na\nb\n\n"
    assert "<pre><code>a&#10;b&#10;</code></pre>" in html


def test_unknown_field_is_a_warning_and_the_note_loads(tmp_path):
    note(tmp_path, "a.md", front(indicator="[ela_met]") + "Text.\n")
    notes, findings = voice.load_notes(tmp_path)
    assert len(notes) == 1
    assert codes(findings) == ["voice-unknown-field"]
    assert findings[0].severity == "warning"
    assert findings[0].column == "indicator"


def test_hidden_files_are_not_notes(tmp_path):
    note(tmp_path, ".backup/a.md", "not a note")
    note(tmp_path, "b.md", front() + "Text.\n")
    notes, findings = voice.load_notes(tmp_path)
    assert [n["id"] for n in notes] == ["b"]
    assert findings == []


# -- sanitizing -------------------------------------------------------------------


def test_raw_html_in_a_note_is_escaped(tmp_path):
    body = (
        "Hello <script>alert(1)</script>\n\n"
        "<img src=x onerror=alert(1)>\n\n"
        '<a href="https://ok.example" onclick="steal()">x</a>\n'
    )
    note(tmp_path, "a.md", front() + body)
    (loaded,), _ = voice.load_notes(tmp_path)
    html = loaded["html"]
    assert "<script" not in html
    assert "<img" not in html
    # The words stay visible as text, but no element carries an event handler.
    assert "&lt;script&gt;" in html
    assert all(not name.startswith("on") for _, a in tags(html) for name in a)
    assert {t for t, _ in tags(html)} == {"p"}


def test_cleaner_removes_what_the_renderer_might_miss():
    html = voice.clean(
        '<p>x<script>alert(1)</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(1)">bad</a><a href="/local">rel</a></p>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript" not in html
    assert 'href="/local"' not in html


def test_javascript_link_is_removed(tmp_path):
    body = "[bad](javascript:alert(1)) [also](JavaScript:alert(2)) [good](https://ok.example/a)\n"
    note(tmp_path, "a.md", front() + body)
    (loaded,), _ = voice.load_notes(tmp_path)
    links = [a for t, a in tags(loaded["html"]) if t == "a"]
    assert links == [{"href": "https://ok.example/a", "rel": "nofollow noopener"}]
    assert 'href="javascript' not in loaded["html"].lower()


def test_allowed_markup_survives():
    html = voice.render(
        "### Head\n\n> quoted\n\n- one\n- two\n\n`code` **b** "
        "[m](mailto:a@b.example 'Mail')\n\n# Big\n"
    )
    assert {t for t, _ in tags(html)} == {
        "h3",
        "blockquote",
        "p",
        "ul",
        "li",
        "code",
        "strong",
        "a",
    }
    assert '<a href="mailto:a@b.example" title="Mail" rel="nofollow noopener">' in html
    assert "<h1" not in html and "Big" in html


# -- unusable notes -----------------------------------------------------------------


INVALID = {
    "no-front-matter": ("Just text.\n", "voice-front-matter"),
    "unclosed": ("---\ntitle: x\nText.\n", "voice-front-matter"),
    "bad-yaml": ("---\ntitle: [unclosed\n---\nText.\n", "voice-front-matter"),
    "yaml-list": ("---\n- a\n- b\n---\nText.\n", "voice-front-matter"),
    "python-object": (
        "---\ntitle: !!python/object/apply:os.system [echo]\n---\nText.\n",
        "voice-front-matter",
    ),
    "no-title": (front(title=None) + "Text.\n", "voice-field"),
    "no-contributor": (front(contributor="''") + "Text.\n", "voice-field"),
    "no-date": (front(date=None) + "Text.\n", "voice-field"),
    "bad-kind": (front(kind="rumor") + "Text.\n", "voice-field"),
    "bad-lang": (front(lang="fr") + "Text.\n", "voice-field"),
    "title-number": (front(title="2024") + "Text.\n", "voice-field"),
    "ids-not-list": (front(indicators="ela_met") + "Text.\n", "voice-field"),
    "id-line-break": (front(regions='["ki\\nng"]') + "Text.\n", "voice-field"),
    "not-a-date": (front(date="next spring") + "Text.\n", "voice-field"),
    "impossible-date": (front(date="2024-02-30") + "Text.\n", "voice-field"),
    "datetime": (front(date="2024-02-01 10:00:00") + "Text.\n", "voice-field"),
    "empty-body": (front() + "\n  \n", "voice-empty"),
    "latin-1": ((front() + "Año.\n").encode("latin-1"), "voice-encoding"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_unusable_note_gives_a_finding_and_is_not_loaded(tmp_path, case):
    text, code = INVALID[case]
    note(tmp_path, f"{case}.md", text)
    notes, findings = voice.load_notes(tmp_path, INDICATORS, REGIONS)
    assert notes == []
    assert codes(findings) == [code]
    finding = findings[0]
    assert finding.file == f"{case}.md"
    assert finding.severity == "error"
    assert finding.message


def test_file_name_with_a_line_break_is_not_loaded(tmp_path):
    note(tmp_path, "a\nb.md", front() + "Text.\n")
    notes, findings = voice.load_notes(tmp_path)
    assert notes == []
    assert codes(findings) == ["voice-file-name"]


def test_missing_folder_is_a_warning(tmp_path):
    notes, findings = voice.load_notes(tmp_path / "nowhere")
    assert notes == []
    assert codes(findings) == ["voice-folder"]
    assert findings[0].severity == "warning"


def test_one_bad_note_does_not_stop_the_others(tmp_path):
    note(tmp_path, "a.md", "no front matter")
    note(tmp_path, "b.md", front() + "Fine.\n")
    notes, findings = voice.load_notes(tmp_path)
    assert [n["id"] for n in notes] == ["b"]
    assert codes(findings) == ["voice-front-matter"]


def test_field_finding_names_the_field(tmp_path):
    note(tmp_path, "a.md", front(date="soon") + "Text.\n")
    _, (finding,) = voice.load_notes(tmp_path)
    assert finding.column == "date"
    assert "YYYY-MM-DD" in finding.message


def test_unknown_ids_are_findings_only_when_ids_are_given(tmp_path):
    note(tmp_path, "i.md", front(indicators="[ela_mett]") + "Text.\n")
    note(tmp_path, "r.md", front(regions="[kingg]") + "Text.\n")
    notes, findings = voice.load_notes(tmp_path)
    assert len(notes) == 2 and findings == []

    notes, findings = voice.load_notes(tmp_path, INDICATORS, REGIONS)
    assert notes == []
    assert codes(findings) == ["voice-unknown-indicator", "voice-unknown-region"]
    assert "'ela_met'" in findings[0].message  # the closest known id
    assert "'king'" in findings[1].message

    notes, findings = voice.load_notes(tmp_path, indicator_ids=INDICATORS)
    assert [n["id"] for n in notes] == ["r"]
    assert codes(findings) == ["voice-unknown-indicator"]


# -- the shipped content and the warehouse ------------------------------------------


def test_shipped_notes_load_against_the_real_ids():
    region_ids = {c["region_id"] for c in default_counties()}
    notes, findings = voice.load_notes(
        ROOT / "content" / "voice", set(CATALOG), region_ids
    )
    assert findings == []
    assert len(notes) == 1
    (shipped,) = notes
    assert shipped["kind"] == "context"
    assert shipped["contributor"] == "STEM Atlas maintainers"
    assert shipped["indicators"] == ["ela_met", "math_met"]
    assert shipped["regions"] == ["state"]


def test_write_notes_round_trips(tmp_path):
    note(
        tmp_path,
        "a.md",
        front(regions="[king, state]") + 'One, "two"\n\n```\nthree\nfour\n```\n',
    )
    note(tmp_path, "b/c.md", front(indicators="[]", regions="[]") + "x\n")
    notes, _ = voice.load_notes(tmp_path)
    # Ids are not checked here, so odd characters must survive the trip too.
    notes.append({**notes[0], "id": "odd", "indicators": ["it's", 'a"b', "c\\d, e]"]})
    con = duckdb.connect()
    assert voice.write_notes(con, notes) == 3
    cursor = con.execute("SELECT * FROM notes ORDER BY id")
    names = [d[0] for d in cursor.description]
    assert names == [c for c, _ in voice.NOTE_COLUMNS]
    stored = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert stored == sorted(notes, key=lambda n: n["id"])


def test_write_notes_with_no_notes_makes_an_empty_table():
    con = duckdb.connect()
    assert voice.write_notes(con, []) == 0
    assert con.execute("SELECT count(*) FROM notes").fetchone() == (0,)
