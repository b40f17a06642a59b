"""The Spanish catalog covers every text the site shows, and numbers follow each
language's conventions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po

from stematlas.web.i18n import Links, gettext, percent, points

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src/stematlas/web/locales/es/LC_MESSAGES/messages.po"


def messages_tool():
    spec = importlib.util.spec_from_file_location(
        "messages", ROOT / "tools/messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_text_is_in_the_catalog_and_translated():
    tool = messages_tool()
    wanted = set(tool.extracted()) | set(tool.data_labels())
    with PO.open("rb") as f:
        catalog = read_po(f, locale="es")
    known = {m.id: m.string for m in catalog if m.id}
    missing = sorted(wanted - set(known))
    assert not missing, f"run `python tools/messages.py`, then translate: {missing[:5]}"
    untranslated = sorted(k for k, v in known.items() if not v)
    assert not untranslated, untranslated[:5]


def test_placeholders_survive_translation():
    with PO.open("rb") as f:
        catalog = read_po(f, locale="es")
    for message in catalog:
        if message.id and "{" in message.id:
            names = lambda s: sorted(p.split("}")[0] for p in s.split("{")[1:])  # noqa: E731
            assert names(message.id) == names(message.string), message.id


def test_translation_and_numbers():
    assert gettext("es", "Regions") == "Regiones"
    assert gettext("en", "Regions") == "Regions"
    assert percent(0.4321, "en") == "43.2%"
    assert points(-3.04, "en") == "−3.0" and points(2.0, "es") == "+2.0"


def test_links_on_the_server_and_in_the_static_copy():
    server = Links("es", "/indicators/ela_met")
    assert server("/regions/king") == "/es/regions/king"
    assert server.switch("en", {"place": "region:king"}) == (
        "/indicators/ela_met?place=region%3Aking"
    )
    static = Links("es", "/indicators/ela_met", static=True)
    assert static("/regions/king") == "../../../es/regions/king/index.html"
    assert static("/") == "../../../es/index.html"
    assert static.static_file("css/site.css") == "../../../static/css/site.css"
    assert Links("en", "/", static=True)("/data") == "data/index.html"


def test_trend_notes_from_the_engine_read_in_spanish():
    """Every phrase the engine writes into a trend note has its Spanish, a real
    break's note included (which holds "; " itself)."""
    from stematlas.indicators.catalog import CATALOG
    from stematlas.indicators.trends import add_trends
    from stematlas.web.i18n import trend_note
    from test_trends import rate

    wakids = CATALOG["kindergarten_ready"].breaks[0]
    assert "; " in wakids.note
    breaks = {"graduation_4yr": [{"period": "2021-22", "note": wakids.note}]}
    series = [
        rate("2017-18", status="suppressed"),
        rate("2018-19", 400, 1000),
        rate("2019-20", status="banded"),
        rate("2020-21", 420, 1000),
        rate("2022-23", 450, 1000),
    ]
    add_trends(series, breaks, {"graduation_4yr": "2016-17"})
    notes = [o["trend_note"] for o in series if o["trend_note"]]
    assert len(notes) >= 2
    english = ("previous", "missing", "baseline", "across a break", "suppressed",
               "banded", wakids.note)  # fmt: skip
    for note in notes:
        spanish = trend_note(note, "es")
        assert spanish != note
        assert not any(word in spanish for word in english), spanish
    assert trend_note(notes[-1], "en") == notes[-1]
    assert gettext("es", wakids.note) in " ".join(trend_note(n, "es") for n in notes)
