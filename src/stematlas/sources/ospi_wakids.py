"""OSPI Report Card WaKIDS: kindergarten readiness from the fall whole-child
assessment, in six domains.

One row per place x student group x domain x measure value. Ready in all six
domains is the row with Measure ``NumberofDomainsReadyforKindergarten`` (Domain
``NumberofDomains``) and MeasureValue ``6``; ready in one domain is that domain's
row with MeasureValue ``Kindergarten and up``. The other rows (colour bands
``Blue``, ``Green``, ``orange``; ``0`` to ``5`` domains) load without facts.

The files name places without OSPI codes: there is no DistrictCode or SchoolCode,
and the DistrictOrganizationId / SchoolOrganizationId of 2024-25 are not codes.
District and school rows therefore come out with geo_id None, their names, and
county and ESD as hints; the build resolves the names. State rows ("State Total")
are "53". ``Suppress`` says ``N<10`` or ``Cross Student Group``; 2024-25 adds a
``Percent`` column. There was no collection in 2020-21.
"""

from __future__ import annotations

import re

from ..periods import school_year
from ..validate.findings import RowRejected
from .base import OSPI_TERMS, Download, Fact, Source
from .columns import field_, normalize
from .markers import SUPPRESSED
from .ospi_common import GROUP_FIELDS, ORGANIZATION_FIELDS, group, marker, place
from .values import parse_count, parse_number

DOMAINS = {
    "socialemotional": "social_emotional",
    "physical": "physical",
    "language": "language",
    "cognitive": "cognitive",
    "literacy": "literacy",
    "math": "math",
    "mathematics": "math",
}
ALL_DOMAINS = {"numberofdomainsreadyforkindergarten", "numberofdomains"}
# A domain's ready row: "Kindergarten and up" in the files seen; the API's
# ...ReadinessFlag measures may write a yes instead.
DOMAIN_READY = {"kindergartenandup", "ready", "yes", "y", "true"}
_SIX = re.compile(r"^\s*6(\.0*)?\s*$")

FIELDS = {
    "year": field_("SchoolYear", "schoolyear"),
    **ORGANIZATION_FIELDS,
    **GROUP_FIELDS,
    "domain": field_("Domain"),
    "measure": field_("Measure"),
    "measure_value": field_("MeasureValue"),
    "numerator": field_("Numerator"),
    "denominator": field_("Denominator"),
    "percent": field_("Percent", required=False),
    "suppress": field_("Suppress", "Suppression", required=False),
}


class Wakids(Source):
    def parse(self, row, number):
        period = school_year(row["year"])
        where = _place(row)
        group_type, group_name = group(row)
        indicator = _indicator(row)
        if indicator is None:
            return
        figure = _figure(row)
        if figure is None:
            return
        yield Fact(
            indicator,
            period,
            group_type=group_type,
            group=group_name,
            **figure,
            **where,
        )


def _place(row: dict[str, str]) -> dict[str, object]:
    # State rows are named "State Total"; trust the name where the level is blank.
    level = (row.get("level") or "").strip()
    if not level and normalize(row.get("district_name") or "") == "statetotal":
        row = {**row, "level": "State"}
    return place(row)


def _indicator(row: dict[str, str]) -> str | None:
    """The indicator a row publishes, or None for colour bands and domain counts
    other than six."""
    measure, domain = normalize(row["measure"]), normalize(row["domain"])
    if measure in ALL_DOMAINS or domain in ALL_DOMAINS:
        return "kindergarten_ready" if _SIX.match(row["measure_value"]) else None
    value = normalize(row["measure_value"])
    flag = measure.endswith("readinessflag") and value == "1"
    if value not in DOMAIN_READY and not flag:
        return None
    domain = DOMAINS.get(domain)
    if domain is None:
        raise RowRejected(
            "V005",
            f"domain {row['domain']!r} is not known: add it to DOMAINS in "
            "stematlas/sources/ospi_wakids.py",
            "domain",
        )
    return f"kindergarten_ready_{domain}"


def _figure(row: dict[str, str]) -> dict | None:
    """The Fact's figures and status; None where the row shows nothing and says
    nothing (a group without data)."""
    mark = marker(row.get("suppress"), "suppress")
    if mark.hides_value:
        return {
            "status": mark.status,
            "status_reason": mark.reason,
            "lower": mark.lower,
            "upper": mark.upper,
        }
    numerator = parse_count(row["numerator"], "numerator")
    denominator = parse_count(row["denominator"], "denominator")
    value = _percent(row.get("percent"), numerator, denominator)

    if mark.counts_hidden:
        # Cross Student Group: a rate where the file has one (2024-25), else none.
        if value is None:
            return {"status": SUPPRESSED, "status_reason": "source suppressed"}
        return {"value": value, "status_reason": mark.reason}
    if value is None and numerator is not None and denominator:
        value = numerator / denominator
    if value is not None:
        return {"numerator": numerator, "denominator": denominator, "value": value}
    if numerator is None and denominator is None:
        return None
    raise RowRejected(
        "V008",
        f"no percent, and counts {numerator} of {denominator} that give none",
        "denominator",
    )


def _percent(
    text: str | None, numerator: float | None, denominator: float | None
) -> float | None:
    """Percent as a fraction, whether the file writes 0.512 or 51.2: the counts
    decide where they are shown, else a figure above 1 is a percentage."""
    number = parse_number(text, "percent")
    if number is None:
        return None
    if numerator is not None and denominator:
        share = numerator / denominator
        percentage = abs(number / 100 - share) < abs(number - share)
    else:
        percentage = number > 1
    return round(number / 100, 12) if percentage else number


YEARS = {
    "2011-12": "59cw-kpf6",
    "2012-13": "sedr-qag9",
    "2013-14": "rjgh-459t",
    "2014-15": "yaag-7vv4",
    "2015-16": "8ewp-xtgm",
    "2016-17": "2x4x-bzqs",
    "2017-18": "huwq-t84x",
    "2018-19": "p4sv-js2m",
    "2019-20": "26rj-f9wn",
    # 2020-21: not collected.
    "2021-22": "rzgf-vi75",
    "2022-23": "3ji8-ykgj",
    "2023-24": "vumg-9sgs",
}

SOURCES = [
    Wakids(
        id="ospi_wakids",
        title="OSPI Report Card WaKIDS kindergarten readiness",
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/wakids", "wakids"),
        fields=FIELDS,
        license=OSPI_TERMS,
        attribution="Washington Office of Superintendent of Public Instruction, "
        "Report Card WaKIDS data",
        url="https://data.wa.gov/d/vumg-9sgs",
        downloads=tuple(
            Download(
                f"https://data.wa.gov/api/views/{dataset}/rows.csv?accessType=DOWNLOAD",
                f"ospi/wakids/Report_Card_WaKIDS_{year}.csv",
            )
            for year, dataset in YEARS.items()
        ),
        priority=20,
        signature=("year", "domain", "measure", "measure_value", "numerator"),
    )
]
