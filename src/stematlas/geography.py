"""Places and how they nest: state, region, ESD, WDA, county, district, school.

Ids: state ``53``; county 5-digit FIPS; district OSPI DistrictCode (5 digits);
school OSPI SchoolCode; region and WDA the ids of the regions file; ESD its OSPI
organization id. OSPI's Report Card files confirm the ids of ESDs 112, 114, 121, 123
and 189 (100003, 100005, 100006, 100007, 100009); those of 101, 105, 113 and 171
follow the same numbering in ESD order.

Nesting: school -> district -> county and ESD; county -> WDA and region; a district
may be assigned to another region than its county's (an override file).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import AtlasError
from .sources.columns import normalize

STATE_ID = "53"
STATE_NAME = "Washington"
LEVELS = ("state", "region", "esd", "wda", "county", "district", "school")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in r.items()}
            for r in csv.DictReader(handle)
        ]


def default_counties() -> list[dict]:
    with (
        resources.files("stematlas.data")
        .joinpath("wa_counties.csv")
        .open(encoding="utf-8") as handle
    ):
        rows = list(csv.DictReader(handle))
    for r in rows:
        r["rucc_2023"] = int(r["rucc_2023"]) if r.get("rucc_2023") else None
    return rows


def esd_rows() -> list[dict[str, str]]:
    with (
        resources.files("stematlas.data")
        .joinpath("esds.csv")
        .open(encoding="utf-8") as handle
    ):
        return list(csv.DictReader(handle))


def _district_keys(name: str) -> list[str]:
    """Keys a district name may be written under: 'Walla Walla Public Schools',
    'Castle Rock School District', 'Castle Rock SD', 'Castle Rock School District
    No. 401', 'X School District (WA)'."""
    base = normalize(re.sub(r"\(wa\)|no\.?\s*\d+", "", name, flags=re.I))
    keys = [base]
    for suffix in ("schooldistrict", "publicschools", "sd", "schools"):
        if base.endswith(suffix) and len(base) > len(suffix):
            keys.append(base[: -len(suffix)])
    return keys


