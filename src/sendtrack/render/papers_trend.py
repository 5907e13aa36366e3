"""The board pack overview's trend: the figures at each board as recorded, as blocks.

A chart (``trend_chart``) whose caption states the figures in words, and the same
figures as a table, which is what the text and Markdown papers read. Boards older than
the record are named as not recorded, never guessed; outside git, one sentence says why
there is no trend.
"""

from __future__ import annotations

from sendtrack.core.dates import long_form
from sendtrack.models.vocabulary import DEFAULT, Vocabulary
from sendtrack.papers.trend import Trend
from sendtrack.render.papers_layout import Builder, Column, Figure, Paragraph, cells, table
from sendtrack.render.trend import milestone_cells
from sendtrack.render.trend_chart import trend_chart


def trend_blocks(
    builder: Builder, trend: Trend | str, scheme: str, words: Vocabulary = DEFAULT
) -> None:
    """The chart, the table and the boards not recorded (or why there is no trend)."""
    m = words.tracked
    if isinstance(trend, str):
        builder.add(Paragraph((f"The figures at each board as recorded are not shown: {trend}.",)))
        return
    if not trend.boards:
        builder.add(Paragraph((f"No {trend.body} meeting has been held yet: no trend.",)))
        return
    recorded = trend.recorded()
    if recorded:
        builder.add(
            Figure(
                trend_chart(
                    trend,
                    scheme,
                    "trend",
                    f"{m.plural} completed, off track and delayed at each board",
                    m.words,
                )
            ),
        )
    early = [long_form(board.day) for board in trend.boards if board.commit is None]
    if not recorded:
        one = len(early) == 1
        before = (
            f": the {'board' if one else 'boards'} of {_listed(early)} "
            f"{'was' if one else 'were'} held before the first commit"
            if early
            else ""
        )
        builder.add(
            Paragraph((f"No {trend.body} meeting's figures are recorded in git yet{before}.",))
        )
    else:
        builder.add(
            table(
                f"{m.plural} at each board, as recorded then",
                [
                    "Board",
                    "Commit",
                    Column(m.plural, numeric=True),
                    Column("In progress or completed", numeric=True),
                    Column("Completed", numeric=True),
                    Column("Off track", numeric=True),
                    Column("Delayed", numeric=True),
                ],
                (
                    cells(*milestone_cells(board, "—"))
                    for board in recorded
                    if board.milestones is not None
                ),
                f"No {trend.body} meeting's figures are recorded in git yet.",
            )
        )
        if early:
            builder.add(
                Paragraph((f"Not recorded, held before the first commit: {_listed(early)}.",))
            )
    builder.add(
        *(
            Paragraph((f"Note: {long_form(board.day)}: {board.note}.",))
            for board in trend.boards
            if board.note and board.commit is not None
        )
    )


def _listed(days: list[str]) -> str:
    """'13 Oct 2025', '13 Oct 2025 and 3 Nov 2025', '1, 2 and 3'."""
    return days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
