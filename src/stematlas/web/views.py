"""What each page shows, as plain data: the rows, the choices, the sentences.

A page, its CSV and JSON downloads, and the static export are all built from these
view models, so a download holds exactly the rows of the table on the page. Reads
the warehouse only through ``Atlas``; no HTML here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..atlas import Atlas
from ..errors import AtlasError
from ..groups import ALL
from ..indicators import catalog
from .i18n import LEVEL_NAMES, gettext, percent, points

SHOWN = ("ok", "low_reliability")
LEVELS = ("state", "region", "esd", "wda", "county", "district")
# The group type a reader sees first, when the figures have it.
FIRST_TYPES = ("Race/Ethnicity", "Students of Color", "Income", "Gender", "Locale")
STATE = ("state", "53")


@dataclass
class Choice:
    value: str
    label: str
    selected: bool = False


@dataclass
class IndicatorView:
    indicator: catalog.Indicator
    place: tuple[str, str]
    place_name: str
    period: str
    group_type: str
    rows: list[dict]  # the table, and exactly what the downloads hold
    everyone: dict | None  # All Students in the same place and period
    trend: list[dict]  # All Students in the place, every period
    counties: list[dict]  # All Students by county, same period (the map)
    places: list[Choice]
    periods: list[Choice]
    group_types: list[Choice]
    sources: list[dict]
    findings: list[dict]
    notices: list[str] = field(default_factory=list)  # filters that gave way
    summary: list[str] = field(default_factory=list)

    @property
    def params(self) -> dict[str, str]:
        """The filters as URL parameters: the view's state lives in its URL."""
        return {
            "place": f"{self.place[0]}:{self.place[1]}",
            "period": self.period,
            "group_type": self.group_type,
        }

    @property
    def filters(self) -> dict[str, str]:
        """The same filters as the API's parameters."""
        return {
            "period": self.period,
            "geo_level": self.place[0],
            "geo_id": self.place[1],
            "group_type": self.group_type,
        }

    @property
    def hidden(self) -> list[dict]:
        return [r for r in self.rows if r["status"] in ("suppressed", "banded")]


