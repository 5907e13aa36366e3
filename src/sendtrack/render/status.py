"""The status report rendered as text (terminal), Markdown and JSON: pure functions.

Every colour is printed with its symbol, its name and the health it stands for
("▲ Amber (delayed)"), so the report reads the same in black and white, to a screen
reader, and pasted into an email. Text is drawn with rich (``render.console``), whose
consoles make every control character from the data visible
(``escaping.escape_terminal``) before any style is applied, so the only escape codes in
the output are the colours added on a terminal: the data can never bring its own.
Markdown escapes the data with ``escaping.escape_markdown``. The JSON shape is a contract
(issue 3): ``as_of``, ``milestones`` with ``total``, ``not_started``, ``in_progress``,
``complete``, ``withdrawn``, ``started``, ``started_pct``, ``complete_pct``,
``by_health``; ``by_workstream``/``by_priority``; ``exceptions``; dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown, escape_terminal
from sendtrack.core.numbers import count_and_percent
from sendtrack.models.vocabulary import DEFAULT, Vocabulary, in_sentence
from sendtrack.plan.colours import SCHEMES, Colour
from sendtrack.plan.health import Health, days
from sendtrack.plan.status import (
    LIVE_HEALTHS,
    ActionRow,
    AwaitingBoard,
    Counts,
    Group,
    MilestoneRow,
    StatusReport,
    UndatedRow,
)
from sendtrack.render import console, status_measures
from sendtrack.render.layout import LineRows, OneLineTable
from sendtrack.render.slip import slip_cell, slip_words

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

# -- shared pieces -----------------------------------------------------------------


def badge(row_health: Health, colour: Colour) -> str:
    """'▲ Amber (delayed)': symbol, colour and health, never colour alone."""
    return colour.badge(row_health)


def scheme_colours(scheme: str) -> list[Colour]:
    """The distinct colours a scheme gives live milestones, worst health first."""
    seen: list[Colour] = []
    for health in LIVE_HEALTHS:
        colour = SCHEMES[scheme].colour(health)
        if colour not in seen:
            seen.append(colour)
    return seen


def scheme_key(scheme: str) -> str:
    """'✖ Red = off track · ▲ Amber = delayed · ● Green = on track or complete'."""
    parts = []
    for colour in scheme_colours(scheme):
        meaning = " or ".join(
            health.label for health in LIVE_HEALTHS if SCHEMES[scheme].colour(health) == colour
        )
        parts.append(f"{colour.symbol} {colour.label} = {meaning}")
    return " · ".join(parts)


def exception_order(scheme: str) -> str:
    """'red first then amber' where the scheme tells them apart by colour, else by health."""
    worst = SCHEMES[scheme].colour(Health.OFF_TRACK)
    next_ = SCHEMES[scheme].colour(Health.DELAYED)
    if worst != next_:
        return f"{worst.name} first then {next_.name}"
    return f"{Health.OFF_TRACK.label} first then {Health.DELAYED.label}"


def status_word(status: str) -> str:
    return status.replace("_", " ")


def lead_says(row: MilestoneRow) -> str:
    """'derived: on track · lead says: amber — reason (20 Oct 2025)', where they differ."""
    rating = row.lead_rating
    if rating is None or not row.lead_differs:
        return ""
    return (
        f"derived: {row.health.label} · lead says: {rating.colour} — {rating.reason} "
        f"({long_form(rating.on)})"
    )


def moves(count: int) -> str:
    """'not re-profiled', 're-profiled once', 're-profiled 3 times'."""
    if count == 0:
        return "not re-profiled"
    return "re-profiled once" if count == 1 else f"re-profiled {count} times"


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with '…'."""
    return textwrap.shorten(text, width=limit, placeholder="…", break_on_hyphens=False)


def priority_groups(groups: Sequence[Group], limit: int) -> list[Group]:
    """Priorities named '1. Leadership and governance': the inspection's words are a
    paragraph, too long for a table cell, so a short title is used where there is one."""
    return [
        Group(g.id, shorten(f"{g.id}. {g.short or g.name}", limit), g.counts, g.short)
        for g in groups
    ]


