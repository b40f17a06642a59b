"""Census American Community Survey tables in the long layout: one row per year x
place x variable (year, geo_id, name, table, variable, label, estimate, moe).

- B15001, sex by age by educational attainment (population 18 and over), goes to the
  tidy table ``acs_b15001``: one row per sex x age band x attainment, with
  ``Total`` for the margins, from the label path
  "Estimate!!Total!!Male!!25 to 34 years!!Associate's degree" (labels from 2019 on
  end each step with a colon). The label is checked against the variable number,
  numbered the same way in every year of the sample (2005-2018).
- B02001 (race alone) and B02008-B02013 (each race alone or in combination) become
  facts ``population_race_alone`` and ``population_race_in_combination``, with the
  canonical race names, "Some Other Race" for Census's sixth race, and the total
  population as the vocabulary's All / "All Students". B02001's split of "Two or
  more races" by whether "Some other race" is one of them overlaps its parent, so
  it has a type of its own.

Margins are the published 90% margins of error: lower and upper are the estimate
minus and plus the margin (never below zero). A margin of -555555555 means the
estimate is controlled (no sampling error); other negative codes mean no margin. An
estimate written as a code is withheld (-888888888: not applicable).

Periods: a 1-year estimate is its calendar year ("2018"); a file with a ``survey``
column saying acs5 gives 5-year spans ("2014-2018"). geo_id is Census's
(0400000US53 for the state, 0500000US53xxx for a county) or the bare FIPS code.

The Census API's own layout (a JSON array of arrays, one column per variable) is not
read: its rows carry no year, which only the request address holds.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..groups import ALL, ALL_STUDENTS
from ..validate.findings import RowRejected
from .base import PUBLIC_DOMAIN, Fact, Source, TableRow
from .columns import field_, match_header, normalize
from .readers import Table
from .values import parse_number

STATE_FIPS = "53"
TOTAL = "Total"
SEXES = ("Male", "Female")
AGE_BANDS = (
    "18 to 24 years",
    "25 to 34 years",
    "35 to 44 years",
    "45 to 64 years",
    "65 years and over",
)
ATTAINMENTS = (
    "Less than 9th grade",
    "9th to 12th grade, no diploma",
    "High school graduate (includes equivalency)",
    "Some college, no degree",
    "Associate's degree",
    "Bachelor's degree",
    "Graduate or professional degree",
)
_ATTAINMENT = {normalize(a): a for a in ATTAINMENTS} | {
    normalize("High school graduate, GED, or alternative"): ATTAINMENTS[2],
}


def _b15001_paths() -> dict[str, tuple[str, str, str]]:
    """B15001's variables: 001 total, then per sex its total, and per age band its
    total and seven attainment levels (83 variables)."""
    paths = {"B15001_001": (TOTAL, TOTAL, TOTAL)}
    number = 2
    for sex in SEXES:
        paths[f"B15001_{number:03d}"] = (sex, TOTAL, TOTAL)
        number += 1
        for age in AGE_BANDS:
            paths[f"B15001_{number:03d}"] = (sex, age, TOTAL)
            number += 1
            for attainment in ATTAINMENTS:
                paths[f"B15001_{number:03d}"] = (sex, age, attainment)
                number += 1
    return paths


B15001 = _b15001_paths()

RACE_ALONE = "population_race_alone"
RACE_IN_COMBINATION = "population_race_in_combination"
TOTAL_POPULATION = "B02001_001"
# variable -> (indicator, group_type, group)
RACE_VARIABLES = {
    "B02001_002": (RACE_ALONE, "Race (alone)", "White"),
    "B02001_003": (RACE_ALONE, "Race (alone)", "Black or African American"),
    "B02001_004": (RACE_ALONE, "Race (alone)", "American Indian or Alaska Native"),
    "B02001_005": (RACE_ALONE, "Race (alone)", "Asian"),
    "B02001_006": (
        RACE_ALONE,
        "Race (alone)",
        "Native Hawaiian or Other Pacific Islander",
    ),
    "B02001_007": (RACE_ALONE, "Race (alone)", "Some Other Race"),
    "B02001_008": (RACE_ALONE, "Race (alone)", "Two or More Races"),
    "B02001_009": (
        RACE_ALONE,
        "Race (two or more races)",
        "Two races including Some Other Race",
    ),
    "B02001_010": (
        RACE_ALONE,
        "Race (two or more races)",
        "Two races excluding Some Other Race, and three or more races",
    ),
    "B02008_001": (RACE_IN_COMBINATION, "Race (in combination)", "White"),
    "B02009_001": (
        RACE_IN_COMBINATION,
        "Race (in combination)",
        "Black or African American",
    ),
    "B02010_001": (
        RACE_IN_COMBINATION,
        "Race (in combination)",
        "American Indian or Alaska Native",
    ),
    "B02011_001": (RACE_IN_COMBINATION, "Race (in combination)", "Asian"),
    "B02012_001": (
        RACE_IN_COMBINATION,
        "Race (in combination)",
        "Native Hawaiian or Other Pacific Islander",
    ),
    "B02013_001": (RACE_IN_COMBINATION, "Race (in combination)", "Some Other Race"),
}

CONTROLLED = -555555555  # margin code: the estimate is controlled, no sampling error
NOT_APPLICABLE = -888888888
_GEO_ID = re.compile(r"^(\d{3})\d{2,4}US(\d+)$")

FIELDS = {
    "year": field_("year"),
    "geo_id": field_("geo_id", "GEO_ID", "geoid"),
    "name": field_("name", "NAME", required=False),
    "table": field_("table", required=False),
    "variable": field_("variable"),
    "label": field_("label"),
    "estimate": field_("estimate"),
    "moe": field_("moe", "margin_of_error"),
    "survey": field_("survey", "dataset", required=False),
}


class AcsLong(Source):
    def parse(self, row, number):
        variable = row["variable"].strip().upper().removesuffix("E")
        period = _period(row["year"], row.get("survey"))
        place = _place(row["geo_id"], row.get("name") or "")
        figures = _figures(row["estimate"], row["moe"])
        if variable.startswith("B15001_"):
            yield _attainment_row(variable, row["label"], period, place, figures)
        elif variable == TOTAL_POPULATION:
            for indicator in (RACE_ALONE, RACE_IN_COMBINATION):
                yield _population(indicator, ALL, ALL_STUDENTS, period, place, figures)
        elif variable in RACE_VARIABLES:
            indicator, group_type, group = RACE_VARIABLES[variable]
            yield _population(indicator, group_type, group, period, place, figures)
        else:
            raise RowRejected(
                "V005",
                f"ACS variable {row['variable']!r} is not read by this loader (it "
                "reads B15001, B02001 and B02008-B02013)",
                "variable",
            )

    def vintage(self, facts, table: Table) -> str:
        # A B15001 file has no facts: the years come from its own column.
        columns = match_header(table.header, self.fields)
        at = columns.index.get("year")
        years = sorted(
            {r.values[at].strip() for r in table.rows} if at is not None else ()
        )
        if not years:
            return ""
        return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def _period(year: str, survey: str | None) -> str:
    text = (year or "").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise RowRejected("V009", f"year {year!r} is not a calendar year", "year")
    if "acs5" in normalize(survey or ""):
        return f"{int(text) - 4}-{text}"
    return text


def _place(geo_id: str, name: str) -> dict[str, object]:
    text = geo_id.strip()
    found = _GEO_ID.match(text)
    level, fips = (found.group(1), found.group(2)) if found else ("", text)
    if level in ("040", "") and fips == STATE_FIPS:
        return {"geo_level": "state", "geo_id": STATE_FIPS, "geo_name": "Washington"}
    if level in ("050", "") and len(fips) == 5 and fips.startswith(STATE_FIPS):
        county = name.split(",")[0].strip()
        return {
            "geo_level": "county",
            "geo_id": fips,
            "geo_name": county,
            "county": county,
        }
    raise RowRejected(
        "V005",
        f"geography {geo_id!r} is not Washington State or one of its counties",
        "geo_id",
    )


class Figures(NamedTuple):
    estimate: float | None
    moe: float | None
    status: str = "ok"
    reason: str = ""


def _figures(estimate_text: str, moe_text: str) -> Figures:
    """The estimate and its margin; Census writes codes where either is missing."""
    estimate = parse_number(estimate_text, "estimate")
    moe = parse_number(moe_text, "moe")
    if moe == CONTROLLED:
        moe = 0.0
    elif moe is not None and moe < 0:
        moe = None
    if estimate == NOT_APPLICABLE:
        return Figures(None, None, "not_applicable")
    if estimate is None or estimate < 0:
        return Figures(None, None, "suppressed", "source suppressed")
    return Figures(estimate, moe)


def _attainment_row(variable, label, period, place, figures) -> TableRow:
    sex, age, attainment = _label_path(label)
    if B15001.get(variable, (sex, age, attainment)) != (sex, age, attainment):
        raise RowRejected(
            "V005",
            f"label {label!r} does not match variable {variable} "
            f"({' / '.join(B15001[variable])})",
            "label",
        )
    return TableRow(
        "acs_b15001",
        {
            "period": period,
            "geo_level": place["geo_level"],
            "geo_id": place["geo_id"],
            "sex": sex,
            "age_band": age,
            "attainment": attainment,
            "estimate": _whole(figures.estimate),
            "moe": _whole(figures.moe),
        },
    )


def _label_path(label: str) -> tuple[str, str, str]:
    """(sex, age band, attainment) from a B15001 label, Total for the margins."""
    parts = [p.strip().rstrip(":").strip() for p in label.split("!!")]
    if parts[:1] == ["Estimate"]:
        parts = parts[1:]
    steps = parts[1:]
    sex = steps[0] if steps else TOTAL
    age = steps[1] if len(steps) > 1 else TOTAL
    attainment = _ATTAINMENT.get(normalize(steps[2])) if len(steps) > 2 else TOTAL
    if (
        parts[:1] != ["Total"]
        or len(steps) > 3
        or sex not in (TOTAL, *SEXES)
        or age not in (TOTAL, *AGE_BANDS)
        or attainment is None
    ):
        raise RowRejected(
            "V005", f"label {label!r} is not a B15001 sex / age / attainment", "label"
        )
    return sex, age, attainment


def _population(indicator, group_type, group, period, place, figures) -> Fact:
    estimate, moe = figures.estimate, figures.moe
    lower = upper = None
    if estimate is not None and moe is not None:
        lower, upper = max(0.0, estimate - moe), estimate + moe
    return Fact(
        indicator,
        period,
        group_type=group_type,
        group=group,
        value=estimate,
        lower=lower,
        upper=upper,
        status=figures.status,
        status_reason=figures.reason,
        **place,
    )


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


SOURCES = [
    AcsLong(
        id="acs",
        title="Census ACS: race alone and in combination; sex by age by "
        "educational attainment",
        agency="U.S. Census Bureau, American Community Survey",
        folders=("census", "acs"),
        fields=FIELDS,
        license=PUBLIC_DOMAIN,
        attribution="U.S. Census Bureau, American Community Survey, tables B02001, "
        "B02008-B02013 and B15001",
        url="https://www.census.gov/programs-surveys/acs/data.html",
        priority=20,
        tables={
            "acs_b15001": [
                ("period", "VARCHAR"),
                ("geo_level", "VARCHAR"),
                ("geo_id", "VARCHAR"),
                ("sex", "VARCHAR"),
                ("age_band", "VARCHAR"),
                ("attainment", "VARCHAR"),
                ("estimate", "BIGINT"),
                ("moe", "BIGINT"),
            ]
        },
        signature=("year", "geo_id", "variable", "label", "estimate", "moe"),
    )
]
