"""What the careers and credentials pages show, as plain data: the job lists, the
statewide count of good jobs by credential, the programs and colleges, the rules in
words, the sources, the sentences. Pages, their downloads, the API and the static
export are all built from these, so a download holds exactly a page's table. Reads
the warehouse only through ``Atlas``; no HTML here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..atlas import Atlas
from .i18n import gettext, number, percent
from .views import Choice

# Data labels (households, levels, rule titles) are translated through the catalog
# too, but are listed for it by ``career_labels``, not extracted from calls.
data_label = gettext

# The columns of a careers download and of the API's rows, in order.
CAREER_COLUMNS = [
    "region_id", "region_name", "household", "soc", "title", "median_hourly",
    "wage_percentile", "wage_hourly", "living_wage", "family_wage", "in_demand",
    "demand_status", "openings", "employment", "growth", "growth_years",
    "credential", "credential_label", "education", "beyond_high_school",
    "estimated", "method", "wage_status", "wage_area", "wage_basis",
    "living_wage_basis", "figures_basis", "demand_basis", "wage_period",
    "living_wage_period", "period_note", "source",
]  # fmt: skip
CREDENTIAL_COLUMNS = [
    "region_id", "household", "soc", "title", "openings", "credential_label",
    "program_data", "programs", "programs_offered", "colleges_in_region",
    "colleges_nearby", "completions", "completions_per_opening",
    "completions_year", "cips",
]  # fmt: skip
# Where each kind of figure is explained: the rule's anchor on the page.
METHODS = {
    "wage": "rule-region_wage",
    "living_wage": "rule-family_wage",
    "family_wage": "rule-family_wage",
    "openings": "rule-regional_jobs",
    "demand": "rule-in_demand",
    "credential": "rule-credential",
    "pathways": "rule-pathways",
}
# Which sources each rule's figures come from.
RULE_SOURCES = {
    "family_wage": ("mit_living_wage", "urban_county_population", "bls_oews"),
    "region_wage": ("bls_oews", "regions_oews_areas"),
    "in_demand": ("esd_demand", "esd_projections", "bls_oews", "bls_projections",
                  "bls_projections_workbook", "bls_separations"),
    "regional_jobs": ("esd_projections", "bls_oews", "bls_projections",
                      "bls_projections_workbook", "urban_county_population"),
    "credential": ("bls_projections", "bls_projections_workbook"),
    "pathways": ("nces_cip_soc", "nces_cip_codes", "ipeds_completions",
                 "ipeds_institutions", "wa_colleges"),
}  # fmt: skip


@dataclass
class CareerView:
    region_id: str
    region_name: str
    household: str
    household_label: str
    credential: str | None
    rows: list[dict]  # the table, and exactly what the downloads hold
    households: list[Choice]
    credentials: list[Choice]
    rules: list[dict]
    sources: list[dict]
    notes: list[dict]
    summary: list[str] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    percentile: int = 50  # the wage family_wage compares
    percentile_label: str = ""
    top_code: float | None = None  # BLS's highest published hourly wage

    @property
    def params(self) -> dict[str, str]:
        """The filters as URL parameters: the page's state lives in its URL."""
        params = {"household": self.household}
        if self.credential:
            params["credential"] = self.credential
        return params

    @property
    def estimated(self) -> bool:
        return any(r["estimated"] for r in self.rows)

    @property
    def period_note(self) -> str:
        return next((r["period_note"] for r in self.rows if r["period_note"]), "")


def _choices(atlas: Atlas, household: str, credential: str | None, lang: str):
    households = [
        Choice(h["id"], data_label(lang, h["label"]), h["id"] == household)
        for h in atlas.career_households()
    ]
    credentials = [Choice("", gettext(lang, "Every credential"), not credential)]
    credentials += [
        Choice(lv["id"], data_label(lang, lv["label"]), lv["id"] == credential)
        for lv in atlas.career_levels()
    ]
    return households, credentials


def rules_with_sources(atlas: Atlas, lang: str = "en") -> tuple[list, list]:
    """The rules in words, in the page's language, each with the loaded sources
    behind it; and every labor source loaded."""
    sources = atlas.career_sources()
    by_id: dict[str, list[dict]] = {}
    for s in sources:
        by_id.setdefault(s["source_id"], []).append(s)
    rules = []
    for rule in atlas.career_rules():
        wanted = RULE_SOURCES.get(rule["id"], ())
        rules.append(
            {
                "id": rule["id"],
                "title": data_label(lang, rule["title"]),
                "explanation": filled(lang, rule["template"], rule["values"]),
                "sources": [s for i in wanted for s in by_id.get(i, [])],
            }
        )
    return rules, sources


def filled(lang: str, template: str, values: str | None) -> str:
    """A stored text in the page's language: its template translated, then its
    values (themselves translated where the catalog has them)."""
    found = json.loads(values or "{}")
    words = {
        k: data_label(lang, v) if isinstance(v, str) else v for k, v in found.items()
    }
    return data_label(lang, template).format(**words)


