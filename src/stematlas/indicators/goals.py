"""Goals: a target for one indicator in one place and student group, and how far
the figures have come toward it.

A goals file is a CSV with the columns of ``GOAL_COLUMNS``; the atlas ships one
(``stematlas/data/goals.csv``) and a user may pass their own. ``read_goals`` is the
one function here that reads a file; progress is pure arithmetic on observations.

Progress (``goal_progress``), for a series of observations (indicator, place,
group; any year or school year, never a multi-year span such as an ACS 5-year
estimate), counting only figures that are shown (ok or low_reliability):

- current: the latest shown figure; baseline: the shown figure of the goal's
  baseline period (matched by start year);
- pace: (current - baseline) / years between their start years, in percentage
  points a year for rates (the unit's own terms for counts and amounts);
- projection: current + pace x years from the current period to the target
  period (none once the target period is reached), kept within 0..1 for rates;
- status: "met" when the current figure already reaches the target, whatever the
  baseline; "not on track" when the target period has come without reaching it,
  or when the projection falls short; "on track" when the projection reaches it;
  "no data" when there is no current figure, or no baseline to measure a pace
  from (a current figure alone cannot say whether the pace is enough).
"Reaches" respects the indicator's direction: at or above the target when higher
is better, at or below it otherwise.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from pathlib import Path

from ..errors import AtlasError
from ..geography import LEVELS
from ..periods import start_year
from ..warehouse.schema import OBSERVATION_KEY
from .catalog import RATE
from .trends import period_kind

GOAL_COLUMNS = (
    "indicator",
    "geo_level",
    "geo_id",
    "group_type",
    "group",
    "target_value",
    "target_period",
    "baseline_period",
    "source",
    "note",
)
REQUIRED = GOAL_COLUMNS[:7]
GOAL_KEYS = ("goal_target", "goal_period", "goal_gap_pp", "goal_status")
SERIES_KEY = ("indicator", "geo_level", "geo_id", "group_type", "group")
SHOWN = ("ok", "low_reliability")
TOLERANCE = 1e-9  # a projection that lands on the target by float noise reaches it

_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?")


def read_goals(path: Path) -> list[dict]:
    """The goals of a CSV file, checked row by row: numbers parse, periods read as
    "2023" or "2022-23", one goal per indicator, place and group. Bad input raises
    AtlasError naming the file, row (the header is row 1) and column."""
    if not path.is_file():
        raise AtlasError(f"goals file {path} does not exist")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [c for c in GOAL_COLUMNS if c not in header]
        if missing:
            raise AtlasError(
                f"goals file {path} lacks the columns {', '.join(missing)}; its "
                f"header must read {','.join(GOAL_COLUMNS)}"
            )
        reader.fieldnames = header
        rows = list(enumerate(reader, start=2))

    goals: list[dict] = []
    seen: dict[tuple, int] = {}
    for number, row in rows:
        if None in row:
            raise AtlasError(
                f"goals file {path}, row {number}: more values than the header has "
                "columns; quote text that contains a comma"
            )
        if not any((value or "").strip() for value in row.values()):
            continue
        goal = _goal(row, f"goals file {path}, row {number}")
        series = tuple(goal[k] for k in SERIES_KEY)
        if series in seen:
            raise AtlasError(
                f"goals file {path}, row {number}: a second goal for "
                f"{goal['indicator']} in {goal['geo_level']} {goal['geo_id']}, "
                f"{goal['group']}; row {seen[series]} already sets one, keep one"
            )
        seen[series] = number
        goals.append(goal)
    return goals


def _goal(row: dict, where: str) -> dict:
    """One row as a goal: text stripped, the target a number, periods checked."""
    goal = {c: (row.get(c) or "").strip() for c in GOAL_COLUMNS}
    for column in REQUIRED:
        if not goal[column]:
            raise AtlasError(f"{where}, column {column}: empty; every goal needs one")

    if goal["geo_level"] not in LEVELS:
        raise AtlasError(
            f"{where}, column geo_level: {goal['geo_level']!r} is not a level; use "
            f"one of {', '.join(LEVELS)}"
        )

    raw = goal["target_value"]
    try:
        target = float(raw)
    except ValueError:
        target = math.nan
    if not math.isfinite(target):
        raise AtlasError(
            f"{where}, column target_value: {raw!r} is not a number; write a rate "
            "as a share such as 0.70"
        )
    goal["target_value"] = target

    for column in ("target_period", "baseline_period"):
        if goal[column] and not _is_period(goal[column]):
            raise AtlasError(
                f"{where}, column {column}: {goal[column]!r} is not a period; "
                "write a year such as 2023 or a school year such as 2022-23"
            )
    baseline, target_period = goal["baseline_period"], goal["target_period"]
    if baseline and start_year(baseline) >= start_year(target_period):
        raise AtlasError(
            f"{where}, column baseline_period: {baseline} is not before the target "
            f"period {target_period}"
        )

    for column in ("baseline_period", "source", "note"):
        goal[column] = goal[column] or None
    return goal


def _is_period(text: str) -> bool:
    match = _PERIOD.fullmatch(text)
    if match is None:
        return False
    end = match.group(2)
    return end is None or (int(match.group(1)) + 1) % 100 == int(end)


def goal_progress(
    goal: dict, observations_by_key: dict[tuple, dict], higher_is_better: bool
) -> dict:
    """How the goal's series stands against its target (see the module docstring
    for the rules). ``observations_by_key`` may hold any observations; only those
    of the goal's indicator, place and group are read."""
    progress = {
        "current_period": None,
        "current_value": None,
        "baseline_value": None,
        "pace_per_year": None,
        "projected_value": None,
        "status": "no data",
    }
    wanted = tuple(goal[k] for k in SERIES_KEY)
    shown = sorted(
        (
            obs
            for obs in observations_by_key.values()
            if tuple(obs[k] for k in SERIES_KEY) == wanted
            and period_kind(obs["period"]) in ("year", "school year")
            and _shown(obs)
        ),
        key=lambda obs: start_year(obs["period"]),
    )
    if not shown:
        return progress

    current = shown[-1]
    now = start_year(current["period"])
    progress["current_period"] = current["period"]
    progress["current_value"] = current["value"]

    # Pace from the baseline, and where it leads by the target period.
    target = goal["target_value"]
    target_year = start_year(goal["target_period"])
    base = None
    if goal.get("baseline_period"):
        year = start_year(goal["baseline_period"])
        base = next((o for o in shown if start_year(o["period"]) == year), None)
    if base is not None:
        progress["baseline_value"] = base["value"]
    if base is not None and start_year(base["period"]) < now:
        rate = (current.get("_unit") or RATE) == RATE
        slope = (current["value"] - base["value"]) / (now - start_year(base["period"]))
        projected = current["value"] + slope * max(0, target_year - now)
        if rate:
            projected = min(1.0, max(0.0, projected))
        progress["pace_per_year"] = slope * 100 if rate else slope
        progress["projected_value"] = projected

    # The status, from what is known.
    if _reaches(current["value"], target, higher_is_better):
        progress["status"] = "met"
    elif now >= target_year:
        progress["status"] = "not on track"
    elif progress["projected_value"] is not None:
        on_track = _reaches(progress["projected_value"], target, higher_is_better)
        progress["status"] = "on track" if on_track else "not on track"
    return progress


