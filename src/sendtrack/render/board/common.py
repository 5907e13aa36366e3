"""What the board's reports share: the formats, plain-text and Markdown tables, dates.

The board's own reports — the action log (``actions``), the risk register and heat map
(``risks``), a meeting and the forward plan (``meetings``) — are rendered as text,
Markdown or JSON by pure functions. Text is for the terminal, drawn with rich
(``render.console``, whose consoles make the data's control characters visible) to the
terminal's width: one block per action (an action's text is a sentence, too long for a
table column), tables whose long cells wrap elsewhere, no colour. Markdown is for papers
and pull requests: every cell escaped (``escaping.escape_markdown``). JSON is a contract
other tools read: dates as "YYYY-MM-DD", every listing an object with ``as_of`` and its
items. Every colour-like idea (band, trend) is a word, with a symbol beside it where
useful.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown, escape_terminal
from sendtrack.render import console
from sendtrack.render.console import Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

FORMATS = ("text", "markdown", "json")
T = TypeVar("T")


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def long_or_dash(day: date | None) -> str:
    return long_form(day) if day else "–"


def plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def dispatch(
    fmt: str,
    value: T,
    text: Callable[[T, Terminal], list[RenderableType]],
    markdown: Callable[[T], str],
    as_json: Callable[[T], Any],
    terminal: Terminal,
) -> str:
    if fmt == "json":
        return json_text(as_json(value))
    if fmt == "markdown":
        return escape_terminal(markdown(value))
    if fmt == "text":
        # The console escapes every string it draws (``render.console``).
        return console.render(terminal, *text(value, terminal))
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: Sequence[str] = ()
) -> Table:
    """Columns two spaces apart under a rule; the columns named in ``wrap`` wrap their
    cells to fit the width, the others stay on one line."""
    table = console.table()
    for header in headers:
        table.add_column(header, no_wrap=header not in wrap, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def bullets(items: Sequence[str], indent: int = 2) -> list[RenderableType]:
    """'- item' lines, each wrapping under its own text."""
    return [console.indented(console.hanging("-", item, gap=1), indent) for item in items]


class Markdown(str):
    """Text that is already Markdown (its data escaped): ``md_table`` keeps it as it is."""

    __slots__ = ()


def md_cell(text: str) -> str:
    return text if isinstance(text, Markdown) else escape_markdown(text)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; every cell is escaped as plain text unless it is ``Markdown``."""
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---" for _ in headers) + " |")
    out.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(out) + "\n"


def filters_note(filters: Sequence[str]) -> str:
    return f" (filters: {', '.join(filters)})" if filters else ""
