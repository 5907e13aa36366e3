"""The board pack's layout: overall status, each workstream's highlight section, the
re-profile register, the action log, the risk register and the forward plan, as the
blocks of ``papers_layout``."""

from __future__ import annotations

from sendtrack.core.dates import long_form
from sendtrack.papers.board_data import BAND_COLOURS, BANDS, ActionLog
from sendtrack.papers.board_pack import BoardPack
from sendtrack.plan.health import Health
from sendtrack.render.charts import burn_up_chart, heat_map_chart
from sendtrack.render.papers_highlight import highlight_section
from sendtrack.render.papers_impact import board_impact, impact_key
from sendtrack.render.papers_layout import (
    ACTION_COLUMNS,
    RISK_COLUMNS,
    Badge,
    Builder,
    Bullets,
    Cell,
    Column,
    Document,
    Facts,
    Figure,
    Inline,
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
    short,
    status_line,
    table,
)
from sendtrack.render.papers_since_board import since_board_section
from sendtrack.render.papers_trend import trend_blocks


def board_pack_document(pack: BoardPack) -> Document:
    status = pack.status
    words = status.words
    m, g = words.tracked, words.grouping
    meeting = pack.meeting
    document = Document(f"{meeting.board}: board pack, {long_form(meeting.date)}")
    top = Builder(document, 2, "")
    when = ", ".join(
        part for part in (long_form(meeting.date), meeting.time, meeting.location) if part
    )
    facts: list[tuple[str, Cell]] = [
        ("Partnership", (status.partnership,)),
        ("Meeting", (f"{when} ({meeting.status})",)),
    ]
    if pack.plan_title:
        facts.append(("Plan", (pack.plan_title,)))
    facts += [
        ("Figures as of", (long_form(pack.as_of),)),
        ("Period covered", (pack.period.describe(),)),
    ]
    document.blocks.append(Facts(tuple(facts)))
    document.blocks.extend(Paragraph((f"Note: {note}.",)) for note in status.notes)

    board_impact(top, pack.impact)
    top.heading(0, "Overall status")
    top.add(
        Paragraph((Strong(status.headline + "."),)),
        Paragraph((status_line(status.milestones),)),
        counts_table(
            status.milestones,
            status.scheme,
            f"All {m.words} by health as of {long_form(pack.as_of)}",
            words,
        ),
        table(
            f"{m.plural} by {g.word}",
            [
                g.name,
                Column(m.plural, numeric=True),
                Column("In progress or completed", numeric=True),
                Column("Completed", numeric=True),
                Column("Off track", numeric=True),
                Column("Delayed", numeric=True),
                "Overall health",
            ],
            (
                cells(
                    h.shown,
                    str(h.counts.total),
                    f"{h.counts.started} ({h.counts.started_pct}%)",
                    f"{h.counts.complete} ({h.counts.complete_pct}%)",
                    str(h.counts.by_health[Health.OFF_TRACK]),
                    str(h.counts.by_health[Health.DELAYED]),
                    Badge(h.overall.colour, h.overall.health.label),
                )
                for h in pack.highlights
            ),
            f"No {g.words}.",
        ),
        table(
            f"{m.plural} by {words.top.word}",
            [
                words.top.name,
                Column(m.plural, numeric=True),
                Column("In progress or completed", numeric=True),
                Column("Completed", numeric=True),
            ],
            (
                cells(
                    f"{group.id}. {group.short or short(group.name)}",
                    str(group.counts.total),
                    f"{group.counts.started} ({group.counts.started_pct}%)",
                    f"{group.counts.complete} ({group.counts.complete_pct}%)",
                )
                for group in status.by_priority
            ),
            f"No {words.top.words}.",
        ),
        Figure(
            burn_up_chart(pack.burn_up, "burn-up", f"All {m.words}: due and completed over time")
        ),
    )
    if pack.trend is not None:
        trend_blocks(top, pack.trend, status.scheme, words)
    if pack.since_board is not None:
        since_board_section(top, pack.since_board, words)

    top.heading(0, f"{g.name} highlight reports")
    for index, report in enumerate(pack.highlights):
        highlight_section(
            Builder(document, 3, report.workstream),
            report,
            new_page=index > 0,
            measure_charts=False,
        )

    top.heading(0, "Re-profile register")
    top.add(
        Paragraph(
            (
                f"Every {m.word} whose date the board has moved. The original date stays as "
                "the baseline for transparent monitoring; slip is from it.",
            )
        ),
        table(
            f"Re-profiled {m.words}",
            [
                m.name,
                "Title",
                g.name,
                "Original date",
                "Current date",
                Column("Slip (days)", numeric=True),
                Column("Times moved", numeric=True),
                "Agreed at",
                "Health",
            ],
            (
                cells(
                    e.row.id,
                    e.row.title,
                    e.row.workstream,
                    long_form(e.row.baseline_due),
                    long_form(e.row.current_due),
                    str(e.row.slip_days),
                    str(e.row.reprofiles),
                    "; ".join(
                        f"{long_form(move.meeting_date)} (to {long_form(move.entry.to)})"
                        for move in e.moves
                    ),
                    row_badge(e.row),
                )
                for e in pack.register
            ),
            f"No {m.word} has been re-profiled.",
        ),
    )
    top.heading(1, "Awaiting the board")
    top.add(
        table(
            "Re-profiles proposed, awaiting the board's agreement",
            [m.name, "Title", g.name, "Current date", "Proposed date", "Reason"],
            (
                cells(
                    item.milestone.id,
                    item.milestone.title,
                    item.milestone.workstream,
                    long_form(item.milestone.current_due),
                    long_form(item.to),
                    item.reason,
                )
                for item in status.awaiting_board
            ),
            "No re-profile awaits the board.",
        )
    )

    _action_log(top, pack.actions)
    _risks(top, pack)
    _forward_plan(top, pack)
    key_section(top, [*pack.key, *impact_key(pack.impact)])
    return page_breaks(document, 2)


