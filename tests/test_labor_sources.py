"""The labor-market loaders: the sample pack's files (BLS OEWS and projections, MIT
living wage, NCES crosswalk and codes, the college list, county populations) and
small files written in the layouts the pack lacks (BLS's own OEWS download, ESD's
workbook and list, IPEDS completions and institutions)."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from labor_files import (
    EP_HEADER,
    ESD_HEADER,
    IPEDS_C,
    IPEDS_HD,
    OEWS_HEADER,
    csv_text,
    ep_row,
    esd_workbook,
    oews_row,
)
from stematlas.sources import (
    bls_oews,
    bls_projections,
    colleges,
    esd,
    mit_living_wage,
    nces_cip,
    urban,
)
from stematlas.sources.load import load_file
from stematlas.sources.registry import all_sources, recognize

SOURCES = all_sources()


def load(path, relative):
    source = recognize(path, relative, SOURCES)
    assert source is not None, relative
    result = load_file(source, path, relative)
    assert result.rows_in == result.rows_loaded + result.rows_quarantined
    return source, result


def one(rows, **match):
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, (match, hits[:3])
    return hits[0]


# -- BLS OEWS ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def oews(sample):
    return load(sample / "bls/oews_may2025_wa_state_msa_us.csv", "bls/oews.csv")


def test_oews_sample_every_row_loads(oews):
    source, result = oews
    assert source.id == "bls_oews"
    assert (result.rows_in, result.rows_quarantined) == (6547, 0)
    assert result.vintage == "May 2025"
    rows = result.tables["oews_wages"]
    areas = {r["area_code"] for r in rows}
    # The state, 11 metro areas, both nonmetro areas and the nation.
    assert len(areas) == 15 and {"5300000", "5300006", "0000000"} <= areas


def test_oews_seattle_software_developers(oews):
    row = one(oews[1].tables["oews_wages"], area_code="0042660", soc="15-1252")
    assert (row["h_median"], row["a_median"], row["employment"]) == (
        80.42,
        167280.0,
        92770,
    )
    assert (row["period"], row["level"], row["wage_status"]) == (
        "2025",
        "detailed",
        "ok",
    )


def test_oews_footnotes_are_statuses_not_zeros(oews):
    rows = oews[1].tables["oews_wages"]
    radiologists = one(rows, area_code="0042660", soc="29-1224")  # footnote 5
    assert radiologists["wage_status"] == "top_coded"
    assert radiologists["h_median"] is None and radiologists["employment"] == 1210
    teachers = one(rows, area_code="0000000", soc="25-1011")  # footnote 4
    assert teachers["wage_status"] == "annual_only"
    assert teachers["h_median"] is None and teachers["a_median"] == 99080
    web = one(rows, area_code="0013380", soc="15-1254")  # footnote 8
    assert web["wage_status"] == "not_published" and web["h_median"] is None
    engineers = one(rows, area_code="0013380", soc="17-2199")  # "-" employment
    assert engineers["employment"] is None
    assert engineers["employment_status"] == "not_published"


def test_oews_official_layout_markers_and_scope(write):
    rows = [
        oews_row("53", "Washington", "2", "15-1252", "Software Developers", "107030",
                 80.07),
        # BLS's markers: * wage not available, ** employment not available,
        # # at or above the top code, ANNUAL TRUE only annual wages.
        oews_row("42660", "Seattle-Tacoma-Bellevue, WA", "4", "29-1224",
                 "Radiologists", "**", "#", H_PCT10="90.5", A_MEDIAN="#"),
        oews_row("42660", "Seattle-Tacoma-Bellevue, WA", "4", "25-2021",
                 "Elementary School Teachers", "9000", "*", A_MEDIAN="90000",
                 ANNUAL="TRUE"),
        oews_row("38900", "Portland-Vancouver-Hillsboro, OR-WA", "4", "15-1252",
                 "Software Developers", "20000", 70.0),
        oews_row("5300006", "Western Washington nonmetropolitan area", "6",
                 "15-1252", "Software Developers", "400", 64.3),
        # Not kept: another state, an industry's own figures, one ownership.
        oews_row("41", "Oregon", "2", "15-1252", "Software Developers", "30000", 60.0),
        oews_row("53", "Washington", "2", "15-1252", "Software Developers", "900",
                 70.0, NAICS="541500"),
        oews_row("53", "Washington", "2", "15-1252", "Software Developers", "800",
                 70.0, OWN_CODE="5"),
    ]  # fmt: skip
    path = write("bls/state_M2025_dl.csv", csv_text(OEWS_HEADER, rows))
    source, result = load(path, "bls/state_M2025_dl.csv")
    found = result.tables["oews_wages"]
    assert result.rows_quarantined == 0 and len(found) == 5
    state = one(found, area_code="5300000")
    assert (state["area_kind"], state["period"], state["h_median"]) == (
        "state",
        "2025",
        80.07,
    )
    radiologists = one(found, soc="29-1224")
    assert radiologists["wage_status"] == "top_coded"
    assert radiologists["employment"] is None
    assert radiologists["h_pct10"] == 90.5
    assert "h_median=#" in radiologists["markers"]
    teachers = one(found, soc="25-2021")
    assert (teachers["wage_status"], teachers["a_median"]) == ("annual_only", 90000)
    portland = one(found, area_code="0038900")
    assert portland["area_kind"] == "metro"  # crosses into Washington: kept
    assert one(found, area_code="5300006")["area_kind"] == "nonmetro"


def oews_workbook(path, rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(OEWS_HEADER)
    for row in rows:
        ws.append([row[h] for h in OEWS_HEADER])
    book.save(path)
    return path


def test_oews_zip_with_several_workbooks(tmp_path):
    # BLS's metropolitan zip: the metro areas, the nonmetro areas and a
    # description of the fields, which is no data.
    oews_workbook(tmp_path / "MSA_M2025_dl.xlsx", [
        oews_row("42660", "Seattle-Tacoma-Bellevue, WA", "4", "15-1252",
                 "Software Developers", "92770", 80.42),
        oews_row("30300", "Lewiston, ID-WA", "4", "15-1252", "Software Developers",
                 "60", 48.0),
    ])  # fmt: skip
    oews_workbook(tmp_path / "BOS_M2025_dl.xlsx", [
        oews_row("5300006", "Western Washington nonmetropolitan area", "6",
                 "15-1252", "Software Developers", "420", 64.30),
    ])  # fmt: skip
    notes = openpyxl.Workbook()
    notes.active.append(["Field", "Field description"])
    notes.active.append(["AREA", "U.S. (99), state FIPS code, MSA or nonmetro code"])
    notes.save(tmp_path / "file_descriptions.xlsx")
    archive = tmp_path / "bls" / "oesm25ma.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as z:
        for name in (
            "MSA_M2025_dl.xlsx",
            "BOS_M2025_dl.xlsx",
            "file_descriptions.xlsx",
        ):
            z.write(tmp_path / name, f"oesm25ma/{name}")
    source, result = load(archive, "bls/oesm25ma.zip")
    assert source.id == "bls_oews"
    assert (result.rows_in, result.rows_quarantined) == (3, 0)
    found = {r["area_code"]: r for r in result.tables["oews_wages"]}
    assert set(found) == {"0042660", "0030300", "5300006"}
    assert found["0042660"]["h_median"] == 80.42
    assert {r["period"] for r in found.values()} == {"2025"}
    assert result.vintage == "May 2025"


def test_oews_without_a_year_says_how_to_give_one(write):
    row = oews_row("53", "Washington", "2", "15-1252", "Software Developers", "1",
                   80.0)  # fmt: skip
    path = write("bls/wages.csv", csv_text(OEWS_HEADER, [row]))
    _, result = load(path, "bls/wages.csv")
    warning = next(f for f in result.findings if f.code == "V009")
    assert "oesm25" in warning.message and warning.severity == "warning"


def test_oews_impossible_figures_are_quarantined_with_the_column(write):
    good = oews_row("53", "Washington", "2", "15-1252", "Software Developers", "1",
                    80.0)  # fmt: skip
    rows = [
        {**good, "OCC_CODE": "29-1141", "H_MEDIAN": "-5"},
        {**good, "OCC_CODE": "47-2111", "TOT_EMP": "-40"},
        {**good, "OCC_CODE": "151252"},  # six digits, no hyphen: still SOC
        {**good, "OCC_CODE": "Software"},
    ]
    path = write("bls/oesm25st.csv", csv_text(OEWS_HEADER, rows))
    _, result = load(path, "bls/oesm25st.csv")
    assert [(f.row, f.code, f.column) for f in result.findings if f.severity == "error"
            ] == [(1, "V006", "h_median"), (2, "V006", "employment"),
                  (4, "V005", "soc")]  # fmt: skip
    assert [r["soc"] for r in result.tables["oews_wages"]] == ["15-1252"]


def test_oews_repeated_row_is_quarantined(write):
    row = oews_row("53", "Washington", "2", "15-1252", "Software Developers", "1",
                   80.0)  # fmt: skip
    other = {**row, "H_MEDIAN": "81.0"}
    path = write("bls/oesm25st.csv", csv_text(OEWS_HEADER, [row, row, other]))
    _, result = load(path, "bls/oesm25st.csv")
    assert result.rows_quarantined == 2
    assert [f.code for f in result.findings if f.code.startswith("K")] == [
        "K001",
        "K002",
    ]
    assert one(result.tables["oews_wages"], soc="15-1252")["h_median"] == 80.0


# -- BLS Employment Projections ---------------------------------------------------


def test_projections_table_1_2(sample):
    source, result = load(sample / "bls/ep_2024-34_table_1_2.csv", "bls/t12.csv")
    assert source.id == "bls_projections"
    assert (result.rows_in, result.rows_quarantined) == (1113, 0)
    assert result.vintage == "2024-2034"
    row = one(result.tables["bls_projections"], soc="15-1252")
    assert (row["employment_base"], row["employment_projected"]) == (
        1693800.0,
        1961400.0,
    )
    assert (row["openings"], row["education"]) == (115200.0, "Bachelor's degree")
    radiologists = one(result.tables["bls_projections"], soc="29-1224")
    assert radiologists["median_wage_status"] == "top_coded"
    summary = one(result.tables["bls_projections"], soc="00-0000")
    assert summary["occupation_type"] == "Summary" and summary["education"] is None


def test_projections_table_1_10_and_the_workbook(sample):
    _, table = load(sample / "bls/ep_2024-34_table_1_10.csv", "bls/t110.csv")
    row = one(table.tables["bls_separations"], soc="15-1252")
    assert (row["exit_rate"], row["separations_rate"]) == (1.7, 4.8)
    source, book = load(sample / "bls/ep_2024-34_occupation.xlsx", "bls/x.xlsx")
    assert source.id == "bls_projections_workbook"
    assert (book.rows_in, book.rows_quarantined) == (1113, 0)  # footnotes no rows
    from_book = one(book.tables["bls_projections"], soc="15-1252")
    from_csv = one(
        load(sample / "bls/ep_2024-34_table_1_2.csv", "bls/t12.csv")[1].tables[
            "bls_projections"
        ],
        soc="15-1252",
    )
    for column in ("employment_base", "openings", "education", "change_percent"):
        assert from_book[column] == from_csv[column]
    assert one(book.tables["bls_separations"], soc="15-1252")["transfer_rate"] == 3.2


def test_projections_of_the_next_release_read_the_same(write):
    header = [h.replace("2024–34", "2025–35").replace("2034", "2035")
              .replace("2024", "2025") for h in EP_HEADER]  # fmt: skip
    rows = [ep_row("Software developers", "15-1252", 1700.0, 2000.0, 120.0,
                   "Bachelor's degree")]  # fmt: skip
    path = write("bls/ep_2025-35_table_1_2.csv", csv_text(header, rows))
    _, result = load(path, "bls/ep_2025-35_table_1_2.csv")
    row = one(result.tables["bls_projections"], soc="15-1252")
    assert (row["base_year"], row["projected_year"]) == ("2025", "2035")
    assert row["employment_projected"] == 2000000.0


# -- ESD projections and Occupations in Demand -------------------------------------


ESD_TITLE = (
    "Long-term occupational employment projections, alternative method, 2023-2033"
)


def test_esd_workbook_one_sheet_per_area(tmp_path):
    sheets = {
        "Seattle-King County": [
            ["00-0000", "Total, all occupations", 1000000, 1050000, 1100000, 10000,
             10000, 120000, 121000],
            ["15-0000", "Computer and mathematical occupations", 100000, 110000,
             120000, 2000, 2000, 9000, 9500],
            ["15-1252", "Software Developers", 60000, 66000, 72000, 1200, 1200,
             5000, 5200],
        ],
        "Tacoma-Pierce": [
            ["15-1252", "Software Developers", 3000, 3100, 3200, 20, 20, 250, 260],
        ],
        "Somewhere Else": [
            ["15-1252", "Software Developers", 10, 10, 10, 0, 0, 1, 1],
        ],
    }  # fmt: skip
    path = esd_workbook(tmp_path / "esd" / "projections.xlsx", sheets, ESD_TITLE)
    source, result = load(path, "esd/projections.xlsx")
    assert source.id == "esd_projections"
    assert (result.rows_in, result.rows_quarantined) == (5, 1)
    bad = next(f for f in result.findings if f.code == "V005")
    assert "Somewhere Else" in bad.message and "row 6" in bad.message
    rows = result.tables["esd_projections"]
    king = one(rows, wda_id="seattle-king", soc="15-1252")
    assert (king["base_year"], king["mid_year"], king["end_year"]) == (
        "2023",
        "2028",
        "2033",
    )
    assert (king["employment_base"], king["total_openings_second"]) == (60000, 5200)
    assert king["openings_method"].startswith("Washington-specific")
    assert one(rows, wda_id="seattle-king", soc="00-0000")["level"] == "total"
    assert one(rows, wda_id="seattle-king", soc="15-0000")["level"] == "summary"
    assert one(rows, wda_id="pierce", soc="15-1252")["area"] == "Tacoma-Pierce"
    assert result.vintage == "2023-2033"


def test_esd_workbook_missing_column_says_which(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Spokane"
    ws.append(["title"])
    ws.append([h for h in ESD_HEADER if "total openings 2028" not in h])
    ws.append(["15-1252", "Software Developers", 1, 2, 3, 0, 0, 1])
    path = tmp_path / "esd" / "long-occup-proj-2025.xlsx"
    path.parent.mkdir()
    book.save(path)
    _, result = load(path, "esd/long-occup-proj-2025.xlsx")
    assert result.rows_quarantined == 1
    missing = next(f for f in result.findings if f.code == "C001")
    assert "second span" in missing.message


def test_esd_csv_with_an_area_column_and_other_spellings(write):
    header = ["Workforce Development Area", "SOC", "Occupation Title",
              "2023 Estimated Employment", "2028 Estimated Employment",
              "2033 Estimated Employment", "Growth openings 2023-28",
              "Total openings 2023-28", "Total openings 2028-33"]  # fmt: skip
    rows = [
        ["Spokane", "15-1252", "Software Developers", "2,000", "2,200", "2,400",
         "40", "150", "160"],
        ["Spokane", "29-1224", "Radiologists", "*", "*", "*", "*", "*", "*"],
    ]  # fmt: skip
    source, result = load(write("esd/projections.csv", csv_text(header, rows)),
                          "esd/projections.csv")  # fmt: skip
    assert source.id == "esd_projections" and result.rows_quarantined == 0
    found = result.tables["esd_projections"]
    spokane = one(found, soc="15-1252")
    assert (spokane["wda_id"], spokane["employment_end"]) == ("spokane", 2400)
    assert (spokane["base_year"], spokane["end_year"]) == ("2023", "2033")
    withheld = one(found, soc="29-1224")
    assert withheld["employment_base"] is None  # withheld, not zero


def test_esd_occupations_in_demand(write):
    text = csv_text(
        ["Workforce Development Area", "County", "SOC Code", "Occupation title",
         "Demand status"],
        [["Seattle-King County", "", "15-1252", "Software Developers", "In demand"],
         ["", "Pierce", "15-1252", "Software Developers", "Balanced"],
         ["Spokane", "", "43-9022", "Word Processors and Typists", "Not in demand"],
         ["Spokane", "", "15-1252", "Software Developers", "Hot"]],
    )  # fmt: skip
    source, result = load(write("esd/oid.csv", text), "esd/oid.csv")
    assert source.id == "esd_demand"
    rows = result.tables["esd_demand"]
    assert one(rows, wda_id="seattle-king")["status"] == "in demand"
    assert one(rows, county="Pierce")["wda_id"] is None  # placed by county later
    assert one(rows, soc="43-9022")["status"] == "not in demand"
    assert [f.code for f in result.findings if f.severity == "error"] == ["V004"]


# -- MIT living wage, populations -------------------------------------------------


def test_mit_living_wage_sample(sample):
    source, result = load(sample / "mit/living_wage_wa_counties_2019.csv", "mit/x.csv")
    assert source is mit_living_wage.SOURCES[0]
    assert (result.rows_in, result.rows_quarantined) == (468, 0)
    rows = result.tables["living_wages"]
    king = one(rows, county_fips="53033", household="1-adult-1-child")
    assert (king["living_wage_hourly"], king["year"]) == (30.3, "2019")
    assert king["household_label"] == "One adult, one child"
    both = one(rows, county_fips="53033", household="2-adults-2-working-1-child")
    assert both["living_wage_hourly"] == 16.5
    assert len({r["household"] for r in rows}) == 12


def test_mit_household_in_one_column(write):
    text = csv_text(
        ["fips", "household", "living_wage", "year"],
        [["53033", "2 Adults (1 Working) 2 Children", "30.69", "2024"],
         ["53033", "3 Adults 1 Child", "10", "2024"]],
    )  # fmt: skip
    _, result = load(write("mit/lw.csv", text), "mit/lw.csv")
    row = one(result.tables["living_wages"], county_fips="53033")
    assert (row["household"], row["year"]) == ("2-adults-1-working-2-children", "2024")
    assert result.rows_quarantined == 1


def test_county_population_sample(sample):
    path = sample / "urban/county_populations_WA.csv"
    source, result = load(path, "urban/county_populations_WA.csv")
    assert source is urban.SOURCES[0]
    assert (result.rows_in, result.rows_quarantined) == (390, 0)
    king = one(result.tables["county_population"], county_fips="53033", year="2023")
    assert king["population"] > 2_000_000


def test_other_urban_files_are_not_taken_for_populations(sample):
    path = sample / "urban/metrics_employment_county_all_longitudinal_WA.csv"
    assert recognize(path, "urban/metrics_employment.csv", SOURCES) is None


# -- NCES crosswalk, codes, colleges, IPEDS --------------------------------------


def test_cip_soc_crosswalk_sample(sample):
    path = sample / "nces/cip2020_soc2018_crosswalk.csv"
    source, result = load(path, "nces/cip2020_soc2018_crosswalk.csv")
    assert source is nces_cip.SOURCES[0]
    assert (result.rows_in, result.rows_quarantined) == (6097, 0)
    pairs = {(r["cip"], r["soc"]) for r in result.tables["cip_soc"]}
    assert ("11.0701", "15-1252") in pairs and ("01.0508", "99-9999") in pairs


def test_cip_codes_with_excel_quoting(sample, write):
    _, result = load(sample / "nces/cip2020_codes.csv", "nces/cip2020_codes.csv")
    codes = {r["cip"]: r for r in result.tables["cip_codes"]}
    assert codes["01"]["level"] == "series" and codes["01.00"]["level"] == "group"
    assert codes["11.0701"]["title"] == "Computer Science"
    text = csv_text(
        ["CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title"],
        [['="11.0701"', "Computer Science.", "15-1252", "Software Developers"],
         ["1.1", "Food Science.", "19-1012", "Food Scientists and Technologists"]],
    )  # fmt: skip
    _, quoted = load(write("nces/crosswalk.csv", text), "nces/crosswalk.csv")
    assert [r["cip"] for r in quoted.tables["cip_soc"]] == ["11.0701", "01.1000"]


def test_college_list_sample(sample):
    path = sample / "nces/wa_higher_ed_providers_2018.csv"
    source, result = load(path, "nces/wa_higher_ed_providers_2018.csv")
    assert source is colleges.SOURCES[0]
    assert (result.rows_in, result.rows_quarantined) == (119, 0)
    found = {r["county"] for r in result.tables["colleges"]}
    assert {"King", "Spokane", "Clark"} <= found


def test_ipeds_completions(write):
    rows = [
        ["236948", "99", "1", "5", "R", "9000", "R", "4000", "R", "5000"],
        ["236948", "11", "1", "5", "R", "800", "R", "600", "R", "200"],
        ["236948", '"11.0701"', "1", "5", "R", "700", "R", "500", "R", "200"],
        ["236948", "11.0701", "2", "5", "R", "20", "R", "15", "R", "5"],
        ["236948", "11.0701", "1", "7", "I", "100", "R", "80", "R", "20"],
        ["236948", "11.0701", "1", "9", "R", "1", "R", "1", "R", "0"],
    ]
    path = write("nces/ipeds/c2023_a.csv", csv_text(IPEDS_C, rows))
    source, result = load(path, "nces/ipeds/c2023_a.csv")
    assert source is colleges.SOURCES[2]
    found = result.tables["ipeds_completions"]
    assert len(found) == 3 and result.rows_quarantined == 1  # AWLEVEL 9
    first = one(found, majornum=1, award_level="5")
    assert (first["cip"], first["completions"], first["year"]) == ("11.0701", 700,
                                                                    "2023")  # fmt: skip
    assert one(found, award_level="7")["flag"] == "imputed"
    assert result.vintage == "2023"


def test_ipeds_institutions_zipped(tmp_path):
    csv_path = tmp_path / "hd2023.csv"
    csv_path.write_text(
        csv_text(
            IPEDS_HD,
            [["236948", "University of Washington-Seattle Campus", "", "", "Seattle",
              "WA", "98195", "53", "53033", "King County", "-122.3", "47.65"]],
        ),
        encoding="cp1252",
    )  # fmt: skip
    archive = tmp_path / "nces" / "ipeds" / "HD2023.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as z:
        z.write(csv_path, "hd2023.csv")
    source, result = load(archive, "nces/ipeds/HD2023.zip")
    assert source is colleges.SOURCES[1]
    row = one(result.tables["ipeds_institutions"], unitid="236948")
    assert (row["county_fips"], row["county"], row["year"]) == (
        "53033",
        "King",
        "2023",
    )


def test_every_labor_source_declares_terms_and_addresses():
    modules = (bls_oews, bls_projections, esd, mit_living_wage, urban, nces_cip,
               colleges)  # fmt: skip
    for module in modules:
        for source in module.SOURCES:
            assert source.license and source.attribution and source.url, source.id
    mit = mit_living_wage.SOURCES[0]
    assert "attribution" in mit.license and "Glasmeier" in mit.attribution
    fetchable = {s.id for m in modules for s in m.SOURCES if s.downloads}
    assert {
        "bls_oews",
        "bls_projections_workbook",
        "esd_projections",
        "nces_cip_soc",
        "ipeds_completions",
        "ipeds_institutions",
    } <= fetchable
