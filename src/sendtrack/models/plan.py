"""The plan: priorities → outcomes → actions → milestones, or fewer levels.

One file per top-level item (a priority, concern, recommendation…) in ``plan/``. The
milestone is the tracked unit: its ``due`` is the baseline and is never edited; moves
are appended to ``reprofiles``.

The models have four slots, named after Lancashire's Priority Action Plan. A plan with
three levels writes ``actions:`` straight under the top level (no outcomes); one with
two writes ``milestones:`` there. Every consumer walks the same four-slot chain
(``Priority.tree()``): the slots a plan does not have are filled by *implicit* stand-ins
that carry the level above's id and title, are never reported as items of their own
(``is_implicit``), and are made once, when the file is validated. What each level is
called is the partnership's (``models/vocabulary.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, WithJsonSchema, model_validator

from sendtrack.models.base import DAY_PATTERN, Day, Flag, Id, Model, Text, day_value
from sendtrack.models.schema import SchemaVersion, schema_version_field

MilestoneStatus = Literal["not_started", "in_progress", "complete"]
PriorityKind = Literal["priority_action", "improvement"]

UndatedWord = Literal["ongoing", "TBC", "TBD"]
"""What a plan writes for a milestone with no date: allowed where the partnership says."""

_UNDATED = {"ongoing": "ongoing", "tbc": "TBC", "tbd": "TBD"}


def _due(value: Any) -> Any:
    """A date, or 'ongoing' / 'TBC' / 'TBD' in any case (``check`` decides if allowed)."""
    if isinstance(value, str):
        word = _UNDATED.get(value.strip().lower())
        if word is not None:
            return word
    # The window applies to a baseline as to every date ('date-out-of-range').
    return day_value(value)


Due = Annotated[
    date | UndatedWord,
    BeforeValidator(_due),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DAY_PATTERN},
                {"enum": ["ongoing", "TBC", "TBD"]},
            ],
            "description": "A date (a month means its last day), or 'ongoing' / 'TBC' where "
            "plan/partnership.yaml allows undated milestones.",
        },
        mode="validation",
    ),
]
"""A milestone's baseline: a day, or a word for an undated milestone."""

NarrativeValue = Text | list[Text]
"""A narrative field's content: a paragraph, or a list of points."""


def _narrative_field() -> Any:
    return Field(
        default_factory=dict,
        description="Narrative fields the partnership declares for this level "
        "(plan/partnership.yaml 'levels'), e.g. where_are_we_now: ...; text or a list.",
    )


def _added_on_field() -> Any:
    return Field(
        default=None,
        description="When it entered the plan ('--as-of' an earlier day does not count it). "
        "Default: the level above's, else the settings' plan_agreed_on.",
    )


def _added_at_field() -> Any:
    return Field(
        default=None,
        description="Id of the meeting that agreed it into the plan (instead of added_on).",
    )


def _links_field() -> Any:
    return Field(
        default_factory=list,
        description="Ids of other plan items this one answers or relates to (e.g. an "
        "Improvement Plan item answering two concerns).",
    )


def _short_title_field() -> Any:
    return Field(
        default=None,
        description="A short title for tables where the full wording does not fit.",
    )


class ProposalWithdrawal(Model):
    """A proposed re-profile taken back before any board agreed it: withdrawn by the lead,
    replaced by a revised proposal, or closed because the milestone was completed. The
    entry stays, so the record shows what was asked and when."""

    on: Day = Field(description="When the proposal was withdrawn.")
    reason: Text = Field(description="Why (e.g. 'Revised: replaced by the proposal to …').")


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
    withdrawn: ProposalWithdrawal | None = Field(
        default=None,
        description="Set (with 'proposed: false') when a proposal is withdrawn, revised or "
        "closed before a board agreed it.",
    )

    @model_validator(mode="after")
    def _agreed_or_proposed(self) -> Reprofile:
        if self.agreed_at is None and not self.proposed and self.withdrawn is None:
            raise ValueError(
                "a re-profile needs 'agreed_at: <meeting>', 'proposed: true' or, for a "
                "proposal taken back, 'withdrawn: {on, reason}'"
            )
        if self.agreed_at is not None and self.proposed:
            raise ValueError("a re-profile is either agreed ('agreed_at') or 'proposed', not both")
        if self.withdrawn is not None and (self.proposed or self.agreed_at is not None):
            raise ValueError(
                "a withdrawn proposal is no longer proposed nor agreed: write 'proposed: false'"
            )
        return self