@dataclass
class Geography:
    counties: dict[str, dict] = field(default_factory=dict)  # fips -> row
    esds: dict[str, str] = field(default_factory=dict)  # id -> name
    districts: dict[str, dict] = field(default_factory=dict)  # code -> info
    schools: dict[str, dict] = field(default_factory=dict)  # code -> info
    district_regions: dict[str, str] = field(default_factory=dict)
    _county_by_name: dict[str, str] = field(default_factory=dict)
    _esd_by_key: dict[str, str] = field(default_factory=dict)
    _district_by_key: dict[str, str] = field(default_factory=dict)
    _school_by_key: dict[tuple[str, str], str] = field(default_factory=dict)

    # -- building -------------------------------------------------------------

    @classmethod
    def build(
        cls,
        counties: list[dict],
        schools: list[dict] = (),
        facts: list = (),
        regions_file: Path | None = None,
        district_regions_file: Path | None = None,
    ) -> Geography:
        geo = cls()
        geo._add_counties(counties)
        if regions_file:
            geo._replace_regions(regions_file)
        geo._add_esds()
        geo._add_schools(schools)
        geo._learn_from_facts(facts)
        if district_regions_file:
            geo._override_districts(district_regions_file)
        return geo

    @classmethod
    def from_places(cls, rows: list[dict]) -> Geography:
        """The geography a build wrote to the warehouse's places table: what the
        indicator engine works from, so it never needs the source files."""
        geo = cls()
        by_level: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by_level[r["geo_level"]].append(r)
        region_names = {r["geo_id"]: r["geo_name"] for r in by_level["region"]}
        wda_names = {r["geo_id"]: r["geo_name"] for r in by_level["wda"]}
        geo._add_counties(
            [
                {
                    "county_fips": r["geo_id"],
                    "county": r["geo_name"],
                    "wda_id": r["wda_id"],
                    "wda_name": wda_names.get(r["wda_id"], r["wda_id"]),
                    "region_id": r["region_id"],
                    "region_name": region_names.get(r["region_id"], r["region_id"]),
                    "rucc_2023": r["rucc_2023"],
                }
                for r in by_level["county"]
            ]
        )
        geo._add_esds()
        for r in by_level["district"]:
            geo.districts[r["geo_id"]] = {
                "name": r["geo_name"],
                "county_fips": r["county_fips"],
                "esd_id": r["esd_id"],
            }
            county = geo.counties.get(r["county_fips"])
            if r["region_id"] and (not county or county["region_id"] != r["region_id"]):
                geo.district_regions[r["geo_id"]] = r["region_id"]
        for r in by_level["school"]:
            geo.schools[r["geo_id"]] = {
                "name": r["geo_name"],
                "district_code": r["district_code"],
            }
        return geo

    def is_rural(self, county_fips: str | None) -> bool | None:
        """Nonmetro counties (USDA rural-urban codes 4-9) are rural."""
        rucc = (self.counties.get(county_fips or "") or {}).get("rucc_2023")
        return None if rucc is None else int(rucc) >= 4

    def _add_counties(self, rows: list[dict]) -> None:
        for r in rows:
            self.counties[r["county_fips"]] = dict(r)
            self._county_by_name[normalize(r["county"])] = r["county_fips"]
            self._county_by_name[normalize(r["county"] + " County")] = r["county_fips"]

    def _replace_regions(self, path: Path) -> None:
        if not path.is_file():
            raise AtlasError(f"regions file {path} does not exist")
        rows = _read_csv(path)
        needed = {"county_fips", "region_id", "region_name"}
        if not rows or not needed <= set(rows[0]):
            raise AtlasError(
                f"regions file {path} must have the columns "
                "county_fips,region_id,region_name (one row per county)"
            )
        given = {r["county_fips"]: r for r in rows}
        unknown = sorted(set(given) - set(self.counties))
        if unknown:
            raise AtlasError(
                f"regions file {path} names counties that are not Washington "
                f"counties: {', '.join(unknown)}"
            )
        missing = sorted(
            self.counties[f]["county"] for f in set(self.counties) - set(given)
        )
        if missing:
            raise AtlasError(
                f"regions file {path} leaves out {len(missing)} counties "
                f"({', '.join(missing)}): give every county a region"
            )
        for fips, r in given.items():
            self.counties[fips]["region_id"] = r["region_id"]
            self.counties[fips]["region_name"] = r["region_name"]

    def _add_esds(self) -> None:
        for r in esd_rows():
            self.esds[r["esd_id"]] = r["esd_name"]
            for name in [r["esd_name"], *r["aliases"].split(";")]:
                self._esd_by_key[normalize(name)] = r["esd_id"]
            self._esd_by_key[r["esd_number"]] = r["esd_id"]

    def _add_schools(self, rows: list[dict]) -> None:
        counties: dict[str, Counter] = defaultdict(Counter)
        for r in rows:
            code = r["district_code"]
            self.schools[r["school_code"]] = {
                "name": r["school_name"],
                "district_code": code,
            }
            self._school_by_key[(code, normalize(r["school_name"]))] = r["school_code"]
            county = self.county_fips(r.get("county") or "")
            if county:
                counties[code][county] += 1
            info = self.districts.setdefault(
                code, {"name": r["district_name"], "county_fips": None, "esd_id": None}
            )
            info["esd_id"] = info["esd_id"] or self.esd_id(r.get("esd_name") or "")
            self._index_district(code, r["district_name"])
        for code, tally in counties.items():
            # A district's county is where most of its schools are.
            self.districts[code]["county_fips"] = tally.most_common(1)[0][0]

    def _learn_from_facts(self, facts) -> None:
        """OSPI's district rows name the district's own county and ESD."""
        for f in facts:
            code = f.district_code
            if not code or f.geo_level != "district":
                continue
            info = self.districts.setdefault(
                code, {"name": f.geo_name, "county_fips": None, "esd_id": None}
            )
            if f.county:
                info["county_fips"] = self.county_fips(f.county) or info["county_fips"]
            if f.esd and not info["esd_id"]:
                info["esd_id"] = self.esd_id(f.esd)
            if f.geo_name:
                self._index_district(code, f.geo_name)

    def _override_districts(self, path: Path) -> None:
        if not path.is_file():
            raise AtlasError(f"district regions file {path} does not exist")
        rows = _read_csv(path)
        if not rows or not {"district_code", "region_id"} <= set(rows[0]):
            raise AtlasError(
                f"district regions file {path} must have the columns "
                "district_code,region_id"
            )
        regions = {c["region_id"] for c in self.counties.values()}
        for r in rows:
            if r["region_id"] not in regions:
                raise AtlasError(
                    f"district regions file {path}: region {r['region_id']!r} is not "
                    f"one of {', '.join(sorted(regions))}"
                )
            self.district_regions[r["district_code"].zfill(5)] = r["region_id"]

    def _index_district(self, code: str, name: str) -> None:
        for key in _district_keys(name):
            self._district_by_key.setdefault(key, code)

    # -- lookups --------------------------------------------------------------

    def county_fips(self, name: str) -> str | None:
        text = (name or "").strip()
        if text in self.counties:
            return text
        return self._county_by_name.get(normalize(text))

    def esd_id(self, name: str) -> str | None:
        text = (name or "").strip()
        if text in self.esds:
            return text
        found = self._esd_by_key.get(normalize(text))
        if found:
            return found
        number = re.search(r"\b(1\d\d)\b", text)
        return self._esd_by_key.get(number.group(1)) if number else None

    def district_code(self, name: str) -> str | None:
        for key in _district_keys(name or ""):
            if key in self._district_by_key:
                return self._district_by_key[key]
        return None

    def school_code(self, district_code: str | None, name: str) -> str | None:
        if district_code:
            return self._school_by_key.get((district_code, normalize(name)))
        hits = [c for (d, n), c in self._school_by_key.items() if n == normalize(name)]
        return hits[0] if len(hits) == 1 else None

    def resolve(self, level: str, geo_id: str | None, name: str, district: str | None):
        """(geo_id, geo_name) for a place as a file names it, or None if unknown."""
        if level == "state":
            return STATE_ID, STATE_NAME
        if level == "county":
            fips = self.county_fips(geo_id or name)
            return (fips, self.counties[fips]["county"]) if fips else None
        if level == "esd":
            esd = self.esd_id(geo_id or "") or self.esd_id(name)
            return (esd, self.esds[esd]) if esd else None
        if level == "district":
            code = geo_id or self.district_code(name)
            if not code:
                return None
            known = self.districts.get(code)
            return code, (known["name"] if known else name)
        if level == "school":
            code = geo_id or self.school_code(district, name)
            if not code:
                return None
            known = self.schools.get(code)
            return code, (known["name"] if known else name)
        if level in ("region", "wda"):
            return (geo_id, name) if geo_id else None
        return None

    # -- nesting --------------------------------------------------------------

    def district_region(self, code: str) -> str | None:
        if code in self.district_regions:
            return self.district_regions[code]
        county = (self.districts.get(code) or {}).get("county_fips")
        return self.counties[county]["region_id"] if county in self.counties else None

    def region_names(self) -> dict[str, str]:
        return {c["region_id"]: c["region_name"] for c in self.counties.values()}

    def wda_names(self) -> dict[str, str]:
        return {c["wda_id"]: c["wda_name"] for c in self.counties.values()}

    def places(self) -> list[dict]:
        """One row per place with its parents, for the warehouse."""
        rows = [_place("state", STATE_ID, STATE_NAME)]
        rows += [
            _place("region", i, n, state=STATE_ID)
            for i, n in self.region_names().items()
        ]
        rows += [
            _place("wda", i, n, state=STATE_ID) for i, n in self.wda_names().items()
        ]
        rows += [_place("esd", i, n, state=STATE_ID) for i, n in self.esds.items()]
        for fips, c in self.counties.items():
            rows.append(
                _place(
                    "county",
                    fips,
                    c["county"],
                    county=fips,
                    wda=c["wda_id"],
                    region=c["region_id"],
                    state=STATE_ID,
                    rucc=c.get("rucc_2023"),
                )
            )
        for code, d in self.districts.items():
            county = d.get("county_fips")
            rows.append(
                _place(
                    "district",
                    code,
                    d["name"],
                    district=code,
                    county=county,
                    esd=d.get("esd_id"),
                    wda=self.counties[county]["wda_id"]
                    if county in self.counties
                    else None,
                    region=self.district_region(code),
                    state=STATE_ID,
                )
            )
        for code, s in self.schools.items():
            d = self.districts.get(s["district_code"], {})
            county = d.get("county_fips")
            rows.append(
                _place(
                    "school",
                    code,
                    s["name"],
                    district=s["district_code"],
                    county=county,
                    esd=d.get("esd_id"),
                    wda=self.counties[county]["wda_id"]
                    if county in self.counties
                    else None,
                    region=self.district_region(s["district_code"]),
                    state=STATE_ID,
                )
            )
        return rows


def _place(
    level,
    geo_id,
    name,
    district=None,
    county=None,
    esd=None,
    wda=None,
    region=None,
    state=None,
    rucc=None,
) -> dict:
    return {
        "geo_level": level,
        "geo_id": geo_id,
        "geo_name": name,
        "district_code": district,
        "county_fips": county,
        "esd_id": esd,
        "wda_id": wda,
        "region_id": region,
        "state_id": state,
        "rucc_2023": rucc,
    }
