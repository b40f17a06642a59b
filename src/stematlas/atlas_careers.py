"""The careers queries of ``Atlas``: regional job lists, the statewide count of
good jobs by credential, and where to earn the credentials. Part of the one door
outputs use (``Atlas`` inherits them); read-only, every query parameterized.
"""

from __future__ import annotations

import json

from .errors import AtlasError
from .warehouse.schema import CAREER_COLUMNS

CAREER_FIELDS = [c for c, _ in CAREER_COLUMNS]
SCOPES = ("good", "in_demand", "family_wage", "all")
# Which rows each scope holds: "good" jobs are in demand and pay a family wage.
SCOPE_WHERE = {
    "good": "in_demand AND family_wage",
    "in_demand": "in_demand",
    "family_wage": "family_wage",
    "all": "TRUE",
}
LABOR_SOURCES = (
    "bls_oews", "bls_projections", "bls_projections_workbook", "bls_separations",
    "esd_projections", "esd_demand", "mit_living_wage", "urban_county_population",
    "regions_oews_areas", "nces_cip_soc", "nces_cip_codes", "wa_colleges",
    "ipeds_institutions", "ipeds_completions",
)  # fmt: skip


class CareerQueries:
    """Mixed into ``Atlas``; uses its ``_rows``."""

    def has_careers(self) -> bool:
        rows = self._rows(
            "SELECT count(*) AS n FROM information_schema.tables "
            "WHERE table_name = 'careers'"
        )
        if not rows[0]["n"]:
            return False
        return self._rows("SELECT count(*) AS n FROM careers")[0]["n"] > 0

    def career_households(self) -> list[dict]:
        """Every household the living wages are for; the ids sort in MIT's order
        (one adult, then two adults with one working, then both working)."""
        self._need_careers()
        return self._rows(
            """
            SELECT household AS id, any_value(household_label) AS label
            FROM careers GROUP BY household ORDER BY household
            """
        )

    def career_rule_parameters(self) -> dict:
        rows = self._rows("SELECT parameters FROM career_rules LIMIT 1")
        return json.loads(rows[0]["parameters"]) if rows else {}

    def career_default_household(self) -> str:
        wanted = self.career_rule_parameters().get("household")
        known = [h["id"] for h in self.career_households()]
        return wanted if wanted in known else (known[0] if known else "")

    def career_levels(self) -> list[dict]:
        """The credential levels, least schooling first."""
        levels = self.career_rule_parameters().get("levels", [])
        return [{"id": lv["id"], "label": lv["label"]} for lv in levels]

    def career_rules(self) -> list[dict]:
        return self._rows(
            'SELECT id, title, explanation, template, "values" FROM career_rules'
        )

    def career_notes(self, region_id: str | None = None) -> list[dict]:
        return self._rows(
            "SELECT * FROM career_notes WHERE region_id = 'state' OR region_id = ? "
            "ORDER BY region_id = 'state' DESC, topic",
            [region_id],
        )

    def careers(
        self,
        region_id: str | None = None,
        household: str | None = None,
        credential: str | None = None,
        scope: str = "good",
    ) -> list[dict]:
        """A region's occupations (every region's, without one) for one
        household, ranked by annual openings; ``scope`` "good" keeps the
        in-demand family-wage ones."""
        household = self._household(household)
        if scope not in SCOPES:
            raise AtlasError(f"scope {scope!r} is not one of {', '.join(SCOPES)}", 400)
        if region_id is not None:
            self._known_region(region_id)
        if credential is not None:
            self._known_level(credential)
        fields = ", ".join(f'"{f}"' for f in CAREER_FIELDS)
        return self._rows(
            f"""
            SELECT {fields} FROM careers
            WHERE household = ? AND (?::VARCHAR IS NULL OR region_id = ?)
              AND (?::VARCHAR IS NULL OR credential = ?)
              AND {SCOPE_WHERE[scope]}
            ORDER BY region_id, openings DESC NULLS LAST, soc
            """,
            [household, region_id, region_id, credential, credential],
        )

    def career_living_wage(self, region_id: str, household: str | None = None):
        """The region's living wage for the household, and how it was made."""
        rows = self._rows(
            "SELECT living_wage, living_wage_basis FROM careers "
            "WHERE region_id = ? AND household = ? LIMIT 1",
            [region_id, self._household(household)],
        )
        return rows[0] if rows else None

    def career_summary(self, household: str | None = None) -> list[dict]:
        """Annual openings in in-demand family-wage jobs by credential level, each
        region's summed over the state, with the number of occupation-region
        pairs behind them."""
        household = self._household(household)
        return self._rows(
            """
            SELECT credential, any_value(credential_label) AS credential_label,
                   any_value(beyond_high_school) AS beyond_high_school,
                   sum(openings) AS openings, count(*) AS occupations,
                   bool_or(estimated) AS estimated
            FROM careers
            WHERE household = ? AND in_demand AND family_wage
            GROUP BY credential
            """,
            [household],
        )

    def career_region_totals(self, household: str | None = None) -> list[dict]:
        """Per region: openings in in-demand family-wage jobs, and how many of
        them need a credential beyond high school."""
        household = self._household(household)
        return self._rows(
            """
            SELECT region_id, any_value(region_name) AS region_name,
                   count(*) FILTER (WHERE in_demand AND family_wage) AS occupations,
                   coalesce(sum(openings) FILTER (WHERE in_demand AND family_wage),
                            0) AS openings,
                   coalesce(sum(openings) FILTER (WHERE in_demand AND family_wage
                            AND beyond_high_school), 0) AS beyond_high_school,
                   any_value(living_wage) AS living_wage,
                   bool_or(estimated) AS estimated
            FROM careers WHERE household = ?
            GROUP BY region_id ORDER BY region_name
            """,
            [household],
        )

    def career_pathways(self, region_id: str, household: str | None = None):
        """The region's in-demand family-wage occupations with what the region
        offers toward each: programs, colleges, completions per opening."""
        rows = self.careers(region_id, household)
        found = {
            r["soc"]: r
            for r in self._rows(
                "SELECT * FROM career_pathways WHERE region_id = ?", [region_id]
            )
        }
        return [{**r, "pathway": found.get(r["soc"])} for r in rows]

    def career_programs(self, socs: list[str]) -> dict[str, list[dict]]:
        """soc -> the programs (CIP) that lead to it, from the crosswalk."""
        out: dict[str, list[dict]] = {s: [] for s in socs}
        if not socs:
            return out
        for r in self._rows(
            "SELECT soc, cip, cip_title FROM cip_soc "
            "WHERE list_contains(?::VARCHAR[], soc) ORDER BY cip",
            [socs],
        ):
            out[r["soc"]].append(r)
        return out

    def has_crosswalk(self) -> bool:
        """Whether the CIP-SOC crosswalk is loaded: without it no occupation has
        programs, which says nothing about pathways."""
        return self._rows("SELECT count(*) AS n FROM cip_soc")[0]["n"] > 0

    def career_offerings(self, region_id: str) -> dict[str, list[dict]]:
        """CIP -> the colleges in or near the region that award it."""
        out: dict[str, list[dict]] = {}
        for r in self._rows(
            "SELECT * FROM career_offerings WHERE region_id = ? "
            "ORDER BY nearness = 'nearby', completions DESC, institution",
            [region_id],
        ):
            out.setdefault(r["cip"], []).append(r)
        return out

    def career_colleges(self, region_id: str) -> list[dict]:
        return self._rows(
            "SELECT * FROM career_colleges WHERE region_id = ? "
            "ORDER BY nearness = 'nearby', name",
            [region_id],
        )

    def career_sources(self) -> list[dict]:
        """The files behind the careers pages, with their terms."""
        return self._rows(
            """
            SELECT l.path, l.source_id, l.title, l.vintage, l.url, l.license,
                   l.attribution, l.rows_in, l.rows_loaded, l.rows_quarantined
            FROM lineage l WHERE list_contains(?::VARCHAR[], l.source_id)
            ORDER BY l.source_id, l.path
            """,
            [list(LABOR_SOURCES)],
        )

    # Checks that turn a bad filter into a message that says what to pass.

    def _need_careers(self) -> None:
        if not self.has_careers():
            raise AtlasError(
                "no careers in this build: add the OEWS wages and a living wage "
                "file to the data folder and rebuild (see /data)",
                404,
            )

    def _household(self, household: str | None) -> str:
        known = [h["id"] for h in self.career_households()]
        if household is None:
            return self.career_default_household()
        if household not in known:
            raise AtlasError(
                f"unknown household {household!r}; households: {', '.join(known)}",
                400,
            )
        return household

    def _known_region(self, region_id: str) -> None:
        rows = self._rows(
            "SELECT geo_id FROM places WHERE geo_level = 'region' ORDER BY geo_id"
        )
        known = [r["geo_id"] for r in rows]
        if region_id not in known:
            raise AtlasError(
                f"unknown region {region_id!r}; regions: {', '.join(known)}", 404
            )

    def _known_level(self, level: str) -> None:
        known = [lv["id"] for lv in self.career_levels()]
        if level not in known:
            raise AtlasError(
                f"unknown credential level {level!r}; levels: {', '.join(known)}",
                400,
            )
