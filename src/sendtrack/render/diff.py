"""A ``DiffReport`` rendered for a terminal (text), a pull request (markdown) or tools (json).

The markdown is what CI writes to the job summary and what a bot posts as a comment:
a headline count, the flagged changes called out first, then one section per kind of
item. Everything the data supplies (titles, reasons) is escaped by the shared
``escaping.escape_markdown``, so a milestone title with ``*``, ``|``, ``<img>`` or
``@someone`` cannot break the layout, load an image or notify anyone; text for the
terminal goes through ``escaping.escape_terminal``. Flagged
changes carry a word ("Flagged"), not only a symbol, so the meaning survives a screen
reader and a black-and-white print.
"""

from __future__ import annotations

import json

from sendtrack.core.escaping import escape_markdown, escape_terminal
from sendtrack.review.diff import Change, DiffReport

_COLLAPSE_OVER = 15
"""Sections longer than this are folded in markdown (a colour-scheme change touches all)."""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def headline(report: DiffReport) -> str:
    if not report.changes:
        return f"No changes between {report.base} and {report.head}."
    flagged = len(report.flagged)
    tail = f"; {flagged} flagged for review" if flagged else ""
    return f"{_count(len(report.changes), 'change')} between {report.base} and {report.head}{tail}."


def render_text(report: DiffReport) -> str:
    lines = [headline(report)]
    if report.changes:
        lines.append(f"Health and colour compared {report.assessed()}.")
    for section, changes in report.sections():
        lines.append("")
        lines.append(f"{section.value} ({len(changes)})")
        for change in changes:
            marker = "!" if change.flagged else "-"
            lines.append(f"  {marker} {change.summary}")
    if report.flagged:
        lines.append("")
        lines.append("! = flagged: the board's record should not change this way.")
    return escape_terminal("\n".join(lines) + "\n")


def _markdown_line(change: Change) -> str:
    flag = "**Flagged:** " if change.flagged else ""
    return f"- {flag}**{escape_markdown(change.id)}** {escape_markdown(change.text)}"


def _code(text: str) -> str:
    """A revision name as inline code (git allows a backtick in a branch name: escape then)."""
    return f"`{text}`" if "`" not in text else escape_markdown(text)


def render_markdown(report: DiffReport) -> str:
    base, head = _code(report.base), _code(report.head)
    if not report.changes:
        return escape_terminal(f"### sendtrack: no changes to the plan\n\n{base} → {head}\n")
    flagged = report.flagged
    lines = [
        f"### sendtrack: {_count(len(report.changes), 'change')} to the plan"
        + (f", {len(flagged)} flagged for review" if flagged else ""),
        "",
        f"{base} → {head}; health and colour {report.assessed()}.",
    ]
    if flagged:
        lines += [
            "",
            "> [!WARNING]",
            "> **Flagged for review** — the board's record should not change this way:",
        ]
        lines += [f"> {_markdown_line(change)}" for change in flagged]
    for section, changes in report.sections():
        title = f"{section.value} ({len(changes)})"
        lines.append("")
        if len(changes) > _COLLAPSE_OVER:
            lines += ["<details>", f"<summary>{title}</summary>", ""]
            lines += [_markdown_line(change) for change in changes]
            lines += ["", "</details>"]
        else:
            lines += [f"#### {title}", ""]
            lines += [_markdown_line(change) for change in changes]
    return escape_terminal("\n".join(lines) + "\n")


def render_json(report: DiffReport) -> str:
    """A list of changes: kind, id, field, old, new (plus flagged and summary)."""
    return (
        json.dumps([change.as_dict() for change in report.changes], indent=2, ensure_ascii=False)
        + "\n"
    )
