"""The board papers' charts: burn-up, milestone timeline and risk heat map, as SVG.

Why matplotlib: it is the best-kept plotting library in Python (NumFOCUS, releases
every few months, 20 years of fixes), it writes SVG with no browser or JavaScript, and
its SVG can be made byte-for-byte reproducible: ``svg.hashsalt`` fixes the ids it
generates and ``metadata={'Date': None}`` drops the timestamp. Text is written as SVG
``<text>`` (``svg.fonttype: none``), not glyph outlines, so a screen reader, a search
and a test can read every label, and the files stay small. It is imported inside the
drawing functions only: ``sendtrack --help`` never loads it.

Charts never rely on colour alone: lines differ in style and width, markers differ in
shape (the same shapes as the colour symbols ✖ ▲ ◆ ● ★ ○), heat-map cells print their
score band, count and ids, and every chart carries a text summary for its caption and
its accessible name.

The burn-up's data (``papers.burn_up.BurnUp``) is computed with the report objects,
without matplotlib, because the papers quote its figures in text; this module draws it.

Each chart is drawn by one function from plain values only (dates, numbers, text, ids:
never a model), and ``Chart.inputs`` is those values encoded canonically with the
function's name. That is the chart cache's key (``store.cache.ChartCache``): a drawing
cannot read anything its key does not cover, so a cached SVG is the one drawing would
give (``draw_all`` fetches or draws and stores).
"""

from __future__ import annotations

import dataclasses
import enum
import html
import io
import json
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Protocol, cast

from sendtrack.board.risks import IMPACT_LABELS, LIKELIHOOD_LABELS, Heatmap
from sendtrack.core.dates import long_form, shift
from sendtrack.papers.board_data import BAND_COLOURS, BAND_SCORES, BANDS
from sendtrack.papers.burn_up import BurnUp
from sendtrack.plan.colours import SCHEMES
from sendtrack.plan.health import Health
from sendtrack.plan.status import MilestoneRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Darker shades of the health colours for lines and markers on white: each has at least
# 3:1 contrast with white (WCAG 1.4.11, non-text contrast). The light tints in
# ``plan/colours.py`` are backgrounds for dark text; a tint as a marker would all but vanish.
INK = {
    "red": "#b3261e",
    "amber": "#a15c00",
    "yellow": "#7a6400",
    "green": "#1e7b34",
    "blue": "#1f5fb4",
    "grey": "#5f6368",
}
MARKERS = {"red": "X", "amber": "^", "yellow": "D", "green": "o", "blue": "*", "grey": "o"}
"""matplotlib marker shapes matching each colour's symbol (✖ ▲ ◆ ● ★ ○)."""
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"


EPOCH = date(1970, 1, 1)


def day_x(day: date) -> float:
    """A date as matplotlib's number (days since ``date.epoch``, which ``chart_style`` fixes)."""
    return float((day - EPOCH).days)


def _canonical(value: Any) -> Any:
    """``value`` as JSON-ready data that is the same for equal values on any run; a type
    it does not know is a bug (the cache key must cover the value exactly)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return [type(value).__qualname__, _canonical(value.value)]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__qualname__,
            {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)},
        ]
    raise TypeError(f"cannot key a chart on a {type(value).__name__}")


@dataclass(frozen=True)
class Chart:
    """A chart, drawn when first asked for its ``svg`` (plain text never draws one)."""

    key: str
    """A file-name-safe name, unique within a document: 'burn-up', 'timeline-ehcp'."""
    title: str
    summary: str
    """The text alternative: what the chart shows, in a sentence or two of figures."""
    draw: Callable[[], str] = field(repr=False, compare=False)
    inputs: bytes = field(repr=False, compare=False)
    """The drawing function's name and every value it is given, canonically encoded."""

    @classmethod
    def of(
        cls, key: str, title: str, summary: str, function: Callable[..., str], *args: Any
    ) -> Chart:
        """The chart ``function(*args)`` draws; its inputs are exactly ``args``."""
        inputs = json.dumps([function.__qualname__, _canonical(args)], ensure_ascii=False)
        return cls(key, title, summary, partial(function, *args), inputs.encode("utf-8"))

    @cached_property
    def svg(self) -> str:
        """An ``<svg>`` element ready to inline in HTML (or to save as a file)."""
        return self.draw()

    def use(self, svg: str) -> None:
        """Take ``svg`` (from the chart cache) as this chart's drawing. ``svg`` is a
        cached_property, which keeps its value in the instance's ``__dict__``: filling
        that in is what makes the next read of ``svg`` skip drawing."""
        self.__dict__["svg"] = svg


