"""Board papers as plain text (``report highlight --format text``): for a terminal or email.

The same blocks as the Markdown and HTML (``papers_layout``), without charts (each chart's
summary, which gives its figures, is printed instead). Long cells wrap so a table fits
in ``width`` columns. Control characters in the data are made visible before the layout
(``escaping.escape_terminal``), so a value cannot send escape codes to the terminal.
"""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from sendtrack.core.escaping import escape_terminal
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

DEFAULT_WIDTH = 100


def _clean(text: str) -> str:
    return " ".join(escape_terminal(text).split())


def _inline(parts: Cell) -> str:
    out = []
    for part in parts:
        if isinstance(part, Badge | Strong):
            out.append(part.text)
        else:
            out.append(part)
    return _clean("".join(out))


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]


def _widths(natural: list[int], width: int) -> list[int]:
    """Column widths within ``width``: narrow columns keep their width, wide ones share."""
    budget = width - 2 * (len(natural) - 1)
    result = list(natural)
    wide = set(range(len(natural)))
    while wide:
        share = max(8, budget // len(wide))
        narrow = {i for i in wide if natural[i] <= share}
        if not narrow:
            for i in wide:
                result[i] = share
            break
        budget -= sum(natural[i] for i in narrow)
        wide -= narrow
    return result


def _table(table: Table, width: int) -> list[str]:
    rows = [[_inline(cell) for cell in row] for row in table.rows]
    headers = [column.header for column in table.columns]
    # Headers wrap at spaces too, so a long header does not widen a column of numbers.
    natural = [
        max(len(text) for text in [*header.split(), *(row[i] for row in rows)])
        for i, header in enumerate(headers)
    ]
    widths = _widths(natural, width)
    body = tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        maxcolwidths=list(widths),
        maxheadercolwidths=list(widths),
        disable_numparse=True,
        colalign=["right" if column.numeric else "left" for column in table.columns],
    )
    return [f"{_clean(table.caption)}:", *body.splitlines()]


def _block(block: Block, width: int) -> list[str]:
    if isinstance(block, Heading):
        text = _clean(block.text)
        underline = "=" if block.level <= 2 else "-"
        return [text, underline * min(len(text), width)]
    if isinstance(block, Paragraph):
        return _wrap(_inline(block.parts), width)
    if isinstance(block, Facts):
        label_width = max(len(label) for label, _ in block.items) + 2
        lines = []
        for label, value in block.items:
            wrapped = _wrap(_inline(value), width - label_width)
            lines.append(f"{label + ':':<{label_width}}{wrapped[0]}")
            lines += [" " * label_width + more for more in wrapped[1:]]
        return lines
    if isinstance(block, Bullets):
        return [line for item in block.items for line in _wrap("- " + _inline(item), width)]
    if isinstance(block, Table):
        return _table(block, width)
    return _wrap(f"Chart: {_clean(block.chart.title)}. {_clean(block.chart.summary)}", width)


def render_text(document: Document, width: int = DEFAULT_WIDTH) -> str:
    title = _clean(document.title)
    lines = [title, "#" * min(len(title), width)]
    for block in document.blocks:
        lines.append("")
        lines.extend(_block(block, width))
    return escape_terminal("\n".join(line.rstrip() for line in lines) + "\n")
