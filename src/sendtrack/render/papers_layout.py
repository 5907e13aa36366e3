"""What a board paper says, in order, before any format: headings, facts, tables, charts.

Why a layout between the report objects and the renderers: the highlight report and the
board pack are printed as Markdown, HTML and plain text, and the three must say the same
thing in the same order. Deciding the content once, as a list of plain blocks, leaves
each renderer (``papers_markdown``, ``papers_html``, ``papers_text``) to do only what is
particular to its format: escaping, table syntax, where charts go. The renderers never
look at the report objects, and the layout never writes markup.

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
from sendtrack.papers.board_data import BAND_COLOURS, BANDS, ActionLog, BoardActionRow
from sendtrack.papers.board_pack import BoardPack
from sendtrack.papers.highlight import HighlightPapers, HighlightReport, KeyEntry
from sendtrack.plan.colours import SCHEMES, Colour
from sendtrack.plan.health import Health
from sendtrack.plan.status import LIVE_HEALTHS, Counts, MilestoneRow
from sendtrack.plan.vocabulary import DEFAULT, Vocabulary
from sendtrack.render.charts import Chart, burn_up_chart, heat_map_chart, timeline_chart

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


def _slug(*parts: str) -> str:
    text = "-".join(part for part in parts if part).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def _day(day: date | None) -> str:
    return long_form(day) if day else "—"


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _short(text: str, limit: int = 90) -> str:
    """The start of a long text, cut at a word: priorities are a paragraph each."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + " …"


def _badge(row: MilestoneRow) -> Badge:
    return Badge(row.colour, row.health.label)


def _health_badge(health: Health, scheme: str) -> Badge:
    return Badge(SCHEMES[scheme].colour(health), health.label)


def _band_badge(band: Band) -> Badge:
    return Badge(BAND_COLOURS[band], band)


def _cells(*values: Inline | Cell) -> tuple[Cell, ...]:
    return tuple(value if isinstance(value, tuple) else (value,) for value in values)


