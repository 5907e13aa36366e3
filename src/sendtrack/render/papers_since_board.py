"""The papers' "What changed since the last board" section, as ``papers_layout`` blocks.

One table of what moved (``papers.since_board``: the diff engine's own words, so the
section says what ``sendtrack diff --since-board`` says), a sentence naming the kinds of
change that did not happen, and a count of the rest. Without an earlier board's record
the section is one sentence saying why.
"""

from __future__ import annotations

from sendtrack.core.dates import long_form
from sendtrack.models.vocabulary import DEFAULT, Vocabulary
from sendtrack.papers.since_board import Item, SinceBoard
from sendtrack.plan.colours import SCHEMES
from sendtrack.plan.health import Health
from sendtrack.render.papers_layout import (
    Badge,
    Builder,
    Cell,
    Paragraph,
    cells,
    plural,
    table,
)

HEADING = "What changed since the last board"


def _badge(since: SinceBoard, value: object, words: str) -> Badge:
    return Badge(SCHEMES[since.scheme].colour(Health(str(value))), words)


def _rows(since: SinceBoard, words: Vocabulary) -> tuple[list[tuple[Cell, ...]], list[str]]:
    """The table's rows, group by group, and the names of the groups with nothing."""
    m = words.tracked
    rows: list[tuple[Cell, ...]] = []
    empty: list[str] = []

    def group(name: str, items: list[Item], what: str) -> None:
        if not items:
            empty.append(name)
        rows.extend(cells(i.change.id, i.title, what, i.change.text) for i in items)

    group(f"{m.words} completed", since.completed(), "Completed")
    exceptions = since.newly_exceptions()
    if not exceptions:
        empty.append("newly off track or delayed")
    for item in exceptions:
        label = f"newly {Health(str(item.change.new)).label}"
        rows.append(
            cells(
                item.change.id, item.title, _badge(since, item.change.new, label), item.change.text
            )
        )
    recovered = since.recovered()
    if not recovered:
        empty.append("back on track or complete")
    for item in recovered:
        now, was = Health(str(item.change.new)).label, Health(str(item.change.old)).label
        how = (
            "; ".join(change.text for change in item.how)
            if item.how
            else f"no change to its own record: {item.change.text}"
        )
        rows.append(
            cells(
                item.change.id,
                item.title,
                _badge(since, item.change.new, f"now {now}, was {was}"),
                f"How: {how}",
            )
        )
    group("re-profiles agreed", since.agreed(), "Re-profile agreed")
    group("re-profiles proposed", since.proposed(), "Re-profile proposed")
    group("new risks", since.new_risks(), "New risk")
    group("risks rescored", since.rescored(), "Risk rescored")
    figures = since.new_figures()
    if not figures:
        empty.append("measures with new figures")
    for measure, title, changes in figures:
        rows.append(
            cells(measure, title, "New figures", "; ".join(change.text for change in changes))
        )
    return rows, empty


def since_board_section(
    builder: Builder, since: SinceBoard, words: Vocabulary = DEFAULT, depth: int = 0
) -> None:
    """The section under a heading of ``depth`` (relative to ``builder``'s base)."""
    builder.heading(depth, HEADING)
    if since.absent is not None:
        builder.add(Paragraph((f"Not shown: {since.absent}.",)))
        return
    assert since.board is not None and since.commit is not None
    board = long_form(since.board.date)
    builder.add(
        Paragraph(
            (
                f"Since the {board} board: the data as recorded that day, at commit "
                f"{since.commit}, against the data of these papers; health as the board "
                f"saw it on {board} and as of {long_form(since.as_of)}.",
            )
        )
    )
    if since.note:
        builder.add(Paragraph((f"Note: {since.note}.",)))
    rows, empty = _rows(since, words)
    builder.add(
        table(
            f"Changes since the {board} board",
            ["Item", "Title", "Change", "What changed"],
            rows,
            f"Nothing the papers report on has changed since the {board} board.",
        )
    )
    sentences: list[str] = []
    if rows and empty:
        sentences.append(f"None since the board: {'; '.join(empty)}.")
    others = since.others()
    if others:
        verb = "is" if others == 1 else "are"
        sentences.append(
            f"{plural(others, 'other change')} to the record (titles, progress notes, board "
            f"actions, meetings and the like) {verb} listed by 'sendtrack diff --since-board'."
        )
    if sentences:
        builder.add(Paragraph((" ".join(sentences),)))
