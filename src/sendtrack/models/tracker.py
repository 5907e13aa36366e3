"""The board's action log (``tracker/actions.yaml``; closed ones in ``tracker/archive.yaml``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sendtrack.models.base import Day, Flag, Id, Model, Ref, Text
from sendtrack.models.schema import SchemaVersion, schema_version_field

BoardActionStatus = Literal["open", "in_progress", "closed"]


class ActionUpdate(Model):
    on: Day = Field(description="Date of the update.")
    note: Text = Field(description="What was reported.")
    status: BoardActionStatus | None = Field(default=None, description="Status set, if any.")


class BoardAction(Model):
    id: Ref = Field(description="'<meeting>/A<n>', e.g. '2025-11-03/A3'.")
    meeting: Id = Field(description="Id of the meeting that raised it.")
    number: int = Field(ge=1, description="Its number in that meeting's minutes.")
    text: Text = Field(description="The action as minuted.")
    owner: Text = Field(description="Owner, as a role.")
    due: Day = Field(description="Due date (default: the next board).")
    status: BoardActionStatus = Field(default="open", description="open, in_progress or closed.")
    closed_on: Day | None = Field(default=None, description="When it was closed.")
    links: list[Ref] = Field(
        default_factory=list, description="Ids of milestones, actions, risks or meetings."
    )
    updates: list[ActionUpdate] = Field(default_factory=list, description="Appended, dated.")
    illustrative: Flag = Field(
        default=False, description="true where the status is illustrative, not from the sources."
    )
    note: Text | None = Field(default=None, description="Free text.")


class ActionLog(Model):
    schema_version: SchemaVersion | None = schema_version_field()
    actions: list[BoardAction] = Field(default_factory=list, description="The actions.")
