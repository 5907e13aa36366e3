"""Lead returns as text: the Markdown form (for leads without a spreadsheet program), what
``returns apply`` found, and the list ``returns missing`` gives the manager to chase.

The form is read back by ``returns.read``: a ``## `` heading per sheet, a ``### `` heading
per row starting with its id, one ``- Field:`` line per editable column, and the state
in an HTML comment at the end. Text from the repository is escaped and kept to one line,
so no title can start a line the reader would take for a field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown as escape
from sendtrack.render import console
from sendtrack.render.board.common import json_text, md_table, plural, text_table
from sendtrack.render.console import PLAIN, Terminal
from sendtrack.returns.apply import ApplyReport
from sendtrack.returns.make import (
    ACTION_COLUMNS,
    MEASURE_COLUMNS,
    LeadReturn,
    milestone_columns,
)
from sendtrack.returns.missing import MissingReport
from sendtrack.returns.read import STATE_MARKER
from sendtrack.returns.words import heading


def markdown_form(book: LeadReturn) -> str:
    words, state = book.words, book.state
    statuses = ", ".join(words.statuses.values())
    out = [
        f"# Return for {escape(state.lead)}"
        + (f", {escape(state.partnership)}" if state.partnership else ""),
        "",
        f"Made on {long_form(state.made_on)}, showing health as of {long_form(state.as_of)}.",
        "Write after the colon on the `- ` lines under each item; leave them empty if nothing "
        f"changed. Statuses: {statuses}. Dates: 03/11/2025 or 2025-11-03 (today if left "
        "empty). Keep the headings and the last line as they are. No personal details of "
        "children or families, please.",
    ]

    def block(item_id: str, title: str, facts: Sequence[str], fields: Sequence[str]) -> None:
        out.extend(["", f"### {item_id} {escape(title)}", ""])
        out.extend(f"{fact}  " for fact in facts[:-1])
        out.extend([facts[-1], ""])
        out.extend(f"- {name}:" for name in fields)

    editable = [c.header for c in milestone_columns(words) if c.editable]
    if book.milestones:
        out.extend(["", f"## {state.sheets['milestones']}"])
    for line in book.milestones:
        last = (
            f"{long_form(line.last_update_on)}: {escape(line.last_update)}"
            if line.last_update_on
            else "none"
        )
        facts = [
            f"{heading(words.action)}: {escape(line.action)}",
            f"{heading(words.workstream)}: {escape(line.workstream)}",
            f"Current due {long_form(line.current_due)}; {escape(line.health)} "
            f"({escape(line.why)}); status {escape(line.status)}",
            f"Last update: {last}",
        ]
        block(line.id, line.title, facts, editable)
    if book.actions:
        out.extend(["", f"## {state.sheets['actions']}"])
    for action in book.actions:
        raised = f"raised {long_form(action.raised_on)}; " if action.raised_on else ""
        last = (
            f"{long_form(action.last_update_on)}: {escape(action.last_update)}"
            if action.last_update_on
            else "none"
        )
        facts = [f"{raised}due {long_form(action.due)}; {action.status}", f"Last update: {last}"]
        block(action.id, action.text, facts, [c.header for c in ACTION_COLUMNS if c.editable])
    if book.measures:
        out.extend(["", f"## {state.sheets['measures']}"])
    for measure in book.measures:
        latest = (
            f"{escape(measure.latest_value or '')} for {escape(measure.latest_period)}"
            if measure.latest_period
            else "none yet"
        )
        facts = [f"Unit: {escape(measure.unit)}; latest figure: {latest}"]
        block(measure.id, measure.title, facts, [c.header for c in MEASURE_COLUMNS if c.editable])
    out.extend(["", f"<!-- {STATE_MARKER} {state.to_json()} -->", ""])
    return "\n".join(out)


# -- returns apply ---------------------------------------------------------------------------


def render_apply(report: ApplyReport) -> str:
    """The per-lead summary, then every row refused, then what happens next."""
    out = []
    for lead in report.leads:
        counts = [f"{plural(lead.applied, 'row')} to apply"]
        if lead.unchanged:
            counts.append(f"{lead.unchanged} already applied or unchanged")
        if lead.refused:
            counts.append(f"{lead.refused} refused")
        out.append(f"{lead.file} ({lead.lead}): {', '.join(counts)}")
        out.extend(f"  {line}" for line in lead.summary)
    return "\n".join(out) + "\n" if out else ""


def render_apply_problems(report: ApplyReport) -> str:
    """``FILE:Sheet!C12: code message`` and its hint, for every problem found."""
    out = []
    for problem in report.problems:
        kind = "" if problem.severity.value == "error" else "warning: "
        out.append(f"{problem.where}: {kind}{problem.code} {problem.message}")
        if problem.hint:
            out.append(f"  hint: {problem.hint}")
    return "\n".join(out) + "\n" if out else ""


# -- returns missing ---------------------------------------------------------------------------


def render_missing(report: MissingReport, output_format: str, terminal: Terminal = PLAIN) -> str:
    if output_format == "json":
        return json_text(report.as_dict())
    since = (
        f"the {long_form(report.since - timedelta(days=1))} board"
        if report.board is not None
        else long_form(report.since)
    )
    title = f"Leads with no update since {since} (as of {long_form(report.as_of)})"
    total = sum(lead.missing for lead in report.leads)
    tracked = report.tracked
    summary = (
        f"{plural(len(report.leads), 'lead')} to chase; "
        f"{total} live {tracked.word if total == 1 else tracked.words} with no update."
        if report.leads
        else f"Every lead has updated every live {tracked.word}."
    )
    headers = ["Lead", "Live", "Updated", "No update", f"{tracked.plural} with no update"]
    rows = [
        [lead.lead, str(lead.live), str(lead.updated), str(lead.missing), ", ".join(lead.ids)]
        for lead in report.leads
    ]
    if output_format == "markdown":
        table = md_table(headers, rows)
        return f"# {escape(title)}\n\n{summary}\n" + (f"\n{table}" if rows else "")
    if not rows:
        return console.render(terminal, title, summary)
    return console.render(
        terminal, title, summary, "", text_table(headers, rows, wrap=headers[-1:])
    )
