"""The Priority Action Plan: priorities → outcomes → actions → milestones.

One file per priority in ``plan/``. The milestone is the tracked unit: its ``due`` is
the baseline and is never edited; moves are appended to ``reprofiles``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from sendtrack.models.base import Day, Flag, Id, Model, Text

MilestoneStatus = Literal["not_started", "in_progress", "complete"]
PriorityKind = Literal["priority_action", "improvement"]


class Reprofile(Model):
    """One move of a milestone's date. Appended, never rewritten."""

    to: Day = Field(description="The new due date.")
    reason: Text = Field(description="Why the date moves.")
    agreed_at: Id | None = Field(
        default=None, description="Id of the meeting that agreed it (its date, e.g. 2025-11-03)."
    )
    proposed: Flag = Field(
        default=False, description="true while the move awaits the board's agreement."
    )
    proposed_on: Day | None = Field(default=None, description="When the move was proposed.")

    @model_validator(mode="after")
    def _agreed_or_proposed(self) -> Reprofile:
        if self.agreed_at is None and not self.proposed:
            raise ValueError("a re-profile needs 'agreed_at: <meeting>' or 'proposed: true'")
        if self.agreed_at is not None and self.proposed:
            raise ValueError("a re-profile is either agreed ('agreed_at') or 'proposed', not both")
        return self


class Withdrawal(Model):
    reason: Text = Field(description="Why the milestone no longer counts.")
    agreed_at: Id = Field(description="Id of the meeting that agreed it.")
    superseded_by: Id | None = Field(default=None, description="The milestone replacing it.")


class Update(Model):
    on: Day = Field(description="Date of the update.")
    note: Text = Field(description="What changed.")
    status: MilestoneStatus | None = Field(default=None, description="Status set, if any.")


class Milestone(Model):
    id: Id = Field(description="Unique id, e.g. '2.3.2.1'. Text, never a number.")
    title: Text = Field(description="What is delivered.")
    due: Day = Field(description="Baseline due date. Never edited: re-profile instead.")
    status: MilestoneStatus = Field(default="not_started", description="As the lead reports it.")
    started_on: Day | None = Field(default=None, description="When work started.")
    completed_on: Day | None = Field(default=None, description="When it was completed.")
    owner: Text | None = Field(default=None, description="Owner, if not the action's leads.")
    at_risk: Text | None = Field(default=None, description="Reason it is at risk, if it is.")
    reprofiles: list[Reprofile] = Field(
        default_factory=list, description="Date moves, oldest first."
    )
    withdrawn: Withdrawal | None = Field(default=None, description="Set when withdrawn/superseded.")
    updates: list[Update] = Field(default_factory=list, description="Progress notes, oldest first.")
    illustrative: Flag = Field(
        default=False, description="true where the status is illustrative, not from the sources."
    )
    note: Text | None = Field(default=None, description="Free text.")

    def current_due(self) -> date:
        """The latest agreed date; a proposed re-profile does not move it."""
        current = self.due
        for entry in self.reprofiles:
            if entry.agreed_at is not None:
                current = entry.to
        return current

    def agreed_reprofiles(self) -> list[Reprofile]:
        return [entry for entry in self.reprofiles if entry.agreed_at is not None]

    def proposed_reprofiles(self) -> list[Reprofile]:
        return [entry for entry in self.reprofiles if entry.proposed]


class Action(Model):
    id: Id = Field(description="Unique id, e.g. '1.4.2'.")
    source_ref: Id | None = Field(
        default=None, description="The ref printed in the source plan, where it differs from id."
    )
    title: Text = Field(description="What we will do.")
    workstream: Id = Field(description="Id of a workstream in plan/partnership.yaml.")
    leads: list[Text] = Field(default_factory=list, description="Lead officers or roles.")
    due: Day = Field(description="The plan's timescale; a month means its last day.")
    success_criteria: list[Text] = Field(default_factory=list, description="Success criteria.")
    note: Text | None = Field(default=None, description="Free text.")
    milestones: list[Milestone] = Field(min_length=1, description="At least one milestone.")


class Outcome(Model):
    id: Id = Field(description="e.g. '1.4'.")
    text: Text = Field(description="The outcome the actions produce.")
    actions: list[Action] = Field(min_length=1, description="The actions.")


class Priority(Model):
    id: Id = Field(description="'1' … '5'.")
    kind: PriorityKind = Field(
        description="'priority_action' (area for priority action) or 'improvement'."
    )
    title: Text = Field(description="The priority as the inspection worded it.")
    workstream: Id = Field(description="The workstream that leads it.")
    evidence_of_impact: list[Text] = Field(
        default_factory=list, description="How we will evidence impact."
    )
    difference_for_cyp: list[Text] = Field(
        default_factory=list, description="What difference this makes to children and young people."
    )
    outcomes: list[Outcome] = Field(min_length=1, description="The outcomes.")
