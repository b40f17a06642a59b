"""Change over time: each observation against the one before it and against a
baseline year, in the same place and student group.

A series is one indicator for one place and group, ordered by the start year of
its periods ("2018-19" and "2018" both start in 2018), with one kind of period:
an ACS 1-year estimate ("2018") and a 5-year one ("2014-2018") of the same place
make two series, since overlapping spans are not compared. For every observation
``add_trends`` adds:

- ``change_prev_pp`` / ``change_baseline_pp``: for rates, the change in percentage
  points from the previous period present in the series and from the baseline;
- ``change_prev`` / ``change_baseline``: for counts and amounts, the same changes
  in the indicator's own unit (students, dollars); the ``_pp`` keys stay None;
- ``change_prev_significant`` / ``change_baseline_significant``: a two-proportion
  test where both figures are rates with counts of students, a test on the
  intervals for survey estimates (ACS, flagged ``_survey``), else None;
- ``baseline_period``: the indicator's baseline, as the series writes it (None
  for a series of spans when the baseline is a single year);
- ``trend_note``: what a reader must know about those changes (a gap before the
  previous period, a previous or baseline figure that is not shown, a change
  across a break in the series), or None.

A change needs both figures shown (status ok or low_reliability); the previous
period is the nearest earlier one present in the series even when it is hidden,
so a suppressed year is never silently skipped over. A change across a break
(new test, new definition) is computed but never called significant. Changes
since the baseline are given for periods after it only.
No file or database access here.
"""

from __future__ import annotations

from collections import defaultdict

from ..periods import start_year
from .catalog import RATE
from .statistics import difference_significant, intervals_differ

SHOWN = ("ok", "low_reliability")
TREND_KEYS = (
    "change_prev_pp",
    "change_prev",
    "change_prev_significant",
    "change_baseline_pp",
    "change_baseline",
    "change_baseline_significant",
    "baseline_period",
    "trend_note",
)
SERIES_KEY = ("indicator", "geo_level", "geo_id", "group_type", "group")


def add_trends(
    observations: list[dict],
    breaks: dict[str, list[dict]],
    baselines: dict[str, str],
) -> None:
    """Add the trend keys to every observation, in place. ``breaks`` maps an
    indicator to [{"period": first period after the break, "note": why}];
    ``baselines`` maps an indicator to its baseline period."""
    series: dict[tuple, list[dict]] = defaultdict(list)
    for obs in observations:
        obs.update(dict.fromkeys(TREND_KEYS))
        key = tuple(obs[k] for k in SERIES_KEY)
        series[(*key, period_kind(obs["period"]))].append(obs)

    for (*_, kind), members in series.items():
        members.sort(key=lambda o: start_year(o["period"]))
        indicator = members[0]["indicator"]
        baseline = baselines.get(indicator)
        if baseline and not _same_kind(period_kind(baseline), kind):
            baseline = None  # a calendar baseline says nothing of 5-year spans
        base = None
        if baseline:
            year = start_year(baseline)
            base = next((o for o in members if start_year(o["period"]) == year), None)
        for i, obs in enumerate(members):
            obs["baseline_period"] = base["period"] if base else baseline
            previous = members[i - 1] if i else None
            _trend(obs, previous, base, baseline, breaks.get(indicator, []))


def period_kind(period: str) -> str:
    """ "year", "school year" or "N-year span": series of different kinds (an
    ACS 1-year and 5-year estimate of the same place) are never compared."""
    if len(period) == 4:
        return "year"
    start, end = period.split("-")
    if len(end) == 2:
        return "school year"
    return f"{int(end) - int(start) + 1}-year span"


def _same_kind(a: str, b: str) -> bool:
    """Years and school years line up by start year; spans only with spans of
    the same length."""
    return a == b or {a, b} == {"year", "school year"}


