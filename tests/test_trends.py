"""Changes from the previous period and from the baseline, on small series."""

from __future__ import annotations

import pytest

from stematlas.indicators.aggregate import observation
from stematlas.indicators.trends import TREND_KEYS, add_trends


def rate(
    period,
    numerator=None,
    denominator=None,
    status="ok",
    value=None,
    indicator="graduation_4yr",
    group="All Students",
):
    if value is None and numerator is not None and status in ("ok", "low_reliability"):
        value = numerator / denominator
    obs = observation(
        indicator=indicator,
        period=period,
        geo_level="state",
        geo_id="53",
        geo_name="Washington",
        group_type="All" if group == "All Students" else "Gender",
        group=group,
        numerator=numerator,
        denominator=denominator,
        value=value,
        status=status,
        source_id="ospi_graduation",
        method="published",
    )
    obs.update(_ours=False, _unit="rate")
    return obs


def by_period(observations):
    return {o["period"]: o for o in observations}


def test_consecutive_series_in_any_order():
    series = [
        rate("2019-20", 860, 1000),
        rate("2017-18", 800, 1000),
        rate("2018-19", 850, 1000),
    ]
    add_trends(series, {}, {"graduation_4yr": "2017-18"})
    got = by_period(series)

    first = got["2017-18"]
    assert first["change_prev_pp"] is None
    assert first["change_baseline_pp"] is None  # the baseline itself
    assert first["baseline_period"] == "2017-18"
    assert first["trend_note"] is None

    # 0.80 -> 0.85: 1.96 * sqrt(.8*.2/1000 + .85*.15/1000) = 3.3 pp < 5 pp.
    second = got["2018-19"]
    assert second["change_prev_pp"] == pytest.approx(5.0)
    assert second["change_prev_significant"] is True
    assert second["change_baseline_pp"] == pytest.approx(5.0)
    assert second["change_baseline_significant"] is True
    assert second["trend_note"] is None

    # 0.85 -> 0.86: 1.96 * sqrt(.85*.15/1000 + .86*.14/1000) = 3.1 pp > 1 pp.
    third = got["2019-20"]
    assert third["change_prev_pp"] == pytest.approx(1.0)
    assert third["change_prev_significant"] is False
    assert third["change_baseline_pp"] == pytest.approx(6.0)
    assert third["change_baseline_significant"] is True
    assert third["change_prev"] is None  # rates change in points, not in units


def test_every_observation_gets_every_key():
    series = [rate("2018-19", status="suppressed"), rate("2019-20", 5, 20)]
    add_trends(series, {}, {})
    for obs in series:
        assert set(TREND_KEYS) <= set(obs)
    assert series[1]["baseline_period"] is None


@pytest.mark.parametrize(
    "periods, note",
    [
        (["2017-18", "2019-20"], "previous: 2017-18, 2018-19 missing"),
        (["2015-16", "2019-20"], "previous: 2015-16, 2016-17 to 2018-19 missing"),
        (["2016", "2018"], "previous: 2016, 2017 missing"),
        (["2014-2018", "2016-2020"], "previous: 2014-2018, 2015-2019 missing"),
    ],
)
def test_gap_before_the_previous_period(periods, note):
    series = [rate(periods[0], 40, 100), rate(periods[1], 50, 100)]
    add_trends(series, {}, {})
    later = series[1]
    assert later["change_prev_pp"] == pytest.approx(10.0)
    assert later["trend_note"] == note


def test_suppressed_year_in_between_is_not_skipped():
    series = [
        rate("2017-18", 400, 1000),
        rate("2018-19", status="suppressed"),
        rate("2019-20", 450, 1000),
    ]
    add_trends(series, {}, {"graduation_4yr": "2017-18"})
    hidden, last = series[1], series[2]

    assert last["change_prev_pp"] is None
    assert last["change_prev_significant"] is None
    assert last["change_baseline_pp"] == pytest.approx(5.0)
    assert last["trend_note"] == "previous: 2018-19 suppressed"

    # A hidden figure has no change of its own, only its baseline.
    assert hidden["change_prev_pp"] is None
    assert hidden["change_baseline_pp"] is None
    assert hidden["baseline_period"] == "2017-18"
    assert hidden["trend_note"] is None


