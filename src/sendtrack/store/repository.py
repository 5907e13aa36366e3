"""The loaded repository: every model, and where in which file each one came from.

This is what the loader returns and what every consumer (checks, status, reports,
diff) reads. It holds no I/O: finding and reading files is ``loader.py``'s job.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, NamedTuple

from sendtrack.store.root import REPO_MARKER as MARKER_PATH
from sendtrack.store.root import find_root_folder

if TYPE_CHECKING:
    # Annotations only: importing the models (pydantic, ~200 ms) here would make every
    # module that needs find_root or NotARepository, such as the CLI's --help, pay for it.
    from sendtrack.models import (
        Action,
        BoardAction,
        Measure,
        Meeting,
        Milestone,
        Outcome,
        Priority,
        Risk,
        Settings,
    )
    from sendtrack.store.yamlio import Document, Path

REPO_MARKER = FsPath(MARKER_PATH)


def find_root(start: FsPath | None = None, explicit: FsPath | None = None) -> FsPath:
    """``--repo`` wins, then $SENDTRACK_REPO, then the first ancestor holding the marker
    (``store.root``: ``NotARepository`` if none)."""
    return FsPath(
        find_root_folder(
            str(start) if start is not None else None,
            str(explicit) if explicit is not None else None,
        )
    )


@dataclass(frozen=True)
class LeftOut:
    """A data file that did not load whole, so none of its items is in the repository."""

    kind: str
    data: dict[str, Any] | None
    """What the file holds as YAML read it; None when it is not YAML or not a mapping of
    fields (then what it would have held cannot be known)."""


def ids_in(data: Any) -> Iterator[str]:
    """Every 'id' written anywhere in ``data``: the items it would have held."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from ids_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from ids_in(value)


class Origin(NamedTuple):
    file: str
    path: Path


class PlanEntry(NamedTuple):
    """A milestone with the chain above it, so no consumer has to re-walk the tree."""

    priority: Priority
    outcome: Outcome
    action: Action
    milestone: Milestone

    @property
    def workstream(self) -> str | None:
        """The group the milestone counts in: its action's, else its top level's."""
        return self.action.workstream or self.priority.workstream


class _PlanWalk(NamedTuple):
    """One walk of the plan tree, with the priorities it was made from."""

    priorities: tuple[Priority, ...]
    entries: tuple[PlanEntry, ...]
    actions: tuple[tuple[Priority, Outcome, Action], ...]
    items: tuple[Priority | Outcome | Action | Milestone, ...]
    ids: frozenset[str]


def _walk_plan(priorities: tuple[Priority, ...]) -> _PlanWalk:
    from sendtrack.models.plan import is_implicit

    entries: list[PlanEntry] = []
    actions: list[tuple[Priority, Outcome, Action]] = []
    items: list[Priority | Outcome | Action | Milestone] = []
    for priority in priorities:
        items.append(priority)
        for outcome in priority.tree():
            if not is_implicit(outcome):
                items.append(outcome)
            for action in outcome.actions:
                if not is_implicit(action):
                    actions.append((priority, outcome, action))
                    items.append(action)
                items.extend(action.milestones)
                entries.extend(
                    PlanEntry(priority, outcome, action, milestone)
                    for milestone in action.milestones
                )
    ids = frozenset(item.id for item in items)
    return _PlanWalk(priorities, tuple(entries), tuple(actions), tuple(items), ids)


_ITEM_LISTS = ("priorities", "open_actions", "archived_actions", "risks", "meetings", "measures")
"""The fields of a ``Repository`` that hold its items."""


