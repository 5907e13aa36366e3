"""What a board paper says, in order, before any format: headings, facts, tables, charts.

Why a layout between the report objects and the renderers: the highlight report and the
board pack are printed as Markdown, HTML and plain text, and the three must say the same
thing in the same order. Deciding the content once, as a list of plain blocks, leaves
each renderer (``papers_markdown``, ``papers_html``, ``papers_text``) to do only what is
particular to its format: escaping, table syntax, where charts go. The renderers never
look at the report objects, and the layout never writes markup.

This module holds the blocks and the sections both papers print (status counts, action
and risk tables, the key); ``papers_highlight`` lays out the highlight report and
``papers_board_pack`` the board pack, which embeds each workstream's highlight section.

Every colour appears as a ``Badge``: its symbol, its name and what it means, together.
Charts are described here (title, summary) and drawn by matplotlib only when a renderer
asks for their SVG, so the plain-text paper never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sendtrack.board.risks import Band, RiskRow
from sendtrack.core.dates import long_form
from sendtrack.core.numbers import percent
from sendtrack.models.vocabulary import DEFAULT, Vocabulary
from sendtrack.papers.board_data import BAND_COLOURS, BoardActionRow
from sendtrack.papers.highlight import KeyEntry
from sendtrack.plan.colours import SCHEMES, Colour
from sendtrack.plan.health import Health
from sendtrack.plan.status import LIVE_HEALTHS, Counts, MilestoneRow
from sendtrack.render.charts import Chart

# -- blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """A colour as printed: symbol and colour name, then what it means ('▲ Amber, delayed')."""

    colour: Colour
    meaning: str

    @property
    def text(self) -> str:
        return f"{self.colour.symbol} {self.colour.label}: {self.meaning}"


@dataclass(frozen=True)
class Strong:
    text: str


Inline = str | Badge | Strong
Cell = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    new_page: bool = False
    """Printed at the top of a new page (the paper's main sections, after the first)."""


@dataclass(frozen=True)
class Paragraph:
    parts: Cell


@dataclass(frozen=True)
class Facts:
    """Label → value pairs: the header of a report."""

    items: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    header: str
    numeric: bool = False
    nowrap: bool = False
    """A date column: '31 Jan 2026' reads badly broken over three lines."""


_DATE_HEADERS = frozenset(
    {"Due", "Review", "Completed", "Started", "From", "To", "Date", "Closed", "When"}
    | {"Original date", "Current date", "Proposed date", "Proposed"}
)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_headers: bool = True
    """The first cell of each row names the row (an id): HTML marks it ``th scope=row``."""


@dataclass(frozen=True)
class Figure:
    chart: Chart


Block = Heading | Paragraph | Facts | Bullets | Table | Figure


@dataclass
class Document:
    """A whole paper: ``title`` is its first-level heading and the page title."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def charts(self) -> list[Chart]:
        return [block.chart for block in self.blocks if isinstance(block, Figure)]


# -- small builders ----------------------------------------------------------------------------


def slug(*parts: str) -> str:
    text = "-".join(part for part in parts if part).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def day_or_dash(day: date | None) -> str:
    return long_form(day) if day else "—"


def plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def short(text: str, limit: int = 90) -> str:
    """The start of a long text, cut at a word: priorities are a paragraph each."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + " …"


def row_badge(row: MilestoneRow) -> Badge:
    return Badge(row.colour, row.health.label)


def health_badge(health: Health, scheme: str) -> Badge:
    return Badge(SCHEMES[scheme].colour(health), health.label)


def band_badge(band: Band) -> Badge:
    return Badge(BAND_COLOURS[band], band)


def cells(*values: Inline | Cell) -> tuple[Cell, ...]:
    return tuple(value if isinstance(value, tuple) else (value,) for value in values)


def table(
    caption: str,
    headers: Sequence[str | Column],
    rows: Iterable[tuple[Cell, ...]],
    empty: str,
    row_headers: bool = True,
) -> Block:
    """A table, or a sentence saying there is nothing to list (never an empty table)."""
    body = tuple(rows)
    if not body:
        return Paragraph((empty,))
    columns = tuple(
        h if isinstance(h, Column) else Column(h, nowrap=h in _DATE_HEADERS) for h in headers
    )
    return Table(caption, columns, body, row_headers)


class Builder:
    """Blocks with heading levels relative to a base, and anchors unique in the paper."""

    def __init__(self, document: Document, base: int, prefix: str) -> None:
        self.document = document
        self.base = base
        self.prefix = prefix

    def heading(self, depth: int, text: str, new_page: bool = False) -> None:
        self.document.blocks.append(
            Heading(self.base + depth, text, slug(self.prefix, text), new_page)
        )

    def add(self, *blocks: Block) -> None:
        self.document.blocks.extend(blocks)


# -- shared sections ---------------------------------------------------------------------------


def counts_table(counts: Counts, scheme: str, caption: str, words: Vocabulary = DEFAULT) -> Block:
    rows = [
        cells(
            health_badge(health, scheme),
            str(counts.by_health[health]),
            f"{percent(counts.by_health[health], counts.total)}%",
        )
        for health in LIVE_HEALTHS
    ]
    if counts.undated:
        rows.append(
            cells(
                "undated (no health)",
                str(counts.undated),
                f"{percent(counts.undated, counts.total)}%",
            )
        )
    if counts.carried_forward:
        rows.append(
            cells(
                health_badge(Health.CARRIED_FORWARD, scheme),
                str(counts.carried_forward),
                f"{percent(counts.carried_forward, counts.total)}%",
            )
        )
    if counts.withdrawn:
        rows.append(
            cells(health_badge(Health.WITHDRAWN, scheme), str(counts.withdrawn), "not counted")
        )
    return table(
        caption,
        ["Health", Column(words.tracked.plural, numeric=True), Column("Share", numeric=True)],
        rows,
        f"No {words.tracked.words}.",
    )


def status_line(counts: Counts) -> str:
    carried = f"; carried forward: {counts.carried_forward}" if counts.carried_forward else ""
    return (
        f"Not started: {counts.not_started}; in progress: {counts.in_progress}; "
        f"complete: {counts.complete}{carried}."
    )


def action_rows(rows: Sequence[BoardActionRow]) -> list[tuple[Cell, ...]]:
    return [
        cells(
            row.id,
            row.action.text,
            row.action.owner,
            day_or_dash(row.action.due),
            row.status_label,
            f"overdue by {plural(row.days_overdue, 'day')}" if row.days_overdue else "no",
            plural(row.carried_over, "board") if row.carried_over else "—",
        )
        for row in rows
    ]


ACTION_COLUMNS: list[str | Column] = [
    "Action",
    "What",
    "Owner",
    "Due",
    "Status",
    "Overdue",
    "Carried over",
]


def closed_rows(rows: Sequence[BoardActionRow]) -> list[tuple[Cell, ...]]:
    return [
        cells(row.id, row.action.text, row.action.owner, day_or_dash(row.closed_on)) for row in rows
    ]


def risk_rows(rows: Sequence[RiskRow]) -> list[tuple[Cell, ...]]:
    return [
        cells(
            row.risk.id,
            row.risk.title,
            f"{row.score} ({row.risk.likelihood}×{row.risk.impact})",
            band_badge(row.band),
            row.trend.words,
            f"{row.target_score} ({row.risk.target.likelihood}×{row.risk.target.impact})",
            row.risk.owner,
            day_or_dash(row.risk.review_date) + (" (overdue)" if row.review_overdue else ""),
        )
        for row in rows
    ]


RISK_COLUMNS: list[str | Column] = [
    "Risk",
    "Title",
    Column("Score (L×I)", numeric=True),
    "Band",
    "Since last board",
    Column("Target (L×I)", numeric=True),
    "Owner",
    "Review",
]


def key_section(builder: Builder, entries: Sequence[KeyEntry]) -> None:
    builder.heading(0, "Key")
    builder.add(
        Paragraph(
            (
                "Every colour is printed with its symbol and its name, so the papers read "
                "the same in black and white and to a screen reader.",
            )
        ),
        Table(
            "Colours and symbols used in this paper",
            (Column("Colour and symbol"), Column("Meaning")),
            tuple(
                cells((Badge(entry.colour, entry.name.lower()),), entry.meaning)
                for entry in entries
            ),
        ),
        Paragraph(
            (
                "Trend: ↑ up (score higher than at the last board), ↓ down, → same, new: raised "
                "since the last board. Dates are the last day of the month where the plan "
                "gives only a month.",
            )
        ),
    )


def page_breaks(document: Document, level: int) -> Document:
    """Start every heading of ``level`` but the first on a new printed page."""
    seen = False
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading) and block.level == level:
            if seen:
                document.blocks[index] = replace(block, new_page=True)
            seen = True
    return document
