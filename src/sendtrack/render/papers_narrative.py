"""The highlight report's section of the plan's own words: each top-level item above the
workstream's milestones with its narrative fields ("Where we are now", "Key changes
achieved"…), labelled as the partnership labels them, and its lower items under it.

Blocks of ``papers_layout`` only, so each renderer escapes the plan's text as it escapes
every other value (``core/escaping`` for Markdown and the terminal, Jinja2's autoescape
for HTML). The board pack does not print it: it stays the short paper of the figures.
"""

from __future__ import annotations

from sendtrack.papers.highlight import HighlightReport
from sendtrack.papers.narrative import ItemNarrative, NarrativeField
from sendtrack.render.papers_layout import Block, Builder, Bullets, Facts, Paragraph, Strong

TITLE = "In the plan's words"


def _field(field: NarrativeField) -> list[Block]:
    """A paragraph as a labelled fact; a list of points as its label over bullets."""
    if isinstance(field.value, str):
        return [Facts(((field.label, (field.value,)),))]
    return [
        Paragraph((Strong(f"{field.label}:"),)),
        Bullets(tuple((point,) for point in field.value)),
    ]


def _item(builder: Builder, depth: int, item: ItemNarrative) -> None:
    builder.heading(depth, f"{item.level} {item.id}: {item.title}")
    for field in item.fields:
        builder.add(*_field(field))


def narrative_section(builder: Builder, report: HighlightReport) -> None:
    """What the plan says about the workstream's items; nothing where it says nothing."""
    if not report.narrative:
        return
    words = report.words
    builder.heading(1, TITLE)
    builder.add(
        Paragraph(
            (
                f"What the plan says about each {words.top.word} this {words.grouping.word}'s "
                f"{words.tracked.words} belong to, under the plan's own headings.",
            )
        )
    )
    for item in report.narrative:
        _item(builder, 2, item)
        for lower in item.below:
            _item(builder, 3, lower)
