"""Board meetings (``meetings/<date>.yaml``), held or scheduled."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sendtrack.models.base import Day, Id, Model, Ref, Text
from sendtrack.models.schema import SchemaVersion, schema_version_field

MeetingStatus = Literal["held", "scheduled", "cancelled"]
ForwardPlanKind = Literal["standing", "deep_dive", "item"]


class Attendance(Model):
    present: list[Text] = Field(default_factory=list, description="Members present, by role.")
    in_attendance: list[Text] = Field(default_factory=list, description="Others, by role.")
    apologies: list[Text] = Field(default_factory=list, description="Apologies, by role.")


class Challenge(Model):
    challenge: Text = Field(description="The board's challenge.")
    response: Text | None = Field(default=None, description="The response given.")


class AgendaItem(Model):
    number: Id = Field(description="The item's number in the agenda.")
    title: Text = Field(description="The item's title.")
    summary: Text | None = Field(default=None, description="What was reported.")
    challenges: list[Challenge] = Field(default_factory=list, description="Check and challenge.")
    decisions: list[Text] = Field(default_factory=list, description="What was decided.")
    actions: list[Ref] = Field(default_factory=list, description="Board actions raised here.")


class ForwardPlanItem(Model):
    item: Text = Field(description="What comes to a future board.")
    kind: ForwardPlanKind = Field(default="item", description="standing, deep_dive or item.")
    when: Day | None = Field(default=None, description="When (a month means its last day).")
    meeting: Id | None = Field(default=None, description="The meeting it is planned for.")


class Meeting(Model):
    schema_version: SchemaVersion | None = schema_version_field()
    id: Id = Field(
        description="The meeting's date, e.g. '2025-11-03'; another body's meeting adds its "
        "body: '2025-11-03-hwb'."
    )
    board: Text = Field(description="Which board.")
    body: Id | None = Field(
        default=None,
        description="Id of the body in plan/partnership.yaml that met (default: the one the "
        "figures report to).",
    )
    date: Day = Field(description="The meeting's date.")
    time: Text | None = Field(default=None, description="e.g. '13:00-16:00'.")
    location: Text | None = Field(default=None, description="e.g. 'in person'.")
    status: MeetingStatus = Field(description="held, scheduled or cancelled.")
    attendance: Attendance | None = Field(default=None, description="Who came, by role.")
    standing_items: list[Text] = Field(default_factory=list, description="Standing items.")
    agenda: list[AgendaItem] = Field(default_factory=list, description="The agenda.")
    decisions: list[Text] = Field(default_factory=list, description="Decisions of the meeting.")
    actions_raised: list[Ref] = Field(default_factory=list, description="Board action ids raised.")
    risks_added: list[Id] = Field(default_factory=list, description="Risk ids added.")
    forward_plan: list[ForwardPlanItem] = Field(default_factory=list, description="Forward plan.")
    next_meeting: Id | None = Field(default=None, description="Id of the next meeting.")
    note: Text | None = Field(
        default=None, description="Free text, e.g. where the record comes from."
    )
