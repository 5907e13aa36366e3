"""The board-by-board trend as text, Markdown, CSV and JSON: pure functions.

The JSON shape is a contract (issue 15): a list of objects with at least ``meeting``,
``commit``, ``milestones`` (the counts ``status --format json`` gives) and
``exceptions`` (ids, off track then delayed). A board with nothing recorded has
``commit`` and ``milestones`` null and a ``note`` saying why.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown as md_escape
from sendtrack.papers.trend import BANDS, BoardFigures, Trend
from sendtrack.render import console
from sendtrack.render.console import PLAIN, Terminal
from sendtrack.render.export import csv_text
from sendtrack.render.status import counts_json

if TYPE_CHECKING:
    from rich.console import RenderableType

COLUMNS = [
    "Board",
    "Commit",
    "Milestones",
    "Started",
    "Completed",
    "Red",
    "Amber",
    "Measures on trajectory",
    "Actions open (overdue)",
    "Risks extreme / high",
]


def board_json(board: BoardFigures) -> dict[str, Any]:
    return {
        "meeting": board.meeting,
        "date": board.day.isoformat(),
        "commit": board.commit.id if board.commit else None,
        "committed": board.commit.committed.isoformat() if board.commit else None,
        "recorded": board.recorded,
        "note": board.note,
        "milestones": counts_json(board.milestones) if board.milestones else None,
        "exceptions": [*board.off_track, *board.delayed] if board.recorded else [],
        "off_track": board.off_track,
        "delayed": board.delayed,
        "measures": board.measures,
        "actions": {"open": board.open_actions, "overdue": board.overdue_actions},
        "risks": board.risks,
    }


def render_json(trend: Trend) -> str:
    return json.dumps([board_json(b) for b in trend.boards], indent=2, ensure_ascii=False) + "\n"


def milestone_cells(board: BoardFigures, no_commit: str) -> list[str]:
    """A recorded board's day, commit (``no_commit`` where there is none) and milestone
    figures: the first columns of the terminal's trend table and of the paper's."""
    counts = board.milestones
    assert counts is not None
    return [
        long_form(board.day),
        board.commit.short if board.commit else no_commit,
        str(counts.total),
        f"{counts.started} ({counts.started_pct}%)",
        f"{counts.complete} ({counts.complete_pct}%)",
        str(len(board.off_track)),
        str(len(board.delayed)),
    ]


def _row(board: BoardFigures) -> list[str]:
    measures = board.measures
    judged = measures.get("on_trajectory", 0) + measures.get("off_trajectory", 0)
    return [
        *milestone_cells(board, "–"),
        f"{measures.get('on_trajectory', 0)} of {judged}" if judged else "–",
        f"{board.open_actions} ({board.overdue_actions})",
        f"{board.risks.get('extreme', 0)} / {board.risks.get('high', 0)}",
    ]


def _notes(trend: Trend) -> list[str]:
    """Boards without figures, and recorded ones whose commit may mislead."""
    return [f"{long_form(board.day)}: {board.note}" for board in trend.boards if board.note]


def render_markdown(trend: Trend) -> str:
    lines = [f"# Figures at each {md_escape(trend.body)} meeting, as recorded then", ""]
    if not trend.boards:
        return "\n".join([*lines, "No meeting has been held yet."]) + "\n"
    rows = [[md_escape(cell) for cell in _row(board)] for board in trend.recorded()]
    if rows:
        lines.append(tabulate(rows, headers=COLUMNS, tablefmt="github"))
    notes = _notes(trend)
    if notes:
        lines += ["", *[f"* {md_escape(note)}" for note in notes]]
    return "\n".join(lines) + "\n"


def render_text(trend: Trend, terminal: Terminal = PLAIN) -> str:
    """The trend for ``terminal``; the console escapes every string from the data."""
    from rich.table import Table

    out: list[RenderableType] = [f"Figures at each {trend.body} meeting, as recorded then"]
    if not trend.boards:
        out.append("No meeting has been held yet.")
        return console.render(terminal, *out)
    if trend.recorded():
        table = Table(box=None, pad_edge=False, header_style="bold")
        for heading in COLUMNS:
            # A board's date and a commit id never break; the counts' headings wrap.
            table.add_column(heading, overflow="fold", no_wrap=heading in ("Board", "Commit"))
        for board in trend.recorded():
            table.add_row(*_row(board))  # numbers, dates and commit ids only
        out.append(table)
    out.extend(f"Note: {note}" for note in _notes(trend))
    return console.render(terminal, *out)


def render_csv(trend: Trend) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "meeting",
            "date",
            "commit",
            "recorded",
            "total",
            "started",
            "started_pct",
            "complete",
            "complete_pct",
            "off_track",
            "delayed",
            "measures_on_trajectory",
            "measures_off_trajectory",
            "open_actions",
            "overdue_actions",
            *[f"risks_{name}" for name in BANDS],
            "note",
        ]
    )
    for board in trend.boards:
        counts = board.milestones
        writer.writerow(
            [
                board.meeting,
                board.day.isoformat(),
                board.commit.id if board.commit else "",
                "yes" if board.recorded else "no",
                *(
                    [
                        counts.total,
                        counts.started,
                        counts.started_pct,
                        counts.complete,
                        counts.complete_pct,
                    ]
                    if counts
                    else [""] * 5
                ),
                len(board.off_track) if counts else "",
                len(board.delayed) if counts else "",
                board.measures.get("on_trajectory", "") if counts else "",
                board.measures.get("off_trajectory", "") if counts else "",
                board.open_actions if counts else "",
                board.overdue_actions if counts else "",
                *[board.risks.get(name, "") if counts else "" for name in BANDS],
                csv_text(board.note or ""),
            ]
        )
    return out.getvalue()
