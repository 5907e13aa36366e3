"""The highlight report's layout: one workstream's status, period, exceptions, decisions,
risks and actions, as the blocks of ``papers_layout``; the board pack embeds the same
section for each workstream (``highlight_section``)."""

from __future__ import annotations

from sendtrack.core.dates import long_form
from sendtrack.core.slug import file_slug
from sendtrack.papers.highlight import HighlightPapers, HighlightReport
from sendtrack.render.charts import burn_up_chart, timeline_chart
from sendtrack.render.papers_impact import impact_key, workstream_impact
from sendtrack.render.papers_layout import (
    ACTION_COLUMNS,
    RISK_COLUMNS,
    Badge,
    Builder,
    Column,
    Document,
    Facts,
    Figure,
    Paragraph,
    Strong,
    action_rows,
    cells,
    closed_rows,
    counts_table,
    day_or_dash,
    key_section,
    page_breaks,
    plural,
    risk_rows,
    row_badge,
    status_line,
    table,
)
from sendtrack.render.papers_narrative import narrative_section
from sendtrack.render.papers_since_board import since_board_section
from sendtrack.render.slip import slip_cell


def unknown_starts_sentence(report: HighlightReport) -> str:
    """'Start date not recorded: 3 milestones in progress (…) and 1 completed this period
    (1.4.1.3, completed 20 Oct 2025). …': named, because they cannot be placed."""
    m = report.words.tracked
    going = [row.id for row in report.unknown_starts if row.completed_on is None]
    done = [
        f"{row.id}, completed {long_form(row.completed_on)}"
        for row in report.unknown_starts
        if row.completed_on is not None
    ]
    parts = [f"{m.count(len(going))} in progress ({', '.join(going)})"] if going else []
    if done:
        noun = m.count(len(done)) if not going else str(len(done))
        parts.append(f"{noun} completed this period ({'; '.join(done)})")
    return (
        f"Start date not recorded: {' and '.join(parts)}. Neither started_on nor an update "
        "moving them into progress says when they started, so they are not counted as "
        "started in this period or any other."
    )