class SvgStore(Protocol):
    """Where drawn charts are kept between runs (``store.cache.ChartCache``): passed in,
    so rendering never reaches for the store itself."""

    def key(self, inputs: bytes) -> str: ...

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, svg: str) -> None: ...


def draw_all(
    charts: Sequence[Chart],
    store: SvgStore | None,
    on_chart: Callable[[Chart], None] | None = None,
) -> None:
    """Make every chart's SVG ready: from ``store`` when its inputs were drawn before,
    else drawn now (and stored). ``on_chart`` is told after each one (progress)."""
    for chart in charts:
        key = store.key(chart.inputs) if store is not None else None
        cached = store.get(key) if store is not None and key is not None else None
        if cached is not None:
            chart.use(cached)
        elif store is not None and key is not None:
            store.put(key, chart.svg)
        if on_chart is not None:
            on_chart(chart)


# -- drawing --------------------------------------------------------------------------------
#
# Layout is computed here, in inches, from the few labels that vary (the widest id or
# tick label, measured with the font's metrics), not by matplotlib's constrained layout
# and a tight bounding box: those lay every text out again and again and drew each
# figure twice (three quarters of a board pack's time). Many marks of one kind are one
# artist (one line of markers, one collection of segments), not one per milestone.

TITLE_SPACE = 0.32
"""Inches above the axes for the title (10 pt) and the as-of label."""
TICK_SPACE = 0.3
"""Inches below the axes for one line of 9 pt tick labels."""
LEGEND_ROW = 0.2
"""Inches per row of an 8 pt legend."""


@contextmanager
def chart_style(salt: str) -> Iterator[None]:
    """Settings that make the SVG reproducible, readable and text-as-text.

    They start from matplotlib's defaults, not the user's matplotlibrc: the same data
    draw the same bytes on every machine (and the chart cache can rely on it).
    """
    import matplotlib

    settings: dict[str, Any] = {
        "svg.hashsalt": f"sendtrack-{salt}",
        "svg.fonttype": "none",
        # Metrics come from DejaVu Sans (bundled with matplotlib, so layout is the same
        # everywhere); viewers without it fall back to another sans-serif, not a serif.
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Liberation Sans"],
        "font.size": 9,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "axes.edgecolor": MUTED,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        # Titles and ids are data: a "$" in one must print, not start mathtext.
        "text.parse_math": False,
    }
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(cast(Any, settings))
        yield


def figure_svg(figure: Figure, title: str) -> str:
    """The figure as an inline ``<svg>`` with an accessible name, no XML prolog."""
    buffer = io.StringIO()
    figure.savefig(
        buffer, format="svg", metadata={"Date": None, "Creator": "sendtrack", "Title": title}
    )
    text = buffer.getvalue()
    svg = text[text.index("<svg") :]
    # role=img with a name: screen readers announce one image, not hundreds of shapes.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_attribute(title)}" ', 1)


def _attribute(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute (as ``xml.sax.saxutils``'s
    ``quoteattr`` does, whose import costs ~15 ms of a warm board pack)."""
    escaped = html.escape(value, quote=False).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def text_width(texts: Iterable[str], size: float) -> float:
    """Inches the widest of ``texts`` takes at ``size`` points (0 for none)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=size)
    widths = [text_to_path.get_text_width_height_descent(t, font, ismath=False)[0] for t in texts]
    return max(widths, default=0.0) / 72