def test_hidden_previous_after_a_gap():
    series = [rate("2016-17", status="banded"), rate("2018-19", 450, 1000)]
    add_trends(series, {}, {})
    assert series[1]["trend_note"] == "previous: 2016-17 banded, 2017-18 missing"
    assert series[1]["change_prev_pp"] is None


def test_low_reliability_is_shown_and_counts_withheld_still_change():
    series = [
        rate("2017-18", 6, 12, status="low_reliability"),
        rate("2018-19", value=0.75),  # the agency withheld the counts
        rate("2019-20", 900, 1000),
    ]
    add_trends(series, {}, {})
    got = by_period(series)
    assert got["2018-19"]["change_prev_pp"] == pytest.approx(25.0)
    assert got["2018-19"]["change_prev_significant"] is None  # no counts to test
    assert got["2019-20"]["change_prev_pp"] == pytest.approx(15.0)
    assert got["2019-20"]["change_prev_significant"] is None


def test_change_across_a_break_is_flagged_not_tested():
    breaks = {"math_met": [{"period": "2019-20", "note": "new test"}]}
    series = [
        rate("2018-19", 400, 1000, indicator="math_met"),
        rate("2019-20", 600, 1000, indicator="math_met"),
        rate("2020-21", 700, 1000, indicator="math_met"),
    ]
    add_trends(series, breaks, {})
    got = by_period(series)

    across = got["2019-20"]
    assert across["change_prev_pp"] == pytest.approx(20.0)
    assert across["change_prev_significant"] is None
    assert across["trend_note"] == "across a break: new test"

    after = got["2020-21"]
    assert after["change_prev_significant"] is True
    assert after["trend_note"] is None


def test_break_over_a_gap_and_on_the_boundary():
    breaks = {"math_met": [{"period": "2019-20", "note": "new test"}]}
    series = [
        rate("2018-19", 400, 1000, indicator="math_met"),
        rate("2020-21", 600, 1000, indicator="math_met"),
    ]
    add_trends(series, breaks, {})
    assert series[1]["trend_note"] == (
        "previous: 2018-19, 2019-20 missing; across a break: new test"
    )

    # A break in the earlier period itself lies before both: not crossed.
    breaks = {"math_met": [{"period": "2018-19", "note": "new test"}]}
    series = [
        rate("2018-19", 400, 1000, indicator="math_met"),
        rate("2019-20", 600, 1000, indicator="math_met"),
    ]
    add_trends(series, breaks, {})
    assert series[1]["trend_note"] is None
    assert series[1]["change_prev_significant"] is True


def test_break_crossed_only_since_the_baseline():
    breaks = {"graduation_4yr": [{"period": "2018-19", "note": "new cohort rules"}]}
    series = [
        rate("2016-17", 700, 1000),
        rate("2017-18", 720, 1000),
        rate("2018-19", 800, 1000),
        rate("2019-20", 850, 1000),
    ]
    add_trends(series, breaks, {"graduation_4yr": "2016-17"})
    got = by_period(series)

    # Both changes cross the break: said once.
    assert got["2018-19"]["trend_note"] == "across a break: new cohort rules"
    assert got["2018-19"]["change_baseline_significant"] is None

    last = got["2019-20"]
    assert last["trend_note"] == "since 2016-17 across a break: new cohort rules"
    assert last["change_prev_significant"] is True
    assert last["change_baseline_pp"] == pytest.approx(15.0)
    assert last["change_baseline_significant"] is None


def test_baseline_missing_or_hidden():
    series = [rate("2018-19", 400, 1000), rate("2019-20", 450, 1000)]
    add_trends(series, {}, {"graduation_4yr": "2017-18"})
    assert series[0]["baseline_period"] == "2017-18"
    assert series[1]["change_baseline_pp"] is None
    assert series[1]["trend_note"] == "baseline 2017-18 missing"

    series = [rate("2017-18", status="suppressed"), rate("2018-19", 450, 1000)]
    add_trends(series, {}, {"graduation_4yr": "2017-18"})
    assert series[1]["trend_note"] == (
        "previous: 2017-18 suppressed; baseline 2017-18 suppressed"
    )


def test_periods_before_the_baseline_have_no_baseline_change():
    series = [rate("2016-17", 300, 1000), rate("2018-19", 400, 1000)]
    add_trends(series, {}, {"graduation_4yr": "2018-19"})
    assert series[0]["change_baseline_pp"] is None
    assert series[0]["trend_note"] is None