def highlight_section(
    builder: Builder,
    report: HighlightReport,
    titled: bool = True,
    new_page: bool = False,
    measure_charts: bool = True,
) -> None:
    """One workstream's report; ``titled`` False when the document's title names it;
    ``measure_charts`` False where the paper charts its measures elsewhere (the pack)."""
    h = report
    m, g = h.words.tracked, h.words.grouping
    period = h.period
    next_day = period.next_meeting.date if period.next_meeting else None
    if titled:
        builder.heading(0, h.shown, new_page)
    builder.add(
        Facts(
            (
                (g.name, (f"{h.shown} ({h.workstream})",)),
                ("Leads", (", ".join(h.leads) or "not named",)),
                ("Period covered", (period.describe(),)),
                ("As of", (long_form(h.as_of),)),
                (
                    "Next board",
                    (day_or_dash(next_day) if next_day else "none scheduled",),
                ),
                (
                    "Overall health",
                    (Badge(h.overall.colour, h.overall.health.label), f" — {h.overall.reason}"),
                ),
            )
        )
    )

    builder.heading(1, "Status summary")
    builder.add(
        Paragraph((Strong(h.counts.headline(m) + "."),)),
        Paragraph((status_line(h.counts),)),
        counts_table(
            h.counts,
            h.scheme,
            f"{h.name}: {m.words} by health as of {long_form(h.as_of)}",
            h.words,
        ),
    )
    if h.counts.total:
        builder.add(
            Figure(
                burn_up_chart(
                    h.burn_up,
                    f"burn-up-{file_slug(h.workstream)}",
                    f"{h.name}: {m.words} due and completed over time",
                )
            ),
            Figure(
                timeline_chart(
                    h.rows,
                    h.as_of,
                    h.scheme,
                    f"timeline-{file_slug(h.workstream)}",
                    f"{h.name}: original and current {m.word} dates",
                )
            ),
        )

    workstream_impact(builder, h.impact, h.workstream, g.word, measure_charts)

    builder.heading(1, "This period")
    builder.add(Paragraph((f"From {period.describe()}.",)))
    builder.heading(2, "Completed")
    builder.add(
        table(
            f"{m.plural} completed this period",
            [m.name, "Title", "Completed", "Original date", "On time"],
            (
                cells(
                    e.row.id,
                    e.row.title,
                    long_form(e.on),
                    long_form(e.row.baseline_due),
                    f"late by {plural((e.on - e.row.baseline_due).days, 'day')}"
                    if e.row.late
                    else "yes",
                )
                for e in h.completed
            ),
            f"No {m.word} was completed this period.",
        )
    )
    builder.heading(2, "Started")
    builder.add(
        table(
            f"{m.plural} started this period",
            [m.name, "Title", "Started", "Current date"],
            (
                cells(e.row.id, e.row.title, long_form(e.on), long_form(e.row.current_due))
                for e in h.started
            ),
            f"No {m.word} has a start date in this period.",
        )
    )
    if h.unknown_starts:
        builder.add(Paragraph((unknown_starts_sentence(h),)))
    builder.heading(2, "Re-profiled")
    builder.add(
        table(
            "Re-profiles agreed this period",
            [
                m.name,
                "Title",
                "From",
                "To",
                Column("Moved by (days)", numeric=True),
                "Agreed at",
                "Reason",
            ],
            (
                cells(
                    e.row.id,
                    e.row.title,
                    long_form(e.moved_from),
                    long_form(e.to),
                    str(e.days),
                    f"{long_form(e.meeting_date)} board",
                    e.reason,
                )
                for e in h.reprofiled
            ),
            "No re-profile was agreed this period.",
        )
    )
    builder.heading(2, "Progress notes")
    builder.add(
        table(
            "Progress notes dated this period",
            [m.name, "Date", "Note"],
            (cells(n.row.id, long_form(n.on), n.note) for n in h.notes),
            "No progress notes are dated this period.",
        )
    )

    if h.since_board is not None:
        since_board_section(builder, h.since_board, h.words, depth=1)

    builder.heading(1, "Next period")
    if next_day is None:
        builder.add(Paragraph(("No board is scheduled after this one.",)))
    else:
        builder.add(
            table(
                f"Due by the next board on {long_form(next_day)}",
                [m.name, "Title", "Current date", "Health"],
                (
                    cells(row.id, row.title, long_form(row.current_due), row_badge(row))
                    for row in h.next_period
                ),
                f"Nothing falls due before the next board on {long_form(next_day)}.",
            )
        )

    builder.heading(1, "Exceptions")
    builder.add(
        table(
            f"{m.plural} off track or delayed",
            [
                m.name,
                "Title",
                "Health",
                "Original date",
                "Current date",
                Column("Slip (days)", numeric=True),
                "Reason",
            ],
            (
                cells(
                    row.id,
                    row.title,
                    row_badge(row),
                    long_form(row.baseline_due),
                    long_form(row.current_due),
                    slip_cell(row),
                    row.reason,
                )
                for row in h.exceptions
            ),
            f"No {m.word} is off track or delayed.",
        )
    )
    if h.lead_differs:
        builder.heading(2, "Where the lead's own rating differs")
        builder.add(
            table(
                "The lead's rating beside the derived health, which the figures use",
                [m.name, "Title", "Derived health", "Lead says", "Reason", "Rated on"],
                (
                    cells(
                        row.id,
                        row.title,
                        row_badge(row),
                        rating.colour,
                        rating.reason,
                        long_form(rating.on),
                    )
                    for row in h.lead_differs
                    if (rating := row.lead_rating) is not None
                ),
                "None.",
            )
        )

    builder.heading(1, "Decisions needed")
    builder.add(
        table(
            "Re-profiles proposed for the board to agree",
            [
                m.name,
                "Title",
                "Current date",
                "Proposed date",
                Column("Slip from original (days)", numeric=True),
                "Reason",
                "Proposed",
            ],
            (
                cells(
                    d.milestone.id,
                    d.milestone.title,
                    long_form(d.milestone.current_due),
                    long_form(d.to),
                    str((d.to - d.milestone.baseline_due).days),
                    d.reason,
                    day_or_dash(d.proposed_on),
                )
                for d in h.decisions
            ),
            "No decision is needed: no re-profile awaits the board.",
        )
    )

    builder.heading(1, "Key risks")
    builder.add(
        table(
            f"Open risks linked to this {g.word}, highest score first",
            RISK_COLUMNS,
            risk_rows(h.risks),
            f"No open risk is linked to this {g.word}.",
        )
    )

    builder.heading(1, "Board actions")
    overdue = h.actions.overdue
    builder.add(
        Paragraph(
            (
                f"{plural(len(h.actions.open), 'open action')}, {len(overdue)} overdue; "
                f"{len(h.actions.closed_since)} closed since the last board.",
            )
        )
    )
    builder.heading(2, "Open")
    builder.add(
        table(
            f"Open board actions for this {g.word}",
            ACTION_COLUMNS,
            action_rows(h.actions.open),
            f"No open board action is linked to this {g.word}.",
        )
    )
    builder.heading(2, "Closed since the last board")
    builder.add(
        table(
            "Board actions closed since the last board",
            ["Action", "What", "Owner", "Closed"],
            closed_rows(h.actions.closed_since),
            "None.",
        )
    )


def highlight_document(papers: HighlightPapers) -> Document:
    """The highlight report(s): one workstream, or each in turn under one title."""
    first = papers.reports[0]
    single = len(papers.reports) == 1
    title = (
        f"Highlight report: {first.shown}"
        if single
        else f"Highlight reports: {papers.partnership or 'all ' + first.words.grouping.words}"
    )
    document = Document(title)
    top = Builder(document, 2, "")
    if not single:
        document.blocks.append(
            Facts(
                (
                    ("Board", (papers.board,)),
                    ("Period covered", (first.period.describe(),)),
                    ("As of", (long_form(first.as_of),)),
                )
            )
        )
    document.blocks.extend(Paragraph((f"Note: {note}.",)) for note in papers.notes)
    for report in papers.reports:
        builder = Builder(document, 1, "") if single else Builder(document, 2, report.workstream)
        highlight_section(builder, report, titled=not single)
        narrative_section(builder, report)
    key_section(top, [*papers.key, *impact_key(*(report.impact for report in papers.reports))])
    # One workstream fits a few pages as it flows; several start one a page each.
    return document if single else page_breaks(document, 2)