# -- JSON -------------------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def row_json(row: MilestoneRow) -> dict[str, Any]:
    """One milestone as JSON: the shape ``status`` exceptions and ``milestones`` share."""
    return {
        "id": row.id,
        "title": row.title,
        "action": row.action,
        "outcome": row.outcome,
        "priority": row.priority,
        "workstream": row.workstream,
        "status": row.status,
        "health": row.health.value,
        "colour": row.colour.name,
        "reason": row.reason,
        "baseline_due": _day(row.baseline_due),
        "current_due": _day(row.current_due),
        "slip_days": row.slip_days,
        "proposed_slip_days": row.proposed_slip_days,
        "reprofiles": row.reprofiles,
        "late": row.late,
        "completed_on": _day(row.completed_on),
        "pending_reprofiles": [
            {
                "to": _day(entry.to),
                "reason": entry.reason,
                "proposed_on": _day(entry.proposed_on),
                "agreed_at": entry.agreed_at,
            }
            for entry in row.pending
        ],
        "illustrative": row.illustrative,
        "added_on": _day(row.added_on),
        "continues": row.continues,
        "original_due": _day(row.original_due),
        "lead_rating": (
            {
                "colour": row.lead_rating.colour,
                "reason": row.lead_rating.reason,
                "on": _day(row.lead_rating.on),
            }
            if row.lead_rating is not None
            else None
        ),
        "lead_differs": row.lead_differs,
    }


def undated_json(row: UndatedRow) -> dict[str, Any]:
    """An undated milestone: where it sits and its status; no dates, no health."""
    return {
        "id": row.id,
        "title": row.title,
        "action": row.action,
        "outcome": row.outcome,
        "priority": row.priority,
        "workstream": row.workstream,
        "status": row.status,
        "due": row.word,
        "illustrative": row.illustrative,
        "added_on": _day(row.added_on),
    }


def counts_json(counts: Counts) -> dict[str, Any]:
    return {
        "total": counts.total,
        "not_started": counts.not_started,
        "in_progress": counts.in_progress,
        "complete": counts.complete,
        "withdrawn": counts.withdrawn,
        "carried_forward": counts.carried_forward,
        "undated": counts.undated,
        "started": counts.started,
        "started_pct": counts.started_pct,
        "complete_pct": counts.complete_pct,
        "by_health": {health.value: number for health, number in counts.by_health.items()},
        "by_colour": dict(counts.by_colour),
    }


def _group_json(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "name": group.name,
        "also_known_as": list(group.also_known_as),
        "short_title": group.short,
        **counts_json(group.counts),
    }


def _awaiting_json(item: AwaitingBoard) -> dict[str, Any]:
    return {
        "id": item.milestone.id,
        "title": item.milestone.title,
        "workstream": item.milestone.workstream,
        "baseline_due": _day(item.milestone.baseline_due),
        "current_due": _day(item.milestone.current_due),
        "to": _day(item.to),
        "reason": item.reason,
        "proposed_on": _day(item.proposed_on),
        "agreed_at": item.agreed_at,
    }


def _action_json(action: ActionRow) -> dict[str, Any]:
    return {
        "id": action.id,
        "meeting": action.meeting,
        "text": action.text,
        "owner": action.owner,
        "due": _day(action.due),
        "status": action.status,
        "days_overdue": action.days_overdue,
    }


def status_json(report: StatusReport) -> dict[str, Any]:
    meeting = report.next_meeting
    return {
        "as_of": _day(report.as_of),
        "partnership": report.partnership,
        "board": report.board,
        "colour_scheme": report.scheme,
        "not_started_window_days": report.window_days,
        "headline": report.headline,
        "labels": report.words.labels(),
        "milestones": counts_json(report.milestones),
        "by_workstream": [_group_json(group) for group in report.by_workstream],
        "by_priority": [_group_json(group) for group in report.by_priority],
        "exceptions": [row_json(row) for row in report.exceptions],
        "awaiting_board": [_awaiting_json(item) for item in report.awaiting_board],
        "overdue_actions": [_action_json(action) for action in report.overdue_actions],
        "next_meeting": (
            {"id": meeting.id, "date": _day(meeting.date), "board": meeting.board}
            if meeting
            else None
        ),
        "due_before_next_meeting": [row_json(row) for row in report.due_before_next],
        "withdrawn": [row_json(row) for row in report.withdrawn],
        "carried_forward": [row_json(row) for row in report.carried_forward],
        "undated": [undated_json(row) for row in report.undated],
        "notes": list(report.notes),
        "measures": status_measures.status_json(report.measures, report.excluded),
        # Only when files were left out: a clean repository's JSON is as it always was.
        **({"excluding": list(report.excluded.files)} if report.excluded else {}),
    }


def render_json(report: StatusReport) -> str:
    return json.dumps(status_json(report), indent=2, ensure_ascii=False) + "\n"