class Withdrawal(Model):
    reason: Text = Field(description="Why the milestone no longer counts.")
    agreed_at: Id = Field(description="Id of the meeting that agreed it.")
    superseded_by: Id | None = Field(default=None, description="The milestone replacing it.")


RagColour = Literal["red", "amber", "yellow", "green", "blue"]


class LeadRating(Model):
    """The lead's own RAG judgement: shown beside the derived health, never counted."""

    colour: RagColour = Field(description="red, amber, yellow, green or blue.")
    reason: Text = Field(description="Why the lead rates it so.")
    on: Day = Field(description="When the lead gave the rating.")


class CarriedForward(Model):
    """The milestone continues in a later plan (a WSoA action into an Improvement Plan)."""

    into: Id = Field(description="The milestone it continues as, in the later plan.")
    agreed_at: Id = Field(description="Id of the meeting that agreed to carry it forward.")
    note: Text | None = Field(default=None, description="Free text, e.g. the plan's ref.")


class Update(Model):
    on: Day = Field(description="Date of the update.")
    note: Text = Field(description="What changed.")
    status: MilestoneStatus | None = Field(default=None, description="Status set, if any.")


class Milestone(Model):
    id: Id = Field(description="Unique id, e.g. '2.3.2.1'. Text, never a number.")
    title: Text = Field(description="What is delivered.")
    due: Due = Field(
        description="Baseline due date. Never edited: re-profile instead. 'ongoing' or 'TBC' "
        "where the partnership allows undated milestones (undated_milestones: true)."
    )
    status: MilestoneStatus = Field(default="not_started", description="As the lead reports it.")
    started_on: Day | None = Field(default=None, description="When work started.")
    completed_on: Day | None = Field(default=None, description="When it was completed.")
    owner: Text | None = Field(default=None, description="Owner, if not the action's leads.")
    at_risk: Text | None = Field(default=None, description="Reason it is at risk, if it is.")
    at_risk_since: Day | None = Field(
        default=None,
        description="When it was marked at risk: '--as-of' an earlier day does not count it.",
    )
    lead_rating: LeadRating | None = Field(
        default=None,
        description="The lead's own RAG, with reason and date: shown beside the derived "
        "health where they differ; the figures use the derived health.",
    )
    reprofiles: list[Reprofile] = Field(
        default_factory=list, description="Date moves, oldest first."
    )
    withdrawn: Withdrawal | None = Field(default=None, description="Set when withdrawn/superseded.")
    carried_forward: CarriedForward | None = Field(
        default=None,
        description="Set when carried forward into a later plan: still in this plan's "
        "figures, as carried forward; its continuation measures slip from this baseline.",
    )
    updates: list[Update] = Field(default_factory=list, description="Progress notes, oldest first.")
    added_on: Day | None = _added_on_field()
    added_at: Id | None = _added_at_field()
    links: list[Id] = _links_field()
    illustrative: Flag = Field(
        default=False, description="true where the status is illustrative, not from the sources."
    )
    note: Text | None = Field(default=None, description="Free text.")

    @property
    def baseline(self) -> date | None:
        """The baseline date; None for an undated milestone ('ongoing', 'TBC')."""
        return self.due if isinstance(self.due, date) else None

    def current_due(self) -> date | None:
        """The latest agreed date; a proposed re-profile does not move it."""
        current = self.baseline
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
    source_ref: Text | None = Field(
        default=None,
        description="The ref printed in the source plan, where it differs from id "
        "(spaces allowed: 'IP 3.6').",
    )
    title: Text = Field(description="What we will do.")
    short_title: Text | None = _short_title_field()
    workstream: Id | None = Field(
        default=None,
        description="Id of a workstream in plan/partnership.yaml (default: the top level's).",
    )
    leads: list[Text] = Field(default_factory=list, description="Lead officers or roles.")
    due: Day | None = Field(
        default=None, description="The plan's timescale; a month means its last day."
    )
    success_criteria: list[Text] = Field(default_factory=list, description="Success criteria.")
    narrative: dict[Id, NarrativeValue] = _narrative_field()
    added_on: Day | None = _added_on_field()
    added_at: Id | None = _added_at_field()
    links: list[Id] = _links_field()
    note: Text | None = Field(default=None, description="Free text.")
    milestones: list[Milestone] = Field(min_length=1, description="At least one milestone.")

    _implicit: bool = PrivateAttr(default=False)


