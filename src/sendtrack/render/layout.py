"""Text laid out as rich lays it out, without a rich ``Table`` or ``print`` per item.

A status of 10,000 milestones is thousands of hanging items ('id  title that wraps
under itself') and one-line rows; drawn as a two-column grid each and printed one by
one, rich spent seconds on them (a table renders every cell through its whole
machinery). Here each is laid out with the primitives rich's tables use underneath —
``Measurement`` for a column's width, ``Text.wrap`` (and, for a line that may not
wrap, ``Lines.justify`` and ``Text.truncate``) for its cells — and ``render.console``
prints runs of such lines at once. rich stays the truth: every kind keeps the table it
stands for (``table()``) and draws that wherever rich would do more than give each
column its width (shrink them all, wrap a two-line cell), and
tests/render/test_render_identity.py holds the bytes to the tables' at every width.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sendtrack.core.escaping import escape_terminal
from sendtrack.render.console import grid

if TYPE_CHECKING:
    from rich.console import (
        Console,
        ConsoleOptions,
        JustifyMethod,
        OverflowMethod,
        RenderResult,
    )
    from rich.measure import Measurement
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text


RUN = 1000
"""Lines printed at once: one ``print`` of a 100,000-milestone status's lines joined
its Texts and their segments all at once, 75 MB at the peak; a run of this many costs
no more time than one print, and draws the same bytes."""


def print_lines(out: Console, lines: list[Text]) -> None:
    # Every line is laid out within the width (``Text.wrap`` truncates to it, the
    # grids' columns add up to it): cropping them again would only cost time.
    for start in range(0, len(lines), RUN):
        out.print(_Lines(lines[start : start + RUN]), crop=False)
    lines.clear()


class _Lines:
    """Lines already laid out, drawn as they are (each within the width it was laid
    out for, so rich neither wraps nor crops them)."""

    def __init__(self, lines: Sequence[Text]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.text import Text

        yield from Text("\n").join(self.lines).render(console)
        yield Segment.line()


def laid_out(
    out: Console, options: ConsoleOptions, renderable: object, left: int = 0
) -> list[Text] | None:
    """The lines rich would draw for ``renderable`` printed ``options.max_width`` cells
    wide, set ``left`` cells in, or None for a renderable (a table, a flow of other
    kinds) left to rich's ``print``."""
    from rich.padding import Padding
    from rich.text import Text

    width = options.max_width
    if width < 1:
        return None
    if isinstance(renderable, str):
        lines = _wrapped(out, out.render_str(renderable), width)
    elif isinstance(renderable, Text) and _plain_layout(renderable):
        lines = _wrapped(out, renderable, width)
    elif isinstance(renderable, Hanging | LineRows):
        laid = renderable.lines(out, options)
        if laid is None:
            return None
        lines = laid
    elif (
        isinstance(renderable, Padding)
        and renderable.expand
        and renderable.style == "none"
        and (renderable.top, renderable.right, renderable.bottom) == (0, 0, 0)
    ):
        # ``indented``: rich draws the inside ``left`` cells narrower, after as many spaces.
        inside = options.update_width(width - renderable.left)
        return laid_out(out, inside, renderable.renderable, left + renderable.left)
    else:
        return None
    if left:
        for index, line in enumerate(lines):
            if line.style:  # the spaces are not in its style
                lines[index] = Text(" " * left).append_text(line)
            else:
                line.pad_left(left)
    return lines


def _plain_layout(value: Text) -> bool:
    """``value`` leaves justification, overflow, wrapping and tabs to where it is drawn
    (``print`` would drop its own, a table cell keep them: only these are alike)."""
    return (
        value.justify is None
        and value.overflow is None
        and value.no_wrap is None
        and value.tab_size is None
    )


def _wrapped(out: Console, value: Text, width: int) -> list[Text]:
    """``value``'s lines as rich draws it ``width`` wide outside a table: what
    ``Text.__rich_console__`` asks of ``Text.wrap`` with a ``print``'s options."""
    return list(value.wrap(out, width, justify="default", overflow="fold", tab_size=out.tab_size))


