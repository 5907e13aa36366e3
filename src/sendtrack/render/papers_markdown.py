"""Board papers as Markdown (CommonMark with GitHub tables), from ``papers_layout`` blocks.

Escaping: every piece of text from the data goes through the shared
``escaping.escape_markdown``: backslash-escaped where CommonMark would read it as markup
(``*``, ``_``, ``<``, ``|``, ``[``, ``$``, ``@`` …), so a title containing ``<script>``
prints as text on GitHub and in any Markdown viewer, and a ``|`` never breaks a table.
Line breaks inside a cell become spaces: a table row is one line.

Charts: the caller says where each SVG lives (``image_ref``): a file written beside
the Markdown (what ``--output`` does). With none (printing to stdout), each chart is left
out with a note, and its summary, which gives its figures, stays: a ``data:`` URI would
put a 50,000-character line of base64 in the middle of the paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sendtrack.core.escaping import escape_markdown as escape
from sendtrack.render.charts import Chart
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


def _line_start(text: str) -> str:
    """Escape what would make a line a list item or a heading underline ('- ', '1.', '=')."""
    if match := re.match(r"(\d+)([.)])", text):
        return f"{match.group(1)}\\{match.group(2)}{text[match.end() :]}"
    if text[:1] in ("-", "+", "="):
        return "\\" + text
    return text


def _inline(parts: Cell) -> str:
    out = []
    for part in parts:
        if isinstance(part, Badge):
            out.append(escape(part.text))
        elif isinstance(part, Strong):
            out.append(f"**{escape(part.text)}**")
        else:
            out.append(escape(part))
    return "".join(out)


def _table(table: Table) -> list[str]:
    header = "| " + " | ".join(escape(column.header) for column in table.columns) + " |"
    rule = "|" + "|".join("---:" if column.numeric else "---" for column in table.columns) + "|"
    lines = [f"*{escape(table.caption)}*", "", header, rule]
    lines += ["| " + " | ".join(_inline(cell) for cell in row) + " |" for row in table.rows]
    return lines


CHART_LEFT_OUT = "written as an SVG file beside the paper when it is saved to a file"


def _block(block: Block, image_ref: Callable[[Chart], str] | None) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * block.level + " " + escape(block.text)]
    if isinstance(block, Paragraph):
        return [_line_start(_inline(block.parts))]
    if isinstance(block, Facts):
        return [f"- **{escape(label)}:** {_inline(value)}" for label, value in block.items]
    if isinstance(block, Bullets):
        return [f"- {_line_start(_inline(item))}" for item in block.items]
    if isinstance(block, Table):
        return _table(block)
    chart = block.chart
    if image_ref is None:
        note = f"Chart left out here: {escape(chart.title)} ({CHART_LEFT_OUT})."
        return [f"*{note}*", "", f"*{escape(chart.summary)}*"]
    # Image alt text is plain: escaping inside [...] keeps brackets from ending it.
    return [f"![{escape(chart.title)}]({image_ref(chart)})", "", f"*{escape(chart.summary)}*"]


def render_markdown(document: Document, image_ref: Callable[[Chart], str] | None = None) -> str:
    """The document as Markdown; ``image_ref`` gives each chart's link target (None:
    charts are left out with a note, their summaries kept)."""
    lines = [f"# {escape(document.title)}"]
    for block in document.blocks:
        lines.append("")
        lines.extend(_block(block, image_ref))
    return "\n".join(lines) + "\n"
