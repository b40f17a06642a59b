"""The indicator engine: from the published facts in the warehouse to the
observations every output reads.

It reads only warehouse tables the sources wrote (facts, sources, places and the
ACS attainment table) and writes ``observations`` (the base columns, then gaps,
trends and goal progress), ``observation_parts`` (what each sum is made of) and
``suppression_audit``. Steps, in order:

1. published figures, one per key, the agency's own file first;
2. sums for places the agency did not publish, with coverage;
3. derived groups (Students of Color, Locale) and ACS attainment;
4. privacy: primary and complementary suppression of the atlas's own figures, then
   the audit that proves no hidden count can be narrowed below the minimum;
5. reliability: Wilson intervals, small denominators flagged;
6. equity gaps, trends across periods, progress toward goals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildFailed
from ..geography import Geography
from ..groups import ALL, required_groups
from ..warehouse.schema import (
    AUDIT_COLUMNS,
    EXTRA_COLUMNS,
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
    PART_COLUMNS,
)
from ..warehouse.store import write_table
from . import catalog
from .aggregate import DistrictWeights, aggregate
from .attainment import credential_attainment
from .audit import counts_of, shown_count, unit_of
from .derive import locale, students_of_color
from .gaps import add_gaps
from .goals import add_goal_columns, read_goals
from .statistics import wilson
from .suppression import Margin, suppress
from .trends import add_trends

SHOWN = ("ok", "low_reliability")
# Group types whose groups overlap by design: no margin to subtract.
OVERLAPPING = {"Race (alone)", "Race (in combination)", "Race (two or more races)"}


@dataclass
class EngineReport:
    observations: int = 0
    hidden: int = 0
    checked: int = 0
    # Hidden counts in the agency's release its own published figures reveal.
    source_disclosures: list[dict] = field(default_factory=list)
    # Figures of ours hidden by our rules that the agency publishes anyway (a
    # county of one district): hidden all the same, counted for the report.
    already_public: int = 0
    # Cells whose published figures contradict the margins around them.
    inconsistent: int = 0
    goals: int = 0


def key(obs: dict) -> tuple:
    return tuple(obs[k] for k in OBSERVATION_KEY)


def compute(
    con,
    min_n: int = 10,
    reliability_n: int = 30,
    goals_file: Path | None = None,
) -> EngineReport:
    geo = Geography.from_places(_rows(con, "SELECT * FROM places"))

    # 1-3: every figure, published, summed or derived.
    published = published_facts(con)
    weights = district_weights(published)
    summed = aggregate(published, geo, weights)
    names = {(p["geo_level"], p["geo_id"]): p["geo_name"] for p in geo.places()}
    attainment = credential_attainment(_rows(con, "SELECT * FROM acs_b15001"), names)
    observations = published + summed + attainment
    colored, color_margins = students_of_color(observations)
    local, locale_margins = locale(published, geo, weights)
    observations += colored + local
    _check_unique(observations)

    # 4: privacy, along every margin that is an identity of the figures: the
    # sums and differences the engine made, and the partitions that add up.
    cells = {key(o): o for o in observations}
    made = _sum_margins(summed) + _sum_margins(colored) + _sum_margins(local)
    made += color_margins + [
        # The White of Students of Color is the White of Race/Ethnicity.
        Margin(key(o), (key(o)[:4] + ("Race/Ethnicity", "White"),), "derived")
        for o in colored
        if o["group"] == "White"
    ]
    for margin in made:
        if not adds_up(cells, margin):
            raise BuildFailed(
                f"{_describe(margin.total)} is not the sum of its parts: "
                "a bug in the engine"
            )
    found = locale_margins + group_margins(observations)
    margins = made + [m for m in found if adds_up(cells, m)]
    # Suppression ends with the audit of what it leaves shown.
    result = suppress(observations, margins, min_n)
    if result.failures:
        first = result.failures[0]
        raise BuildFailed(
            f"the suppression audit failed for {len(result.failures)} hidden "
            f"cells, e.g. {first['count']} of {_describe(first['key'])} narrowed to "
            f"{first['lower']:g}..{first['upper']:g}; nothing was published"
        )

    # 5-6: reliability, gaps, trends, goals.
    add_reliability(observations, reliability_n)
    add_gaps(observations)
    add_trends(
        observations,
        {i.id: [{"period": b.period, "note": b.note} for b in i.breaks]
         for i in catalog.CATALOG.values()},
        {i.id: i.baseline for i in catalog.CATALOG.values() if i.baseline},
    )  # fmt: skip
    goals = read_goals(goals_file or default_goals())
    add_goal_columns(
        observations,
        goals,
        {i.id: i.higher_is_better for i in catalog.CATALOG.values()},
    )

    _write(con, observations, margins, result)
    return EngineReport(
        observations=len(observations),
        hidden=sum(1 for o in observations if o.get("_ours") and _hidden(o)),
        checked=result.checked,
        source_disclosures=[d for d in result.source_disclosures if not d["ours"]],
        already_public=len({d["key"] for d in result.source_disclosures if d["ours"]}),
        inconsistent=len({d["key"] for d in result.inconsistencies}),
        goals=len(goals),
    )


def default_goals() -> Path:
    from importlib import resources

    return Path(str(resources.files("stematlas.data").joinpath("goals.csv")))


def _rows(con, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def published_facts(con) -> list[dict]:
    """One figure per key: the agency's own file over a compilation of it, then a
    shown figure over a hidden one, then the later file."""
    rows = _rows(
        con,
        """
        SELECT f.*, coalesce(s.estimated, false) AS estimated
        FROM facts f LEFT JOIN sources s USING (source_id)
        QUALIFY row_number() OVER (
            PARTITION BY f.indicator, f.period, f.geo_level, f.geo_id,
                         f.group_type, f."group"
            ORDER BY f.priority DESC, (f.status = 'ok') DESC, f.file DESC
        ) = 1
        """,
    )
    out = []
    for r in rows:
        item = catalog.get(r["indicator"])
        obs = {c: r.get(c) for c, _ in OBSERVATION_COLUMNS}
        obs.update(
            method="estimated" if r["estimated"] else r["method"],
            coverage=None,
            _ours=False,
            _unit=item.unit if item else None,
        )
        out.append(obs)
    return out


def district_weights(published: list[dict]) -> DistrictWeights:
    enrollment: dict[str, dict[int, float]] = defaultdict(dict)
    for o in published:
        if (
            o["indicator"] == "enrollment"
            and o["geo_level"] == "district"
            and o["group_type"] == ALL
            and o["numerator"]
        ):
            enrollment[o["geo_id"]][int(o["period"][:4])] = o["numerator"]
    return DistrictWeights(dict(enrollment))


def _sum_margins(observations: list[dict]) -> list[Margin]:
    return [
        Margin(key(o), tuple(o["_parts"]), "geography")
        for o in observations
        if o.get("_parts")
    ]


def group_margins(observations: list[dict]) -> list[Margin]:
    """All Students = the groups of each type, in every place, where the type's
    listing is a partition: the groups the indicator lists that period include
    every group of the type (a file that lists only "Students with Disabilities"
    has no margin to subtract; a place without a row of a listed group has no
    such students). Margins made only of the agency's figures change nothing the
    atlas publishes; the audit reads them to find the counts the agency's own
    release already reveals."""
    totals: dict[tuple, dict] = {}
    groups: dict[tuple, list[dict]] = defaultdict(list)
    listed: dict[tuple, set[str]] = defaultdict(set)
    for o in observations:
        if o.get("_unit") not in (catalog.RATE, catalog.COUNT) or o.get("_survey"):
            continue
        place = (o["indicator"], o["period"], o["geo_level"], o["geo_id"])
        if o["group_type"] == ALL:
            totals[place] = o
        elif o["group_type"] not in OVERLAPPING and o["group_type"] not in (
            "Students of Color",
            "Locale",
        ):
            groups[place + (o["group_type"],)].append(o)
            listed[o["indicator"], o["period"], o["group_type"]].add(o["group"])
    margins = []
    for slot, parts in groups.items():
        total = totals.get(slot[:4])
        indicator, period, _, _, group_type = slot
        if (
            total is not None
            and required_groups(group_type) <= listed[indicator, period, group_type]
        ):
            margins.append(Margin(key(total), tuple(key(p) for p in parts), "group"))
    return margins


def adds_up(cells: dict[tuple, dict], margin: Margin) -> bool:
    """Whether the figures as they stand fit the margin, total = sum of parts, for
    every count: exactly where every part is shown, within the total where some
    are hidden. A margin that does not fit is no identity a reader could use."""
    total = cells.get(margin.total)
    parts = [cells[k] for k in margin.parts if k in cells]
    if total is None or not parts:
        return True
    for count in counts_of(unit_of(total)):
        whole = shown_count(total, count)
        values = [shown_count(p, count) for p in parts]
        if whole is None:
            continue
        known = sum(v for v in values if v is not None)
        tolerance = 1e-6 * (1 + abs(whole))
        if known > whole + tolerance:
            return False
        if None not in values and known < whole - tolerance:
            return False
    return True


def _hidden(o: dict) -> bool:
    return o["status"] in ("suppressed", "banded")


def add_reliability(observations: list[dict], reliability_n: int) -> None:
    """Wilson 95% intervals for proportions from counts; small denominators are
    shown but flagged."""
    for o in observations:
        if o.get("_unit") != catalog.RATE or o["status"] not in SHOWN:
            continue
        if o.get("_survey") or o["numerator"] is None or not o["denominator"]:
            continue
        o["lower"], o["upper"] = (
            round(b, 6) for b in wilson(o["numerator"], o["denominator"])
        )
        if o["denominator"] < reliability_n:
            o["status"] = "low_reliability"
            o["status_reason"] = f"n<{reliability_n}"


def _check_unique(observations: list[dict]) -> None:
    seen: set[tuple] = set()
    for o in observations:
        k = key(o)
        if k in seen:
            raise BuildFailed(f"two figures for {_describe(k)}: a bug in the engine")
        seen.add(k)


def _describe(k: tuple) -> str:
    indicator, period, level, geo_id, group_type, group = k
    return f"{indicator} {period} {level} {geo_id} {group_type}/{group}"


def _finding(entry: dict) -> str:
    if "true" in entry:
        # Published figures that contradict each other (a band that does not fit
        # the counts around it): no interval can be trusted there.
        return "inconsistent"
    return "already public" if entry["ours"] else "source disclosure"


def _write(con, observations: list[dict], margins: list[Margin], result) -> None:
    observations.sort(key=lambda o: tuple(str(v) for v in key(o)))
    columns = OBSERVATION_COLUMNS + EXTRA_COLUMNS
    names = [c for c, _ in columns]
    write_table(
        con, "observations", columns, ([o.get(c) for c in names] for o in observations)
    )
    write_table(
        con,
        "observation_parts",
        PART_COLUMNS,
        ((*m.total, p[2], p[3], p[4], p[5], m.kind) for m in margins for p in m.parts),
    )
    write_table(
        con,
        "suppression_audit",
        AUDIT_COLUMNS,
        (
            (*entry["key"], entry["count"], entry["lower"], entry["upper"], kind)
            for entry in result.source_disclosures + result.inconsistencies
            for kind in [_finding(entry)]
        ),
    )