def parse_place(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    level, _, geo_id = text.partition(":")
    if level not in LEVELS or not geo_id:
        raise AtlasError(
            f"place {text!r} is not LEVEL:ID; LEVEL is one of {', '.join(LEVELS)} "
            "(e.g. region:king, county:53033, district:17001)",
            400,
        )
    return level, geo_id


def indicator_view(
    atlas: Atlas,
    indicator_id: str,
    place: str | None = None,
    period: str | None = None,
    group_type: str | None = None,
    lang: str = "en",
) -> IndicatorView:
    """The explorer for one indicator, with every filter checked against what the
    warehouse holds; a filter left out takes the most useful default."""
    item = catalog.get(indicator_id)
    if item is None:
        raise AtlasError(
            f"unknown indicator {indicator_id!r}: see /indicators for the list", 404
        )
    places = _places(atlas, indicator_id)
    if not places:
        raise AtlasError(f"no figures for {indicator_id} in this build", 404)

    # Place, then period, then group type: each default depends on the one before.
    chosen = parse_place(place) or (STATE if STATE in places else next(iter(places)))
    if chosen not in places:
        raise AtlasError(f"no figures for {indicator_id} at {place}", 404)
    # A year or group type the new place lacks (the reader changed the place)
    # gives way to the place's own, and the page says so.
    notices = []
    periods = _periods(atlas, indicator_id, chosen)
    if period and period not in periods:
        notices.append(
            gettext(lang, "No figures for {period} here: showing {latest}.").format(
                period=period, latest=periods[-1]
            )
        )
        period = None
    period = period or periods[-1]
    types = _group_types(atlas, indicator_id, chosen, period)
    default_type = next((t for t in FIRST_TYPES if t in types), types[0])
    if group_type and group_type not in types:
        notices.append(
            gettext(lang, "No {group_type} figures here: showing {shown}.").format(
                group_type=gettext(lang, group_type),
                shown=gettext(lang, default_type),
            )
        )
        group_type = None
    group_type = group_type or default_type

    filters = {
        "period": period,
        "geo_level": chosen[0],
        "geo_id": chosen[1],
        "group_type": group_type,
    }
    rows = atlas.observations(indicator_id, filters)
    everyone = _one(
        atlas.observations(indicator_id, {**filters, "group_type": ALL}),
    )
    trend = atlas.observations(
        indicator_id,
        {"geo_level": chosen[0], "geo_id": chosen[1], "group_type": ALL},
    )
    counties = atlas.observations(
        indicator_id, {"period": period, "geo_level": "county", "group_type": ALL}
    )
    view = IndicatorView(
        indicator=item,
        place=chosen,
        place_name=places[chosen],
        period=period,
        group_type=group_type,
        rows=rows,
        everyone=everyone,
        trend=trend,
        counties=counties,
        places=[
            Choice(f"{lv}:{gid}", _place_label(lv, name, lang), (lv, gid) == chosen)
            for (lv, gid), name in places.items()
        ],
        periods=[Choice(p, p, p == period) for p in reversed(periods)],
        group_types=[Choice(t, gettext(lang, t), t == group_type) for t in types],
        sources=_sources(atlas, item),
        findings=_findings(atlas, item),
        notices=notices,
    )
    view.summary = summary(view, lang)
    return view


def _one(rows: list[dict]) -> dict | None:
    return rows[0] if rows else None


def _place_label(level: str, name: str, lang: str) -> str:
    if level == "state":
        return name
    return f"{name} ({gettext(lang, LEVEL_NAMES[level])})"


def _places(atlas: Atlas, indicator_id: str) -> dict[tuple[str, str], str]:
    rows = atlas._rows(
        """
        SELECT DISTINCT geo_level, geo_id, geo_name FROM observations
        WHERE indicator = ? AND geo_level <> 'school'
        """,
        [indicator_id],
    )
    order = {level: i for i, level in enumerate(LEVELS)}
    rows.sort(key=lambda r: (order.get(r["geo_level"], 99), r["geo_name"] or ""))
    return {(r["geo_level"], r["geo_id"]): r["geo_name"] for r in rows}


def _periods(atlas: Atlas, indicator_id: str, place: tuple[str, str]) -> list[str]:
    rows = atlas._rows(
        """
        SELECT DISTINCT period FROM observations
        WHERE indicator = ? AND geo_level = ? AND geo_id = ? ORDER BY period
        """,
        [indicator_id, *place],
    )
    return [r["period"] for r in rows]


def _group_types(
    atlas: Atlas, indicator_id: str, place: tuple[str, str], period: str
) -> list[str]:
    rows = atlas._rows(
        """
        SELECT DISTINCT group_type FROM observations
        WHERE indicator = ? AND geo_level = ? AND geo_id = ? AND period = ?
        ORDER BY group_type
        """,
        [indicator_id, *place, period],
    )
    types = [r["group_type"] for r in rows]
    # All Students last: the other types are what the bars compare.
    return [t for t in types if t != ALL] + ([ALL] if ALL in types else [])


def _sources(atlas: Atlas, item: catalog.Indicator) -> list[dict]:
    if not item.sources:
        return []
    marks = ", ".join("?" for _ in item.sources)
    return atlas._rows(
        f"""
        SELECT l.path, l.source_id, l.title, l.vintage, l.url, l.license,
               l.attribution, l.sha256, l.rows_in, l.rows_loaded,
               l.rows_quarantined, l.findings, l.estimated
        FROM lineage l WHERE l.source_id IN ({marks}) ORDER BY l.path
        """,
        list(item.sources),
    )


def _findings(atlas: Atlas, item: catalog.Indicator, limit: int = 20) -> list[dict]:
    """Validation notes on the files behind this indicator, the most serious first."""
    if not item.sources:
        return []
    marks = ", ".join("?" for _ in item.sources)
    return atlas._rows(
        f"""
        SELECT f.file, f.code, f.severity, min(f.message) AS message,
               count(*) AS rows
        FROM findings f JOIN lineage l ON l.path = f.file
        WHERE l.source_id IN ({marks})
        GROUP BY f.file, f.code, f.severity
        ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2
                 END, rows DESC
        LIMIT {int(limit)}
        """,
        list(item.sources),
    )


# The plain-language summary.


def summary(view: IndicatorView, lang: str) -> list[str]:
    """A few sentences that read the numbers out, in the page's language."""
    _ = lambda text: gettext(lang, text)  # noqa: E731
    label = _  # data labels: not extracted as messages of their own
    item, everyone = view.indicator, view.everyone
    sentences = []
    if everyone and everyone["status"] in SHOWN and everyone["value"] is not None:
        if item.unit == catalog.RATE:
            sentences.append(
                _("{title} in {place}, {period}: {value} of all students.").format(
                    title=label(item.title),
                    place=view.place_name,
                    period=view.period,
                    value=percent(everyone["value"], lang),
                )
            )
        else:
            sentences.append(
                _("{title} in {place}, {period}: {value}.").format(
                    title=label(item.title),
                    place=view.place_name,
                    period=view.period,
                    value=f"{everyone['value']:,.0f}",
                )
            )
    shown = [
        r
        for r in view.rows
        if r["status"] in SHOWN and r["value"] is not None and r["group_type"] != ALL
    ]
    if item.unit == catalog.RATE and len(shown) >= 2:
        high = max(shown, key=lambda r: r["value"])
        low = min(shown, key=lambda r: r["value"])
        sentences.append(
            _(
                "Among the {group_type} groups shown, {high} had the highest rate "
                "({high_value}) and {low} the lowest ({low_value}): a gap of "
                "{gap} percentage points."
            ).format(
                group_type=label(view.group_type),
                high=label(high["group"]),
                high_value=percent(high["value"], lang),
                low=label(low["group"]),
                low_value=percent(low["value"], lang),
                gap=points(100 * (high["value"] - low["value"]), lang).lstrip("+±"),
            )
        )
    if view.hidden:
        sentences.append(
            _(
                "{n} of {total} figures in this table are hidden or shown only as a "
                "range to protect the privacy of small groups of students."
            ).format(n=len(view.hidden), total=len(view.rows))
        )
    if everyone and everyone.get("change_prev_pp") is not None:
        change = points(everyone["change_prev_pp"], lang)
        if everyone.get("change_prev_significant"):
            text = _(
                "{change} percentage points since the previous period; the change "
                "is larger than the uncertainty of the figures."
            )
        else:
            text = _(
                "{change} percentage points since the previous period; the change "
                "is within the uncertainty of the figures or crosses a break in the "
                "series."
            )
        sentences.append(text.format(change=change))
    if everyone and everyone.get("goal_target") is not None:
        sentences.append(
            _("The goal is {target} by {year}; status: {status}.").format(
                target=percent(everyone["goal_target"], lang, 0),
                year=everyone["goal_period"],
                status=label(everyone["goal_status"] or "unknown"),
            )
        )
    return sentences


# Home and regions.


def headline(atlas: Atlas, lang: str, place: tuple[str, str] = STATE) -> list[dict]:
    """The latest All Students figure of each step of the on-track chain in a
    place, with its trend and its largest gap between groups."""
    out = []
    available = set(atlas.indicators_with_observations())
    for item in catalog.chain():
        indicator_id = item.id
        if indicator_id not in available:
            out.append({"indicator": item, "row": None, "gap": None, "found": False})
            continue
        latest = atlas._rows(
            """
            SELECT * FROM observations
            WHERE indicator = ? AND geo_level = ? AND geo_id = ? AND group_type = ?
            ORDER BY period DESC LIMIT 1
            """,
            [indicator_id, *place, ALL],
        )
        if not latest:
            out.append({"indicator": item, "row": None, "gap": None, "found": True})
            continue
        row = latest[0]
        out.append(
            {
                "indicator": item,
                "row": row,
                "gap": _largest_gap(atlas, indicator_id, place, row["period"]),
                "found": True,
            }
        )
    return out


def _largest_gap(
    atlas: Atlas, indicator_id: str, place: tuple[str, str], period: str
) -> dict | None:
    rows = atlas._rows(
        """
        SELECT group_type, max_by("group", value) AS high, max(value) AS high_value,
               min_by("group", value) AS low, min(value) AS low_value,
               count(*) AS groups
        FROM observations
        WHERE indicator = ? AND geo_level = ? AND geo_id = ? AND period = ?
          AND group_type NOT IN ('All') AND status IN ('ok', 'low_reliability')
          AND value IS NOT NULL
        GROUP BY group_type HAVING count(*) >= 2
        ORDER BY max(value) - min(value) DESC LIMIT 1
        """,
        [indicator_id, *place, period],
    )
    return rows[0] if rows else None


def regions(atlas: Atlas) -> list[dict]:
    return atlas._rows(
        "SELECT geo_id, geo_name FROM places WHERE geo_level = 'region' "
        "ORDER BY geo_name"
    )


def region_name(atlas: Atlas, region_id: str) -> str:
    rows = atlas._rows(
        "SELECT geo_name FROM places WHERE geo_level = 'region' AND geo_id = ?",
        [region_id],
    )
    if not rows:
        known = ", ".join(r["geo_id"] for r in regions(atlas))
        raise AtlasError(f"unknown region {region_id!r}; regions: {known}", 404)
    return rows[0]["geo_name"]


def region_profile(atlas: Atlas, region_id: str) -> list[dict]:
    """Every indicator's latest All Students figure in the region beside the
    state's for the same period, its gaps between groups, and, for indicators
    the region has no figure of its own for, the figures of its counties and
    districts."""
    rows = atlas._rows(
        """
        WITH latest AS (
            SELECT indicator, max(period) AS period FROM observations
            WHERE geo_level = 'region' AND geo_id = ? AND group_type = 'All'
            GROUP BY indicator
        )
        SELECT r.*, s.value AS state_value, s.status AS state_status
        FROM observations r JOIN latest USING (indicator, period)
        LEFT JOIN observations s
          ON s.indicator = r.indicator AND s.period = r.period
         AND s.geo_level = 'state' AND s.group_type = 'All'
        WHERE r.geo_level = 'region' AND r.geo_id = ? AND r.group_type = 'All'
        ORDER BY r.indicator
        """,
        [region_id, region_id],
    )
    out = []
    for row in rows:
        item = catalog.get(row["indicator"])
        if item is None:
            continue
        rate = item.unit == catalog.RATE
        place = ("region", region_id)
        out.append(
            {
                "indicator": item,
                "row": row,
                "versus_state": _versus_state(row) if rate else None,
                "gap": _largest_gap(atlas, item.id, place, row["period"])
                if rate
                else None,
                "groups": _group_gaps(atlas, item.id, place, row["period"])
                if rate
                else [],
            }
        )
    out.sort(key=lambda e: (e["indicator"].chain_step is None, e["indicator"].id))
    return out


def _versus_state(row: dict) -> float | None:
    shown = row["status"] in SHOWN and row["state_status"] in SHOWN
    if not shown or row["value"] is None or row["state_value"] is None:
        return None
    return 100 * (row["value"] - row["state_value"])


# The priority populations of STEM reporting, in the order a profile shows them.
PROFILE_TYPES = ("Race/Ethnicity", "Students of Color", "Income", "Gender", "Locale")


def _group_gaps(
    atlas: Atlas, indicator_id: str, place: tuple[str, str], period: str
) -> list[dict]:
    """The place's figure for each group of the priority group types, with its
    gaps to All Students there and to the same group statewide."""
    return atlas._rows(
        """
        SELECT * FROM observations
        WHERE indicator = ? AND geo_level = ? AND geo_id = ? AND period = ?
          AND list_contains(?::VARCHAR[], group_type)
        ORDER BY list_position(?::VARCHAR[], group_type), "group"
        """,
        [indicator_id, *place, period, list(PROFILE_TYPES), list(PROFILE_TYPES)],
    )


def region_places(atlas: Atlas, region_id: str, shown: set[str]) -> list[dict]:
    """For indicators without a figure for the region itself (``shown`` holds
    those with one), the latest All Students figure of each county and district
    in the region: what the files loaded do cover there."""
    rows = atlas._rows(
        """
        WITH inside AS (
            SELECT geo_level, geo_id FROM places
            WHERE region_id = ? AND geo_level IN ('county', 'district')
        ),
        latest AS (
            SELECT o.indicator, o.geo_level, o.geo_id, max(o.period) AS period
            FROM observations o JOIN inside USING (geo_level, geo_id)
            WHERE o.group_type = 'All' AND NOT list_contains(?::VARCHAR[], o.indicator)
            GROUP BY ALL
        )
        SELECT o.* FROM observations o
        JOIN latest USING (indicator, geo_level, geo_id, period)
        WHERE o.group_type = 'All'
        ORDER BY o.indicator, o.geo_level, o.geo_name
        """,
        [region_id, sorted(shown)],
    )
    out: dict[str, dict] = {}
    for row in rows:
        item = catalog.get(row["indicator"])
        if item is None:
            continue
        out.setdefault(item.id, {"indicator": item, "rows": []})["rows"].append(row)
    return sorted(
        out.values(),
        key=lambda e: (e["indicator"].chain_step is None, e["indicator"].id),
    )


def catalog_entries(atlas: Atlas) -> list[dict]:
    """Indicators with figures in this build, with their span of periods."""
    counts = {r["indicator"]: r for r in atlas.indicator_counts()}
    return [
        {**counts[item.id], "indicator": item}
        for item in catalog.CATALOG.values()
        if item.id in counts
    ]


def breaks_json(item: catalog.Indicator) -> str:
    return json.dumps([{"period": b.period, "note": b.note} for b in item.breaks])


def region_counties(atlas: Atlas) -> list[dict]:
    return atlas._rows(
        """
        SELECT r.geo_id AS region_id, r.geo_name AS region,
               string_agg(c.geo_name, ', ' ORDER BY c.geo_name) AS counties
        FROM places c JOIN places r
          ON r.geo_level = 'region' AND r.geo_id = c.region_id
        WHERE c.geo_level = 'county'
        GROUP BY r.geo_id, r.geo_name ORDER BY r.geo_name
        """
    )


def county_regions(atlas: Atlas) -> list[dict]:
    return atlas._rows(
        """
        SELECT c.geo_id AS id, c.geo_name AS name, r.geo_name AS region
        FROM places c JOIN places r
          ON r.geo_level = 'region' AND r.geo_id = c.region_id
        WHERE c.geo_level = 'county' ORDER BY c.geo_id
        """
    )


def has_shapes(atlas: Atlas) -> bool:
    return _has_table(atlas, "shapes")


def _has_table(atlas: Atlas, name: str) -> bool:
    rows = atlas._rows(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?",
        [name],
    )
    return rows[0]["n"] > 0


def finding_summary(atlas: Atlas) -> list[dict]:
    return atlas._rows(
        """
        SELECT file, code, severity, count(*) AS rows, min(message) AS message
        FROM findings GROUP BY ALL ORDER BY file, severity, code
        """
    )


def releases(atlas: Atlas) -> tuple[list[dict], list[dict]]:
    """The builds this database remembers, newest first, and what changed in the
    newest one by indicator."""
    if not _has_table(atlas, "releases"):
        return [], []
    builds = atlas._rows("SELECT * FROM releases ORDER BY number DESC")
    changes = []
    if _has_table(atlas, "release_changes"):
        changes = atlas._rows(
            "SELECT * FROM release_changes WHERE changed + added + removed > 0 "
            "ORDER BY indicator"
        )
    return builds, changes


def changed_figures(atlas: Atlas, limit: int | None = None) -> list[dict]:
    """The figures the newest build changed, added or removed, old and new
    values side by side, in key order."""
    if not _has_table(atlas, "release_figures"):
        return []
    bound = "" if limit is None else f"LIMIT {int(limit)}"
    return atlas._rows(f"SELECT * FROM release_figures {bound}")


def notes_for(
    atlas: Atlas, indicator_id: str, place: tuple[str, str], lang: str
) -> list[dict]:
    """Community notes on this indicator, for this region or the whole state."""
    if not _has_table(atlas, "notes"):
        return []
    regions = ["state"]
    if place[0] == "region":
        regions.append(place[1])
    return atlas._rows(
        """
        SELECT * FROM notes
        WHERE (len(indicators) = 0 OR list_contains(indicators, ?))
          AND (len(regions) = 0 OR list_has_any(regions, ?))
        ORDER BY lang = ? DESC, date DESC
        """,
        [indicator_id, regions, lang],
    )
