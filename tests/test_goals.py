"""Goals: reading the goals file, progress toward a target, goal columns."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from stematlas.errors import AtlasError
from stematlas.indicators.aggregate import observation
from stematlas.indicators.goals import (
    GOAL_COLUMNS,
    add_goal_columns,
    goal_progress,
    read_goals,
)
from stematlas.warehouse.schema import OBSERVATION_KEY

HEADER = ",".join(GOAL_COLUMNS)
ROW = "graduation_4yr,state,53,All,All Students,0.9,2029-30,2018-19,our board,\n"


def obs(period, value, status="ok", indicator="credential_attainment_25_44", **kw):
    item = observation(
        indicator=indicator,
        period=period,
        geo_level=kw.get("geo_level", "state"),
        geo_id=kw.get("geo_id", "53"),
        geo_name="Washington",
        group_type=kw.get("group_type", "All"),
        group=kw.get("group", "All Students"),
        value=value,
        status=status,
        source_id="acs",
        method="published",
    )
    item.update(_ours=False, _unit=kw.get("unit", "rate"))
    return item


def keyed(*observations):
    return {tuple(o[k] for k in OBSERVATION_KEY): o for o in observations}


def goal(target=0.70, target_period="2023", baseline_period="2014", **kw):
    return {
        "indicator": kw.get("indicator", "credential_attainment_25_44"),
        "geo_level": "state",
        "geo_id": "53",
        "group_type": "All",
        "group": "All Students",
        "target_value": target,
        "target_period": target_period,
        "baseline_period": baseline_period,
        "source": "test",
        "note": None,
    }


# Reading the goals file.


def test_reads_the_shipped_goals():
    path = Path(str(resources.files("stematlas.data").joinpath("goals.csv")))
    goals = read_goals(path)
    by_indicator = {g["indicator"]: g for g in goals}
    attainment = by_indicator["credential_attainment_25_44"]
    assert attainment["target_value"] == 0.70
    assert (attainment["target_period"], attainment["baseline_period"]) == (
        "2023",
        "2014",
    )
    assert (attainment["geo_level"], attainment["geo_id"]) == ("state", "53")
    steps = [
        "kindergarten_ready",
        "math_met_g04",
        "math_met_g08",
        "ninth_grade_on_track",
        "dual_credit",
        "graduation_4yr",
        "postsecondary_enrollment",
    ]
    assert list(by_indicator) == ["credential_attainment_25_44", *steps]
    for step in steps:
        g = by_indicator[step]
        assert (g["target_value"], g["target_period"], g["baseline_period"]) == (
            0.70,
            "2029-30",
            "2018-19",
        )
        assert (g["group_type"], g["group"]) == ("All", "All Students")
        assert g["source"].startswith("Placeholder")


def test_reads_a_small_file(write):
    path = write("goals.csv", "\ufeff" + HEADER + "\n" + ROW + ",,,,,,,,,\n")
    (only,) = read_goals(path)
    assert only == {
        "indicator": "graduation_4yr",
        "geo_level": "state",
        "geo_id": "53",
        "group_type": "All",
        "group": "All Students",
        "target_value": 0.9,
        "target_period": "2029-30",
        "baseline_period": "2018-19",
        "source": "our board",
        "note": None,
    }


def test_baseline_is_optional(write):
    row = "dual_credit,district,05121,All,All Students,0.8,2026,,,\n"
    (only,) = read_goals(write("goals.csv", HEADER + "\n" + row))
    assert only["baseline_period"] is None
    assert only["geo_id"] == "05121"  # ids stay text, leading zero and all


@pytest.mark.parametrize(
    "row, message",
    [
        (
            ROW.replace("0.9", "ninety"),
            "row 2, column target_value: 'ninety' is not a number; write a rate as "
            "a share such as 0.70",
        ),
        (
            ROW.replace("0.9", "nan"),
            "row 2, column target_value: 'nan' is not a number",
        ),
        (
            ROW.replace("2029-30", "2029-31"),
            "row 2, column target_period: '2029-31' is not a period; write a year "
            "such as 2023 or a school year such as 2022-23",
        ),
        (
            ROW.replace("2018-19", "SY18"),
            "row 2, column baseline_period: 'SY18' is not a period",
        ),
        (
            ROW.replace("2018-19", "2030-31"),
            "row 2, column baseline_period: 2030-31 is not before the target period "
            "2029-30",
        ),
        (
            ROW.replace("state", "State"),
            "row 2, column geo_level: 'State' is not a level; use one of state, "
            "region, esd, wda, county, district, school",
        ),
        (
            ROW.replace("graduation_4yr", ""),
            "row 2, column indicator: empty; every goal needs one",
        ),
        (
            ROW.replace("our board,", "our board, with a comma,"),
            "row 2: more values than the header has columns",
        ),
    ],
)
def test_bad_rows_name_the_row_and_column(write, row, message):
    path = write("goals.csv", HEADER + "\n" + row)
    with pytest.raises(AtlasError) as raised:
        read_goals(path)
    assert raised.value.message.startswith(f"goals file {path}, {message}")


def test_one_goal_per_series(write):
    other = ROW.replace("0.9", "0.95")
    path = write("goals.csv", HEADER + "\n" + ROW + other)
    with pytest.raises(AtlasError) as raised:
        read_goals(path)
    assert raised.value.message == (
        f"goals file {path}, row 3: a second goal for graduation_4yr in state 53, "
        "All Students; row 2 already sets one, keep one"
    )


def test_missing_columns_and_file(write, tmp_path):
    path = write("goals.csv", "indicator,geo_level,geo_id,group_type,group\n")
    with pytest.raises(AtlasError) as raised:
        read_goals(path)
    assert raised.value.message == (
        f"goals file {path} lacks the columns target_value, target_period, "
        f"baseline_period, source, note; its header must read {HEADER}"
    )
    with pytest.raises(AtlasError, match="does not exist"):
        read_goals(tmp_path / "nowhere.csv")


# Progress toward a goal.


def test_not_on_track():
    # 0.50 in 2014 to 0.56 in 2018: 1.5 points a year, 0.635 by 2023 < 0.70.
    found = keyed(obs("2014", 0.50), obs("2016", 0.53), obs("2018", 0.56))
    progress = goal_progress(goal(), found, higher_is_better=True)
    assert progress["current_period"] == "2018"
    assert progress["current_value"] == 0.56
    assert progress["baseline_value"] == 0.50
    assert progress["pace_per_year"] == pytest.approx(1.5)
    assert progress["projected_value"] == pytest.approx(0.635)
    assert progress["status"] == "not on track"


def test_on_track_when_the_projection_lands_on_the_target():
    # 0.50 to 0.60 over 4 years: 2.5 points a year, exactly 0.725 by 2023.
    found = keyed(obs("2014", 0.50), obs("2018", 0.60))
    progress = goal_progress(goal(target=0.725), found, True)
    assert progress["projected_value"] == pytest.approx(0.725)
    assert progress["status"] == "on track"


def test_met_whatever_the_baseline():
    found = keyed(obs("2014", 0.72), obs("2018", 0.71))
    progress = goal_progress(goal(), found, True)
    assert progress["status"] == "met"
    assert progress["pace_per_year"] == pytest.approx(-0.25)
    # Without any baseline a current figure at the target is still met.
    progress = goal_progress(goal(), keyed(obs("2018", 0.71)), True)
    assert progress["status"] == "met"
    assert progress["pace_per_year"] is None


def test_no_baseline_means_no_data():
    progress = goal_progress(goal(), keyed(obs("2018", 0.60)), True)
    assert progress["status"] == "no data"
    assert progress["current_value"] == 0.60
    assert progress["baseline_value"] is None
    assert progress["projected_value"] is None


def test_suppressed_figures_do_not_count():
    found = keyed(
        obs("2014", None, status="suppressed"),
        obs("2017", 0.60),
        obs("2018", None, status="suppressed"),
    )
    progress = goal_progress(goal(), found, True)
    assert progress["current_period"] == "2017"
    assert progress["status"] == "no data"
    assert goal_progress(goal(), keyed(obs("2014", None, "suppressed")), True) == {
        "current_period": None,
        "current_value": None,
        "baseline_value": None,
        "pace_per_year": None,
        "projected_value": None,
        "status": "no data",
    }


def test_only_the_goals_series_counts():
    found = keyed(
        obs("2014", 0.50),
        obs("2018", 0.56),
        obs("2019", 0.90, group="Female", group_type="Gender"),
        obs("2019", 0.90, geo_level="county", geo_id="53033"),
        obs("2019", 0.90, indicator="graduation_4yr"),
    )
    progress = goal_progress(goal(), found, True)
    assert progress["current_period"] == "2018"
    assert progress["status"] == "not on track"


def test_lower_is_better():
    # Chronic absence from 0.30 to 0.26 in 4 years: -1 point a year, 0.21 by 2023.
    found = keyed(obs("2014", 0.30), obs("2018", 0.26))
    progress = goal_progress(goal(target=0.22), found, higher_is_better=False)
    assert progress["pace_per_year"] == pytest.approx(-1.0)
    assert progress["projected_value"] == pytest.approx(0.21)
    assert progress["status"] == "on track"
    assert goal_progress(goal(target=0.20), found, False)["status"] == "not on track"
    assert goal_progress(goal(target=0.26), found, False)["status"] == "met"


def test_target_period_passed_without_reaching_it():
    found = keyed(obs("2014", 0.50), obs("2022", 0.60), obs("2024", 0.66))
    progress = goal_progress(goal(), found, True)
    assert progress["current_period"] == "2024"
    assert progress["projected_value"] == pytest.approx(0.66)  # nothing left to run
    assert progress["status"] == "not on track"


def test_projection_stays_within_0_and_1_for_rates():
    found = keyed(obs("2018-19", 0.70), obs("2020-21", 0.90))
    g = goal(target=0.99, target_period="2029-30", baseline_period="2018-19")
    progress = goal_progress(g, found, True)
    assert progress["pace_per_year"] == pytest.approx(10.0)
    assert progress["projected_value"] == 1.0
    assert progress["status"] == "on track"


def test_amounts_keep_their_unit():
    found = keyed(
        obs("2014", 1000.0, unit="amount", indicator="openings"),
        obs("2018", 1400.0, unit="amount", indicator="openings"),
    )
    progress = goal_progress(goal(target=2000, indicator="openings"), found, True)
    assert progress["pace_per_year"] == pytest.approx(100.0)
    assert progress["projected_value"] == pytest.approx(1900.0)
    assert progress["status"] == "not on track"


# Goal columns on observations.


def test_add_goal_columns():
    observations = [
        obs("2014", 0.50),
        obs("2018", 0.56),
        obs("2018", 0.80, group="Female", group_type="Gender"),
        obs("2019-20", 0.9, indicator="graduation_4yr"),
    ]
    add_goal_columns(observations, [goal()], {"credential_attainment_25_44": True})
    for item in observations[:2]:
        assert (item["goal_target"], item["goal_period"], item["goal_status"]) == (
            0.70,
            "2023",
            "not on track",
        )
    assert [o["goal_gap_pp"] for o in observations[:2]] == pytest.approx([-20, -14])
    for item in observations[2:]:
        assert item["goal_gap_pp"] is None
        assert (item["goal_target"], item["goal_period"], item["goal_status"]) == (
            None,
            None,
            None,
        )


def test_add_goal_columns_follows_the_direction():
    observations = [obs("2014", 0.50), obs("2018", 0.56)]
    add_goal_columns(observations, [goal()], {"credential_attainment_25_44": False})
    assert observations[1]["goal_status"] == "met"  # lower is better: 0.56 <= 0.70


def test_five_year_spans_are_not_read_against_a_goal():
    # The 2014-2018 span starts in 2014 but is no 2014 baseline, nor the latest.
    found = keyed(obs("2014-2018", 0.50), obs("2018", 0.56), obs("2016-2020", 0.9))
    progress = goal_progress(goal(), found, True)
    assert progress["current_value"] == 0.56
    assert progress["baseline_value"] is None
    assert progress["status"] == "no data"
