"""Chart specifications (Vega-Lite, written with Altair), shared by the website and
the reports: one definition of each chart for screen and print.

Every chart says what it shows in ``description`` (read out as the chart's label by
screen readers) and sits beside a table with the same numbers. Hidden figures are
drawn as markers, never as bars: a suppressed cell has no number to draw, and a
banded one only a range. No file or network access here.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

SHOWN = ("ok", "low_reliability")
BLUE, GREY, ORANGE = "#1f5f99", "#767676", "#b35900"


def _text(t: Callable[[str], str] | None) -> Callable[[str], str]:
    return t or (lambda s: s)


def group_bars(
    rows: list[dict],
    description: str,
    t: Callable[[str], str] | None = None,
    reference: float | None = None,
) -> dict:
    """One bar per group with its 95% interval; a band for a banded cell and a
    marker for a suppressed one; a rule at All Students when given."""
    t = _text(t)
    label = t  # data labels: not extracted as messages of their own
    data = [
        {
            "group": label(r["group"]),
            "value": r["value"] if r["status"] in SHOWN else None,
            "lower": r["lower"],
            "upper": r["upper"],
            "state": _state(r, t),
        }
        for r in rows
    ]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("group:N", title=None, sort=None),
    )
    x = alt.X(
        "value:Q",
        title=t("Rate"),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    bars = (
        base.mark_bar(color=BLUE)
        .encode(
            x=x,
            tooltip=[
                alt.Tooltip("group:N", title=t("Group")),
                alt.Tooltip("value:Q", title=t("Rate"), format=".1%"),
                alt.Tooltip("state:N", title=t("Status")),
            ],
        )
        .transform_filter("datum.value != null")
    )
    interval = (
        base.mark_rule(color="#111")
        .encode(x="lower:Q", x2="upper:Q")
        .transform_filter("datum.value != null && datum.lower != null")
    )
    band = (
        base.mark_bar(color=GREY, opacity=0.35, height=6)
        .encode(x="lower:Q", x2="upper:Q")
        .transform_filter("datum.value == null && datum.lower != null")
    )
    marker = (
        base.mark_text(align="left", dx=4, color=ORANGE, fontWeight="bold")
        .encode(x=alt.datum(0), text="state:N")
        .transform_filter("datum.value == null")
    )
    layers = [bars, interval, band, marker]
    if reference is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"v": reference}]))
            .mark_rule(strokeDash=[4, 3], color=GREY)
            .encode(x="v:Q")
        )
    chart = alt.layer(*layers).properties(
        width="container", height=alt.Step(26), description=description
    )
    return _spec(chart)


def _spec(chart) -> dict:
    """The chart as a Vega-Lite spec. Altair's check of the spec against the
    schema costs more than building the page around it, so it runs in the tests
    (tests/test_charts.py), not on every request."""
    return chart.to_dict(validate=False)


def _state(row: dict, t: Callable[[str], str]) -> str:
    if row["status"] == "suppressed":
        return t("suppressed")
    if row["status"] == "banded":
        return t("range only")
    if row["status"] == "not_applicable":
        return t("no students")
    if row["status"] == "low_reliability":
        return t("low reliability")
    return t("shown")


def trend(
    rows: list[dict],
    breaks: list[dict],
    description: str,
    t: Callable[[str], str] | None = None,
    rate: bool = True,
) -> dict:
    """The figure over periods with its interval as a band; a dashed rule where the
    series breaks (a changed test, a year without one)."""
    t = _text(t)
    data = [
        {
            "period": r["period"],
            "value": r["value"] if r["status"] in SHOWN else None,
            "lower": r["lower"] if r["status"] in SHOWN else None,
            "upper": r["upper"] if r["status"] in SHOWN else None,
        }
        for r in rows
    ]
    periods = [r["period"] for r in rows]
    axis = alt.Axis(format="%") if rate else alt.Axis(format=",d")
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("period:O", title=t("Period"), sort=periods)
    )
    layers = [
        base.mark_area(opacity=0.2, color=BLUE)
        .encode(y=alt.Y("lower:Q", title=t("Value"), axis=axis), y2="upper:Q")
        .transform_filter("datum.lower != null"),
        base.mark_line(point=True, color=BLUE)
        .encode(
            y=alt.Y("value:Q", axis=axis),
            tooltip=[
                alt.Tooltip("period:O", title=t("Period")),
                alt.Tooltip("value:Q", title=t("Value"), format=".1%" if rate else ","),
            ],
        )
        .transform_filter("datum.value != null"),
    ]
    shown_breaks = [b for b in breaks if b["period"] in periods]
    if shown_breaks:
        layers.append(
            alt.Chart(alt.Data(values=shown_breaks))
            .mark_rule(strokeDash=[5, 4], color=ORANGE)
            .encode(
                x=alt.X("period:O", sort=periods),
                tooltip=[alt.Tooltip("note:N", title=t("Break in the series"))],
            )
        )
    chart = alt.layer(*layers).properties(
        width="container", height=220, description=description
    )
    return _spec(chart)


def county_map(
    rows: list[dict],
    counties: list[dict],
    topology_url: str,
    description: str,
    t: Callable[[str], str] | None = None,
    rate: bool = True,
) -> dict:
    """Every county (``counties``: id, name), shaded by its figure in ``rows``;
    counties without a figure shown, hidden or missing, in grey."""
    t = _text(t)
    figures = {r["geo_id"]: r for r in rows}
    values = []
    for county in counties:
        row = figures.get(county["id"])
        shown = row is not None and row["status"] in SHOWN
        values.append(
            {
                "id": county["id"],
                "name": county["name"],
                "value": row["value"] if shown else None,
                "state": _state(row, t) if row else t("not published"),
            }
        )
    shapes = alt.Data(
        url=topology_url, format=alt.DataFormat(type="topojson", feature="counties")
    )
    value_format = ".1%" if rate else ","
    base = alt.Chart(shapes).transform_lookup(
        lookup="id",
        from_=alt.LookupData(
            alt.Data(values=values), key="id", fields=["name", "value", "state"]
        ),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("County")),
        alt.Tooltip("value:Q", title=t("Value"), format=value_format),
        alt.Tooltip("state:N", title=t("Status")),
    ]
    # Every county in grey, then those with a figure shaded over them.
    every = base.mark_geoshape(stroke="#fff", strokeWidth=0.6, color="#d9d9d9").encode(
        tooltip=tooltip
    )
    shaded = (
        base.transform_filter("isValid(datum.value)")
        .mark_geoshape(stroke="#fff", strokeWidth=0.6)
        .encode(
            color=alt.Color(
                "value:Q",
                title=t("Value"),
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format=".0%" if rate else ",d"),
            ),
            tooltip=tooltip,
        )
    )
    chart = (
        alt.layer(every, shaded)
        .project(type="mercator")
        .properties(width="container", height=320, description=description)
    )
    return _spec(chart)


def region_map(
    counties: list[dict],
    topology_url: str,
    description: str,
    t: Callable[[str], str] | None = None,
) -> dict:
    """Counties colored by their STEM network region (``counties``: id, name,
    region)."""
    t = _text(t)
    shapes = alt.Data(
        url=topology_url, format=alt.DataFormat(type="topojson", feature="counties")
    )
    chart = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="#fff", strokeWidth=0.8)
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(
                alt.Data(values=counties), key="id", fields=["name", "region"]
            ),
        )
        .encode(
            color=alt.Color(
                "region:N", title=t("Region"), scale=alt.Scale(scheme="tableau20")
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("County")),
                alt.Tooltip("region:N", title=t("Region")),
            ],
        )
        .project(type="mercator")
        .properties(width="container", height=320, description=description)
    )
    return _spec(chart)


def openings_by_credential(
    levels: list[dict], description: str, t: Callable[[str], str] | None = None
) -> dict:
    """Annual openings in good jobs, one bar per credential level (``levels``:
    label, openings), least schooling first."""
    t = _text(t)
    label = t  # data labels: not extracted as messages of their own
    data = [
        {"level": label(lv["label"]), "openings": lv["openings"] or 0} for lv in levels
    ]
    order = [d["level"] for d in data]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("level:N", title=None, sort=order),
            x=alt.X(
                "openings:Q", title=t("Openings a year"), axis=alt.Axis(format=",d")
            ),
            tooltip=[
                alt.Tooltip("level:N", title=t("Credential needed")),
                alt.Tooltip("openings:Q", title=t("Openings a year"), format=","),
            ],
        )
        .properties(width="container", height=alt.Step(28), description=description)
    )
    return _spec(chart)
