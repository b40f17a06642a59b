"""What OSPI's Report Card files share: the organization columns, the student group
columns, and reading a row's suppression marker.

Every Report Card file names the place the same way (OrganizationLevel, County,
ESDName, DistrictCode, SchoolCode ...) with year-to-year respellings, and groups as
StudentGroupType / StudentGroup.
"""

from __future__ import annotations

from ..groups import canonical_group
from ..validate.findings import RowRejected
from .columns import Field, field_
from .markers import Marker, parse_marker

ORGANIZATION_FIELDS: dict[str, Field] = {
    "level": field_("OrganizationLevel", "organizationlevel", required=False),
    "county": field_("County", required=False),
    "esd_name": field_("ESDName", "esd_name", required=False),
    "esd_id": field_("ESDOrganizationID", "ESDOrganizationId", required=False),
    "district_code": field_("DistrictCode", "districtcode", "LEACode", required=False),
    "district_name": field_("DistrictName", "districtname", required=False),
    "district_org": field_("DistrictOrganizationId", required=False),
    "school_code": field_("SchoolCode", "schoolcode", required=False),
    "school_name": field_("SchoolName", "schoolname", required=False),
    "school_org": field_(
        "SchoolOrganizationid", "SchoolOrganizationId", required=False
    ),
}

GROUP_FIELDS: dict[str, Field] = {
    "group_type": field_("StudentGroupType", "studentgrouptype"),
    "group": field_("StudentGroup", "studentgroup"),
}

_LEVELS = {
    "state": "state",
    "statetotal": "state",
    "county": "county",
    "esd": "esd",
    "district": "district",
    "school": "school",
}


def place(row: dict[str, str], default_level: str = "district") -> dict[str, object]:
    """geo_level, geo_id, geo_name and the placing hints of an OSPI row."""
    raw_level = (row.get("level") or "").strip().lower().replace(" ", "")
    level = _LEVELS.get(raw_level) if raw_level else default_level
    if level is None:
        raise RowRejected(
            "V005", f"organization level {row.get('level')!r} is not known", "level"
        )
    district = _code(row.get("district_code"), 5)
    county = _text(row.get("county"))
    esd = _text(row.get("esd_name"))
    if level == "state":
        geo_id, name = "53", "Washington"
    elif level == "county":
        geo_id, name = None, county or ""
    elif level == "esd":
        geo_id, name = _text(row.get("esd_id")), esd or ""
    elif level == "district":
        geo_id, name = district, _text(row.get("district_name")) or ""
    else:
        geo_id = _code(row.get("school_code"), 0)
        name = _text(row.get("school_name")) or ""
    if not geo_id and not name:
        raise RowRejected("V008", f"the {level} row names no place", "level")
    return {
        "geo_level": level,
        "geo_id": geo_id,
        "geo_name": name,
        "district_code": district,
        "county": county,
        "esd": esd,
    }


def group(row: dict[str, str]) -> tuple[str, str]:
    found = canonical_group(row.get("group") or "", row.get("group_type") or "")
    if found is None:
        raise RowRejected(
            "G001",
            f"student group {row.get('group')!r} (type {row.get('group_type')!r}) is "
            "not in the vocabulary: add its spelling to stematlas/groups.py",
            "group",
        )
    return found


def marker(text: str | None, column: str) -> Marker:
    found = parse_marker(text)
    if found is None:
        raise RowRejected(
            "V004",
            f"suppression marker {text!r} is not known: add it to "
            "stematlas/sources/markers.py once its meaning is confirmed",
            column,
        )
    return found


def _text(value: str | None) -> str | None:
    text = (value or "").strip()
    return None if text.upper() in ("", "NA", "NULL") else text


def _code(value: str | None, width: int) -> str | None:
    text = _text(value)
    if text is None or text in ("0",):
        return None
    if text.endswith(".0"):
        text = text[:-2]
    return text.zfill(width) if width and text.isdigit() else text