def add_goal_columns(
    observations: list[dict],
    goals: list[dict],
    catalog_higher_is_better: dict[str, bool],
) -> None:
    """Add goal_target, goal_period, goal_gap_pp and goal_status to every
    observation, in place: the goal of its indicator, place and group (any
    period), else None. The gap is the figure minus the target in percentage
    points (negative: short of it), for shown figures only. An indicator the
    catalog does not list counts as higher is better."""
    by_series: dict[tuple, dict[tuple, dict]] = defaultdict(dict)
    for obs in observations:
        obs.update(dict.fromkeys(GOAL_KEYS))
        series = tuple(obs[k] for k in SERIES_KEY)
        by_series[series][tuple(obs[k] for k in OBSERVATION_KEY)] = obs

    for goal in goals:
        members = by_series.get(tuple(goal[k] for k in SERIES_KEY))
        if not members:
            continue
        higher = catalog_higher_is_better.get(goal["indicator"], True)
        status = goal_progress(goal, members, higher)["status"]
        for obs in members.values():
            obs.update(
                goal_target=goal["target_value"],
                goal_period=goal["target_period"],
                goal_status=status,
            )
            if _shown(obs):
                obs["goal_gap_pp"] = round(
                    100 * (obs["value"] - goal["target_value"]), 4
                )


def _shown(obs: dict) -> bool:
    return obs["status"] in SHOWN and obs["value"] is not None


def _reaches(value: float, target: float, higher_is_better: bool) -> bool:
    if higher_is_better:
        return value >= target - TOLERANCE
    return value <= target + TOLERANCE