def test_baseline_matched_by_start_year():
    series = [rate("2014", 400, 1000), rate("2016", 450, 1000)]
    add_trends(series, {}, {"graduation_4yr": "2014-15"})
    assert series[1]["baseline_period"] == "2014"
    assert series[1]["change_baseline_pp"] == pytest.approx(5.0)


def test_series_do_not_mix():
    series = [
        rate("2017-18", 400, 1000, group="Female"),
        rate("2018-19", 500, 1000, group="Female"),
        rate("2017-18", 300, 1000, group="Male"),
        rate("2018-19", 310, 1000, group="Male"),
        rate("2018-19", 350, 1000, indicator="dual_credit"),
    ]
    add_trends(series, {}, {})
    assert series[1]["change_prev_pp"] == pytest.approx(10.0)
    assert series[3]["change_prev_pp"] == pytest.approx(1.0)
    assert series[4]["change_prev_pp"] is None


def test_amounts_change_in_their_own_unit():
    series = []
    for period, value in (("2018", 1200.0), ("2019", 1500.0), ("2021", 1400.0)):
        obs = rate(period, value=value, indicator="population_race_alone")
        obs["_unit"] = "amount"
        series.append(obs)
    add_trends(series, {}, {"population_race_alone": "2018"})
    got = by_period(series)

    assert got["2019"]["change_prev"] == 300.0
    assert got["2019"]["change_prev_pp"] is None
    assert got["2019"]["change_prev_significant"] is None
    assert got["2021"]["change_prev"] == -100.0
    assert got["2021"]["change_baseline"] == 200.0
    assert got["2021"]["change_baseline_pp"] is None
    assert got["2021"]["trend_note"] == "previous: 2019, 2020 missing"


def test_no_break_note_without_a_change():
    breaks = {"math_met": [{"period": "2019-20", "note": "new test"}]}
    series = [
        rate("2017-18", 400, 1000, indicator="math_met"),
        rate("2018-19", status="suppressed", indicator="math_met"),
        rate("2019-20", 600, 1000, indicator="math_met"),
    ]
    add_trends(series, breaks, {"math_met": "2017-18"})
    assert series[2]["change_prev_pp"] is None
    assert series[2]["change_baseline_pp"] == pytest.approx(20.0)
    assert series[2]["trend_note"] == (
        "previous: 2018-19 suppressed; since 2017-18 across a break: new test"
    )


def test_one_year_and_five_year_estimates_are_separate_series():
    series = [
        rate("2014", 400, 1000, indicator="credential_attainment_25_44"),
        rate("2014-2018", 450, 1000, indicator="credential_attainment_25_44"),
        rate("2018", 500, 1000, indicator="credential_attainment_25_44"),
        rate("2015-2019", 460, 1000, indicator="credential_attainment_25_44"),
    ]
    add_trends(series, {}, {"credential_attainment_25_44": "2014"})
    got = by_period(series)
    assert got["2018"]["change_prev_pp"] == pytest.approx(10.0)
    assert got["2018"]["change_baseline_pp"] == pytest.approx(10.0)
    assert got["2018"]["trend_note"] == "previous: 2014, 2015 to 2017 missing"
    assert got["2015-2019"]["change_prev_pp"] == pytest.approx(1.0)
    # The calendar baseline does not apply to 5-year spans.
    assert got["2015-2019"]["baseline_period"] is None
    assert got["2015-2019"]["change_baseline_pp"] is None
    assert got["2015-2019"]["trend_note"] is None


def test_survey_estimates_are_tested_on_their_intervals():
    # Two ACS estimates of about two million adults: a binomial test would call
    # a 0.4-point change significant; their margins of error do not.
    def survey(period, value, half):
        o = rate(period, value * 2e6, 2e6, indicator="credential_attainment_25_44")
        o.update(_survey=True, lower=value - half, upper=value + half)
        return o

    series = [survey("2016", 0.480, 0.008), survey("2017", 0.484, 0.008)]
    series.append(survey("2018", 0.506, 0.008))
    add_trends(series, {}, {})
    assert [o["change_prev_significant"] for o in series] == [None, False, True]