def _action_log(top: Builder, log: ActionLog) -> None:
    top.heading(0, "Action log")
    top.add(
        Paragraph(
            (
                f"{plural(len(log.open), 'open action')}, {len(log.overdue)} overdue; "
                f"{len(log.closed_since)} closed since the last board.",
            )
        )
    )
    top.heading(1, "Open")
    top.add(table("Open board actions", ACTION_COLUMNS, action_rows(log.open), "No open actions."))
    top.heading(1, "Overdue")
    top.add(
        table(
            "Board actions past their due date",
            ACTION_COLUMNS,
            action_rows(log.overdue),
            "No action is overdue.",
        )
    )
    top.heading(1, "Closed since the last board")
    top.add(
        table(
            "Board actions closed since the last board",
            ["Action", "What", "Owner", "Closed"],
            closed_rows(log.closed_since),
            "No action was closed since the last board.",
        )
    )


def _risks(top: Builder, pack: BoardPack) -> None:
    risks = pack.risks
    top.heading(0, "Risk register")
    parts: list[Inline] = [f"{plural(len(risks.open), 'open risk')}: "]
    for index, band in enumerate(BANDS):
        parts += [Badge(BAND_COLOURS[band], band), f" {risks.by_band[band]}"]
        parts.append("; " if index < len(BANDS) - 1 else ".")
    if risks.closed:
        parts.append(f" {risks.closed} closed.")
    overdue = risks.review_overdue
    parts.append(
        f" Review overdue: {', '.join(row.risk.id for row in overdue)}."
        if overdue
        else " No review is overdue."
    )
    top.add(
        Paragraph(tuple(parts)),
        Figure(heat_map_chart(pack.heat_map, "heat-map", "Open risks by likelihood and impact")),
        table(
            "Open risks, highest score first",
            RISK_COLUMNS,
            risk_rows(risks.open),
            "No open risks.",
        ),
    )


def _forward_plan(top: Builder, pack: BoardPack) -> None:
    plan = pack.forward_plan
    top.heading(0, "Forward plan")
    source = plan.source
    if source is not None:
        top.add(Paragraph((f"As minuted at the {long_form(source.date)} board.",)))
    if plan.standing:
        top.add(
            Paragraph(("Standing items at every board:",)),
            Bullets(tuple((s,) for s in plan.standing)),
        )
    top.add(
        table(
            "Items coming to future boards",
            ["Item", "Kind", "When", "Board"],
            (
                cells(
                    planned.item.item,
                    planned.item.kind.replace("_", " "),
                    day_or_dash(planned.day) if planned.day else "to be scheduled",
                    long_form(planned.meeting.date) if planned.meeting else "—",
                )
                for planned in plan.items
            ),
            "No items are planned for future boards.",
            row_headers=False,
        )
    )
