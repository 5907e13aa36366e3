"""Partnership settings (``plan/partnership.yaml``): who we are, workstreams, colours,
and the plan's own levels and words (``partnership.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from sendtrack.models.base import Day, Flag, Id, Model, Text
from sendtrack.models.partnership import Body, Level, Words
from sendtrack.models.schema import SchemaVersion, schema_version_field

ColourScheme = Literal["board", "pap", "nhse-brag"]


def folded(text: str) -> str:
    """A name as a person may type it: any case, any spacing."""
    return " ".join(text.split()).casefold()


def _words(text: str) -> set[str]:
    """The words of a name that carry meaning: no 'and' or '&', brackets or commas."""
    return set(re.findall(r"[\w'-]+", text.casefold())) - {"and"}


class Workstream(Model):
    id: Id = Field(description="Short id used by actions, e.g. 'ehcp'.")
    name: Text = Field(description="The workstream's name as the plan writes it.")
    also_known_as: list[Text] = Field(
        default_factory=list,
        description="Other names the board uses for it (the minutes' 'Comms & Engagement' "
        "for 'Working Together'): shown beside the name where they add a word it lacks, "
        "and accepted (any case) wherever a command takes a workstream.",
    )
    leads: list[Text] = Field(default_factory=list, description="Lead officers or roles.")
    focus: list[Text] = Field(default_factory=list, description="Areas of focus.")

    @property
    def other_names(self) -> tuple[str, ...]:
        """The other names worth showing beside the name, as written: those with a word the
        name (and the names kept before them) lack. "Leadership & Partnership" beside
        "Leadership, partnership and Joint Commissioning" tells a reader nothing new;
        "Comms & Engagement" beside "Working Together" does."""
        known = _words(self.name)
        kept = []
        for alias in self.also_known_as:
            if not _words(alias) <= known:
                known |= _words(alias)
                kept.append(alias)
        return tuple(kept)

    @property
    def shown(self) -> str:
        """'Working Together (also: Comms & Engagement)'; the name alone without others."""
        return shown_name(self.name, self.other_names)

    def answers_to(self, value: str) -> bool:
        """Whether ``value`` is its id, its name or another name (any case or spacing)."""
        wanted = folded(value)
        return value == self.id or wanted in {folded(n) for n in (self.name, *self.also_known_as)}


def shown_name(name: str, others: Sequence[str]) -> str:
    """A group's name with the other names it goes by, for headings and tables."""
    return f"{name} (also: {'; '.join(others)})" if others else name


class Settings(Model):
    schema_version: SchemaVersion | None = schema_version_field()
    partnership: Text = Field(description="The partnership's name.")
    board: Text = Field(description="The board that oversees the plan.")
    plan_title: Text | None = Field(default=None, description="The plan's title and version.")
    plan_agreed_on: Day | None = Field(
        default=None,
        description="When the plan was agreed: items that record no added_on or added_at "
        "of their own (nor any level above them) entered the plan on this day.",
    )
    colour_scheme: ColourScheme = Field(
        default="board",
        description="How health maps to colour: 'board' (amber delayed, red off track), "
        "'pap' (the plan's key: amber on track, red delayed) or 'nhse-brag'.",
    )
    undated_milestones: Flag = Field(
        default=False,
        description="true where the plan has milestones without a date ('due: ongoing' or "
        "'TBC'): they are counted and listed on their own, never as on track.",
    )
    not_started_window_days: int = Field(
        default=30,
        ge=0,
        description="A milestone not started this many days before it is due is 'delayed'.",
    )
    workstreams: list[Workstream] = Field(
        default_factory=list,
        description="The groups the plan's items belong to (workstreams, thematic groups).",
    )
    levels: list[Level] | None = Field(
        default=None,
        min_length=2,
        max_length=4,
        description="The plan's levels, top first, 2 to 4; the last is the dated, tracked "
        "unit. Default: Priority, Outcome, Action, Milestone. Four levels are written as "
        "outcomes → actions → milestones in each top-level file, three as actions → "
        "milestones, two as milestones.",
    )
    bodies: list[Body] = Field(
        default_factory=list,
        description="The bodies that meet about the plan (default: one, the 'board').",
    )
    reports_to: Id | None = Field(
        default=None,
        description="Id of the body the figures report to: its meetings are 'the last "
        "board' and 'the next board' (default: the first body).",
    )
    grouping: Words | None = Field(
        default=None,
        description="What the plan calls the groups in 'workstreams' (e.g. 'Thematic "
        "group'). Default: Workstream.",
    )

    def workstream_named(self, value: str) -> Workstream | None:
        """The workstream ``value`` names: its id, its name or another name it goes by."""
        by_id = next((s for s in self.workstreams if s.id == value), None)
        return by_id or next((s for s in self.workstreams if s.answers_to(value)), None)