def notes(atlas: Atlas, region_id: str | None, lang: str) -> list[dict]:
    return [
        {**n, "note": filled(lang, n["template"], n["values"])}
        for n in atlas.career_notes(region_id)
        if region_id is not None or n["region_id"] == "state"
    ]


def career_view(
    atlas: Atlas,
    region_id: str,
    household: str | None = None,
    credential: str | None = None,
    lang: str = "en",
) -> CareerView:
    """A region's in-demand family-wage occupations for one household, ranked
    by openings, with every filter checked against what the build holds."""
    household = household or atlas.career_default_household()
    rows = atlas.careers(region_id, household, credential or None)
    every = atlas.careers(region_id, household) if credential else rows
    households, credentials = _choices(atlas, household, credential, lang)
    rules, sources = rules_with_sources(atlas, lang)
    label = next(c.label for c in households if c.selected)
    name = _region_name(atlas, region_id)
    view = CareerView(
        region_id=region_id,
        region_name=name,
        household=household,
        household_label=label,
        credential=credential or None,
        rows=rows,
        households=households,
        credentials=credentials,
        rules=rules,
        sources=sources,
        notes=notes(atlas, region_id, lang),
        totals=_totals(every),
    )
    parameters = atlas.career_rule_parameters()
    view.percentile = int(parameters.get("percentile", 50))
    view.percentile_label = data_label(lang, parameters.get("percentile_label", ""))
    view.top_code = parameters.get("top_code_hourly")
    view.summary = career_summary(view, atlas, lang)
    return view


def _region_name(atlas: Atlas, region_id: str) -> str:
    from .views import region_name

    return region_name(atlas, region_id)


def _totals(rows: list[dict]) -> dict:
    openings = sum(r["openings"] or 0 for r in rows)
    beyond = sum(r["openings"] or 0 for r in rows if r["beyond_high_school"])
    return {
        "occupations": len(rows),
        "openings": openings,
        "beyond_high_school": beyond,
        "share": beyond / openings if openings else None,
    }


def career_summary(view: CareerView, atlas: Atlas, lang: str) -> list[str]:
    """A few sentences that read the list out, in the page's language."""
    _ = lambda text: gettext(lang, text)  # noqa: E731
    t = view.totals
    living = atlas.career_living_wage(view.region_id, view.household)
    wage = living["living_wage"] if living else None
    sentences = []
    if wage is not None:
        sentences.append(
            _("In {region}, the living wage for {household} is {wage} an hour.").format(
                region=view.region_name,
                household=view.household_label.lower(),
                wage=money(wage, lang),
            )
        )
    sentences.append(
        _(
            "{n} in-demand occupations pay at least that: {openings} openings a "
            "year, of which {beyond} ({share}) need a credential beyond high school."
        ).format(
            n=t["occupations"],
            openings=number(t["openings"], lang),
            beyond=number(t["beyond_high_school"], lang),
            share=percent(t["share"], lang, 0) if t["share"] is not None else "–",
        )
    )
    if view.estimated:
        sentences.append(
            _(
                "Figures marked estimated are the atlas's estimates, not an "
                "agency's: see how they are made below."
            )
        )
    return sentences


