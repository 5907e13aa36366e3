"""What the board's reports share: the formats, plain-text and Markdown tables, dates.

The board's own reports — the action log (``actions``), the risk register and heat map
(``risks``), a meeting and the forward plan (``meetings``) — are rendered as text,
Markdown or JSON by pure functions. Text is for the terminal at any width: one block per
action (an action's text is a sentence, too long for a table column), plain tables
elsewhere, no colour. Markdown is for papers and pull requests: tables with pipes
escaped. JSON is a contract other tools read: dates as "YYYY-MM-DD", every listing an
object with ``as_of`` and its items. Every colour-like idea (band, trend) is a word, with
a symbol beside it where useful.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown, escape_terminal

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
    text: Callable[[T], str],
    markdown: Callable[[T], str],
    as_json: Callable[[T], Any],
) -> str:
    if fmt == "json":
        return json_text(as_json(value))
    if fmt == "markdown":
        return escape_terminal(markdown(value))
    if fmt == "text":
        return escape_terminal(text(value))
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart, a dashed rule under the headers."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in rows)
    return "\n".join(out) + "\n"


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