def new_figure(
    width: float, height: float, *, left: float, right: float, top: float, bottom: float
) -> tuple[Figure, Axes]:
    """A figure of ``width`` × ``height`` inches with one axes inset by the margins."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=96)
    axes = figure.add_axes(
        (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    )
    return figure, axes


def draw_title(axes: Axes, title: str) -> None:
    """The title above the axes, at a fixed height: with ``y`` given, matplotlib skips
    moving it clear of the tick labels, which measures every one of them (no chart has
    tick labels above its axes)."""
    axes.set_title(title, loc="left", fontsize=10, y=1.0, pad=6)


def draw_axis_label(figure: Figure, axes: Axes, which: str, text: str, inches: float) -> None:
    """An axis label ``inches`` out from the axes (beyond its tick labels). Placed, not
    left to matplotlib, which would measure every tick label to find the place."""
    box = axes.get_position()
    width, height = figure.get_size_inches()
    if which == "y":
        axes.set_ylabel(text)
        axes.yaxis.set_label_coords(-inches / (box.width * width), 0.5)
    else:
        axes.set_xlabel(text)
        axes.xaxis.set_label_coords(0.5, -inches / (box.height * height))


def set_ticks(
    axes: Axes,
    which: str,
    positions: Sequence[float],
    labels: Sequence[str],
    *,
    size: float = 9,
    marks: bool = True,
    grid: str | None = None,
) -> None:
    """Tick labels along one axis (with tick marks and grid lines if asked), drawn as
    one text per label, one line of markers and one collection of grid lines.

    matplotlib's own ticks are five artists each (two marks, a grid line, two labels)
    with their properties deep-copied from a template, and were half of every chart's
    drawing time; these look the same (3.5 pt marks, labels 3.5 pt beyond them).
    """
    out = -7.0 if marks else -3.5
    if which == "x":
        axes.set_xticks([])
        along = axes.get_xaxis_transform()  # x in data, y as a fraction of the axes
        for position, label in zip(positions, labels, strict=True):
            axes.annotate(
                label,
                (position, 0),
                xycoords=along,
                xytext=(0, out),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=size,
                annotation_clip=False,
            )
        if marks:
            axes.plot(
                positions,
                [0.0] * len(positions),
                transform=along,
                marker=3,
                markersize=3.5,
                markeredgewidth=0.8,
                color=TEXT,
                linestyle="none",
                clip_on=False,
            )
        if grid:
            axes.vlines(positions, 0, 1, transform=along, colors=grid, linewidth=0.6, zorder=1.5)
        return
    axes.set_yticks([])
    along = axes.get_yaxis_transform()  # x as a fraction of the axes, y in data
    for position, label in zip(positions, labels, strict=True):
        axes.annotate(
            label,
            (0, position),
            xycoords=along,
            xytext=(out, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=size,
            annotation_clip=False,
        )
    if marks:
        axes.plot(
            [0.0] * len(positions),
            positions,
            transform=along,
            marker=0,
            markersize=3.5,
            markeredgewidth=0.8,
            color=TEXT,
            linestyle="none",
            clip_on=False,
        )
    if grid:
        axes.hlines(positions, 0, 1, transform=along, colors=grid, linewidth=0.6, zorder=1.5)


def month_ticks(axes: Axes, first: date, last: date, grid: str | None = None) -> None:
    """Month ticks ('Mar 25') at most ten, on the first of every n-th month."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    interval = max(1, -(-months // 10))
    ticks: list[date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if first <= day <= last and (year * 12 + month - 1) % interval == 0:
            ticks.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    labels = [day.strftime("%b %y") for day in ticks]
    set_ticks(axes, "x", [day_x(day) for day in ticks], labels, grid=grid)


def _as_of_line(axes: Axes, as_of: date) -> None:
    axes.axvline(day_x(as_of), color=MUTED, linestyle=(0, (1, 2)), linewidth=1)
    axes.annotate(
        f"as of {long_form(as_of)}",
        xy=(day_x(as_of), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -2),
        textcoords="offset points",
        va="top",
        fontsize=8,
        color=MUTED,
    )


def _steps(days: Sequence[date], start: date, end: date) -> tuple[list[float], list[int]]:
    xs, ys = [day_x(start)], [0]
    for count, day in enumerate(days, start=1):
        xs.append(day_x(day))
        ys.append(count)
    xs.append(day_x(end))
    ys.append(len(days))
    return xs, ys


def burn_up_chart(data: BurnUp, key: str, title: str) -> Chart:
    """Three step lines over time: due by baseline, due by current dates, completed."""
    return Chart.of(key, title, data.summary(), _draw_burn_up, data, key, title)


def _draw_burn_up(data: BurnUp, key: str, title: str) -> str:
    from matplotlib.ticker import MaxNLocator

    every = [*data.baseline, *data.current, *data.completed, data.as_of]
    start = shift(min(every), -15)
    end = shift(max(every), 15)
    with chart_style(key):
        top = max(1, data.total) * 1.08
        # The y label, then the widest count on the axis, then the ticks.
        counts = text_width([str(int(top))], 9)
        left = 0.3 + counts + 0.12
        figure, axes = new_figure(
            7.2, 3.4, left=left, right=0.15, top=TITLE_SPACE, bottom=TICK_SPACE
        )
        lines = (
            (data.baseline, "Due by baseline dates", INK["grey"], (0, (5, 2)), 1.6, end),
            (data.current, "Due by current dates", INK["blue"], "-", 1.8, end),
            (data.completed, "Completed", INK["green"], "-", 3.0, data.as_of),
        )
        for days, label, colour, style, width, until in lines:
            xs, ys = _steps(days, start, until)
            axes.step(
                xs, ys, where="post", label=label, color=colour, linestyle=style, linewidth=width
            )
        axes.axhline(data.total, color=MUTED, linewidth=0.8, linestyle=":")
        axes.annotate(
            f"all {data.total}",
            xy=(day_x(end), data.total),
            xytext=(-2, 3),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color=MUTED,
        )
        _as_of_line(axes, data.as_of)
        axes.set_xlim(day_x(start), day_x(end))
        axes.set_ylim(0, top)
        # Beyond the widest count and the ticks (3.5 pt long, 3.5 pt from their labels).
        draw_axis_label(figure, axes, "y", "Milestones (cumulative)", counts + 0.15)
        counts_at = [v for v in MaxNLocator(nbins=8, integer=True).tick_values(0, top) if v <= top]
        set_ticks(axes, "y", counts_at, [str(int(v)) for v in counts_at], grid="#d9d9d9")
        draw_title(axes, title)
        month_ticks(axes, start, end)
        axes.legend(loc="upper left", fontsize=8, bbox_to_anchor=(0.0, 0.93))
        return figure_svg(figure, title)


def _current_marker(colour: str, health: Health) -> dict[str, Any]:
    """The colour's shape, filled when complete and open otherwise.

    Two healths can share a colour (on track and complete are both green on the board's
    scheme), so the fill tells them apart where the colour cannot.
    """
    return {
        "marker": MARKERS[colour],
        "markersize": 6,
        "markeredgewidth": 1.4,
        "markeredgecolor": INK[colour],
        "markerfacecolor": INK[colour] if health is Health.COMPLETE else "white",
    }


def timeline_chart(
    rows: Sequence[MilestoneRow], as_of: date, scheme: str, key: str, title: str
) -> Chart:
    """Each milestone's original date (a ring) and current date (shape by colour, filled
    when complete), joined by a line where the date has moved."""
    live = [row for row in rows if row.health is not Health.WITHDRAWN]
    moved = [row for row in live if row.current_due != row.baseline_due]
    summary = (
        f"{len(live)} milestones; {len(moved)} moved from their original date"
        + (": " + "; ".join(f"{row.id} by {row.slip_days} days" for row in moved) if moved else "")
        + "."
    )
    if not live:
        summary = "No milestones."
    points = tuple(
        TimelinePoint(row.id, row.baseline_due, row.current_due, row.colour.name, row.health)
        for row in live
    )
    return Chart.of(key, title, summary, _draw_timeline, points, as_of, scheme, key, title)


@dataclass(frozen=True)
class TimelinePoint:
    """What the timeline draws of one milestone."""

    id: str
    baseline_due: date
    current_due: date
    colour: str
    """The colour's name in the scheme: 'red', 'amber'…"""
    health: Health


def _draw_timeline(
    live: Sequence[TimelinePoint], as_of: date, scheme: str, key: str, title: str
) -> str:
    from matplotlib.lines import Line2D

    days = [d for row in live for d in (row.baseline_due, row.current_due)] or [as_of]
    start = shift(min(*days, as_of), -20)
    end = shift(max(*days, as_of), 20)
    count = max(1, len(live))
    chosen = SCHEMES[scheme]
    present = [health for health in Health if any(row.health is health for row in live)]
    columns = min(3, 1 + len(present))
    legend_rows = -(-(1 + len(present)) // columns)
    with chart_style(key):
        figure, axes = new_figure(
            7.2,
            1.5 + 0.19 * count,
            left=text_width([row.id for row in live], 7.5) + 0.15,
            right=0.15,
            top=TITLE_SPACE,
            bottom=TICK_SPACE + legend_rows * LEGEND_ROW + 0.1,
        )
        ys = {row.id: count - 1 - position for position, row in enumerate(live)}
        moved = [row for row in live if row.current_due != row.baseline_due]
        if moved:
            axes.hlines(
                [ys[row.id] for row in moved],
                [day_x(min(row.baseline_due, row.current_due)) for row in moved],
                [day_x(max(row.baseline_due, row.current_due)) for row in moved],
                color=MUTED,
                linewidth=1.2,
            )
        ring: dict[str, Any] = {
            "marker": "o",
            "markersize": 9,
            "markerfacecolor": "white",
            "markeredgecolor": TEXT,
            "markeredgewidth": 1.0,
            "linestyle": "none",
        }
        axes.plot([day_x(row.baseline_due) for row in live], [ys[row.id] for row in live], **ring)
        groups: dict[tuple[str, Health], list[TimelinePoint]] = {}
        for row in live:
            groups.setdefault((row.colour, row.health), []).append(row)
        for (name, health), members in groups.items():
            axes.plot(
                [day_x(row.current_due) for row in members],
                [ys[row.id] for row in members],
                linestyle="none",
                **_current_marker(name, health),
            )
        # Each row's id as a text beside the axis, not a tick: a tick is five artists
        # (two lines, a grid line, two labels), and a timeline has a row per milestone.
        axes.set_yticks([])
        beside = axes.get_yaxis_transform()
        for row in reversed(live):
            y = ys[row.id]
            axes.text(-0.008, y, row.id, transform=beside, ha="right", va="center", fontsize=7.5)
        _as_of_line(axes, as_of)
        axes.set_ylim(-0.8, count - 0.2)
        axes.set_xlim(day_x(start), day_x(end))
        draw_title(axes, title)
        month_ticks(axes, start, end, grid="#e3e3e3")
        handles: list[Any] = [
            Line2D([], [], label="Original (baseline) date", **ring),
        ]
        for health in present:
            colour = chosen.colour(health)
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    label=f"Current date: {colour.label}, {health.label}",
                    **_current_marker(colour.name, health),
                )
            )
        figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=columns,
            fontsize=8,
        )
        return figure_svg(figure, title)


