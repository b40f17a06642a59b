"""OSPI's suppression markers and every spelling of student groups, checked against
everything the sample pack holds."""

from __future__ import annotations

import csv

import pytest

from stematlas.groups import VOCABULARY, canonical_group, canonical_type
from stematlas.sources.markers import parse_marker
from stematlas.sources.readers import read_text_table

MARKER_COLUMNS = {"suppression", "dat", "datreason", "dat_reason", "suppressionreason"}
OSPI_FILES = [
    "ospi/graduation/snohomish_2018-19.csv",
    "ospi/dual-credit/sqss_dual-credit_districts_2014-15_2023-24.psv",
    *[f"ospi/assessment/walla-walla_district_{y}.csv" for y in (
        "2015-16", "2016-17", "2017-18", "2018-19", "2020-21", "2021-22", "2022-23",
        "2023-24")],
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "status", "reason", "lower", "upper"),
    [
        ("No Suppression", "ok", "", None, None),
        ("None", "ok", "", None, None),
        ("N<10", "suppressed", "source suppressed", None, None),
        ("Suppressed: N<10", "suppressed", "source suppressed", None, None),
        ("DAT Applied: N < 10", "suppressed", "source suppressed", None, None),
        ("Cross Group", "ok", "counts withheld", None, None),
        ("Suppressed: Cross Group", "ok", "counts withheld", None, None),
        ("No Students", "not_applicable", "no students", None, None),
        (">95%", "banded", "top/bottom coded", 0.95, 1.0),
        ("<3%", "banded", "top/bottom coded", 0.0, 0.03),
        ("Suppressed: <10%", "banded", "top/bottom coded", 0.0, 0.1),
        ("Top/Bottom Range: <10.7%", "banded", "top/bottom coded", 0.0, 0.107),
        ("Top/Bottom Range: >72.7%", "banded", "top/bottom coded", 0.727, 1.0),
        ("DAT Applied: > 95%", "banded", "top/bottom coded", 0.95, 1.0),
        ("<1.54%", "banded", "top/bottom coded", 0.0, 0.0154),
        ("No DAT", "ok", "", None, None),
        ("Suppressed: Cross Grade", "ok", "counts withheld", None, None),
        ("Cross Grade Level - N<10", "ok", "counts withheld", None, None),
        (
            "DAT Applied: Foster Care - N < 10",
            "suppressed",
            "source suppressed",
            None,
            None,
        ),
    ],
)
def test_markers(text, status, reason, lower, upper):
    marker = parse_marker(text)
    assert (marker.status, marker.reason) == (status, reason)
    assert marker.lower == pytest.approx(lower) if lower is not None else True
    assert marker.upper == upper


@pytest.mark.parametrize("text", ["Masked", "95%", "Top/Bottom: maybe", "N<"])
def test_unknown_markers_are_not_guessed(text):
    assert parse_marker(text) is None


def test_every_marker_in_the_sample_pack_is_known(sample):
    seen = set()
    for name in OSPI_FILES:
        table = read_text_table(sample / name)
        columns = [i for i, h in enumerate(table.header) if h.lower() in MARKER_COLUMNS]
        for row in table.rows:
            seen.update(row.values[i] for i in columns)
    unknown = sorted(m for m in seen if parse_marker(m) is None)
    assert not unknown
    assert len(seen) > 20  # the survey really read the markers


def test_every_group_in_the_sample_pack_maps(sample):
    seen = set()
    for name in OSPI_FILES:
        table = read_text_table(sample / name)
        header = [h.lower() for h in table.header]
        t, g = header.index("studentgrouptype"), header.index("studentgroup")
        seen.update((row.values[t], row.values[g]) for row in table.rows)
    with open(sample / "ospi/enrollment/by-group_33districts_2014-15_2024-25.csv") as f:
        seen.update(("", r["Demographic.Subgroup"]) for r in csv.DictReader(f))
    unmapped = sorted(
        pair for pair in seen if canonical_group(pair[1], pair[0]) is None
    )
    assert not unmapped
    for group_type, group in seen:
        mapped_type, mapped = canonical_group(group, group_type)
        assert mapped in VOCABULARY[mapped_type]


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Hispanic/ Latino of any race(s)", ("Race/Ethnicity", "Hispanic or Latino")),
        ("TwoorMoreRaces", ("Race/Ethnicity", "Two or More Races")),
        ("Native Hawaiian/Pacific Islander",
         ("Race/Ethnicity", "Native Hawaiian or Other Pacific Islander")),
        ("Low-Income", ("Income", "Low Income")),
        ("Non-Low Income", ("Income", "Not Low Income")),
        ("Multilingual/English Learners", ("English Learner", "English Learner")),
        ("Non Military Parent", ("Military Family", "Not Military Family")),
    ],
)  # fmt: skip
def test_group_spellings(spelling, expected):
    assert canonical_group(spelling) == expected


def test_group_types():
    assert canonical_type("FederalRaceEthnicity") == "Race/Ethnicity"
    assert canonical_type("Federal Race Ethnicity") == "Race/Ethnicity"
    assert canonical_type("s504") == "Section 504"
    assert canonical_group("Unknown", "Military") == ("Military Family", "Unknown")
    assert canonical_group("Unknown", "Gender") is None
