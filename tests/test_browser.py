"""The site in a real browser: Debian's Chromium, driven by Playwright, against the
app served on loopback from a small atlas.

A reader's path from the home page to a download, where the downloaded rows must
equal the table on the page and the API's answer; privacy markers; axe-core on
every main page in both languages; charts drawn under the site's policy, each with
a text alternative and a table; and the explorer without JavaScript. Screenshots
of every main page are kept in artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
MAIN_PAGES = {
    "home": "/",
    "regions": "/regions",
    "region": "/regions/snohomish",
    "indicators": "/indicators",
    "indicator": "/indicators/graduation_4yr?place=district:31002&group_type=Gender",
    "data": "/data",
}


@pytest.fixture(scope="module")
def site(mini_atlas, serve_app):
    return serve_app(mini_atlas)


def spanish(path: str) -> str:
    return "/es/" if path == "/" else f"/es{path}"


def test_a_reader_goes_from_home_to_a_download(site, new_page, tmp_path):
    page = new_page()
    page.goto(site + "/")
    page.get_by_role("link", name="Snohomish", exact=True).first.click()
    page.wait_for_url(re.compile(r"/regions/snohomish$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Snohomish"

    page.get_by_role("link", name="4-year graduation").first.click()
    page.wait_for_url(re.compile(r"/indicators/graduation_4yr\?"))
    assert query(page.url)["place"] == ["region:snohomish"]

    # Filters swap the view in place and keep their state in the URL.
    page.select_option("#f-place", "district:31002")
    page.wait_for_url(re.compile(r"place=district%3A31002"))
    page.select_option("#f-type", "Gender")
    page.wait_for_url(re.compile(r"group_type=Gender"))
    heading = page.locator("#view-heading").inner_text()
    assert heading == "Everett School District, 2022-23: Gender"
    table = table_rows(page)
    assert [r["Group"] for r in table] == ["Female", "Gender X", "Male"]

    # The download holds exactly the rows of the table.
    with page.expect_download() as event:
        page.get_by_role("link", name="CSV", exact=True).click()
    path = tmp_path / "view.csv"
    event.value.save_as(path)
    downloaded = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["group"] for r in downloaded] == [r["Group"] for r in table]
    for mine, shown in zip(downloaded, table, strict=True):
        assert mine["numerator"] == shown["Numerator"].replace(",", "")
        assert mine["denominator"] == shown["Denominator"].replace(",", "")
        assert mine["status"] == shown["status"]

    # And the API, asked with the same filters, answers the same rows.
    api = page.get_by_role("link", name="the same rows from the API").get_attribute(
        "href"
    )
    answer = page.request.get(site + api).json()
    assert [r["group"] for r in answer["data"]] == [r["group"] for r in downloaded]
    for theirs, mine in zip(answer["data"], downloaded, strict=True):
        for column in ("numerator", "denominator", "value", "status"):
            assert as_text(theirs[column]) == mine[column]


def test_suppressed_cells_show_a_marker_and_a_reason_never_a_number(site, new_page):
    page = new_page()
    page.goto(site + MAIN_PAGES["indicator"])
    hidden = page.locator('#data-table tr[data-status="suppressed"]')
    assert hidden.count() >= 1
    for i in range(hidden.count()):
        cells = hidden.nth(i).locator("td")
        value = cells.nth(0).inner_text()
        assert "suppressed" in value
        assert not re.search(r"\d", value.replace("N<10", "").replace("n<10", ""))
        assert cells.nth(2).inner_text() == cells.nth(3).inner_text() == ""
        assert "privacy" in cells.last.inner_text()
    # The chart marks the hidden group instead of drawing a bar for it.
    wait_for_charts(page)
    bars = page.locator('[data-chart="spec-groups"] svg')
    assert "suppressed" in bars.text_content()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_pass_axe_and_draw_their_charts(site, new_page, name, lang):
    path = MAIN_PAGES[name] if lang == "en" else spanish(MAIN_PAGES[name])
    page = new_page()
    page.goto(site + path)
    assert page.locator("html").get_attribute("lang") == lang
    wait_for_charts(page)
    for area in page.locator("[data-chart]").all():
        # A text alternative, and the same figures in a table beside it.
        label = area.locator("xpath=ancestor::*[@role='img'][1]")
        assert len(label.get_attribute("aria-label") or "") > 20
        assert area.get_attribute("data-state") == "done"
        assert area.locator("svg").count() == 1
        figure = area.locator("xpath=ancestor::figure[1]")
        assert figure.locator("xpath=following::table[1]").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{lang}.png", full_page=True)

    assert axe_problems(page) == []


def test_the_explorer_works_without_javascript(site, new_page):
    page = new_page(javascript=False)
    page.goto(site + "/indicators/graduation_4yr")
    # Each choice is a round trip: the place first, then its group types.
    page.select_option("#f-place", "district:31002")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"place=district%3A31002"))
    page.select_option("#f-type", "Gender")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"group_type=Gender"))
    assert query(page.url)["place"] == ["district:31002"]
    assert [r["Group"] for r in table_rows(page)] == ["Female", "Gender X", "Male"]
    # Charts are only pictures of the tables: nothing is drawn, nothing is lost.
    assert page.locator("[data-chart] svg").count() == 0
    assert page.locator("table.data").count() >= 2
    link = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    answer = page.request.get(site + link)
    assert answer.ok and answer.text().splitlines()[0].startswith("indicator,period")


def test_the_language_switch_keeps_the_view(site, new_page):
    page = new_page()
    page.goto(site + "/indicators/graduation_4yr")
    page.select_option("#f-place", "district:31002")
    page.wait_for_url(re.compile(r"place=district%3A31002"))
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(re.compile(r"/es/indicators/graduation_4yr\?"))
    assert query(page.url)["place"] == ["district:31002"]
    assert page.locator("html").get_attribute("lang") == "es"


# Reading pages.


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def table_rows(page) -> list[dict[str, str]]:
    """The explorer's table as dicts by column header, plus each row's status."""
    table = page.locator("#data-table")
    headers = [h.inner_text().strip() for h in table.locator("thead th").all()]
    rows = []
    for tr in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in tr.locator("th, td").all()]
        row = dict(zip(headers, cells, strict=True))
        row["status"] = tr.get_attribute("data-status")
        rows.append(row)
    return rows


def axe_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    page.add_script_tag(url="/static/vendor/axe-core-4.14.1/axe.min.js")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wait_for_charts(page) -> None:
    """Until every chart is drawn or has failed (charts load after first paint)."""
    # A function, not an expression: Playwright would eval an expression, which
    # the site's policy forbids.
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-chart]'))"
        ".every(a => a.hasAttribute('data-state'))"
    )


def as_text(value) -> str:
    """A JSON value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_the_api_reference_renders_under_the_policy(site, new_page):
    page = new_page()
    page.goto(site + "/api/docs")
    page.wait_for_selector(".opblock")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/observations" in p for p in paths)
