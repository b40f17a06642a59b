"""The indicator catalog: one definition per indicator id, read by every output.

A breakdown that is neither a place nor a student group is its own indicator id
(``math_met_g08``, ``graduation_5yr``, ``dual_credit_ap``): the observation key stays
(indicator, period, place, group).
"""

from __future__ import annotations

from dataclasses import dataclass

RATE = "rate"
COUNT = "count"
AMOUNT = "amount"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    description: str
    numerator: str = ""
    denominator: str = ""
    higher_is_better: bool = True
    sources: tuple[str, ...] = ()


GRADES = ("03", "04", "05", "06", "07", "08", "10", "11")
SUBJECTS = {"ela": "English language arts", "math": "math", "science": "science"}
DUAL_CREDIT_PROGRAMS = {
    "ap": "Advanced Placement",
    "ib": "International Baccalaureate",
    "cihs": "College in the High School",
    "cambridge": "Cambridge International",
    "cte": "CTE dual credit (Tech Prep)",
    "running_start": "Running Start",
}
KINDERGARTEN_DOMAINS = {
    "social_emotional": "Social-Emotional",
    "physical": "Physical",
    "language": "Language",
    "cognitive": "Cognitive",
    "literacy": "Literacy",
    "math": "Math",
}


def _catalog() -> dict[str, Indicator]:
    items: list[Indicator] = [
        Indicator(
            "enrollment",
            "Enrollment",
            COUNT,
            "Students enrolled on the October count day, all grades.",
            numerator="students enrolled",
            sources=("ospi_enrollment", "ospi_enrollment_districts"),
        ),
        Indicator(
            "ninth_grade_on_track",
            "Ninth grade on track",
            RATE,
            "Ninth graders who earned every credit they attempted.",
            "ninth graders passing all credits attempted",
            "ninth graders",
            sources=("ospi_sqss",),
        ),
        Indicator(
            "regular_attendance",
            "Regular attendance",
            RATE,
            "Students with fewer than two absences a month on average.",
            "students regularly attending",
            "students enrolled 90 days or more",
            sources=("ospi_sqss",),
        ),
        Indicator(
            "dual_credit",
            "Dual credit",
            RATE,
            "Students in grades 9-12 who completed at least one dual credit course.",
            "students completing a dual credit course",
            "students in grades 9-12",
            sources=("ospi_sqss",),
        ),
        Indicator(
            "postsecondary_enrollment",
            "Postsecondary enrollment",
            RATE,
            "High school graduates enrolled in a college or university the fall "
            "after graduating.",
            "graduates enrolled in the first fall",
            "graduates",
            sources=("erdc_enrollment", "erdc_enrollment_wastem"),
        ),
        Indicator(
            "postsecondary_enrollment_2yr",
            "Postsecondary enrollment: two-year college",
            RATE,
            "High school graduates enrolled in a community, technical or other "
            "two-year college the fall after graduating.",
            "graduates enrolled in a two-year college in the first fall",
            "graduates",
            sources=("erdc_enrollment", "erdc_enrollment_wastem"),
        ),
        Indicator(
            "postsecondary_enrollment_4yr",
            "Postsecondary enrollment: four-year college",
            RATE,
            "High school graduates enrolled in a four-year college or university the "
            "fall after graduating.",
            "graduates enrolled in a four-year college in the first fall",
            "graduates",
            sources=("erdc_enrollment", "erdc_enrollment_wastem"),
        ),
        Indicator(
            "fafsa_completion",
            "FAFSA completion",
            RATE,
            "High school seniors who completed the FAFSA or WASFA.",
            "seniors completing the FAFSA or WASFA",
            "seniors",
            sources=("wsac_fafsa",),
        ),
        Indicator(
            "kindergarten_ready",
            "Kindergarten readiness",
            RATE,
            "Kindergartners ready in all six WaKIDS domains.",
            "kindergartners ready in all six domains",
            "kindergartners assessed",
            sources=("ospi_wakids",),
        ),
        Indicator(
            "population_race_alone",
            "Population by race (alone)",
            AMOUNT,
            "Residents reporting one race, from the American Community Survey.",
            sources=("acs",),
        ),
        Indicator(
            "population_race_in_combination",
            "Population by race (alone or in combination)",
            AMOUNT,
            "Residents reporting each race alone or with another race; groups overlap.",
            sources=("acs",),
        ),
    ]
    for years in (4, 5, 6, 7):
        items.append(
            Indicator(
                f"graduation_{years}yr",
                f"{years}-year graduation",
                RATE,
                f"Students in the adjusted cohort who graduated within {years} years.",
                "graduates",
                "adjusted cohort",
                sources=("ospi_graduation",),
            )
        )
    for program, title in DUAL_CREDIT_PROGRAMS.items():
        items.append(
            Indicator(
                f"dual_credit_{program}",
                f"Dual credit: {title}",
                RATE,
                f"Students in grades 9-12 who completed a {title} course.",
                f"students completing a {title} course",
                "students in grades 9-12",
                sources=("ospi_sqss",),
            )
        )
    for domain, title in KINDERGARTEN_DOMAINS.items():
        items.append(
            Indicator(
                f"kindergarten_ready_{domain}",
                f"Kindergarten readiness: {title}",
                RATE,
                f"Kindergartners at or above the expected level in the {title} domain.",
                "kindergartners ready in the domain",
                "kindergartners assessed",
                sources=("ospi_wakids",),
            )
        )
    for subject, name in SUBJECTS.items():
        for aim in (False, True):
            test = "WA-AIM" if aim else "the state test"
            base = f"{subject}_met" + ("_aim" if aim else "")
            for grade in (None, *GRADES):
                ident = base + (f"_g{grade}" if grade else "")
                grades = f"grade {int(grade)}" if grade else "all grades tested"
                items.append(
                    Indicator(
                        ident,
                        f"{name[0].upper() + name[1:]} met standard"
                        + (" (WA-AIM)" if aim else "")
                        + (f", grade {int(grade)}" if grade else ""),
                        RATE,
                        f"Students expected to test in {name} on {test}, "
                        f"{grades}, who met the standard.",
                        "students meeting standard",
                        "students expected to test",
                        sources=("ospi_assessment",),
                    )
                )
    return {i.id: i for i in items}


CATALOG = _catalog()


def is_rate(indicator_id: str) -> bool:
    item = CATALOG.get(indicator_id)
    return item is not None and item.unit == RATE


def get(indicator_id: str) -> Indicator | None:
    return CATALOG.get(indicator_id)
