"""Tables of the warehouse. Column lists are the single definition used to create
and to fill each table."""

from __future__ import annotations

SCHEMA_VERSION = "1"

OBSERVATION_COLUMNS: list[tuple[str, str]] = [
    ("indicator", "VARCHAR"),
    ("period", "VARCHAR"),
    ("geo_level", "VARCHAR"),
    ("geo_id", "VARCHAR"),
    ("geo_name", "VARCHAR"),
    ("group_type", "VARCHAR"),
    ("group", "VARCHAR"),
    ("numerator", "DOUBLE"),
    ("denominator", "DOUBLE"),
    ("value", "DOUBLE"),
    ("lower", "DOUBLE"),
    ("upper", "DOUBLE"),
    ("status", "VARCHAR"),
    ("status_reason", "VARCHAR"),
    ("source_id", "VARCHAR"),
    ("method", "VARCHAR"),
    ("coverage", "DOUBLE"),
]
OBSERVATION_KEY = ("indicator", "period", "geo_level", "geo_id", "group_type", "group")

# Columns after the base ones: equity gaps, trends and goal progress.
EXTRA_COLUMNS: list[tuple[str, str]] = [
    ("gap_to_all_pp", "DOUBLE"),
    ("gap_to_state_pp", "DOUBLE"),
    ("gap_to_best_pp", "DOUBLE"),
    ("ratio_to_all", "DOUBLE"),
    ("change_prev_pp", "DOUBLE"),
    ("change_prev", "DOUBLE"),  # counts and amounts, in their own unit
    ("change_prev_significant", "BOOLEAN"),
    ("change_baseline_pp", "DOUBLE"),
    ("change_baseline", "DOUBLE"),
    ("change_baseline_significant", "BOOLEAN"),
    ("baseline_period", "VARCHAR"),
    ("trend_note", "VARCHAR"),
    ("goal_target", "DOUBLE"),
    ("goal_period", "VARCHAR"),
    ("goal_gap_pp", "DOUBLE"),  # the figure minus the target
    ("goal_status", "VARCHAR"),
]

# What each sum is made of: the observation (its key), then each part's place and
# group (a part shares the indicator and period).
PART_COLUMNS: list[tuple[str, str]] = [
    ("indicator", "VARCHAR"),
    ("period", "VARCHAR"),
    ("geo_level", "VARCHAR"),
    ("geo_id", "VARCHAR"),
    ("group_type", "VARCHAR"),
    ("group", "VARCHAR"),
    ("part_geo_level", "VARCHAR"),
    ("part_geo_id", "VARCHAR"),
    ("part_group_type", "VARCHAR"),
    ("part_group", "VARCHAR"),
    ("kind", "VARCHAR"),
]

AUDIT_COLUMNS: list[tuple[str, str]] = [
    ("indicator", "VARCHAR"),
    ("period", "VARCHAR"),
    ("geo_level", "VARCHAR"),
    ("geo_id", "VARCHAR"),
    ("group_type", "VARCHAR"),
    ("group", "VARCHAR"),
    ("count", "VARCHAR"),
    ("lower", "DOUBLE"),
    ("upper", "DOUBLE"),
    ("finding", "VARCHAR"),
]

FACT_COLUMNS: list[tuple[str, str]] = OBSERVATION_COLUMNS[:14] + [
    ("method", "VARCHAR"),
    ("district_code", "VARCHAR"),
    ("county", "VARCHAR"),
    ("esd", "VARCHAR"),
    ("row", "INTEGER"),
    ("source_id", "VARCHAR"),
    ("file", "VARCHAR"),
    ("priority", "INTEGER"),
]

