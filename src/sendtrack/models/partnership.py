"""The shape and words of a partnership's plan, declared in ``plan/partnership.yaml``.

Plans differ: Lancashire's 2025 Priority Action Plan has four levels (priority → outcome
→ action → milestone) grouped by workstream; a Written Statement of Action has concerns
and next steps grouped by thematic group; an inspection-recommendation plan has
recommendations, "what we want" items and milestones. These models let a partnership
say which levels its plan has (2 to 4, top first; the last is always the dated, tracked
unit), what it calls them, the narrative fields each level carries, and what it calls
its groups. Absent, the defaults are Lancashire's (``models/vocabulary.py``), so a
repository written before levels existed reads exactly as it did.

Several bodies meet about one plan — an operations group, the improvement board, the
Health and Wellbeing Board, scrutiny — and the figures report to one of them
(``Body``, ``Settings.reports_to``): "the last board", "the next board", a highlight
report's period and ``meeting new`` follow that body's meetings.
"""

from __future__ import annotations

from pydantic import Field

from sendtrack.models.base import Id, Model, Text


class Words(Model):
    """What the plan calls one kind of thing, as a heading writes it."""

    name: Text = Field(description="Singular, as a heading writes it: 'Thematic group'.")
    plural: Text | None = Field(
        default=None, description="Plural, e.g. 'Thematic groups' (default: name + 's')."
    )


class NarrativeField(Model):
    """A piece of narrative an item of this level carries, e.g. 'Where are we now'."""

    key: Id = Field(
        description="The key under an item's 'narrative:' mapping, e.g. 'where_are_we_now'."
    )
    label: Text = Field(description="How papers and 'show' head it: 'Where are we now'.")


class Level(Model):
    """One level of the plan, e.g. Priority, Concern, Recommendation, Next step, Milestone."""

    name: Text = Field(description="Singular, as a heading writes it: 'Concern'.")
    plural: Text | None = Field(
        default=None, description="Plural, e.g. 'Concerns' (default: name + 's')."
    )
    narrative: list[NarrativeField] = Field(
        default_factory=list,
        description="The narrative fields items of this level carry, in the order shown.",
    )


class Body(Model):
    """A body that meets about the plan, e.g. the operations group or scrutiny."""

    id: Id = Field(description="Short id meetings name in 'body:', e.g. 'hwb'.")
    name: Text = Field(description="Its name, e.g. 'Health and Wellbeing Board'.")