def money(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    from babel.numbers import format_currency

    from .i18n import LOCALES

    return format_currency(value, "USD", locale=LOCALES[lang])


# The statewide page.


@dataclass
class StatewideView:
    household: str
    household_label: str
    households: list[Choice]
    levels: list[dict]  # by credential level: openings, share, occupations
    regions: list[dict]
    totals: dict
    rules: list[dict]
    sources: list[dict]
    notes: list[dict]
    summary: list[str] = field(default_factory=list)

    @property
    def params(self) -> dict[str, str]:
        return {"household": self.household}


def statewide_view(
    atlas: Atlas, household: str | None = None, lang: str = "en"
) -> StatewideView:
    household = household or atlas.career_default_household()
    found = {r["credential"]: r for r in atlas.career_summary(household)}
    levels = [
        {**lv, **found.get(lv["id"], {"openings": 0, "occupations": 0})}
        for lv in atlas.career_levels()
    ]
    if None in found:
        levels.append({"id": None, "label": "Not known", **found[None]})
    total = sum(lv["openings"] or 0 for lv in levels)
    for lv in levels:
        lv["share"] = (lv["openings"] or 0) / total if total else None
    beyond = sum(lv["openings"] or 0 for lv in levels if lv.get("beyond_high_school"))
    households, _ = _choices(atlas, household, None, lang)
    rules, sources = rules_with_sources(atlas, lang)
    view = StatewideView(
        household=household,
        household_label=next(c.label for c in households if c.selected),
        households=households,
        levels=levels,
        regions=atlas.career_region_totals(household),
        totals={
            "openings": total,
            "beyond_high_school": beyond,
            "share": beyond / total if total else None,
            "estimated": any(lv.get("estimated") for lv in levels),
        },
        rules=rules,
        sources=sources,
        notes=notes(atlas, None, lang),
    )
    view.summary = statewide_summary(view, lang)
    return view


def statewide_summary(view: StatewideView, lang: str) -> list[str]:
    _ = lambda text: gettext(lang, text)  # noqa: E731
    t = view.totals
    return [
        _(
            "Across Washington's regions, in-demand jobs that pay a family wage for "
            "{household} offer {openings} openings a year; {beyond} of them "
            "({share}) need a credential beyond high school."
        ).format(
            household=view.household_label.lower(),
            openings=number(t["openings"], lang),
            beyond=number(t["beyond_high_school"], lang),
            share=percent(t["share"], lang, 0) if t["share"] is not None else "–",
        )
    ]


# The credentials page.


@dataclass
class CredentialView:
    region_id: str
    region_name: str
    household: str
    household_label: str
    households: list[Choice]
    rows: list[dict]  # occupations, each with its programs and colleges
    colleges: list[dict]
    program_data: str
    crosswalk: bool  # the CIP-SOC crosswalk is loaded
    rules: list[dict]
    sources: list[dict]
    notes: list[dict]

    @property
    def params(self) -> dict[str, str]:
        return {"household": self.household}

    @property
    def loaded(self) -> bool:
        return self.program_data == "loaded"


def credential_view(
    atlas: Atlas, region_id: str, household: str | None = None, lang: str = "en"
) -> CredentialView:
    household = household or atlas.career_default_household()
    pathways = atlas.career_pathways(region_id, household)
    programs = atlas.career_programs([r["soc"] for r in pathways])
    offerings = atlas.career_offerings(region_id)
    rows = []
    for r in pathways:
        cips = programs.get(r["soc"], [])
        rows.append(
            {
                **r,
                "programs_list": [
                    {**p, "offered_by": offerings.get(p["cip"], [])} for p in cips
                ],
            }
        )
    households, _ = _choices(atlas, household, None, lang)
    rules, sources = rules_with_sources(atlas, lang)
    states = {(r["pathway"] or {}).get("program_data") for r in rows} - {None}
    return CredentialView(
        region_id=region_id,
        region_name=_region_name(atlas, region_id),
        household=household,
        household_label=next(c.label for c in households if c.selected),
        households=households,
        rows=rows,
        colleges=atlas.career_colleges(region_id),
        program_data="loaded" if states == {"loaded"} else "not loaded",
        crosswalk=atlas.has_crosswalk(),
        rules=rules,
        sources=sources,
        notes=notes(atlas, region_id, lang),
    )


def credential_rows(view: CredentialView) -> list[dict]:
    """The credentials table flattened for downloads: one row per occupation."""
    out = []
    for r in view.rows:
        p = r["pathway"] or {}
        out.append(
            {
                "region_id": view.region_id,
                "household": view.household,
                "soc": r["soc"],
                "title": r["title"],
                "openings": r["openings"],
                "credential_label": r["credential_label"],
                "program_data": p.get("program_data") or "not loaded",
                **{k: p.get(k) for k in CREDENTIAL_COLUMNS[7:14]},
                "cips": ";".join(x["cip"] for x in r["programs_list"]),
            }
        )
    return out


def career_rows(view: CareerView) -> list[dict]:
    """The careers table for downloads: exactly the page's rows and columns."""
    return [{c: r.get(c) for c in CAREER_COLUMNS} for r in view.rows]


def top_jobs(atlas: Atlas, region_id: str, count: int = 5) -> list[dict] | None:
    """The region's in-demand family-wage jobs with the most openings, for the
    default household; None when the build holds no careers."""
    if not atlas.has_careers():
        return None
    return atlas.careers(region_id)[:count]


# Words for the kinds of figure, shown in the tables in the page's language.
KIND_LABELS = {
    "published": "as published",
    "state_for_region": "state figure: the region's area is not in the file",
    "state_for_occupation": "state figure: not published for the area",
    "esd": "ESD projections",
    "esd_added": "ESD projections, added up",
    "esd_shared": "ESD projections, shared by population",
    "estimate": "estimated from national rates",
    "estimate_state_share": "estimated from national rates and the state's jobs",
    "esd_list": "ESD's list",
    "esd_list_absent": "not on ESD's list",
    "esd_rule": "ESD's rule on ESD's projections",
    "esd_rule_absent": "not in ESD's projections",
    "estimate_rule": "ESD's rule on estimates",
    "none": "no projections",
}
DEMAND_LABELS = ("in demand", "balanced", "not in demand", "not rated")
WAGE_LABELS = ("ok", "annual_only", "top_coded", "not_published")
NEARNESS = ("in the region", "nearby")


def page_labels() -> list[str]:
    """The data labels these pages translate besides the labor part's own texts:
    the kinds of figure, statuses, and "Not known"."""
    return [*KIND_LABELS.values(), *DEMAND_LABELS, *NEARNESS, "Not known"]