class _LaidOut(ABC):
    """A renderable laid out as lines where ``lines`` can, and drawn (and measured) as
    the rich table it stands for, ``table()``, where it cannot."""

    @abstractmethod
    def table(self) -> Table: ...

    @abstractmethod
    def lines(self, out: Console, options: ConsoleOptions) -> list[Text] | None: ...

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        laid = self.lines(console, options)
        yield self.table() if laid is None else _Lines(laid)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.table())


class Hanging(_LaidOut):
    """'lead  body', laid out as rich lays out the two-column grid ``table()`` (which
    it draws where the line is too narrow for the lead), one ``Text.wrap`` per column
    instead of a table: a status lists hundreds of these.

    The grid, a lead column that never wraps and a body column that folds: rich gives
    each column its widest line (``Measurement``) and, when the two do not fit, takes
    the difference from the body; only when the lead (and the gap) alone fill the line
    does it shrink every column, and then the table itself is drawn.
    """

    def __init__(self, lead: str | Text, body: str | Text, gap: int = 2) -> None:
        self.lead = lead
        self.body = body
        self.gap = gap

    def table(self) -> Table:
        rows = grid(self.gap)
        rows.add_column(no_wrap=True)
        rows.add_column(ratio=1, overflow="fold")
        rows.add_row(self.lead, self.body)
        return rows

    def lines(self, out: Console, options: ConsoleOptions) -> list[Text] | None:
        """The grid's lines ``options.max_width`` cells wide (rich measures with those
        options), or None where only the table will do."""
        from rich.measure import Measurement
        from rich.text import Text

        width = options.max_width
        lead = out.render_str(self.lead) if isinstance(self.lead, str) else self.lead
        body = out.render_str(self.body) if isinstance(self.body, str) else self.body
        if not (_plain_layout(lead) and _plain_layout(body)):
            return None
        lead_width = Measurement.get(out, options, lead).maximum + self.gap
        if lead_width < 1 or lead_width >= width:
            return None
        body_width = min(Measurement.get(out, options, body).maximum or 1, width - lead_width)
        # The columns' cells as the grid draws them: left-justified, the lead never
        # wrapping and cut with '…', the body folding long words; lines padded to width.
        if "\n" in lead.plain:
            leads = list(
                lead.wrap(
                    out,
                    lead_width - self.gap,
                    justify="left",
                    overflow="ellipsis",
                    tab_size=out.tab_size,
                    no_wrap=True,
                )
            )
        else:
            leads = [_one_line(out, lead, lead_width - self.gap, "left", "ellipsis")]
        bodies = body.wrap(out, body_width, justify="left", overflow="fold", tab_size=out.tab_size)
        laid: list[Text] = []
        for index in range(max(len(leads), len(bodies))):
            line = Text()
            if index < len(leads):
                line.append_text(leads[index])
                line.append(" " * self.gap)
            else:
                line.append(" " * lead_width)
            if index < len(bodies):
                line.append_text(bodies[index])
            else:
                line.append(" " * body_width)
            laid.append(line)
        return laid


