"""Partnership settings (``plan/partnership.yaml``): who we are, workstreams, colours,
and the plan's own levels and words (``partnership.py``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sendtrack.models.base import Day, Flag, Id, Model, Text
from sendtrack.models.partnership import Body, Level, Words
from sendtrack.models.schema import SchemaVersion, schema_version_field

ColourScheme = Literal["board", "pap", "nhse-brag"]


class Workstream(Model):
    id: Id = Field(description="Short id used by actions, e.g. 'ehcp'.")
    name: Text = Field(description="The workstream's name as the plan writes it.")
    leads: list[Text] = Field(default_factory=list, description="Lead officers or roles.")
    focus: list[Text] = Field(default_factory=list, description="Areas of focus.")


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