# -- tables shared by text and Markdown ----------------------------------------------


def _group_table(
    title: str, groups: Sequence[Group], scheme: str
) -> tuple[list[str], list[list[Any]]]:
    colours = scheme_colours(scheme)
    # A column of its own only where a plan has carried items forward.
    carried = any(group.counts.carried_forward for group in groups)
    undated = any(group.counts.undated for group in groups)
    headers = [
        title,
        "Total",
        "Started",
        "Completed",
        *(["Carried forward"] if carried else []),
        *(["Undated"] if undated else []),
        *(f"{c.symbol} {c.label}" for c in colours),
    ]
    rows: list[list[Any]] = []
    for group in groups:
        counts = group.counts
        rows.append(
            [
                group.shown,
                counts.total,
                count_and_percent(counts.started, counts.total),
                count_and_percent(counts.complete, counts.total),
                *([count_and_percent(counts.carried_forward, counts.total)] if carried else []),
                *([counts.undated] if undated else []),
                *(counts.by_colour.get(colour.name, 0) for colour in colours),
            ]
        )
    return headers, rows


def _health_counts(report: StatusReport) -> str:
    scheme = SCHEMES[report.scheme]
    parts = [
        f"{badge(health, scheme.colour(health))} {report.milestones.by_health[health]}"
        for health in LIVE_HEALTHS
    ]
    return " · ".join(parts)


def _status_counts(counts: Counts) -> str:
    text = (
        f"not started {counts.not_started} · in progress {counts.in_progress} · "
        f"complete {counts.complete}"
    )
    if counts.carried_forward:
        text += f" · carried forward {counts.carried_forward}"
    return text + (f" · withdrawn {counts.withdrawn}" if counts.withdrawn else "")


# -- text ---------------------------------------------------------------------------
#
# Drawn with rich (``render.console``), imported inside these functions: the JSON and
# Markdown renderers never load it.


def badge_text(row_health: Health, colour: Colour) -> Text:
    """The badge as rich text: styled when the console colours, the same words if not."""
    return console.text(badge(row_health, colour), colour.style)


