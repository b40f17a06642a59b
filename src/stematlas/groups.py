"""The canonical student-group vocabulary, and every agency spelling of it.

Within a group type the groups never overlap and add up to All Students where the
source covers every student. Agencies respell types and groups between years and
between files; each spelling maps here, on the normalized name (letters and digits,
lower case), so a loader never has to know the vocabulary.
"""

from __future__ import annotations

from .sources.columns import normalize

ALL = "All"
ALL_STUDENTS = "All Students"

VOCABULARY: dict[str, tuple[str, ...]] = {
    "All": ("All Students",),
    "Race/Ethnicity": (
        "American Indian or Alaska Native",
        "Asian",
        "Black or African American",
        "Hispanic or Latino",
        "Native Hawaiian or Other Pacific Islander",
        "Two or More Races",
        "White",
    ),
    "Students of Color": ("Students of Color", "White"),
    "Gender": ("Female", "Male", "Gender X"),
    "Income": ("Low Income", "Not Low Income"),
    "English Learner": ("English Learner", "Not English Learner"),
    "Disability": ("Students with Disabilities", "Students without Disabilities"),
    "Section 504": ("Section 504", "Not Section 504"),
    "Homeless": ("Homeless", "Not Homeless"),
    "Foster Care": ("Foster Care", "Not Foster Care"),
    "Migrant": ("Migrant", "Not Migrant"),
    # OSPI also publishes "Unknown" military status; it keeps the type adding up.
    "Military Family": ("Military Family", "Not Military Family", "Unknown"),
    "Highly Capable": ("Highly Capable", "Not Highly Capable"),
    "Mobile": ("Mobile", "Not Mobile"),
    "Locale": ("Rural", "Urban"),
}

# Groups a partition may lack: Gender X was first reported in 2019-20, and before
# that Female and Male added up to All Students.
OPTIONAL: frozenset[tuple[str, str]] = frozenset({("Gender", "Gender X")})


def required_groups(group_type: str) -> frozenset[str]:
    """The groups a listing of a type must include to add up to All Students."""
    return frozenset(
        g for g in VOCABULARY.get(group_type, ()) if (group_type, g) not in OPTIONAL
    )


# Every spelling seen in OSPI, ERDC, WSAC and Washington STEM files, by canonical
# (type, group). The canonical name itself is always accepted.
_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("All", "All Students"): ("All", "AllStudents", "Total", "State Total"),
    ("Race/Ethnicity", "American Indian or Alaska Native"): (
        "American Indian/ Alaskan Native",
        "American Indian/Alaskan Native",
        "American Indian Alaskan Native",
        "American Indian or Alaskan Native",
        "American Indian/Alaska Native",
        "AI/AN",
    ),
    ("Race/Ethnicity", "Black or African American"): (
        "Black/ African American",
        "Black/African American",
        "Black African American",
        "Black",
    ),
    ("Race/Ethnicity", "Hispanic or Latino"): (
        "Hispanic/ Latino of any race(s)",
        "Hispanic/Latino of any race(s)",
        "Hispanic Latino of any race s",
        "Hispanic/Latino",
        "Hispanic",
        "Hispanic or Latino of any race",
    ),
    ("Race/Ethnicity", "Native Hawaiian or Other Pacific Islander"): (
        "Native Hawaiian/ Other Pacific Islander",
        "Native Hawaiian/Other Pacific Islander",
        "Native Hawaiian Other Pacific Islander",
        "Native Hawaiian/Pacific Islander",
        "Pacific Islander",
    ),
    ("Race/Ethnicity", "Two or More Races"): (
        "TwoorMoreRaces",
        "Two Or More Races",
        "Multiracial",
    ),
    ("Income", "Low Income"): ("Low-Income", "Low Income", "Low income", "FRL"),
    ("Income", "Not Low Income"): (
        "Non-Low Income",
        "Non Low Income",
        "Not Low-Income",
        "Non-FRL",
    ),
    ("English Learner", "English Learner"): (
        "English Language Learners",
        "English Learners",
        "Multilingual/English Learners",
        "ELL",
    ),
    ("English Learner", "Not English Learner"): (
        "Non-English Language Learners",
        "Non English Language Learners",
        "Non-English Learners",
        "Non-Multilingual/English Learners",
    ),
    ("Disability", "Students with Disabilities"): ("SWD", "Special Education"),
    ("Disability", "Students without Disabilities"): ("Non-SWD",),
    ("Section 504", "Not Section 504"): ("Non Section 504", "Non-Section 504"),
    ("Homeless", "Not Homeless"): ("Non-Homeless", "Non Homeless"),
    ("Foster Care", "Not Foster Care"): ("Non-Foster Care", "Non Foster Care"),
    ("Migrant", "Not Migrant"): ("Non Migrant", "Non-Migrant"),
    ("Military Family", "Military Family"): ("Military Parent", "Military"),
    ("Military Family", "Not Military Family"): (
        "Non Military Parent",
        "Non-Military Parent",
    ),
    ("Highly Capable", "Not Highly Capable"): (
        "Non-Highly Capable",
        "Non Highly Capable",
    ),
    ("Mobile", "Not Mobile"): ("Non Mobile", "Non-Mobile"),
    ("Gender", "Female"): ("Girls", "Women", "F"),
    ("Gender", "Male"): ("Boys", "Men", "M"),
    ("Gender", "Gender X"): ("X", "Non-binary", "GenderX", "X/Non-Binary"),
}