def _trend(
    obs: dict,
    previous: dict | None,
    base: dict | None,
    baseline: str | None,
    breaks: list[dict],
) -> None:
    if not _shown(obs):
        return
    pp = (obs.get("_unit") or RATE) == RATE
    notes: list[str] = []

    # Against the previous period present in the series.
    crossed: list[str] = []
    if previous is not None:
        notes += _previous_note(obs, previous)
        change, significant, crossed = _change(previous, obs, breaks)
        obs["change_prev_pp" if pp else "change_prev"] = change
        obs["change_prev_significant"] = significant
        if change is None:
            crossed = []  # no change shown, no break to warn about
        notes += [f"across a break: {note}" for note in crossed]

    # Against the baseline, for periods after it.
    year = start_year(obs["period"])
    if base is not None and start_year(base["period"]) < year:
        change, significant, since = _change(base, obs, breaks)
        obs["change_baseline_pp" if pp else "change_baseline"] = change
        obs["change_baseline_significant"] = significant
        if change is None:
            notes.append(f"baseline {base['period']} {_hidden(base)}")
        else:
            notes += [
                f"since {base['period']} across a break: {note}"
                for note in since
                if note not in crossed
            ]
    elif base is None and baseline and start_year(baseline) < year:
        notes.append(f"baseline {baseline} missing")

    obs["trend_note"] = "; ".join(notes) or None


def _change(
    earlier: dict, later: dict, breaks: list[dict]
) -> tuple[float | None, bool | None, list[str]]:
    """The change from ``earlier`` to ``later`` (percentage points for rates),
    whether it is significant, and the notes of the breaks it crosses."""
    crossed = [
        b["note"]
        for b in breaks
        if start_year(earlier["period"])
        < start_year(b["period"])
        <= start_year(later["period"])
    ]
    if not _shown(earlier):
        return None, None, crossed

    # Rounded as the gaps are: a difference of floats carries noise in its last
    # digits (-0.20000000000000018) that no reader should see.
    change = later["value"] - earlier["value"]
    if (later.get("_unit") or RATE) != RATE:
        return round(change, 4), None, crossed

    significant = None
    if crossed:
        pass
    elif earlier.get("_survey") or later.get("_survey"):
        # Survey counts are weighted estimates, not students: their sampling
        # error is in the intervals the margins of error gave.
        significant = intervals_differ(
            later["value"],
            (later["lower"], later["upper"]),
            earlier["value"],
            (earlier["lower"], earlier["upper"]),
        )
    elif _has_counts(earlier) and _has_counts(later):
        significant = difference_significant(
            later["value"],
            later["denominator"],
            earlier["value"],
            earlier["denominator"],
        )
    return round(change * 100, 4), significant, crossed


def _previous_note(obs: dict, previous: dict) -> list[str]:
    """Says when the previous period is hidden or not the one just before."""
    note = f"previous: {previous['period']}"
    if not _shown(previous):
        note += f" {_hidden(previous)}"

    missing = range(start_year(previous["period"]) + 1, start_year(obs["period"]))
    if len(missing) == 1:
        note += f", {_like(obs['period'], missing[0])} missing"
    elif len(missing) > 1:
        first = _like(obs["period"], missing[0])
        note += f", {first} to {_like(obs['period'], missing[-1])} missing"
    elif _shown(previous):
        return []
    return [note]


def _like(example: str, year: int) -> str:
    """The period starting in ``year``, written the way ``example`` is."""
    if len(example) == 4:
        return str(year)
    start, end = example.split("-")
    if len(end) == 2:
        return f"{year}-{(year + 1) % 100:02d}"
    return f"{year}-{year + int(end) - int(start)}"


def _shown(obs: dict) -> bool:
    return obs["status"] in SHOWN and obs["value"] is not None


def _hidden(obs: dict) -> str:
    return obs["status"] if obs["status"] not in SHOWN else "not shown"


def _has_counts(obs: dict) -> bool:
    return obs["numerator"] is not None and obs["denominator"] is not None