def group_table_text(title: str, groups: Sequence[Group], scheme: str, *, cut: bool) -> Table:
    """A counts table for the terminal: the name column wraps (or, with ``cut``, is
    shortened with '…' to one line), the numbers never do."""
    headers, rows = _group_table(title, groups, scheme)
    colours = scheme_colours(scheme)
    table = console.table()
    # Cut names take what the numbers leave (an expanded table gives its ratio column
    # the rest of the width); wrapped names share the width with them.
    table.expand = cut
    table.add_column(
        headers[0],
        ratio=1 if cut else None,
        min_width=12,
        no_wrap=cut,
        overflow="ellipsis" if cut else "fold",
    )
    # Total, started, completed, and carried forward / undated where a plan has them.
    for name in headers[1 : len(headers) - len(colours)]:
        table.add_column(name, justify="right", no_wrap=True)
    for colour in colours:
        styled = console.text(f"{colour.symbol} {colour.label}", colour.style)
        table.add_column(styled, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return table


def _by_workstream(
    rows: Sequence[MilestoneRow], names: Mapping[str, str]
) -> list[tuple[str, list[MilestoneRow]]]:
    """Rows grouped by workstream, in the order the workstreams first appear."""
    groups: dict[str, list[MilestoneRow]] = {}
    for row in rows:
        groups.setdefault(row.workstream, []).append(row)
    return [(names.get(stream, stream), members) for stream, members in groups.items()]


def _exception_cells(row: MilestoneRow) -> tuple[Text, str, str, str, str]:
    return (
        badge_text(row.health, row.colour),
        row.id,
        row.title,
        # The agreed slip only: the one-line form keeps the title its room, and the
        # proposals follow under "Re-profiles awaiting the board"; --verbose gives both.
        long_form(row.current_due),
        f"slip {days(row.slip_days)}",
    )


def _exception_lines(
    cells: Sequence[tuple[Text, str, str, str, str]], widths: Sequence[int]
) -> LineRows:
    """One line per milestone (``_exception_cells``): badge, id, title (cut to fit),
    current date, slip; the badge, id, date and slip columns ``widths`` wide, so the
    groups line up with each other."""
    return LineRows(
        cells,
        [widths[0], widths[1], None, widths[2], widths[3]],
        [False, False, False, True, True],
        min_width=8,
    )


def _exception_block(row: MilestoneRow) -> list[RenderableType]:
    original = (
        f"original {long_form(row.original_due)} (as {row.continues})"
        if row.original_due is not None
        else f"original {long_form(row.baseline_due)}"
    )
    facts = (
        f"{original} · current {long_form(row.current_due)}"
        f" · {slip_words(row)} · {moves(row.reprofiles)}"
    )
    differs = lead_says(row)
    return [
        console.hanging(badge_text(row.health, row.colour), f"{row.id}  {row.title}"),
        console.indented(console.text(facts), 2),
        console.indented(console.text(row.reason), 2),
        *([console.indented(console.text(differs), 2)] if differs else []),
    ]


def _section(
    title: str, count: int, empty: str = "none", excluding: str = ""
) -> list[RenderableType]:
    after = f", {excluding}" if excluding else ""
    return ["", f"{title} ({count}){after}", *([f"  {empty}"] if count == 0 else [])]


def _after(report: StatusReport, *folders: str) -> str:
    """', excluding …' after a count, for the files left out under ``folders``."""
    phrase = report.excluded.phrase(*folders)
    return f", {phrase}" if phrase else ""


def render_text(
    report: StatusReport, terminal: console.Terminal = console.PLAIN, *, verbose: bool = False
) -> str:
    """The status for a terminal of ``terminal.width`` cells: headline first, counts
    tables, then exceptions grouped by workstream — one line each, or (``verbose``) the
    full block with original and current dates, slip, times moved and the reason."""
    names = {group.id: group.shown for group in report.by_workstream}
    scheme = SCHEMES[report.scheme]
    out: list[RenderableType] = [
        f"{report.board} — status as of {long_form(report.as_of)}",
    ]
    if report.partnership:
        out.append(report.partnership)
    key = [console.text(f"Colours ({report.scheme}):")]
    for colour in scheme_colours(report.scheme):
        meaning = " or ".join(h.label for h in LIVE_HEALTHS if scheme.colour(h) == colour)
        key.append(console.text(f"{colour.symbol} {colour.label} = {meaning}", colour.style))
    key_lines = console.flow([key[0] + " " + key[1], *key[2:]], terminal.width)
    out.extend([*key_lines, "", report.headline, ""])
    health_parts = [
        console.text(badge(health, scheme.colour(health)), scheme.colour(health).style)
        + f" {report.milestones.by_health[health]}"
        for health in LIVE_HEALTHS
    ]
    health_parts[0] = console.text("By health: ") + health_parts[0]
    out.extend(console.flow(health_parts, terminal.width))
    out.append(f"By status: {_status_counts(report.milestones)}")
    if report.measures is not None:
        out.append(status_measures.headline(report.measures, report.excluded))
    words = report.words
    if report.by_workstream:
        out.append("")
        streams = group_table_text(
            words.grouping.name, report.by_workstream, report.scheme, cut=False
        )
        out.append(console.indented(streams, 2))
    out.append("")
    named = [
        Group(g.id, f"{g.id}. {g.short or g.name}", g.counts, g.short) for g in report.by_priority
    ]
    priorities = group_table_text(words.top.name, named, report.scheme, cut=True)
    # One line a priority, and a partnership of partnerships has hundreds of them.
    out.append(console.indented(OneLineTable(priorities), 2))

    out.extend(
        _section(
            f"Exceptions, {exception_order(report.scheme)}",
            len(report.exceptions),
            f"none: every live {words.tracked.word} is complete or on track",
            report.excluded.phrase("plan"),
        )
    )
    groups = _by_workstream(report.exceptions, names)
    if verbose:
        for stream, rows in groups:
            out.append(f"  {stream} ({len(rows)})")
            for row in rows:
                out.extend(console.indented(part, 4) for part in _exception_block(row))
    else:
        cells = [[_exception_cells(row) for row in rows] for _, rows in groups]
        # Every column but the title (which takes the rest) as wide as its widest cell;
        # badges, dates and slips repeat, so each distinct one is measured once.
        widths = [
            max(map(console.cell_width, {str(c[i]) for lines in cells for c in lines}), default=0)
            for i in (0, 1, 3, 4)
        ]
        for (stream, rows), lines in zip(groups, cells, strict=True):
            out.append(f"  {stream} ({len(rows)})")
            out.append(console.indented(_exception_lines(lines, widths), 4))
    if report.exceptions and not verbose:
        out.append("  Original dates, times re-profiled and reasons: sendtrack status --verbose")
    if report.measures is not None:
        out.extend(status_measures.text_lines(report.measures, report.excluded))

    out.extend(
        _section(
            "Re-profiles awaiting the board",
            len(report.awaiting_board),
            excluding=report.excluded.phrase("plan"),
        )
    )
    for item in report.awaiting_board:
        row = item.milestone
        when = f", proposed {long_form(item.proposed_on)}" if item.proposed_on else ""
        later = f", agreed later at the {item.agreed_at} board" if item.agreed_at else ""
        body = (
            f"{row.title}: {long_form(row.current_due)} → {long_form(item.to)}{when}{later}\n"
            f"reason: {item.reason}"
        )
        out.append(console.indented(console.hanging(row.id, body), 2))

    out.extend(
        _section(
            "Board actions overdue",
            len(report.overdue_actions),
            excluding=report.excluded.phrase("tracker"),
        )
    )
    for action in report.overdue_actions:
        body = (
            f"due {long_form(action.due)}, {days(action.days_overdue)} overdue · "
            f"{action.owner} · {status_word(action.status)}\n{action.text}"
        )
        out.append(console.indented(console.hanging(action.id, body), 2))

    meeting = report.next_meeting
    if meeting is None:
        out.extend(["", f"Next board: none scheduled in meetings/{_after(report, 'meetings')}"])
    else:
        out.extend(
            _section(
                f"Due by the next board, {long_form(meeting.date)}",
                len(report.due_before_next),
                excluding=report.excluded.phrase("plan"),
            )
        )
        for row in report.due_before_next:
            line = console.hanging(
                badge_text(row.health, row.colour),
                f"{row.id}  {row.title} · due {long_form(row.current_due)}",
            )
            out.append(console.indented(line, 2))

    if report.undated:
        out.extend(
            _section(
                "Undated, counted on their own",
                len(report.undated),
                excluding=report.excluded.phrase("plan"),
            )
        )
        for undated_row in report.undated:
            body = (
                f"{undated_row.title} · due {undated_row.word} · {status_word(undated_row.status)}"
            )
            out.append(console.indented(console.hanging(undated_row.id, body), 2))

    if report.carried_forward:
        out.extend(_section("Carried forward into a later plan", len(report.carried_forward)))
        for row in report.carried_forward:
            out.append(console.indented(console.hanging(row.id, f"{row.title}\n{row.reason}"), 2))

    if report.withdrawn:
        out.extend(_section("Withdrawn, not counted", len(report.withdrawn)))
        for row in report.withdrawn:
            out.append(console.indented(console.hanging(row.id, f"{row.title}\n{row.reason}"), 2))

    if report.notes:
        out.append("")
    out.extend(f"Note: {note}" for note in report.notes)
    return console.render(terminal, *out)


# -- Markdown -----------------------------------------------------------------------


def render_markdown(report: StatusReport) -> str:
    names = {group.id: group.shown for group in report.by_workstream}
    out: list[str] = []
    out.append(f"# {escape_markdown(report.board)}: status as of {long_form(report.as_of)}")
    out.append("")
    if report.partnership:
        key = scheme_key(report.scheme)
        out.append(f"{escape_markdown(report.partnership)}. Colours ({report.scheme}): {key}.")
        out.append("")
    out.append(f"**{escape_markdown(report.headline)}**")
    out.append("")
    out.append(f"- By health: {_health_counts(report)}")
    out.append(f"- By status: {_status_counts(report.milestones)}")
    if report.measures is not None:
        headline = status_measures.headline(report.measures, report.excluded)
        out.append(f"- {escape_markdown(headline)}")
    out.append("")

    words = report.words
    for title, groups in (
        (words.grouping.name, report.by_workstream),
        (words.top.name, priority_groups(report.by_priority, 80)),
    ):
        if not groups:
            continue
        headers, rows = _group_table(title, groups, report.scheme)
        rows = [[escape_markdown(str(row[0])), *row[1:]] for row in rows]
        out.append(f"## By {in_sentence(title)}")
        out.append("")
        out.append(
            tabulate(
                rows,
                headers=headers,
                tablefmt="pipe",
                disable_numparse=True,
                colalign=("left", *(["right"] * (len(headers) - 1))),
            )
        )
        out.append("")

    out.append(
        f"## Exceptions ({len(report.exceptions)}), {exception_order(report.scheme)}"
        + escape_markdown(_after(report, "plan"))
    )
    out.append("")
    if report.exceptions:
        out.append(milestone_table_markdown(report.exceptions, names, words))
    else:
        out.append(f"None: every live {words.tracked.word} is complete or on track.")
    out.append("")
    if report.measures is not None:
        out.extend(status_measures.markdown_lines(report.measures, report.excluded))

    out.append(
        f"## Re-profiles awaiting the board ({len(report.awaiting_board)})"
        + escape_markdown(_after(report, "plan"))
    )
    out.append("")
    for item in report.awaiting_board:
        row = item.milestone
        when = f", proposed {long_form(item.proposed_on)}" if item.proposed_on else ""
        later = f", agreed later at the {item.agreed_at} board" if item.agreed_at else ""
        out.append(
            f"- **{escape_markdown(row.id)}** {escape_markdown(row.title)}: "
            f"{long_form(row.current_due)} → {long_form(item.to)}{escape_markdown(when + later)}. "
            f"Reason: {escape_markdown(item.reason)}"
        )
    out.append("" if report.awaiting_board else "None.\n")

    out.append(
        f"## Board actions overdue ({len(report.overdue_actions)})"
        + escape_markdown(_after(report, "tracker"))
    )
    out.append("")
    for action in report.overdue_actions:
        out.append(
            f"- **{escape_markdown(action.id)}** due {long_form(action.due)}, "
            f"{days(action.days_overdue)} overdue "
            f"({escape_markdown(action.owner)}, {status_word(action.status)}): "
            f"{escape_markdown(action.text)}"
        )
    out.append("" if report.overdue_actions else "None.\n")

    meeting = report.next_meeting
    if meeting is None:
        out.append("## Next board")
        out.append("")
        out.append("None scheduled in meetings/.")
        out.append("")
    else:
        out.append(
            f"## Due by the next board, {long_form(meeting.date)} ({len(report.due_before_next)})"
            + escape_markdown(_after(report, "plan"))
        )
        out.append("")
        for row in report.due_before_next:
            out.append(
                f"- {badge(row.health, row.colour)} **{escape_markdown(row.id)}** "
                f"{escape_markdown(row.title)}, "
                f"due {long_form(row.current_due)}"
            )
        out.append("" if report.due_before_next else "None.\n")

    if report.undated:
        out.append(f"## Undated, counted on their own ({len(report.undated)})")
        out.append("")
        for undated_row in report.undated:
            out.append(
                f"- **{escape_markdown(undated_row.id)}** "
                f"{escape_markdown(undated_row.title)}: due "
                f"{escape_markdown(undated_row.word)}, {status_word(undated_row.status)}"
            )
        out.append("")

    if report.carried_forward:
        out.append(f"## Carried forward into a later plan ({len(report.carried_forward)})")
        out.append("")
        for row in report.carried_forward:
            out.append(
                f"- **{escape_markdown(row.id)}** {escape_markdown(row.title)}: "
                f"{escape_markdown(row.reason)}"
            )
        out.append("")

    if report.withdrawn:
        out.append(f"## Withdrawn, not counted ({len(report.withdrawn)})")
        out.append("")
        for row in report.withdrawn:
            out.append(
                f"- **{escape_markdown(row.id)}** {escape_markdown(row.title)}: "
                f"{escape_markdown(row.reason)}"
            )
        out.append("")

    for note in report.notes:
        out.append(f"_Note: {escape_markdown(note)}._")
        out.append("")
    return escape_terminal("\n".join(out).rstrip("\n") + "\n")


def milestone_table_markdown(
    rows: Sequence[MilestoneRow],
    workstream_names: Mapping[str, str] | None = None,
    words: Vocabulary = DEFAULT,
) -> str:
    """The milestone table of the status exceptions and of ``milestones --format markdown``:
    original and current dates side by side, slip, times moved and the reason."""
    names = workstream_names or {}
    return tabulate(
        [
            [
                escape_markdown(row.id),
                escape_markdown(row.title),
                escape_markdown(names.get(row.workstream, row.workstream)),
                badge(row.health, row.colour),
                long_form(row.baseline_due),
                long_form(row.current_due),
                slip_cell(row),
                row.reprofiles,
                escape_markdown(row.reason),
            ]
            for row in rows
        ],
        headers=[
            "Id",
            words.tracked.name,
            words.grouping.name,
            "Health",
            "Original date",
            "Current date",
            "Slip (days)",
            "Re-profiled",
            "Reason",
        ],
        tablefmt="pipe",
        disable_numparse=True,
        colalign=("left", "left", "left", "left", "left", "left", "right", "right", "left"),
    )