class LineRows(_LaidOut):
    """Rows of one line each, in columns ``gap`` cells apart: each column ``widths[i]``
    cells wide (``right[i]``: justified right), but the one whose width is None, which
    takes what the others leave and has its text cut with '…'.

    That is rich's ``Table.grid(expand=True)`` with fixed-width columns and one ratio
    column (``table()``), which rich draws at a table per row's cost; here each cell is
    fitted as ``Text.wrap`` fits one line that may not wrap, and the rows drawn as lines.
    Where the fixed columns leave the cut one less than rich's minimum for it, rich
    shrinks every column, and the table itself is drawn.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[str | Text]],
        widths: Sequence[int | None],
        right: Sequence[bool],
        *,
        gap: int = 2,
        min_width: int | None = None,
    ) -> None:
        assert list(widths).count(None) == 1, "one column takes the rest of the line"
        self.rows = rows
        self.widths = widths
        self.right = right
        self.gap = gap
        self.min_width = min_width
        """Of the cut column: rich keeps to it only where it shrinks every column."""

    def table(self) -> Table:
        lines = grid(self.gap)
        lines.expand = True  # the cut column takes what the other columns leave
        for width, right in zip(self.widths, self.right, strict=True):
            justify: JustifyMethod = "right" if right else "left"
            if width is None:
                lines.add_column(
                    ratio=1,
                    no_wrap=True,
                    overflow="ellipsis",
                    min_width=self.min_width,
                    justify=justify,
                )
            else:
                lines.add_column(no_wrap=True, width=width, justify=justify)
        for row in self.rows:
            lines.add_row(*row)
        return lines

    def _column_widths(self, width: int) -> list[int] | None:
        """Each column's width in cells with the gap after it, as rich's table gives them
        ``width`` cells (``Table._calculate_column_widths`` for this shape), or None where
        rich would shrink them all."""
        last = len(self.widths) - 1
        pads = [0 if index == last else self.gap for index in range(len(self.widths))]
        fixed = [
            min(w + pad, width) for w, pad in zip(self.widths, pads, strict=True) if w is not None
        ]
        cut = self.widths.index(None)
        rest = width - sum(fixed)
        # rich's least for a ratio column is one cell and its gap; a fixed column of
        # no cells is counted as one: both go the other way.
        if rest < 1 + pads[cut] or any(w < 1 for w in fixed):
            return None
        widths = [
            rest if w is None else min(w + pad, width)
            for w, pad in zip(self.widths, pads, strict=True)
        ]
        return None if any(w - pad < 1 for w, pad in zip(widths, pads, strict=True)) else widths

    def lines(self, out: Console, options: ConsoleOptions) -> list[Text] | None:
        """The rows as lines ``options.max_width`` cells wide, or None where only the
        table will do."""
        from rich.text import Span, Text

        widths = self._column_widths(options.max_width)
        if widths is None:
            return None
        last = len(widths) - 1
        cells: list[tuple[int, JustifyMethod]] = [
            (w - (0 if index == last else self.gap), "right" if right else "left")
            for index, (w, right) in enumerate(zip(widths, self.right, strict=True))
        ]
        gap = " " * self.gap
        laid: list[Text] = []
        for row in self.rows:
            parts: list[str] = []
            spans: list[Span] = []
            offset = 0
            for index, (value, (cell_width, justify)) in enumerate(zip(row, cells, strict=True)):
                style: str | Style
                if isinstance(value, str):
                    # What this console's ``render_str`` makes of it (no markup, emoji or
                    # highlighting), without a ``Text`` per cell.
                    plain, style = escape_terminal(value), ""
                elif value.spans or not _plain_layout(value):
                    return None
                else:
                    plain, style = value.plain, value.style
                if "\n" in plain:
                    return None  # a cell of two lines makes a row of two
                fitted = _fits(plain, cell_width, justify)
                if fitted is None:
                    line = Text(plain, style)
                    line = _one_line(out, line, cell_width, justify, "ellipsis", mine=True)
                    fitted, style = line.plain, line.style
                if style:
                    spans.append(Span(offset, offset + len(fitted), style))
                if index != last:
                    fitted += gap
                parts.append(fitted)
                offset += len(fitted)
            line = Text("".join(parts))
            line.spans = spans
            laid.append(line)
        return laid


class OneLineTable:
    """``table`` (a ``console.table()``, its name column cut with '…' to the width
    left), drawn with its header and rule by rich and its rows of one line as
    ``LineRows`` lay them out: rich would render every cell of a 500-row table.

    The columns are as rich's table makes them: each fixed one its widest cell (header
    included) and its padding, the cut one what they leave. Where that is less than
    rich's minimum, where a cell is not one line, and for any other kind of table, the
    table itself is drawn.
    """

    def __init__(self, table: Table) -> None:
        self.table = table

    def _parts(self, out: Console, options: ConsoleOptions) -> tuple[Table, list[Text]] | None:
        from rich.measure import Measurement
        from rich.text import Text

        table = self.table
        columns = table.columns
        safe = out.safe_box if table.safe_box is None else table.safe_box
        box = table.box.substitute(options, safe=safe) if table.box else None
        if not (
            box is not None
            and box.mid_vertical == box.foot_vertical == " "
            and table.show_header
            and table.expand
            and not (table.show_footer or table.show_edge or table.show_lines or table.leading)
            and table.width is None
            and table.min_width is None
            and not table.row_styles
            and table.title is None
            and table.caption is None
            and table.style in (None, "", "none")
            and table.border_style in (None, "", "none")
            and table.padding == (0, 1, 0, 0)
            and not table.pad_edge
            and not table.collapse_padding
            and all(row.style is None and not row.end_section for row in table.rows)
            and [column.ratio is not None for column in columns].count(True) == 1
            and all(
                column.no_wrap
                and column.overflow == "ellipsis"
                and column.justify in ("left", "right")
                and column.vertical == "top"
                and not column.style
                and column.max_width is None
                and (column.ratio is not None or column.min_width is None)
                for column in columns
            )
        ):
            return None
        room = options.max_width - (len(columns) - 1)  # a space between columns
        measuring = options.update_width(room)
        widths: list[int | None] = []
        for index, column in enumerate(columns):
            if column.ratio is not None or column.width is not None:
                widths.append(column.width if column.ratio is None else None)
                continue
            widest = 0
            for cell in (column.header, *column.cells):
                plain = cell.plain if isinstance(cell, Text) else cell
                if isinstance(plain, str) and plain.isprintable():
                    widest = max(widest, _cell_len(plain))  # what rich measures it as
                else:
                    widest = max(widest, Measurement.get(out, measuring, cell).maximum)
            if widest + (index < len(columns) - 1) >= room:
                return None
            widths.append(widest)
        rows = list(zip(*(list(column.cells) for column in columns), strict=True))
        right = [column.justify == "right" for column in columns]
        body = LineRows(rows, widths, right).lines(out, options)
        if body is None:
            return None
        header = copy.copy(table)
        header.rows = []
        header.columns = [column.copy() for column in columns]
        for column, width in zip(header.columns, widths, strict=True):
            column.width = column.width if width is None else width
        return header, body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        parts = self._parts(console, options)
        if parts is None:
            yield self.table
        else:
            yield parts[0]
            yield _Lines(parts[1])

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.table)


def _cell_len(text: str) -> int:
    """``rich.cells.cell_len``, imported once (an import in a loop of 50,000 costs)."""
    global _cell_len
    from rich.cells import cell_len

    _cell_len = cell_len
    return cell_len(text)


def _one_line(
    out: Console,
    value: Text,
    width: int,
    justify: JustifyMethod,
    overflow: OverflowMethod,
    *,
    mine: bool = False,
) -> Text:
    """The line ``value.wrap(out, width, justify=…, overflow=…, no_wrap=True)`` gives
    for a ``value`` of one line: tabs expanded, its ``Lines.justify`` and ``truncate``
    (on ``value`` itself where it is ``mine`` to change, else a copy). A line that
    already fits, and needs no stripping, is only padded, as they pad it (with the
    spaces inside its style)."""
    from rich.containers import Lines
    from rich.text import Text

    if not value.spans:
        fitted = _fits(value.plain, width, justify)
        if fitted is not None:
            return Text(fitted, value.style)
    line = value if mine else value.copy()
    if "\t" in line.plain:
        line.expand_tabs(out.tab_size)
    if justify == "left":
        # All ``Lines.justify`` does for 'left'; it leaves the line exactly ``width``
        # cells, so the ``truncate`` after it has nothing to do.
        line.truncate(width, overflow=overflow, pad=True)
        return line
    Lines([line]).justify(out, width, justify=justify, overflow=overflow)
    line.truncate(width, overflow=overflow)
    return line


def _fits(plain: str, width: int, justify: JustifyMethod) -> str | None:
    """``plain`` padded to ``width`` as ``Lines.justify`` pads a line that fits (left:
    spaces after; right: before, once trailing spaces are stripped, so not for a line
    that has them), or None where it does more than pad: rich's own calls do that."""
    if "\t" in plain or justify not in ("left", "right"):
        return None
    length = _cell_len(plain)
    if length > width:
        return None
    if justify == "left":
        return plain + " " * (width - length)
    return " " * (width - length) + plain if plain == plain.rstrip() else None
