"""The risk register (``risks/*.yaml``), scored on the UK public-sector 5×5 scale."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sendtrack.models.base import Day, Flag, Id, Model, Ref, Text
from sendtrack.models.schema import SchemaVersion, schema_version_field

RiskStatus = Literal["open", "closed"]
Scale = int


class Score(Model):
    likelihood: int = Field(ge=1, le=5, description="1 (rare) … 5 (almost certain).")
    impact: int = Field(ge=1, le=5, description="1 (negligible) … 5 (catastrophic).")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Mitigation(Model):
    text: Text = Field(description="What is being done.")
    owner: Text | None = Field(default=None, description="Who does it.")


class ScoreEntry(Model):
    on: Day = Field(description="Date of the rescore.")
    likelihood: int = Field(ge=1, le=5, description="Likelihood from this date, 1–5.")
    impact: int = Field(ge=1, le=5, description="Impact from this date, 1–5.")
    note: Text = Field(description="Why the score changed.")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskClosure(Model):
    reason: Text = Field(description="Why the risk is closed.")
    at: Id = Field(description="Id of the meeting that closed it.")


class Risk(Model):
    id: Id = Field(description="e.g. 'R01'.")
    title: Text = Field(description="Short title.")
    description: Text = Field(description="The risk: cause, event, consequence.")
    owner: Text = Field(description="Owner, as a role.")
    category: Text = Field(description="e.g. 'finance', 'capacity', 'delivery'.")
    raised_at: Id | None = Field(default=None, description="Meeting that added it, if any.")
    raised_on: Day | None = Field(default=None, description="When it was added.")
    likelihood: int = Field(ge=1, le=5, description="Current likelihood, 1–5.")
    impact: int = Field(ge=1, le=5, description="Current impact, 1–5.")
    target: Score = Field(description="Target likelihood and impact.")
    appetite: Text | None = Field(default=None, description="Appetite or tolerance.")
    mitigations: list[Mitigation] = Field(default_factory=list, description="Mitigations.")
    review_date: Day | None = Field(default=None, description="Next review.")
    status: RiskStatus = Field(default="open", description="open or closed.")
    closed: RiskClosure | None = Field(default=None, description="Set when closed.")
    links: list[Ref] = Field(default_factory=list, description="Priorities, actions, milestones.")
    history: list[ScoreEntry] = Field(default_factory=list, description="Rescores, oldest first.")
    illustrative: Flag = Field(
        default=False, description="true where the scores are illustrative, not from the sources."
    )
    note: Text | None = Field(default=None, description="Free text.")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskRegister(Model):
    schema_version: SchemaVersion | None = schema_version_field()
    risks: list[Risk] = Field(default_factory=list, description="The risks.")
