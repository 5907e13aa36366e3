"""Board papers as plain text (``report highlight --format text``): for a terminal or email.

The same blocks as the Markdown and HTML (``papers_layout``), without charts (each chart's
summary, which gives its figures, is printed instead). Drawn with rich
(``render.console``): long cells wrap so every table fits the terminal's width, and a
colour's badge is coloured where the terminal allows (its symbol and words are always
there). Control characters in the data are made visible before the layout
(``escaping.escape_terminal``), so a value cannot send escape codes to the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendtrack.core.escaping import escape_terminal
from sendtrack.render import console
from sendtrack.render.console import PLAIN, Terminal
from sendtrack.render.papers_layout import (
    Badge,
    Block,
    Bullets,
    Cell,
    Document,
    Facts,
    Heading,
    Paragraph,
    Strong,
    Table,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


def _clean(text: str) -> str:
    return " ".join(escape_terminal(text).split())


def _inline(parts: Cell) -> Text:
    """A cell's parts as one line of text; a badge in its colour where colour is on."""
    out = console.text("")
    for part in parts:
        if isinstance(part, Badge):
            out.append(_clean(part.text), style=part.colour.style)
        elif isinstance(part, Strong):
            out.append(_clean(part.text), style="bold")
        else:
            out.append(_clean(part))
    return out


WRAPPED_MIN = 18
"""Cells a wrapping column needs to read as text, not a column of word fragments."""


def _one_line(table: Table, index: int) -> bool:
    """A column kept on one line: numbers, dates, and colours' badges."""
    column = table.columns[index]
    badges = any(isinstance(part, Badge) for row in table.rows for part in row[index])
    return column.numeric or column.nowrap or badges


def _table(table: Table, width: int) -> list[RenderableType]:
    """A caption, then the table: numbers, dates and badges on one line, text cells
    wrapping, headers wrapping at their spaces. Where that cannot fit ``width`` (each
    text column needs ``WRAPPED_MIN`` cells), one block per row instead."""
    cells = [[_inline(cell) for cell in row] for row in table.rows]
    fixed = [_one_line(table, i) for i in range(len(table.columns))]
    needed = sum(
        max([console.cell_width(w) for w in column.header.split()] + [c[i].cell_len for c in cells])
        if fixed[i]
        else WRAPPED_MIN
        for i, column in enumerate(table.columns)
    ) + 2 * (len(table.columns) - 1)
    caption = f"{_clean(table.caption)}:"
    if needed > width and len(table.columns) > 2:
        return [caption, *(_record(table, row, fixed) for row in cells)]
    drawn = console.table()
    for i, column in enumerate(table.columns):
        drawn.add_column(
            column.header.replace(" ", "\n") if fixed[i] else column.header,
            justify="right" if column.numeric else "left",
            no_wrap=fixed[i],
            overflow="fold",
        )
    for row in cells:
        drawn.add_row(*row)
    return [caption, drawn]


def _record(table: Table, row: list[Text], fixed: list[bool]) -> RenderableType:
    """One row as a block: its first cell, then its first text cell, then the one-line
    cells as 'Header: value' facts, then any other text cells, each on its own line."""
    texts = [i for i in range(1, len(row)) if not fixed[i]]
    lead = texts[0] if texts else None
    body = row[lead].copy() if lead is not None else console.text("")
    facts = [i for i in range(1, len(row)) if fixed[i]]
    if facts:
        if body.plain:
            body.append("\n")
        for n, i in enumerate(facts):
            body.append(f"{' · ' if n else ''}{_clean(table.columns[i].header)}: ")
            body.append_text(row[i])
    for i in texts[1:]:
        body.append(f"\n{_clean(table.columns[i].header)}: ")
        body.append_text(row[i])
    return console.hanging(row[0].plain, body, gap=2)


def _block(block: Block, width: int) -> list[RenderableType]:
    if isinstance(block, Heading):
        title = _clean(block.text)
        underline = "=" if block.level <= 2 else "-"
        return [title, underline * min(console.cell_width(title), width)]
    if isinstance(block, Paragraph):
        return [_inline(block.parts)]
    if isinstance(block, Facts):
        facts = console.grid()
        facts.add_column(no_wrap=True)
        facts.add_column(ratio=1, overflow="fold")
        for label, value in block.items:
            facts.add_row(f"{label}:", _inline(value))
        return [facts]
    if isinstance(block, Bullets):
        return [console.hanging("-", _inline(item), gap=1) for item in block.items]
    if isinstance(block, Table):
        return _table(block, width)
    summary = f"Chart: {_clean(block.chart.title)}. {_clean(block.chart.summary)}"
    return [console.text(summary)]


def render_text(document: Document, terminal: Terminal = PLAIN) -> str:
    """The paper as text for ``terminal``: every line within its width."""
    title = _clean(document.title)
    out: list[RenderableType] = [title, "#" * min(console.cell_width(title), terminal.width)]
    for block in document.blocks:
        out.append("")
        out.extend(_block(block, terminal.width))
    return console.render(terminal, *out)