class Outcome(Model):
    id: Id = Field(description="e.g. '1.4'.")
    text: Text = Field(description="The outcome the actions produce.")
    short_title: Text | None = _short_title_field()
    narrative: dict[Id, NarrativeValue] = _narrative_field()
    added_on: Day | None = _added_on_field()
    added_at: Id | None = _added_at_field()
    links: list[Id] = _links_field()
    actions: list[Action] = Field(min_length=1, description="The actions.")

    _implicit: bool = PrivateAttr(default=False)


class Priority(Model):
    """A top-level item of the plan: a priority, concern, recommendation…"""

    schema_version: SchemaVersion | None = schema_version_field()
    id: Id = Field(description="'1' … '5', 'C3', 'R1'.")
    kind: PriorityKind | None = Field(
        default=None,
        description="'priority_action' (area for priority action) or 'improvement', where "
        "the plan makes the distinction.",
    )
    title: Text = Field(description="The item as the inspection or plan words it.")
    short_title: Text | None = _short_title_field()
    workstream: Id | None = Field(default=None, description="The workstream that leads it.")
    leads: list[Text] = Field(default_factory=list, description="Lead officers or roles.")
    evidence_of_impact: list[Text] = Field(
        default_factory=list, description="How we will evidence impact."
    )
    difference_for_cyp: list[Text] = Field(
        default_factory=list, description="What difference this makes to children and young people."
    )
    narrative: dict[Id, NarrativeValue] = _narrative_field()
    added_on: Day | None = _added_on_field()
    added_at: Id | None = _added_at_field()
    links: list[Id] = _links_field()
    outcomes: list[Outcome] = Field(
        default_factory=list, description="The outcomes (a plan of four levels)."
    )
    actions: list[Action] = Field(
        default_factory=list,
        description="The actions, written straight under the top level (three levels).",
    )
    milestones: list[Milestone] = Field(
        default_factory=list,
        description="The milestones, written straight under the top level (two levels).",
    )

    _tree: list[Outcome] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _one_shape(self) -> Priority:
        written = [name for name in ("outcomes", "actions", "milestones") if getattr(self, name)]
        if not written:
            raise ValueError(
                "nothing is under it: write its 'outcomes:' (four levels), 'actions:' "
                "(three) or 'milestones:' (two)"
            )
        if len(written) > 1:
            raise ValueError(
                f"it has both {' and '.join(repr(name) for name in written)}: a plan's items "
                "sit at one depth, so write one of them"
            )
        self._tree = self.outcomes or [self._implicit_outcome()]
        return self

    def _implicit_outcome(self) -> Outcome:
        actions = self.actions
        if not actions:
            action = Action.model_construct(
                id=self.id,
                title=self.title,
                workstream=self.workstream,
                leads=self.leads,
                milestones=self.milestones,
            )
            action._implicit = True
            actions = [action]
        outcome = Outcome.model_construct(id=self.id, text=self.title, actions=actions)
        outcome._implicit = True
        return outcome

    @property
    def depth(self) -> int:
        """How many levels the file is written with: 4, 3 or 2."""
        return 4 if self.outcomes else 3 if self.actions else 2

    def tree(self) -> list[Outcome]:
        """The outcomes to walk for every milestone's chain: those written, or one implicit
        outcome (holding the written actions, or one implicit action holding the written
        milestones) standing in for the levels the plan does not have."""
        return self._tree


def is_implicit(item: Outcome | Action) -> bool:
    """True for a stand-in for a level the plan does not have: never an item of its own.

    Read from the private values' dict, which pydantic documents
    (``__pydantic_private__``): ``item._implicit`` reaches it only through pydantic's
    ``__getattr__`` after the normal lookup fails, ~2.7 µs against ~0.1 µs, and every
    walk of the plan asks it of each outcome and action (tens of thousands of times a
    status at 10,000 milestones)."""
    private = item.__pydantic_private__
    return bool(private and private.get("_implicit"))
