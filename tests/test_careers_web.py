"""The careers and credentials pages, their downloads, the careers API and the
static copy, from small atlases built from hand-made files (tests/labor_files.py;
the answers are worked out in tests/test_careers.py)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from labor_files import RN, SD, careers_folder, careers_folder_with_esd
from stematlas.build import build
from stematlas.web.app import create_app
from stematlas.web.static_site import export_site

HTML = {"accept": "text/html"}
REGIONS = ("alpha", "beta", "gamma")
TWO_WORKING = "2-adults-2-working-1-child"
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("careers_web")
    careers_folder(root / "data")
    build(root / "data", root / "atlas.duckdb")
    return root / "atlas.duckdb"


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


class Page(HTMLParser):
    """Ids, links, and the rows of one table (by id) of a page."""

    def __init__(self, text: str, table: str = "career-table"):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.rows: list[list[str]] = []
        self.cell_links: list[list[list[str]]] = []
        self.lang = None
        self._want, self._in, self._cell = table, False, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._cell is not None:
                self.cell_links[-1][-1].append(attrs["href"])
        if tag == "table":
            self._in = attrs.get("id") == self._want
        elif tag == "tr" and self._in:
            self.rows.append([])
            self.cell_links.append([])
        elif tag in ("td", "th") and self._in and self.rows:
            self._cell = []
            self.cell_links[-1].append([])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._in = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page(client, url, table="career-table") -> Page:
    answer = client.get(url, headers=HTML)
    assert answer.status_code == 200, answer.text[:300]
    return Page(answer.text, table)


def socs(parsed: Page) -> list[str]:
    return [re.search(r"\d\d-\d{4}", r[0]).group(0) for r in parsed.rows[1:]]


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_region_has_a_careers_and_a_credentials_page(client, region, lang):
    prefix = "/es" if lang == "es" else ""
    for path in (f"/careers/{region}", f"/credentials/{region}"):
        parsed = page(client, prefix + path)
        assert parsed.lang == lang
    assert page(client, f"{prefix}/careers").lang == lang


def test_the_region_list_is_its_good_jobs_ranked_by_openings(client):
    parsed = page(client, "/careers/alpha")
    assert socs(parsed) == [SD[0], RN[0], "47-2111"]
    developers = parsed.rows[1]
    assert "$82.50" in developers[1] and "$27.50" in developers[2]
    assert developers[3] == "610"


def test_a_changed_household_changes_the_list_and_the_url(client):
    default = page(client, "/careers/alpha")
    answer = client.get(
        "/careers/alpha", params={"household": TWO_WORKING}, headers=HTML
    )
    changed = Page(answer.text)
    assert socs(changed) != socs(default)
    assert "31-1120" in socs(changed)  # home health aides: $20 is enough here
    # The form keeps its state in the URL and works without JavaScript.
    assert 'method="get"' in answer.text and 'hx-push-url="true"' in answer.text
    assert re.search(rf'<option value="{TWO_WORKING}" selected>', answer.text), (
        "the household chosen is selected"
    )
    downloads = [link for link in changed.links if "data.csv" in link]
    assert downloads == [f"/careers/alpha/data.csv?household={TWO_WORKING}"]


def test_filter_by_credential(client):
    answer = client.get(
        "/careers/alpha", params={"credential": "bachelor"}, headers=HTML
    )
    assert socs(Page(answer.text)) == [SD[0], RN[0]]
    assert '<option value="bachelor" selected>' in answer.text


def test_downloads_and_the_api_hold_exactly_the_table(client):
    params = {"household": TWO_WORKING}
    shown = socs(page(client, f"/careers/alpha?household={TWO_WORKING}"))
    as_csv = client.get("/careers/alpha/data.csv", params=params)
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["soc"] for r in rows] == shown
    as_json = client.get("/careers/alpha/data.json", params=params).json()
    assert [r["soc"] for r in as_json["data"]] == shown
    api = client.get("/api/v1/careers", params={"region": "alpha", **params}).json()
    assert [r["soc"] for r in api["data"]] == shown
    assert api["data"] == as_json["data"]
    for column in ("period_note", "estimated", "source", "living_wage"):
        assert column in rows[0]


def test_every_figure_links_to_its_method_and_the_method_to_its_sources(client):
    answer = client.get("/careers/alpha", headers=HTML)
    parsed = Page(answer.text)
    for cells in parsed.cell_links[1:]:
        figures = cells[1:7]  # wage, living wage, openings, growth, demand, level
        assert all(links for links in figures), cells
        for links in figures:
            assert links[0].startswith("#rule-") and links[0][1:] in parsed.ids
    for rule in ("rule-region_wage", "rule-family_wage", "rule-regional_jobs",
                 "rule-in_demand", "rule-credential"):  # fmt: skip
        section = answer.text.split(f'id="{rule}"', 1)[1].split("</section>", 1)[0]
        sources = re.findall(r'href="#(source-[a-z_]+)"', section)
        assert sources and all(s in parsed.ids for s in sources), rule
    # The sources table names each file's license and credit, linked to the agency.
    assert "Glasmeier" in answer.text and 'href="https://www.bls.gov/' in answer.text


def test_pages_say_estimates_and_the_years_of_wages_and_living_wages(client):
    text = client.get("/careers/alpha", headers=HTML).text
    assert "Wages are for May 2025; living wages for 2019" in text
    assert "estimated" in text and "ESD&#39;s rule on estimates" in text


def test_statewide_good_jobs_by_credential(client):
    parsed = page(client, "/careers", table="career-levels")
    levels = {r[0]: r[1] for r in parsed.rows[1:]}
    assert set(levels) >= {"High school or less", "Bachelor's degree", "All"}
    regions = page(client, "/careers", table="career-regions")
    assert [r[0] for r in regions.rows[1:]] == ["Alpha", "Beta", "Gamma"]
    assert any(link == "/careers/alpha?household=1-adult-1-child"
               for link in regions.links)  # fmt: skip
    # The figure the field quotes: the share needing more than high school.
    text = client.get("/careers", headers=HTML).text
    assert re.search(r'class="big"><a href="#rule-credential">\d+%</a>', text)
    # The chart beside the table draws the same openings.
    spec = json.loads(
        re.search(r'id="spec-levels">(.*?)</script>', text, re.S).group(1)
    )
    drawn = {d["level"]: d["openings"] for d in spec["data"]["values"]}
    table = {k: v for k, v in levels.items() if k != "All"}
    assert {k: f"{v:,.0f}" for k, v in drawn.items()} == table


def test_the_credentials_page_says_program_data_not_loaded(client):
    text = client.get("/credentials/alpha", headers=HTML).text
    assert "Program data not loaded" in text
    parsed = Page(text, "credential-table")
    assert len(parsed.rows) > 1
    for row in parsed.rows[1:]:
        # No crosswalk, no completions: not loaded, never "none".
        assert row[3] == row[4] == row[5] == "program data not loaded", row
    assert "no pathway" not in " ".join(" ".join(r) for r in parsed.rows).lower()


def test_the_region_profile_links_its_top_jobs(client):
    text = client.get("/regions/alpha", headers=HTML).text
    assert "Software Developers" in text and 'href="/careers/alpha"' in text
    assert 'href="/careers"' in client.get("/", headers=HTML).text  # navigation


def test_spanish_pages_are_in_spanish(client):
    text = client.get("/es/careers/alpha", headers=HTML).text
    assert "Vacantes al año" in text and "Salario digno por hora" in text
    assert "Openings a year" not in text and "Living wage an hour" not in text
    assert "con demanda" in text


def test_the_api_answers_with_its_terms_and_is_documented(client):
    api = client.get("/api/v1/careers", params={"region": "alpha"}).json()
    row = next(r for r in api["data"] if r["soc"] == SD[0])
    for key in ("soc", "title", "median_hourly", "living_wage", "family_wage",
                "in_demand", "openings", "growth", "credential", "estimated",
                "source"):  # fmt: skip
        assert key in row
    assert api["build_id"] and api["household"] == "1-adult-1-child"
    assert any("Glasmeier" in a for a in api["attributions"])
    assert {s["source_id"] for s in api["sources"]} >= {"bls_oews", "mit_living_wage"}
    assert {r["id"] for r in api["rules"]} >= {"family_wage", "in_demand"}
    every = client.get("/api/v1/careers", params={"region": "alpha", "scope": "all"})
    assert len(every.json()["data"]) > len(api["data"])
    as_csv = client.get("/api/v1/careers", params={"region": "alpha", "format": "csv"})
    assert as_csv.text.splitlines()[0].startswith("region_id,region_name,household")
    schema = client.get("/openapi.json").json()
    params = {
        p["name"] for p in schema["paths"]["/api/v1/careers"]["get"]["parameters"]
    }
    assert {"region", "household", "credential", "scope", "format"} <= params


def test_bad_filters_say_what_to_pass(client):
    answer = client.get("/api/v1/careers", params={"household": "3-adults"})
    assert answer.status_code == 400
    assert "1-adult-1-child" in answer.json()["error"]
    answer = client.get("/careers/nowhere", headers=HTML)
    assert answer.status_code == 404 and "alpha" in answer.text
    answer = client.get("/api/v1/careers", params={"credential": "phd"})
    assert answer.status_code == 400 and "bachelor" in answer.json()["error"]


def test_the_wage_percentile_is_a_build_option(tmp_path):
    careers_folder(tmp_path / "data")
    rules = tmp_path / "rules.toml"
    rules.write_text("[family_wage]\npercentile = 25\n")
    build(tmp_path / "data", tmp_path / "atlas.duckdb", labor_rules=rules)
    client = TestClient(create_app(tmp_path / "atlas.duckdb"))
    answer = client.get("/careers/alpha", headers=HTML)
    # Nurses' 25th percentile ($22.00) is under Alpha's $27.50: off the list.
    assert socs(Page(answer.text)) == [SD[0], "47-2111"]
    assert "Hourly wage, 25th percentile" in answer.text
    assert "25th percentile hourly wage" in answer.text  # the rule, in words
    api = client.get("/api/v1/careers", params={"region": "alpha", "scope": "all"})
    nurses = next(r for r in api.json()["data"] if r["soc"] == RN[0])
    assert (nurses["wage_percentile"], nurses["wage_hourly"]) == (25, 22.0)
    assert nurses["median_hourly"] == 27.5 and nurses["family_wage"] is False


def test_careers_page_of_a_build_without_labor_data(tmp_path):
    shutil.copytree(MINI, tmp_path / "data")
    build(tmp_path / "data", tmp_path / "atlas.duckdb")
    client = TestClient(create_app(tmp_path / "atlas.duckdb"))
    answer = client.get("/careers", headers=HTML)
    assert answer.status_code == 200 and "no labor-market data" in answer.text


# -- with programs loaded, and the static copy -------------------------------------


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("careers_web_esd")
    data = careers_folder_with_esd(root / "data")
    build(data, root / "atlas.duckdb")
    return root / "atlas.duckdb"


def test_the_credentials_page_lists_programs_and_colleges(loaded):
    client = TestClient(create_app(loaded))
    parsed = page(client, "/credentials/alpha", table="credential-table")
    (developers,) = [r for r in parsed.rows[1:] if SD[0] in r[0]]
    assert "11.0701" in developers[3] and "11.0201" in developers[3]
    assert "University of Washington" in developers[4]
    assert "Everett Community College" in developers[4] and "nearby" in developers[4]
    assert developers[5] == f"{600 / 5355:.2f}"
    rows = list(
        csv.DictReader(io.StringIO(client.get("/credentials/alpha/data.csv").text))
    )
    assert [r["soc"] for r in rows] == socs(parsed)
    assert (
        "Program data not loaded"
        not in client.get("/credentials/alpha", headers=HTML).text
    )


def test_the_static_copy_has_every_careers_page(db, tmp_path):
    out = tmp_path / "site"
    export_site(db, out)
    for region in REGIONS:
        for path in (f"careers/{region}", f"es/careers/{region}",
                     f"careers/{region}/household-{TWO_WORKING}",
                     f"credentials/{region}"):  # fmt: skip
            assert (out / path / "index.html").is_file(), path
        assert (out / f"careers/{region}/data.csv").is_file()
    text = (out / f"careers/alpha/household-{TWO_WORKING}/index.html").read_text()
    assert "31-1120" in text
    # Every link of the careers pages leads to a file of the copy.
    broken = []
    for html in out.glob("**/careers/**/index.html"):
        for href in Page(html.read_text()).links:
            if href.startswith(("http", "#", "mailto:")) or "?" in href:
                continue
            target = (html.parent / href.split("#")[0]).resolve()
            if not target.exists():
                broken.append((html.relative_to(out), href))
    assert not broken, broken[:5]
