"""Each build records which figures changed since the atlas it replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from stematlas.build import build

MINI = Path(__file__).parent / "fixtures" / "mini"
GRADUATION = "ospi/graduation/graduation_2023.csv"


def releases(db: Path) -> tuple[list[tuple], dict[str, tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        history = con.execute(
            "SELECT build_id, previous_build_id, changed, added, removed "
            "FROM releases ORDER BY number DESC"
        ).fetchall()
        changes = {
            r[0]: r[1:] for r in con.execute("SELECT * FROM release_changes").fetchall()
        }
    finally:
        con.close()
    return history, changes


def test_changes_since_the_previous_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    db = tmp_path / "atlas.duckdb"
    first = build(data, db)
    history, _ = releases(db)
    assert history == [(first.build_id, None, 0, 0, 0)]

    # The same files again: nothing changed.
    second = build(data, db)
    history, changes = releases(db)
    assert history[0] == (second.build_id, first.build_id, 0, 0, 0)
    assert [h[0] for h in history] == [second.build_id, first.build_id]
    assert all(c == (0, 0, 0) for c in changes.values())

    # Everett's female graduates revised from 270 to 275; Male dropped.
    path = data / GRADUATION
    lines = path.read_text().splitlines()
    lines = [
        line.replace(",290,270,0.931", ",290,275,0.9483")
        for line in lines
        if ",Gender,Male," not in line or "31002" not in line
    ]
    path.write_text("\n".join(lines) + "\n")
    third = build(data, db)
    history, changes = releases(db)
    assert history[0][:2] == (third.build_id, second.build_id)
    changed, added, removed = changes["graduation_4yr"]
    assert changed >= 1 and removed >= 1
    assert history[0][2:] == tuple(
        sum(c[i] for c in changes.values()) for i in range(3)
    )
    assert len(history) == 3


def test_each_changed_figure_is_listed_with_its_old_and_new_values(tmp_path):
    from fastapi.testclient import TestClient

    from stematlas.web.app import create_app

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    db = tmp_path / "atlas.duckdb"
    build(data, db)
    path = data / GRADUATION
    path.write_text(path.read_text().replace(",290,270,0.931", ",290,275,0.9483"))
    build(data, db)

    con = duckdb.connect(str(db), read_only=True)
    try:
        figures = con.execute(
            "SELECT kind, geo_id, old_numerator, new_numerator FROM release_figures "
            "WHERE indicator = 'graduation_4yr' AND geo_level = 'district' "
            "AND \"group\" = 'Female'"
        ).fetchall()
        total = con.execute("SELECT count(*) FROM release_figures").fetchone()[0]
        counted = con.execute(
            "SELECT sum(changed + added + removed) FROM release_changes"
        ).fetchone()[0]
    finally:
        con.close()
    assert figures == [("changed", "31002", 270, 275)]
    assert total == counted

    client = TestClient(create_app(db))
    page = client.get("/data", headers={"accept": "text/html"})
    assert 'id="changed-figures"' in page.text and "/data/changes.csv" in page.text
    listed = client.get("/data/changes.csv").text.splitlines()
    assert listed[0].startswith("kind,indicator,period,geo_level,geo_id")
    assert len(listed) == 1 + total
    assert client.get("/es/data", headers={"accept": "text/html"}).text.count(
        'href="/data/changes.csv"'
    )