def _table(
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


class _Builder:
    """Blocks with heading levels relative to a base, and anchors unique in the paper."""

    def __init__(self, document: Document, base: int, prefix: str) -> None:
        self.document = document
        self.base = base
        self.prefix = prefix

    def heading(self, depth: int, text: str, new_page: bool = False) -> None:
        self.document.blocks.append(
            Heading(self.base + depth, text, _slug(self.prefix, text), new_page)
        )

    def add(self, *blocks: Block) -> None:
        self.document.blocks.extend(blocks)


# -- shared sections ---------------------------------------------------------------------------


def _counts_table(counts: Counts, scheme: str, caption: str, words: Vocabulary = DEFAULT) -> Block:
    rows = [
        _cells(
            _health_badge(health, scheme),
            str(counts.by_health[health]),
            f"{percent(counts.by_health[health], counts.total)}%",
        )
        for health in LIVE_HEALTHS
    ]
    if counts.undated:
        rows.append(
            _cells(
                "undated (no health)",
                str(counts.undated),
                f"{percent(counts.undated, counts.total)}%",
            )
        )
    if counts.carried_forward:
        rows.append(
            _cells(
                _health_badge(Health.CARRIED_FORWARD, scheme),
                str(counts.carried_forward),
                f"{percent(counts.carried_forward, counts.total)}%",
            )
        )
    if counts.withdrawn:
        rows.append(
            _cells(_health_badge(Health.WITHDRAWN, scheme), str(counts.withdrawn), "not counted")
        )
    return _table(
        caption,
        ["Health", Column(words.tracked.plural, numeric=True), Column("Share", numeric=True)],
        rows,
        f"No {words.tracked.words}.",
    )


def _status_line(counts: Counts) -> str:
    carried = f"; carried forward: {counts.carried_forward}" if counts.carried_forward else ""
    return (
        f"Not started: {counts.not_started}; in progress: {counts.in_progress}; "
        f"complete: {counts.complete}{carried}."
    )


def _action_rows(rows: Sequence[BoardActionRow]) -> list[tuple[Cell, ...]]:
    return [
        _cells(
            row.id,
            row.action.text,
            row.action.owner,
            _day(row.action.due),
            row.status_label,
            f"overdue by {_plural(row.days_overdue, 'day')}" if row.days_overdue else "no",
            _plural(row.carried_over, "board") if row.carried_over else "—",
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


def _closed_rows(rows: Sequence[BoardActionRow]) -> list[tuple[Cell, ...]]:
    return [_cells(row.id, row.action.text, row.action.owner, _day(row.closed_on)) for row in rows]


def _risk_rows(rows: Sequence[RiskRow]) -> list[tuple[Cell, ...]]:
    return [
        _cells(
            row.risk.id,
            row.risk.title,
            f"{row.score} ({row.risk.likelihood}×{row.risk.impact})",
            _band_badge(row.band),
            row.trend.symbol
            + (f" (was {row.trend.score_at_board})" if row.trend.trend in ("up", "down") else ""),
            f"{row.target_score} ({row.risk.target.likelihood}×{row.risk.target.impact})",
            row.risk.owner,
            _day(row.risk.review_date) + (" (overdue)" if row.review_overdue else ""),
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


def _key(builder: _Builder, entries: Sequence[KeyEntry]) -> None:
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
                _cells((Badge(entry.colour, entry.name.lower()),), entry.meaning)
                for entry in entries
            ),
        ),
        Paragraph(
            (
                "Trend: ↑ score up since the last board, ↓ down, → unchanged, new: raised "
                "since the last board. Dates are the last day of the month where the plan "
                "gives only a month.",
            )
        ),
    )


# -- the highlight report ----------------------------------------------------------------------


def _highlight(
    builder: _Builder, report: HighlightReport, titled: bool = True, new_page: bool = False
) -> None:
    """One workstream's report; ``titled`` False when the document's title names it."""
    h = report
    m, g = h.words.tracked, h.words.grouping
    period = h.period
    next_day = period.next_meeting.date if period.next_meeting else None
    if titled:
        builder.heading(0, h.name, new_page)
    builder.add(
        Facts(
            (
                (g.name, (f"{h.name} ({h.workstream})",)),
                ("Leads", (", ".join(h.leads) or "not named",)),
                ("Period covered", (period.describe(),)),
                ("As of", (long_form(h.as_of),)),
                (
                    "Next board",
                    (_day(next_day) if next_day else "none scheduled",),
                ),
                (
                    "Overall health",
                    (Badge(h.overall.colour, h.overall.health.label), f" — {h.overall.reason}"),
                ),
            )
        )
    )

    builder.heading(1, "Status summary")
    builder.add(
        Paragraph((Strong(h.counts.headline(m) + "."),)),
        Paragraph((_status_line(h.counts),)),
        _counts_table(
            h.counts,
            h.scheme,
            f"{h.name}: {m.words} by health as of {long_form(h.as_of)}",
            h.words,
        ),
    )
    if h.counts.total:
        builder.add(
            Figure(
                burn_up_chart(
                    h.burn_up,
                    f"burn-up-{h.workstream}",
                    f"{h.name}: {m.words} due and completed over time",
                )
            ),
            Figure(
                timeline_chart(
                    h.rows,
                    h.as_of,
                    h.scheme,
                    f"timeline-{h.workstream}",
                    f"{h.name}: original and current {m.word} dates",
                )
            ),
        )

    builder.heading(1, "This period")
    builder.add(Paragraph((f"From {period.describe()}.",)))
    builder.heading(2, "Completed")
    builder.add(
        _table(
            f"{m.plural} completed this period",
            [m.name, "Title", "Completed", "Original date", "On time"],
            (
                _cells(
                    e.row.id,
                    e.row.title,
                    long_form(e.on),
                    long_form(e.row.baseline_due),
                    f"late by {_plural((e.on - e.row.baseline_due).days, 'day')}"
                    if e.row.late
                    else "yes",
                )
                for e in h.completed
            ),
            f"No {m.word} was completed this period.",
        )
    )
    builder.heading(2, "Started")
    builder.add(
        _table(
            f"{m.plural} started this period",
            [m.name, "Title", "Started", "Current date"],
            (
                _cells(e.row.id, e.row.title, long_form(e.on), long_form(e.row.current_due))
                for e in h.started
            ),
            f"No {m.word} has a start date in this period.",
        )
    )
    if h.undated_starts:
        builder.add(
            Paragraph(
                (
                    f"{m.count(h.undated_starts)} in progress "
                    f"{'has' if h.undated_starts == 1 else 'have'} no start date recorded "
                    "(started_on, or an update setting the status), so cannot be placed in "
                    "a period.",
                )
            )
        )
    builder.heading(2, "Re-profiled")
    builder.add(
        _table(
            "Re-profiles agreed this period",
            [
                m.name,
                "Title",
                "From",
                "To",
                Column("Moved by (days)", numeric=True),
                "Agreed at",
                "Reason",
            ],
            (
                _cells(
                    e.row.id,
                    e.row.title,
                    long_form(e.moved_from),
                    long_form(e.to),
                    str(e.days),
                    f"{long_form(e.meeting_date)} board",
                    e.reason,
                )
                for e in h.reprofiled
            ),
            "No re-profile was agreed this period.",
        )
    )
    builder.heading(2, "Progress notes")
    builder.add(
        _table(
            "Progress notes dated this period",
            [m.name, "Date", "Note"],
            (_cells(n.row.id, long_form(n.on), n.note) for n in h.notes),
            "No progress notes are dated this period.",
        )
    )

    builder.heading(1, "Next period")
    if next_day is None:
        builder.add(Paragraph(("No board is scheduled after this one.",)))
    else:
        builder.add(
            _table(
                f"Due by the next board on {long_form(next_day)}",
                [m.name, "Title", "Current date", "Health"],
                (
                    _cells(row.id, row.title, long_form(row.current_due), _badge(row))
                    for row in h.next_period
                ),
                f"Nothing falls due before the next board on {long_form(next_day)}.",
            )
        )

    builder.heading(1, "Exceptions")
    builder.add(
        _table(
            f"{m.plural} off track or delayed",
            [
                m.name,
                "Title",
                "Health",
                "Original date",
                "Current date",
                Column("Slip (days)", numeric=True),
                "Reason",
            ],
            (
                _cells(
                    row.id,
                    row.title,
                    _badge(row),
                    long_form(row.baseline_due),
                    long_form(row.current_due),
                    str(row.slip_days),
                    row.reason,
                )
                for row in h.exceptions
            ),
            f"No {m.word} is off track or delayed.",
        )
    )
    if h.lead_differs:
        builder.heading(2, "Where the lead's own rating differs")
        builder.add(
            _table(
                "The lead's rating beside the derived health, which the figures use",
                [m.name, "Title", "Derived health", "Lead says", "Reason", "Rated on"],
                (
                    _cells(
                        row.id,
                        row.title,
                        _badge(row),
                        rating.colour,
                        rating.reason,
                        long_form(rating.on),
                    )
                    for row in h.lead_differs
                    if (rating := row.lead_rating) is not None
                ),
                "None.",
            )
        )

    builder.heading(1, "Decisions needed")
    builder.add(
        _table(
            "Re-profiles proposed for the board to agree",
            [
                m.name,
                "Title",
                "Current date",
                "Proposed date",
                Column("Slip from original (days)", numeric=True),
                "Reason",
                "Proposed",
            ],
            (
                _cells(
                    d.milestone.id,
                    d.milestone.title,
                    long_form(d.milestone.current_due),
                    long_form(d.to),
                    str((d.to - d.milestone.baseline_due).days),
                    d.reason,
                    _day(d.proposed_on),
                )
                for d in h.decisions
            ),
            "No decision is needed: no re-profile awaits the board.",
        )
    )

    builder.heading(1, "Key risks")
    builder.add(
        _table(
            f"Open risks linked to this {g.word}, highest score first",
            RISK_COLUMNS,
            _risk_rows(h.risks),
            f"No open risk is linked to this {g.word}.",
        )
    )

    builder.heading(1, "Board actions")
    overdue = h.actions.overdue
    builder.add(
        Paragraph(
            (
                f"{_plural(len(h.actions.open), 'open action')}, {len(overdue)} overdue; "
                f"{len(h.actions.closed_since)} closed since the last board.",
            )
        )
    )
    builder.heading(2, "Open")
    builder.add(
        _table(
            f"Open board actions for this {g.word}",
            ACTION_COLUMNS,
            _action_rows(h.actions.open),
            f"No open board action is linked to this {g.word}.",
        )
    )
    builder.heading(2, "Closed since the last board")
    builder.add(
        _table(
            "Board actions closed since the last board",
            ["Action", "What", "Owner", "Closed"],
            _closed_rows(h.actions.closed_since),
            "None.",
        )
    )


def _page_breaks(document: Document, level: int) -> Document:
    """Start every heading of ``level`` but the first on a new printed page."""
    seen = False
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading) and block.level == level:
            if seen:
                document.blocks[index] = replace(block, new_page=True)
            seen = True
    return document


def highlight_document(papers: HighlightPapers) -> Document:
    """The highlight report(s): one workstream, or each in turn under one title."""
    first = papers.reports[0]
    single = len(papers.reports) == 1
    title = (
        f"Highlight report: {first.name}"
        if single
        else f"Highlight reports: {papers.partnership or 'all ' + first.words.grouping.words}"
    )
    document = Document(title)
    top = _Builder(document, 2, "")
    if not single:
        document.blocks.append(
            Facts(
                (
                    ("Board", (papers.board,)),
                    ("Period covered", (first.period.describe(),)),
                    ("As of", (long_form(first.as_of),)),
                )
            )
        )
    document.blocks.extend(Paragraph((f"Note: {note}.",)) for note in papers.notes)
    for report in papers.reports:
        if single:
            _highlight(_Builder(document, 1, ""), report, titled=False)
        else:
            _highlight(_Builder(document, 2, report.workstream), report)
    _key(top, papers.key)
    # One workstream fits a few pages as it flows; several start one a page each.
    return document if single else _page_breaks(document, 2)


# -- the board pack ----------------------------------------------------------------------------


def board_pack_document(pack: BoardPack) -> Document:
    status = pack.status
    words = status.words
    m, g = words.tracked, words.grouping
    meeting = pack.meeting
    document = Document(f"{meeting.board}: board pack, {long_form(meeting.date)}")
    top = _Builder(document, 2, "")
    when = ", ".join(
        part for part in (long_form(meeting.date), meeting.time, meeting.location) if part
    )
    facts: list[tuple[str, Cell]] = [
        ("Partnership", (status.partnership,)),
        ("Meeting", (f"{when} ({meeting.status})",)),
    ]
    if pack.plan_title:
        facts.append(("Plan", (pack.plan_title,)))
    facts += [
        ("Figures as of", (long_form(pack.as_of),)),
        ("Period covered", (pack.period.describe(),)),
    ]
    document.blocks.append(Facts(tuple(facts)))
    document.blocks.extend(Paragraph((f"Note: {note}.",)) for note in status.notes)

    top.heading(0, "Overall status")
    top.add(
        Paragraph((Strong(status.headline + "."),)),
        Paragraph((_status_line(status.milestones),)),
        _counts_table(
            status.milestones,
            status.scheme,
            f"All {m.words} by health as of {long_form(pack.as_of)}",
            words,
        ),
        _table(
            f"{m.plural} by {g.word}",
            [
                g.name,
                Column(m.plural, numeric=True),
                Column("In progress or completed", numeric=True),
                Column("Completed", numeric=True),
                Column("Off track", numeric=True),
                Column("Delayed", numeric=True),
                "Overall health",
            ],
            (
                _cells(
                    h.name,
                    str(h.counts.total),
                    f"{h.counts.started} ({h.counts.started_pct}%)",
                    f"{h.counts.complete} ({h.counts.complete_pct}%)",
                    str(h.counts.by_health[Health.OFF_TRACK]),
                    str(h.counts.by_health[Health.DELAYED]),
                    Badge(h.overall.colour, h.overall.health.label),
                )
                for h in pack.highlights
            ),
            f"No {g.words}.",
        ),
        _table(
            f"{m.plural} by {words.top.word}",
            [
                words.top.name,
                Column(m.plural, numeric=True),
                Column("In progress or completed", numeric=True),
                Column("Completed", numeric=True),
            ],
            (
                _cells(
                    f"{group.id}. {group.short or _short(group.name)}",
                    str(group.counts.total),
                    f"{group.counts.started} ({group.counts.started_pct}%)",
                    f"{group.counts.complete} ({group.counts.complete_pct}%)",
                )
                for group in status.by_priority
            ),
            f"No {words.top.words}.",
        ),
        Figure(
            burn_up_chart(pack.burn_up, "burn-up", f"All {m.words}: due and completed over time")
        ),
    )

    top.heading(0, f"{g.name} highlight reports")
    for index, report in enumerate(pack.highlights):
        _highlight(_Builder(document, 3, report.workstream), report, new_page=index > 0)

    top.heading(0, "Re-profile register")
    top.add(
        Paragraph(
            (
                f"Every {m.word} whose date the board has moved. The original date stays as "
                "the baseline for transparent monitoring; slip is from it.",
            )
        ),
        _table(
            f"Re-profiled {m.words}",
            [
                m.name,
                "Title",
                g.name,
                "Original date",
                "Current date",
                Column("Slip (days)", numeric=True),
                Column("Times moved", numeric=True),
                "Agreed at",
                "Health",
            ],
            (
                _cells(
                    e.row.id,
                    e.row.title,
                    e.row.workstream,
                    long_form(e.row.baseline_due),
                    long_form(e.row.current_due),
                    str(e.row.slip_days),
                    str(e.row.reprofiles),
                    "; ".join(
                        f"{long_form(move.meeting_date)} (to {long_form(move.entry.to)})"
                        for move in e.moves
                    ),
                    _badge(e.row),
                )
                for e in pack.register
            ),
            f"No {m.word} has been re-profiled.",
        ),
    )
    top.heading(1, "Awaiting the board")
    top.add(
        _table(
            "Re-profiles proposed, awaiting the board's agreement",
            [m.name, "Title", g.name, "Current date", "Proposed date", "Reason"],
            (
                _cells(
                    item.milestone.id,
                    item.milestone.title,
                    item.milestone.workstream,
                    long_form(item.milestone.current_due),
                    long_form(item.to),
                    item.reason,
                )
                for item in status.awaiting_board
            ),
            "No re-profile awaits the board.",
        )
    )

    _action_log(top, pack.actions)
    _risks(top, pack)
    _forward_plan(top, pack)
    _key(top, pack.key)
    return _page_breaks(document, 2)


def _action_log(top: _Builder, log: ActionLog) -> None:
    top.heading(0, "Action log")
    top.add(
        Paragraph(
            (
                f"{_plural(len(log.open), 'open action')}, {len(log.overdue)} overdue; "
                f"{len(log.closed_since)} closed since the last board.",
            )
        )
    )
    top.heading(1, "Open")
    top.add(
        _table("Open board actions", ACTION_COLUMNS, _action_rows(log.open), "No open actions.")
    )
    top.heading(1, "Overdue")
    top.add(
        _table(
            "Board actions past their due date",
            ACTION_COLUMNS,
            _action_rows(log.overdue),
            "No action is overdue.",
        )
    )
    top.heading(1, "Closed since the last board")
    top.add(
        _table(
            "Board actions closed since the last board",
            ["Action", "What", "Owner", "Closed"],
            _closed_rows(log.closed_since),
            "No action was closed since the last board.",
        )
    )


def _risks(top: _Builder, pack: BoardPack) -> None:
    risks = pack.risks
    top.heading(0, "Risk register")
    parts: list[Inline] = [f"{_plural(len(risks.open), 'open risk')}: "]
    for index, band in enumerate(BANDS):
        parts += [Badge(BAND_COLOURS[band], band), f" {risks.by_band[band]}"]
        parts.append("; " if index < len(BANDS) - 1 else ".")
    if risks.closed:
        parts.append(f" {risks.closed} closed.")
    overdue = risks.review_overdue
    parts.append(
        f" Review overdue: {', '.join(row.risk.id for row in overdue)}."
        if overdue
        else " No review is overdue."
    )
    top.add(
        Paragraph(tuple(parts)),
        Figure(heat_map_chart(pack.heat_map, "heat-map", "Open risks by likelihood and impact")),
        _table(
            "Open risks, highest score first",
            RISK_COLUMNS,
            _risk_rows(risks.open),
            "No open risks.",
        ),
    )


def _forward_plan(top: _Builder, pack: BoardPack) -> None:
    plan = pack.forward_plan
    top.heading(0, "Forward plan")
    source = plan.source
    if source is not None:
        top.add(Paragraph((f"As minuted at the {long_form(source.date)} board.",)))
    if plan.standing:
        top.add(
            Paragraph(("Standing items at every board:",)),
            Bullets(tuple((s,) for s in plan.standing)),
        )
    top.add(
        _table(
            "Items coming to future boards",
            ["Item", "Kind", "When", "Board"],
            (
                _cells(
                    planned.item.item,
                    planned.item.kind.replace("_", " "),
                    _day(planned.day) if planned.day else "to be scheduled",
                    long_form(planned.meeting.date) if planned.meeting else "—",
                )
                for planned in plan.items
            ),
            "No items are planned for future boards.",
            row_headers=False,
        )
    )
