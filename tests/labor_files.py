"""Small labor-market files in the agencies' own layouts, written by the tests.

Figures are invented so that every rule has a known answer; codes, names and
column names are the agencies'. ``write_folder`` lays out a whole data folder for a
region that spans two wage areas and two Workforce Development Areas.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

# The official BLS OEWS and Employment Projections layouts (as in
# all_data_M_2025.xlsx and table 1.2, saved as CSV), as the demo writes them too.
from stematlas.synth import EP_HEADER, OEWS_HEADER, ep_row


def oews_row(area, title, kind, soc, occ, emp, median, group="detailed", **extra):
    """One cross-industry row; wages other than the median follow from it."""
    row = dict.fromkeys(OEWS_HEADER, "")
    row.update(
        AREA=area, AREA_TITLE=title, AREA_TYPE=kind, PRIM_STATE="WA",
        NAICS="000000", NAICS_TITLE="Cross-industry", I_GROUP="cross-industry",
        OWN_CODE="1235", OCC_CODE=soc, OCC_TITLE=occ, O_GROUP=group,
        TOT_EMP=emp, H_MEDIAN=median,
    )  # fmt: skip
    if isinstance(median, int | float):
        row.update(
            H_MEAN=median, H_PCT10=round(median * 0.6, 2),
            H_PCT25=round(median * 0.8, 2), H_PCT75=round(median * 1.2, 2),
            H_PCT90=round(median * 1.4, 2), A_MEDIAN=round(median * 2080),
            A_MEAN=round(median * 2080),
        )  # fmt: skip
    row.update(extra)
    return row


def csv_text(header: list[str], rows: list[dict | list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(h, "") for h in header] if isinstance(r, dict) else r)
    return out.getvalue()


# Regions of the test folder: "alpha" is two counties in two OEWS areas and two
# Workforce Development Areas; "beta" is one county in the state's nonmetro area.
COUNTIES = [
    # fips, county, wda_id, wda_name, region_id, region_name, people
    ("53033", "King", "seattle-king", "Seattle-King County", "alpha", "Alpha", 300),
    ("53053", "Pierce", "pierce", "Pierce (WorkForce Central)", "alpha", "Alpha", 100),
    ("53061", "Snohomish", "snohomish", "Snohomish", "gamma", "Gamma", 100),
    ("53009", "Clallam", "olympic", "Olympic Consortium", "beta", "Beta", 50),
]
AREAS = [
    ("0042660", "Seattle-Tacoma-Bellevue, WA", "metro", "53033"),
    ("0014740", "Bremerton-Silverdale-Port Orchard, WA", "metro", "53053"),
    ("0042660", "Seattle-Tacoma-Bellevue, WA", "metro", "53061"),
    ("5300006", "Western Washington nonmetropolitan area", "nonmetro", "53009"),
]


def write_folder(root: Path, oews: list[dict], projections: list[list]) -> Path:
    """A data folder: regions, OEWS areas, populations, living wages, and the
    OEWS and projection rows given."""
    (root / "regions").mkdir(parents=True, exist_ok=True)
    (root / "regions" / "wa_counties.csv").write_text(
        csv_text(
            ["county_fips", "county", "wda_id", "wda_name", "region_id",
             "region_name", "rucc_2023"],
            [[f, c, w, wn, r, rn, 1] for f, c, w, wn, r, rn, _ in COUNTIES],
        )
    )  # fmt: skip
    (root / "regions" / "oews_areas.csv").write_text(
        csv_text(
            ["oews_area_code", "oews_area_title", "area_kind", "county_fips"],
            [list(a) for a in AREAS],
        )
    )
    (root / "urban").mkdir(exist_ok=True)
    (root / "urban" / "county_populations_WA.csv").write_text(
        csv_text(
            ["year", "state", "county", "state_name", "county_name", "population"],
            [[2023, 53, f[2:], "Washington", f"{c} County", p]
             for f, c, *_, p in COUNTIES],
        )
    )  # fmt: skip
    (root / "mit").mkdir(exist_ok=True)
    # One adult, one child: $30 in King, $20 in Pierce, $30 in Snohomish, $18 in
    # Clallam; two adults both working: half that.
    wages = {"53033": 30.0, "53053": 20.0, "53061": 30.0, "53009": 18.0}
    living = []
    for fips, wage in wages.items():
        living.append([fips, "1 Adult", "1 Child", wage])
        living.append([fips, "2 Adults (Both Working)", "1 Child", wage / 2])
    (root / "mit" / "living_wage_wa_counties_2019.csv").write_text(
        csv_text(["county_fips", "adults", "children", "living_wage_hourly"], living)
    )
    (root / "bls").mkdir(exist_ok=True)
    (root / "bls" / "all_data_M_2025.csv").write_text(csv_text(OEWS_HEADER, oews))
    (root / "bls" / "ep_table_1_2.csv").write_text(csv_text(EP_HEADER, projections))
    return root


# ESD's long-term projections workbook: a sheet per Workforce Development Area,
# titles above a header on row 5.
ESD_HEADER = [
    "SOC Code", "Occupational Title", "Estimated employment 2023",
    "Estimated employment 2028", "Estimated employment 2033",
    "Average annual openings due to growth 2023-2028",
    "Average annual openings due to growth 2028-2033",
    "Average annual total openings 2023-2028",
    "Average annual total openings 2028-2033",
]  # fmt: skip


def esd_workbook(path: Path, sheets: dict[str, list[list]], title: str) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    notes = book.create_sheet("Notes")
    notes.append(["About these projections"])
    notes.append(["Employment Security Department, Labor Market and Economic Analysis"])
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        ws.append([title])
        ws.append([f"{name} Workforce Development Area"])
        ws.append([])
        ws.append(["Source: Employment Security Department/LMEA"])
        # Header cells with line breaks, as spreadsheets often have them.
        ws.append([h.replace(" 20", "\n20", 1) for h in ESD_HEADER])
        for r in rows:
            ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


# IPEDS completions (cYYYY_a.csv) and institutions (HDYYYY.csv), first columns.
IPEDS_C = [
    "UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "XCTOTALT", "CTOTALT", "XCTOTALM",
    "CTOTALM", "XCTOTALW", "CTOTALW",
]  # fmt: skip
IPEDS_HD = ["UNITID", "INSTNM", "IALIAS", "ADDR", "CITY", "STABBR", "ZIP", "FIPS",
            "COUNTYCD", "COUNTYNM", "LONGITUD", "LATITUDE"]  # fmt: skip


# A data folder whose careers have answers worked out by hand (tests/test_careers.py
# works them out): regions "alpha" (King and Pierce), "beta" (Clallam), "gamma"
# (Snohomish).

STATE = ("53", "Washington", "2")
SEATTLE = ("42660", "Seattle-Tacoma-Bellevue, WA", "4")
BREMERTON = ("14740", "Bremerton-Silverdale-Port Orchard, WA", "4")
NONMETRO = ("5300006", "Western Washington nonmetropolitan area", "6")

SD = ("15-1252", "Software Developers")
FF = ("35-3023", "Fast Food and Counter Workers")
RN = ("29-1141", "Registered Nurses")
EL = ("47-2111", "Electricians")
TE = ("25-2021", "Elementary School Teachers")
WP = ("43-9022", "Word Processors and Typists")
HH = ("31-1120", "Home Health and Personal Care Aides")


def oews_rows() -> list[dict]:
    rows = []
    # area -> occupation -> (employment, hourly median)
    table = {
        STATE: {SD: (10000, 80.0), FF: (20000, 17.0), RN: (8000, 50.0),
                EL: (3000, 40.0), WP: (150, 21.0), HH: (9000, 19.5)},
        SEATTLE: {SD: (8000, 82.5), FF: (15000, 18.5), RN: (6000, 27.5),
                  EL: (2000, 45.0), WP: (100, 22.0), HH: (2000, 20.0)},
        BREMERTON: {SD: (100, 70.0), FF: (500, 16.0), RN: (300, 48.0),
                    EL: (100, 38.0), HH: (300, 19.0)},
        NONMETRO: {SD: ("**", "*"), FF: (300, 15.0), RN: (200, 45.0),
                   EL: (50, 36.0), HH: (100, 18.0)},
    }  # fmt: skip
    for area, jobs in table.items():
        for (soc, title), (emp, median) in jobs.items():
            rows.append(oews_row(*area, soc, title, emp, median))
    # Teachers: BLS publishes annual wages only. $52,000 a year is $25 an hour.
    for area, emp, annual in (
        (STATE, 5000, 83200),
        (SEATTLE, 4000, 52000),
        (BREMERTON, 200, 60000),
        (NONMETRO, 100, 55000),
    ):
        rows.append(oews_row(*area, *TE, emp, "*", A_MEDIAN=annual, ANNUAL="TRUE"))
    # fmt: skip
    return rows


def projections() -> list[list]:
    # National employment and openings, in thousands, as BLS writes them.
    return [
        ep_row("Total, all occupations", "00-0000", 170000, 175000, 18000, "—",
               kind="Summary"),
        ep_row("Software developers", SD[0], 1000.0, 1200.0, 100.0,
               "Bachelor's degree"),
        ep_row("Fast food and counter workers", FF[0], 3000.0, 3030.0, 600.0,
               "No formal educational credential"),
        ep_row("Registered nurses", RN[0], 3000.0, 3300.0, 200.0, "Bachelor's degree"),
        ep_row("Electricians", EL[0], 800.0, 880.0, 80.0,
               "High school diploma or equivalent"),
        ep_row("Elementary school teachers", TE[0], 1400.0, 1400.0, 100.0,
               "Bachelor's degree"),
        ep_row("Word processors and typists", WP[0], 40.0, 25.6, 3.2,
               "High school diploma or equivalent"),
        ep_row("Home health and personal care aides", HH[0], 4000.0, 4800.0, 800.0,
               "High school diploma or equivalent"),
    ]  # fmt: skip


def careers_folder(root: Path) -> Path:
    return write_folder(root, oews_rows(), projections())


ESD_SHEETS = {
    "Seattle-King County": [
        ["00-0000", "Total, all occupations", 1000000, 1050000, 1100000, 10000,
         10000, 120000, 121000],
        [SD[0], SD[1], 60000, 66000, 72000, 1200, 1200, 5000, 5200],
        [FF[0], FF[1], 30000, 30000, 30000, 0, 0, 6000, 6000],
    ],
    "Tacoma-Pierce": [
        ["00-0000", "Total, all occupations", 400000, 410000, 420000, 2000, 2000,
         40000, 40000],
        [SD[0], SD[1], 3000, 3100, 3200, 20, 20, 250, 260],
        [FF[0], FF[1], 9000, 9000, 9000, 0, 0, 1800, 1800],
    ],
    "Snohomish": [
        ["00-0000", "Total, all occupations", 300000, 309000, 318000, 1800, 1800,
         30000, 30000],
        [SD[0], SD[1], 9000, 9900, 10800, 180, 180, 800, 850],
        [FF[0], FF[1], 10000, 10000, 9000, 0, 0, 1500, 1400],
    ],
}  # fmt: skip


def careers_folder_with_esd(root: Path) -> Path:
    """The careers folder with ESD's workbook, ESD's list for Seattle-King,
    IPEDS institutions and completions, and a crosswalk of their programs."""
    data = careers_folder(root)
    esd_workbook(data / "esd" / "long-occup-proj-2025.xlsx", ESD_SHEETS, "Title")
    (data / "esd" / "occupations_in_demand.csv").write_text(
        csv_text(
            ["Workforce Development Area", "SOC Code", "Occupation title",
             "Demand status"],
            [["Seattle-King County", SD[0], SD[1], "In demand"],
             ["Seattle-King County", FF[0], FF[1], "Not in demand"]],
        )
    )  # fmt: skip
    ipeds = data / "nces" / "ipeds"
    ipeds.mkdir(parents=True)
    (ipeds / "hd2023.csv").write_text(
        csv_text(
            IPEDS_HD,
            [["1", "University of Washington", "", "", "Seattle", "WA", "", "53",
              "53033", "King County", "", ""],
             ["2", "Clover Park Technical College", "", "", "Lakewood", "WA", "",
              "53", "53053", "Pierce County", "", ""],
             ["3", "Everett Community College", "", "", "Everett", "WA", "", "53",
              "53061", "Snohomish County", "", ""]],
        )
    )  # fmt: skip
    (ipeds / "c2023_a.csv").write_text(
        csv_text(
            IPEDS_C,
            [["1", "11.0701", "1", "5", "R", "500", "R", "0", "R", "0"],
             ["1", "11.0701", "1", "7", "R", "100", "R", "0", "R", "0"],
             ["2", "51.3801", "1", "3", "R", "80", "R", "0", "R", "0"],
             ["3", "11.0201", "1", "21", "R", "30", "R", "0", "R", "0"]],
        )
    )  # fmt: skip
    (data / "nces" / "cip2020_soc2018_crosswalk.csv").write_text(
        csv_text(
            ["CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title"],
            [['="11.0201"', "Computer Programming/Programmer, General.", SD[0],
              SD[1]],
             ['="11.0701"', "Computer Science.", SD[0], SD[1]],
             ['="51.3801"', "Registered Nursing/Registered Nurse.", RN[0], RN[1]]],
        )
    )  # fmt: skip
    return data
