"""One small chart per impact measure: its actual figures, its trajectory, and England,
the region, neighbours and any other comparator, over time.

Drawn with the same settings and helpers as the papers' other charts (``charts.py``:
reproducible SVG, text as text, no colour alone), from ``papers.impact.MeasureChart``
only, so the chart cache's key covers everything drawn. Series differ in line style,
width and marker shape as well as colour. A figure published only as a code (DfE's
``c``, ``x``, ``z``; NHS England's ``NA``) is not a point on the line: the line breaks
there and the code is printed at the foot of the chart at its period, never drawn as
zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sendtrack.core.dates import long_form
from sendtrack.papers.impact import MeasureChart, Point
from sendtrack.render.charts import (
    INK,
    LEGEND_ROW,
    TEXT,
    TICK_SPACE,
    TITLE_SPACE,
    Chart,
    chart_style,
    day_x,
    draw_axis_label,
    draw_title,
    figure_svg,
    month_ticks,
    new_figure,
    set_ticks,
    text_width,
)

STYLES: dict[str, dict[str, Any]] = {
    "actual": {"color": INK["blue"], "linestyle": "-", "linewidth": 2.2, "marker": "o"},
    "target": {"color": TEXT, "linestyle": (0, (5, 2)), "linewidth": 1.4, "marker": "D"},
    "national": {"color": INK["grey"], "linestyle": ":", "linewidth": 1.6, "marker": "s"},
    "region": {"color": "#6a3d9a", "linestyle": "-.", "linewidth": 1.4, "marker": "^"},
    "neighbours": {
        "color": "#8c564b",
        "linestyle": (0, (3, 1, 1, 1)),
        "linewidth": 1.4,
        "marker": "v",
    },
    "other": {"color": "#00707a", "linestyle": (0, (1, 1)), "linewidth": 1.4, "marker": "P"},
}
"""Each series' look: every colour at least 3:1 on white, and no two alike in line style
and marker shape, so the chart reads in black and white."""

WIDTH, HEIGHT = 7.2, 2.7
"""Inches: as wide as the papers' other charts, and short (one per measure)."""


def measure_chart(data: MeasureChart, key: str, summary: str) -> Chart:
    """The chart of one measure, with ``summary`` (its figures in words) as caption."""
    title = f"{data.id} {data.title}"
    return Chart.of(key, title, summary, _draw_measure, data, key, title)


def tick_label(unit: str, value: float) -> str:
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{number}%" if unit == "percent" else number


def axis_label(unit: str, per: int | None) -> str:
    if unit == "percent":
        return "Per cent"
    if unit == "rate":
        return f"Rate per {per:,}"
    return unit.capitalize()


def _years(axes: Any, first: date, last: date) -> None:
    """Year ticks ('2024') on 1 January, at most nine: figures sit mid-period, so a
    calendar year's figure lies between its own year's tick and the next."""
    years = list(range(first.year + (first > date(first.year, 1, 1)), last.year + 1))
    step = max(1, -(-len(years) // 9))
    shown = [year for year in years if year % step == 0] or years[:1]
    set_ticks(axes, "x", [day_x(date(year, 1, 1)) for year in shown], [str(y) for y in shown])


def _as_of(axes: Any, as_of: date, share: float) -> None:
    """The as-of date as a dotted line, labelled on whichever side has room (a measure's
    trajectory often ends soon after it, so the label may not fit to its right)."""
    axes.axvline(day_x(as_of), color=INK["grey"], linestyle=(0, (1, 2)), linewidth=1)
    right = share < 0.75
    axes.annotate(
        f"as of {long_form(as_of)}",
        xy=(day_x(as_of), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3 if right else -3, -2),
        textcoords="offset points",
        ha="left" if right else "right",
        va="top",
        fontsize=8,
        color=INK["grey"],
    )


def _plotted(points: Sequence[Point]) -> tuple[list[float], list[float]]:
    """x and y for a line; a code becomes a gap (NaN breaks a matplotlib line)."""
    xs = [day_x(point.day) for point in points]
    ys = [point.value if point.value is not None else float("nan") for point in points]
    return xs, ys


def _draw_measure(data: MeasureChart, key: str, title: str) -> str:
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    days = [point.day for series in data.series for point in series.points] or [data.as_of]
    values = [
        point.value for series in data.series for point in series.points if point.value is not None
    ]
    first, last = min(*days, data.as_of), max(*days, data.as_of)
    pad = max(20, (last - first).days // 30)
    start, end = date.fromordinal(first.toordinal() - pad), date.fromordinal(last.toordinal() + pad)
    top = max(values, default=1.0) * 1.12 or 1.0
    if data.unit == "percent" and top > 100 >= max(values, default=0.0):
        top = 105.0  # a percentage stops at 100%: no tick promising more
    bottom = min(0.0, min(values, default=0.0) * 1.12)
    levels = [v for v in MaxNLocator(nbins=4).tick_values(bottom, top) if bottom <= v <= top]
    labels = [tick_label(data.unit, v) for v in levels]
    entries = len(data.series) + any(p.unavailable for p in data.series[0].points)
    columns = min(4, entries)
    legend_rows = -(-entries // columns)
    with chart_style(key):
        numbers = text_width(labels, 9)
        figure, axes = new_figure(
            WIDTH,
            HEIGHT + legend_rows * LEGEND_ROW,
            left=0.3 + numbers + 0.12,
            right=0.2,
            top=TITLE_SPACE,
            bottom=TICK_SPACE + legend_rows * LEGEND_ROW + 0.1,
        )
        handles: list[Any] = []
        for series in data.series:
            look = STYLES.get(series.kind, STYLES["other"])
            xs, ys = _plotted(series.points)
            axes.plot(xs, ys, markersize=4.5, markerfacecolor="white", **look)
            handles.append(
                Line2D([], [], markersize=4.5, markerfacecolor="white", label=series.name, **look)
            )
        codes = sorted({p.unavailable for p in data.series[0].points if p.unavailable})
        if codes:
            handles.append(
                Line2D(
                    [], [], linestyle="none", label=f"{', '.join(codes)}: not published (not zero)"
                )
            )
        for point in data.series[0].points:
            if point.unavailable is not None:
                axes.annotate(
                    point.unavailable,
                    (day_x(point.day), 0.0),
                    xycoords=("data", "axes fraction"),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    fontweight="bold",
                    color=INK["blue"],
                )
        _as_of(axes, data.as_of, (data.as_of - start).days / max(1, (end - start).days))
        axes.set_xlim(day_x(start), day_x(end))
        axes.set_ylim(bottom, top)
        set_ticks(axes, "y", levels, labels, grid="#d9d9d9")
        draw_axis_label(figure, axes, "y", axis_label(data.unit, data.per), numbers + 0.15)
        if (end - start).days > 3 * 366:
            _years(axes, start, end)
        else:
            month_ticks(axes, start, end)
        draw_title(axes, title)
        figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=columns,
            fontsize=8,
        )
        return figure_svg(figure, title)