LINEAGE_COLUMNS: list[tuple[str, str]] = [
    ("path", "VARCHAR"),
    ("source_id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("size", "BIGINT"),
    ("sha256", "VARCHAR"),
    ("vintage", "VARCHAR"),
    ("url", "VARCHAR"),
    ("license", "VARCHAR"),
    ("attribution", "VARCHAR"),
    ("estimated", "BOOLEAN"),
    ("rows_in", "BIGINT"),
    ("rows_loaded", "BIGINT"),
    ("rows_quarantined", "BIGINT"),
    ("findings", "BIGINT"),
    ("errors", "BIGINT"),
    ("warnings", "BIGINT"),
    ("fetched_from", "VARCHAR"),
    ("fetched_sha256", "VARCHAR"),
    ("fetched_at", "VARCHAR"),
]

FINDING_COLUMNS: list[tuple[str, str]] = [
    ("code", "VARCHAR"),
    ("severity", "VARCHAR"),
    ("file", "VARCHAR"),
    ("row", "BIGINT"),
    ("column", "VARCHAR"),
    ("message", "VARCHAR"),
]

QUARANTINE_COLUMNS: list[tuple[str, str]] = [
    ("file", "VARCHAR"),
    ("row", "BIGINT"),
    ("code", "VARCHAR"),
    ("column", "VARCHAR"),
    ("message", "VARCHAR"),
    ("raw", "VARCHAR"),
]

SOURCE_COLUMNS: list[tuple[str, str]] = [
    ("source_id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("agency", "VARCHAR"),
    ("license", "VARCHAR"),
    ("attribution", "VARCHAR"),
    ("url", "VARCHAR"),
    ("estimated", "BOOLEAN"),
    ("found", "BOOLEAN"),
    ("folders", "VARCHAR"),
]

PLACE_COLUMNS: list[tuple[str, str]] = [
    ("geo_level", "VARCHAR"),
    ("geo_id", "VARCHAR"),
    ("geo_name", "VARCHAR"),
    ("district_code", "VARCHAR"),
    ("county_fips", "VARCHAR"),
    ("esd_id", "VARCHAR"),
    ("wda_id", "VARCHAR"),
    ("region_id", "VARCHAR"),
    ("state_id", "VARCHAR"),
    ("rucc_2023", "INTEGER"),
]

INDICATOR_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("unit", "VARCHAR"),
    ("description", "VARCHAR"),
    ("numerator", "VARCHAR"),
    ("denominator", "VARCHAR"),
    ("population", "VARCHAR"),
    ("higher_is_better", "BOOLEAN"),
    ("sources", "VARCHAR"),
    ("caveats", "VARCHAR"),
    ("research", "VARCHAR"),
    ("baseline", "VARCHAR"),
    ("breaks", "VARCHAR"),  # JSON list of {period, note}
    ("chain_step", "INTEGER"),
]

META_COLUMNS: list[tuple[str, str]] = [("key", "VARCHAR"), ("value", "VARCHAR")]

# Releases: the builds an atlas remembers and what each changed.
RELEASE_COLUMNS = [
    # Counts builds from the first one this history remembers; two builds can
    # share a second of built_at, never a number.
    ("number", "BIGINT"),
    ("build_id", "VARCHAR"),
    ("built_at", "VARCHAR"),
    ("previous_build_id", "VARCHAR"),
    ("changed", "BIGINT"),
    ("added", "BIGINT"),
    ("removed", "BIGINT"),
]
CHANGE_COLUMNS = [
    ("indicator", "VARCHAR"),
    ("changed", "BIGINT"),
    ("added", "BIGINT"),
    ("removed", "BIGINT"),
]
RELEASE_COMPARED = ("numerator", "denominator", "value", "status")
# Each figure this build changed, added or removed, with its old and new values.
FIGURE_COLUMNS = [
    ("kind", "VARCHAR"),
    ("indicator", "VARCHAR"),
    ("period", "VARCHAR"),
    ("geo_level", "VARCHAR"),
    ("geo_id", "VARCHAR"),
    ("geo_name", "VARCHAR"),
    ("group_type", "VARCHAR"),
    ("group", "VARCHAR"),
    *[(f"old_{c}", "VARCHAR" if c == "status" else "DOUBLE") for c in RELEASE_COMPARED],
    *[(f"new_{c}", "VARCHAR" if c == "status" else "DOUBLE") for c in RELEASE_COMPARED],
]

# The labor market (stematlas.labor): one row per region, household and
# occupation; where to earn each credential; the rules and notes pages show.
CAREER_COLUMNS: list[tuple[str, str]] = [
    ("region_id", "VARCHAR"),
    ("region_name", "VARCHAR"),
    ("household", "VARCHAR"),
    ("household_label", "VARCHAR"),
    ("soc", "VARCHAR"),
    ("title", "VARCHAR"),
    ("wage_percentile", "INTEGER"),
    ("wage_hourly", "DOUBLE"),
    ("median_hourly", "DOUBLE"),
    ("wage_status", "VARCHAR"),
    ("wage_area", "VARCHAR"),
    ("wage_basis", "VARCHAR"),
    ("wage_kind", "VARCHAR"),
    ("living_wage", "DOUBLE"),
    ("living_wage_basis", "VARCHAR"),
    ("family_wage", "BOOLEAN"),
    ("employment", "DOUBLE"),
    ("openings", "DOUBLE"),
    ("growth", "DOUBLE"),
    ("growth_years", "DOUBLE"),
    ("demand_status", "VARCHAR"),
    ("in_demand", "BOOLEAN"),
    ("demand_basis", "VARCHAR"),
    ("demand_kind", "VARCHAR"),
    ("education", "VARCHAR"),
    ("credential", "VARCHAR"),
    ("credential_label", "VARCHAR"),
    ("beyond_high_school", "BOOLEAN"),
    ("estimated", "BOOLEAN"),
    ("figures_basis", "VARCHAR"),
    ("figures_kind", "VARCHAR"),
    ("method", "VARCHAR"),
    ("wage_period", "VARCHAR"),
    ("living_wage_period", "VARCHAR"),
    ("period_note", "VARCHAR"),
    ("source", "VARCHAR"),
]

CAREER_PATHWAY_COLUMNS: list[tuple[str, str]] = [
    ("region_id", "VARCHAR"),
    ("soc", "VARCHAR"),
    ("programs", "INTEGER"),
    ("programs_offered", "INTEGER"),
    ("colleges_in_region", "INTEGER"),
    ("colleges_nearby", "INTEGER"),
    ("completions", "BIGINT"),
    ("completions_per_opening", "DOUBLE"),
    ("completions_year", "VARCHAR"),
    ("program_data", "VARCHAR"),
]

CAREER_OFFERING_COLUMNS: list[tuple[str, str]] = [
    ("region_id", "VARCHAR"),
    ("cip", "VARCHAR"),
    ("unitid", "VARCHAR"),
    ("institution", "VARCHAR"),
    ("county_fips", "VARCHAR"),
    ("county", "VARCHAR"),
    ("nearness", "VARCHAR"),
    ("completions", "BIGINT"),
    ("awards", "VARCHAR"),
    ("year", "VARCHAR"),
]

CAREER_COLLEGE_COLUMNS: list[tuple[str, str]] = [
    ("region_id", "VARCHAR"),
    ("name", "VARCHAR"),
    ("degree_type", "VARCHAR"),
    ("institution_type", "VARCHAR"),
    ("city", "VARCHAR"),
    ("county", "VARCHAR"),
    ("nearness", "VARCHAR"),
]

# Rules and notes keep their text as a template and its values (JSON), so each
# language's page fills in its own translation.
CAREER_RULE_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("explanation", "VARCHAR"),
    ("template", "VARCHAR"),
    ("values", "VARCHAR"),
    ("parameters", "VARCHAR"),  # the rules' parameters, JSON
]

CAREER_NOTE_COLUMNS: list[tuple[str, str]] = [
    ("region_id", "VARCHAR"),  # "state" for notes on every region
    ("topic", "VARCHAR"),
    ("note", "VARCHAR"),
    ("template", "VARCHAR"),
    ("values", "VARCHAR"),
]