@dataclass
class Repository:
    root: FsPath
    settings: Settings | None = None
    priorities: list[Priority] = field(default_factory=list)
    open_actions: list[BoardAction] = field(default_factory=list)
    archived_actions: list[BoardAction] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    origins: dict[int, Origin] = field(default_factory=dict)
    incomplete: set[str] = field(default_factory=set)
    """File kinds with a file that did not load whole."""
    left_out: dict[str, LeftOut] = field(default_factory=dict)
    """The files that did not load whole, by path: nothing is counted from them."""
    unloaded_ids: set[str] = field(default_factory=set)
    """Ids written in data that is not in the repository: a reference to one is a
    consequence of the problem that left it out, not a problem of its own."""
    _walk: _PlanWalk | None = field(default=None, init=False, repr=False, compare=False)

    def leave_out(self, file: str, kind: str, data: Any) -> None:
        """Record that ``file`` (of ``kind``) did not load; ``data``: what YAML read."""
        mapping = data if isinstance(data, dict) else None
        self.incomplete.add(kind)
        self.left_out[file] = LeftOut(kind, mapping)
        self.unloaded_ids.update(ids_in(mapping))

    def unjudged(self, item_id: str, *kinds: str) -> bool:
        """Whether a reference to ``item_id`` (an item of one of ``kinds``; none: of any)
        cannot be judged: the item may be written in data that did not load, or in a
        file of those kinds that could not even be read."""
        if item_id in self.unloaded_ids:
            return True
        return any(
            left.data is None and (not kinds or left.kind in kinds)
            for left in self.left_out.values()
        )

    # -- where things are -------------------------------------------------------------

    def remember(self, item: Any, file: str, path: Path) -> None:
        self.origins[id(item)] = Origin(file, path)

    def origin(self, item: Any) -> Origin | None:
        return self.origins.get(id(item))

    def locate(self, item: Any, field_name: str | None = None) -> tuple[str, int, int]:
        """File, line and column of an item, or of one of its fields when given."""
        origin = self.origins.get(id(item))
        if origin is None:
            return ("", 0, 0)
        doc = self.documents.get(origin.file)
        if doc is None:
            return (origin.file, 0, 0)
        if field_name is None:
            line, column = doc.position(origin.path)
        else:
            line, column = doc.position((*origin.path, field_name))
        return (origin.file, line, column)

    # -- views ------------------------------------------------------------------------

    def without(self, files: Iterable[str]) -> Repository:
        """The repository without what the given files hold: the figures a read command
        prints when those files have problems. Positions and documents are kept (the
        problems quote them); the settings stay (nothing is counted without them)."""
        gone = set(files)
        if not gone:
            return self

        def kept(items: list[Any]) -> list[Any]:
            return [item for item in items if self._file_of(item) not in gone]

        return self.with_item_lists(kept)

    def with_item_lists(
        self, change: Callable[[list[Any]], list[Any]], **fields: Any
    ) -> Repository:
        """A copy with each list of items ``change``d (and ``fields`` set as given): the
        one place that names every list, so that no view leaves one behind."""
        lists: dict[str, Any] = {name: change(getattr(self, name)) for name in _ITEM_LISTS}
        return dataclasses.replace(self, **lists, **fields)

    def _file_of(self, item: Any) -> str | None:
        origin = self.origins.get(id(item))
        return origin.file if origin is not None else None

    def _plan(self) -> _PlanWalk:
        """The plan walked once, not once per rule: a check of 10,000 milestones walks
        it dozens of times, and each step down asks pydantic for a private attribute.
        Walked again whenever ``priorities`` holds other objects (the loader appends
        and sorts them); the models themselves are never changed once loaded."""
        walk = self._walk
        if (
            walk is None
            or len(walk.priorities) != len(self.priorities)
            or not all(map(operator.is_, walk.priorities, self.priorities))
        ):
            walk = self._walk = _walk_plan(tuple(self.priorities))
        return walk

    def entries(self) -> Iterator[PlanEntry]:
        """Every milestone with its chain, in plan order. In a plan of fewer than four
        levels the chain holds implicit stand-ins (``models.plan.is_implicit``)."""
        return iter(self._plan().entries)

    def milestones(self) -> list[Milestone]:
        return [entry.milestone for entry in self._plan().entries]

    def plan_actions(self) -> Iterator[tuple[Priority, Outcome, Action]]:
        """Every plan action as written (none in a plan of two levels)."""
        return iter(self._plan().actions)

    def plan_items(self) -> Iterator[Priority | Outcome | Action | Milestone]:
        """Every item of the plan as written, top down: no implicit stand-ins."""
        return iter(self._plan().items)

    def board_actions(self) -> list[BoardAction]:
        return [*self.open_actions, *self.archived_actions]

    def reporting_body(self) -> str | None:
        """Id of the body the figures report to (None: only one body meets)."""
        if self.settings is None:
            return None
        if self.settings.reports_to is not None:
            return self.settings.reports_to
        return self.settings.bodies[0].id if self.settings.bodies else None

    def body_of(self, meeting: Meeting) -> str | None:
        """The body a meeting belongs to; one that names none is the reporting body's."""
        return meeting.body or self.reporting_body()

    def board_meetings(self) -> list[Meeting]:
        """The meetings of the body the figures report to: 'the last board', 'the next
        board', a paper's period. Every meeting where only one body meets."""
        body = self.reporting_body()
        return [m for m in self.meetings if body is None or self.body_of(m) == body]

    def body_meetings(self, body: str | None) -> list[Meeting]:
        """The meetings of one body (the reporting body's for None)."""
        wanted = body or self.reporting_body()
        return [m for m in self.meetings if wanted is None or self.body_of(m) == wanted]

    def meeting(self, meeting_id: str) -> Meeting | None:
        for meeting in self.meetings:
            if meeting.id == meeting_id:
                return meeting
        return None

    def meetings_by_id(self) -> dict[str, Meeting]:
        """Each meeting by its id, the first where two share one (as ``meeting`` finds):
        for a rule that looks a meeting up for every board action."""
        found: dict[str, Meeting] = {}
        for meeting in self.meetings:
            found.setdefault(meeting.id, meeting)
        return found

    def workstream_names(self) -> dict[str, str]:
        if self.settings is None:
            return {}
        return {stream.id: stream.name for stream in self.settings.workstreams}

    def plan_ids(self) -> set[str]:
        return set(self._plan().ids)

    def all_ids(self) -> set[str]:
        return (
            self.plan_ids()
            | {action.id for action in self.board_actions()}
            | {risk.id for risk in self.risks}
            | {meeting.id for meeting in self.meetings}
            | {measure.id for measure in self.measures}
        )