# Group types as agencies name them, for groups whose name alone is ambiguous
# (OSPI's military "Unknown").
TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "All": ("All Students", "AllStudents", "All"),
    "Race/Ethnicity": (
        "Race",
        "FederalRaceEthnicity",
        "Federal Race Ethnicity",
        "Race/Ethnicity",
        "Race Ethnicity",
    ),
    "Gender": ("Gender", "Sex"),
    "Income": (
        "FRL",
        "Income",
        "LowIncome",
        "Low Income Status",
        "FreeLunch",
        "Free-Reduced Price Lunch",
    ),
    "English Learner": (
        "ELL",
        "EnglishLearner",
        "English Learner Status",
        "Bilingual",
    ),
    "Disability": ("SWD", "sped", "SpecialEd", "Student With Disabilities Status"),
    "Section 504": ("504", "s504", "Section504", "Section 504 Status"),
    "Homeless": ("homeless", "Homeless Status"),
    "Foster Care": ("Foster", "Foster Care Status"),
    "Migrant": ("Migrant", "Migrant Status"),
    "Military Family": ("Military", "MilitaryFamily", "Military Parent Status"),
    "Highly Capable": ("HiCAP", "Highly Capable Status"),
    "Mobile": ("Mobile", "Mobile Status"),
}


def _index() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for group_type, groups in VOCABULARY.items():
        if group_type == "Students of Color":
            continue  # derived: never read from a file under this type
        for group in groups:
            if group == "Unknown":
                continue
            table[normalize(group)] = (group_type, group)
    for (group_type, group), spellings in _ALIASES.items():
        for spelling in spellings:
            table[normalize(spelling)] = (group_type, group)
    return table


_BY_GROUP = _index()
_BY_TYPE = {
    normalize(spelling): canonical
    for canonical, spellings in TYPE_ALIASES.items()
    for spelling in (*spellings, canonical)
}


def canonical_type(type_name: str) -> str | None:
    return _BY_TYPE.get(normalize(type_name))


def canonical_group(group_name: str, type_name: str = "") -> tuple[str, str] | None:
    """(group_type, group) in the vocabulary for an agency's spelling, or None."""
    key = normalize(group_name)
    if key == "unknown" and canonical_type(type_name) == "Military Family":
        return ("Military Family", "Unknown")
    return _BY_GROUP.get(key)
