"""The careers and credentials pages in a real browser (Debian's Chromium under
Playwright), from the hand-made labor folders of tests/labor_files.py: a changed
household swaps the list and the URL, the form works without JavaScript, and
axe-core finds nothing serious on any of them in either language, with and
without ESD's projections and program data."""

from __future__ import annotations

import re

import pytest

from labor_files import careers_folder, careers_folder_with_esd
from stematlas.build import build
from test_browser import SHOTS, axe_problems, query, wait_for_charts

pytest.importorskip("playwright.sync_api")

TWO_WORKING = "2-adults-2-working-1-child"
PAGES = {
    "careers": "/careers",
    "careers-region": "/careers/alpha",
    "credentials": "/credentials/alpha",
}


def serve(tmp_path_factory, serve_app, write_folder):
    root = tmp_path_factory.mktemp("careers-browser")
    write_folder(root / "data")
    db = root / "atlas.duckdb"
    build(root / "data", db)
    return serve_app(db)


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve_app):
    """Every job figure estimated: no ESD projections, no program data."""
    return serve(tmp_path_factory, serve_app, careers_folder)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, serve_app):
    """With ESD's workbook and list, and IPEDS programs and completions."""
    return serve(tmp_path_factory, serve_app, careers_folder_with_esd)


def occupations(page) -> list[str]:
    """The SOC codes of the list on the page, in its order."""
    rows = page.locator("#view tr[data-soc]")
    return [rows.nth(i).get_attribute("data-soc") for i in range(rows.count())]


def test_a_changed_household_swaps_the_list_and_the_url(site, new_page):
    page = new_page()
    page.goto(site + "/careers/alpha")
    before = occupations(page)
    page.select_option("#f-household", TWO_WORKING)
    page.wait_for_url(re.compile(rf"household={TWO_WORKING}"))
    page.wait_for_function(
        "() => document.querySelector('#f-household').value === "
        f"'{TWO_WORKING}' && document.querySelector('#view')"
    )
    after = occupations(page)
    assert after != before and "31-1120" in after
    csv_link = page.locator("a[href*='data.csv']").first.get_attribute("href")
    assert query(site + csv_link)["household"] == [TWO_WORKING]


def test_the_household_form_works_without_javascript(site, new_page):
    page = new_page(javascript=False)
    page.goto(site + "/careers/alpha")
    page.select_option("#f-household", TWO_WORKING)
    page.locator("#filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"household={TWO_WORKING}"))
    assert "31-1120" in occupations(page)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("folder", ["estimated", "loaded"])
def test_careers_pages_pass_axe(site, loaded, new_page, name, lang, folder):
    base = site if folder == "estimated" else loaded
    path = PAGES[name] if lang == "en" else "/es" + PAGES[name]
    page = new_page()
    page.goto(base + path)
    assert page.locator("html").get_attribute("lang") == lang
    wait_for_charts(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    if folder == "loaded":
        page.screenshot(path=SHOTS / f"{name}-{lang}.png", full_page=True)
    assert axe_problems(page) == []
