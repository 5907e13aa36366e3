"""The trend chart: milestones completed, off track and delayed at each board, as recorded.

Drawn like the other board charts (``render.charts``: the same reproducible SVG, text
as text, layout computed here rather than by matplotlib's constrained layout) and keyed
for the chart cache by its plain inputs (``Chart.of``). The three lines differ in style,
width and marker shape as well as colour, and each point prints its count, so the chart
reads in black and white; the summary states every figure in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sendtrack.core.dates import long_form, shift
from sendtrack.core.numbers import percent
from sendtrack.papers.trend import Trend
from sendtrack.plan.colours import SCHEMES
from sendtrack.plan.health import Health
from sendtrack.render.charts import (
    INK,
    MARKERS,
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


@dataclass(frozen=True)
class TrendPoint:
    """What the chart draws of one board."""

    day: date
    total: int
    complete: int
    off_track: int
    delayed: int


def trend_points(trend: Trend) -> tuple[TrendPoint, ...]:
    return tuple(
        TrendPoint(
            board.day,
            board.milestones.total,
            board.milestones.complete,
            len(board.off_track),
            len(board.delayed),
        )
        for board in trend.recorded()
        if board.milestones is not None
    )


def trend_summary(points: Sequence[TrendPoint], noun: str = "milestones") -> str:
    """Every board's figures in words, then the movement from the first to the last."""
    if not points:
        return "No board's figures are recorded."
    each = "; ".join(
        f"at the {long_form(p.day)} board {p.complete} of {p.total} {noun} complete "
        f"({percent(p.complete, p.total)}%), {p.off_track} off track and {p.delayed} delayed"
        for p in points
    )
    text = each[0].upper() + each[1:] + "."
    if len(points) > 1:
        first, last = points[0], points[-1]
        text += (
            f" From the first board recorded to the last, completed went from {first.complete} "
            f"to {last.complete}, off track from {first.off_track} to {last.off_track} and "
            f"delayed from {first.delayed} to {last.delayed}."
        )
    return text


def trend_chart(trend: Trend, scheme: str, key: str, title: str, noun: str = "milestones") -> Chart:
    """Completed, off track and delayed at each recorded board."""
    points = trend_points(trend)
    chosen = SCHEMES[scheme]
    colours = (
        chosen.colour(Health.COMPLETE).name,
        chosen.colour(Health.OFF_TRACK).name,
        chosen.colour(Health.DELAYED).name,
    )
    return Chart.of(
        key, title, trend_summary(points, noun), _draw_trend, points, colours, noun, key, title
    )


def _draw_trend(
    points: Sequence[TrendPoint], colours: tuple[str, str, str], noun: str, key: str, title: str
) -> str:
    from matplotlib.ticker import MaxNLocator

    days = [p.day for p in points]
    start, end = shift(min(days), -20), shift(max(days), 20)
    top = max(1, *(max(p.complete, p.off_track, p.delayed) for p in points)) * 1.4
    with chart_style(key):
        counts = text_width([str(int(top))], 9)
        left = 0.3 + counts + 0.12
        figure, axes = new_figure(
            7.2, 3.0, left=left, right=0.15, top=TITLE_SPACE, bottom=TICK_SPACE + 0.1
        )
        complete, off_track, delayed = colours
        # Each line's counts sit at its own side of the point: three equal counts at one
        # board (often 0, 0, 0) stay readable.
        lines = (
            ("Completed", [p.complete for p in points], complete, "-", 2.6, 0),
            ("Off track", [p.off_track for p in points], off_track, (0, (5, 2)), 1.8, -9),
            ("Delayed", [p.delayed for p in points], delayed, (0, (1, 1.5)), 1.8, 9),
        )
        xs = [day_x(day) for day in days]
        for label, values, colour, style, width, beside in lines:
            axes.plot(
                xs,
                values,
                label=label,
                color=INK[colour],
                linestyle=style,
                linewidth=width,
                marker=MARKERS[colour] if label != "Completed" else "o",
                markersize=6,
                markerfacecolor="white" if label == "Delayed" else INK[colour],
                markeredgecolor=INK[colour],
            )
            for x, value in zip(xs, values, strict=True):
                axes.annotate(
                    str(value),
                    (x, value),
                    xytext=(beside, 5),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7.5,
                    color=INK[colour],
                )
        axes.set_xlim(day_x(start), day_x(end))
        axes.set_ylim(0, top)
        draw_axis_label(figure, axes, "y", noun.capitalize(), counts + 0.15)
        at = [v for v in MaxNLocator(nbins=6, integer=True).tick_values(0, top) if v <= top]
        set_ticks(axes, "y", at, [str(int(v)) for v in at], grid="#d9d9d9")
        draw_title(axes, title)
        if len(points) <= 6:
            set_ticks(axes, "x", xs, [day.strftime("%d %b %y").lstrip("0") for day in days])
        else:
            month_ticks(axes, start, end)
        axes.legend(loc="upper left", fontsize=8, ncol=3, bbox_to_anchor=(0.0, 1.0))
        return figure_svg(figure, title)