def heat_map_chart(data: Heatmap, key: str, title: str) -> Chart:
    """The 5×5 grid of open risks: score, band, count and ids printed in every cell."""
    occupied = sorted(
        (cell for cell in data.cells if cell.ids), key=lambda c: (-c.score, -c.likelihood)
    )
    summary = f"{data.total} open risks. " + "; ".join(
        f"likelihood {cell.likelihood} × impact {cell.impact} (score {cell.score}, "
        f"{cell.band}): {cell.count} — {', '.join(cell.ids)}"
        for cell in occupied
    )
    return Chart.of(key, title, summary, _draw_heat_map, data, key, title)


def _draw_heat_map(data: Heatmap, key: str, title: str) -> str:
    from matplotlib.patches import Patch, Rectangle

    side = 4.75
    """Inches of the square grid."""
    with chart_style(key):
        row_labels = [f"{i} {LIKELIHOOD_LABELS[i].capitalize()}" for i in range(1, 6)]
        # The y label, the widest row label, then the grid; under it two lines of column
        # labels, the x label and a row of legend.
        rows = text_width(row_labels, 8)
        left = 0.3 + rows + 0.1
        bottom = 0.42 + 0.25 + LEGEND_ROW + 0.15
        width, height = left + side + 0.2, TITLE_SPACE + side + bottom
        figure, axes = new_figure(
            width, height, left=left, right=0.2, top=TITLE_SPACE, bottom=bottom
        )
        for cell in data.cells:
            x, y = cell.impact - 1, cell.likelihood - 1
            axes.add_patch(
                Rectangle(
                    (x, y),
                    1,
                    1,
                    facecolor=BAND_COLOURS[cell.band].hex,
                    edgecolor="white",
                    linewidth=2,
                )
            )
            axes.text(
                x + 0.06, y + 0.92, f"{cell.score} {cell.band}", fontsize=7, color=MUTED, va="top"
            )
            if cell.ids:
                noun = "risk" if cell.count == 1 else "risks"
                axes.text(
                    x + 0.5,
                    y + 0.66,
                    f"{cell.count} {noun}",
                    fontsize=9,
                    fontweight="bold",
                    ha="center",
                    va="center",
                )
                axes.text(
                    x + 0.5,
                    y + 0.36,
                    "\n".join(textwrap.wrap(" ".join(cell.ids), 12)),
                    fontsize=7.5,
                    ha="center",
                    va="center",
                    linespacing=1.25,
                )
        axes.set_xlim(0, 5)
        axes.set_ylim(0, 5)
        middles = [i + 0.5 for i in range(5)]
        columns = [f"{i}\n{IMPACT_LABELS[i].capitalize()}" for i in range(1, 6)]
        set_ticks(axes, "x", middles, columns, size=8, marks=False)
        set_ticks(axes, "y", middles, row_labels, size=8, marks=False)
        for side_name in ("left", "bottom"):
            axes.spines[side_name].set_visible(False)
        # Beyond the tick labels (no ticks; labels 3.5 pt out; two lines under the grid).
        draw_axis_label(figure, axes, "x", "Impact", 0.4)
        draw_axis_label(figure, axes, "y", "Likelihood", rows + 0.1)
        draw_title(axes, title)
        figure.legend(
            handles=[
                Patch(
                    facecolor=BAND_COLOURS[each].hex,
                    edgecolor=MUTED,
                    label=f"{BAND_COLOURS[each].symbol} {each.capitalize()} ({BAND_SCORES[each]})",
                )
                for each in BANDS
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=4,
            fontsize=8,
        )
        return figure_svg(figure, title)
