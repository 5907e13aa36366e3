"""The plan's own words: what each level and the groups are called, resolved once.

Every heading, table, message, JSON label and paper names things the way the
partnership's plan does ("Concern", "thematic group", "next steps"), so a reader never
translates from Lancashire's words. ``plan/partnership.yaml`` may declare ``levels``
(2 to 4, top first) and ``grouping``; ``vocabulary(settings)`` fills in what it leaves
out with Lancashire's 2025 Priority Action Plan (priority → outcome → action → milestone,
grouped by workstream), so a repository that declares nothing reads as it always did.

The levels sit in the models' four slots (``models/plan.py``): four levels fill them
all, three skip the outcome, two skip the outcome and the action.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sendtrack.models.partnership import Level, NarrativeField, Words
from sendtrack.models.plan import Action, Milestone, NarrativeValue, Outcome, Priority
from sendtrack.models.settings import Settings

Slot = Literal["priority", "outcome", "action", "milestone"]

SLOTS: dict[int, tuple[Slot, ...]] = {
    4: ("priority", "outcome", "action", "milestone"),
    3: ("priority", "action", "milestone"),
    2: ("priority", "milestone"),
}
"""Which of the models' slots a plan of each depth uses, top first."""

CHILD_KEY: dict[int, str] = {4: "outcomes", 3: "actions", 2: "milestones"}
"""The key a top-level file lists its items under, by the plan's depth."""


def _plural(name: str) -> str:
    if name.endswith("y") and len(name) > 1 and name[-2].lower() not in "aeiou":
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    return name + "s"


def in_sentence(name: str) -> str:
    """'Thematic group' → 'thematic group'; an acronym ('EHCP', 'IP item') stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def with_article(word: str) -> str:
    """'an action', 'a concern', 'a milestone'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


@dataclass(frozen=True)
class Noun:
    """One thing's words: ``name``/``plural`` as headings write them, and in a sentence."""

    name: str
    plural: str

    @classmethod
    def of(cls, words: Words | Level) -> Noun:
        return cls(words.name, words.plural or _plural(words.name))

    @property
    def word(self) -> str:
        """In a sentence: 'thematic group'."""
        return in_sentence(self.name)

    @property
    def words(self) -> str:
        """Plural in a sentence: 'thematic groups'."""
        return in_sentence(self.plural)

    def count(self, number: int) -> str:
        """'1 milestone', '95 milestones'."""
        return f"{number} {self.word if number == 1 else self.words}"


@dataclass(frozen=True)
class LevelWords(Noun):
    """A level of the plan: its words, its slot in the models and its narrative fields."""

    slot: Slot
    narrative: tuple[NarrativeField, ...] = ()


_LANCASHIRE_LEVELS = (
    Level(
        name="Priority",
        plural="Priorities",
        narrative=[
            NarrativeField(key="evidence_of_impact", label="How we will evidence impact"),
            NarrativeField(key="difference_for_cyp", label="What difference this makes to CYP"),
        ],
    ),
    Level(name="Outcome"),
    Level(
        name="Action",
        narrative=[NarrativeField(key="success_criteria", label="Success criteria")],
    ),
    Level(name="Milestone"),
)
_LANCASHIRE_GROUPING = Words(name="Workstream")

BUILT_IN_NARRATIVE: dict[Slot, tuple[str, ...]] = {
    "priority": ("evidence_of_impact", "difference_for_cyp"),
    "outcome": (),
    "action": ("success_criteria",),
    "milestone": (),
}
"""Narrative a model holds as a field of its own (Lancashire's), not under 'narrative:'."""


@dataclass(frozen=True)
class Vocabulary:
    """The plan's levels (top first) and what it calls its groups."""

    levels: tuple[LevelWords, ...]
    grouping: Noun

    @property
    def depth(self) -> int:
        return len(self.levels)

    @property
    def top(self) -> LevelWords:
        return self.levels[0]

    @property
    def tracked(self) -> LevelWords:
        """The last level: dated, with a status, re-profiled, withdrawn."""
        return self.levels[-1]

    @property
    def child_key(self) -> str:
        """The key a top-level file lists its items under: outcomes, actions or milestones."""
        return CHILD_KEY[self.depth]

    def level(self, slot: Slot) -> LevelWords | None:
        """The level in ``slot``, or None where the plan has no such level."""
        return next((level for level in self.levels if level.slot == slot), None)

    def noun(self, slot: Slot) -> Noun:
        """The words for ``slot``; a slot the plan does not have borrows the level above
        (its stand-ins carry that level's id and title)."""
        found = self.level(slot)
        if found is not None:
            return found
        order = SLOTS[4]
        for upper in reversed(order[: order.index(slot)]):
            above = self.level(upper)
            if above is not None:
                return above
        return self.top

    @property
    def chain(self) -> str:
        """'Priority → Outcome → Action → Milestone'."""
        return " → ".join(level.name for level in self.levels)

    def labels(self) -> dict[str, object]:
        """The display words beside the JSON contract keys (``by_priority``, …)."""
        return {
            "levels": [
                {"slot": level.slot, "name": level.name, "plural": level.plural}
                for level in self.levels
            ],
            "grouping": {"name": self.grouping.name, "plural": self.grouping.plural},
            "by_workstream": f"By {self.grouping.word}",
            "by_priority": f"By {self.top.word}",
            "milestones": self.tracked.plural,
        }


def vocabulary(settings: Settings | None) -> Vocabulary:
    """The plan's words from its settings, Lancashire's where it declares none."""
    declared = settings.levels if settings is not None and settings.levels else None
    levels = declared or list(_LANCASHIRE_LEVELS)
    slots = SLOTS[len(levels)]
    grouping = settings.grouping if settings is not None and settings.grouping else None
    return Vocabulary(
        tuple(
            LevelWords(
                noun.name,
                noun.plural,
                slot,
                tuple(level.narrative),
            )
            for level, slot in zip(levels, slots, strict=True)
            for noun in (Noun.of(level),)
        ),
        Noun.of(grouping or _LANCASHIRE_GROUPING),
    )


DEFAULT = vocabulary(None)
"""Lancashire's words: what a report without settings, or a test, uses."""


def link_kinds(words: Vocabulary) -> str:
    """What a board action's or risk's link may name: 'a milestone, action, risk or meeting
    id' in Lancashire's words, 'a milestone, item, risk or meeting id' in a plan of
    recommendations and items."""
    action = words.noun("action").word
    return f"{with_article(words.tracked.word)}, {action}, risk or meeting id"


PlanItem = Priority | Outcome | Action


def slot_of(item: Priority | Outcome | Action | Milestone) -> Slot:
    """The slot a model sits in: a Priority is the top level, and so on down."""
    if isinstance(item, Priority):
        return "priority"
    if isinstance(item, Outcome):
        return "outcome"
    return "action" if isinstance(item, Action) else "milestone"


def narrative(item: PlanItem, level: LevelWords | None) -> Iterator[tuple[str, NarrativeValue]]:
    """(label, content) of each narrative field the level declares that ``item`` fills,
    in the declared order. A key names an entry of the item's ``narrative:`` mapping or,
    for Lancashire's own fields, the field itself (``success_criteria``)."""
    if level is None:
        return
    for field in level.narrative:
        value: NarrativeValue | None = item.narrative.get(field.key)
        if value is None and field.key in BUILT_IN_NARRATIVE[level.slot]:
            value = getattr(item, field.key) or None
        if value:
            yield field.label, value
