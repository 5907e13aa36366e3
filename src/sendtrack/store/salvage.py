"""What the cross-file checks read: the repository plus every part of a left-out file
that is valid on its own.

A file with one bad field does not load (``loader``), so nothing is counted from it. But
its other items still carry problems of their own (a duplicate id, a complete milestone
with no date, an unknown workstream), and a person fixing the first problems should not
find those only on the next run. So, for the checks only, each left-out file is read
again without the items its errors are in: the innermost item (a mapping in a list)
holding each error is cut out, and the rest re-validated, until it validates or the
error is in the file's own fields (then nothing of it is kept). The ids of what was cut
stay in ``unloaded_ids``, so a reference to a cut item is not reported as unknown: that
would only repeat the problem that cut it.

Items keep the positions they have in the file (a cut list element does not renumber
the ones after it). The partnership settings are never salvaged: they give every other
file its words and groups, and half of them would make problems that are not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from sendtrack.core.ids import natural_key
from sendtrack.store.loader import SETTINGS, attach, kind_of
from sendtrack.store.repository import Origin, Repository, ids_in
from sendtrack.store.yamlio import Path

MAX_ROUNDS = 12
"""A cut can make the item above it invalid (an action left with no milestones), so
cutting goes round until the file validates; a plan is a handful of levels deep."""


def salvage(model: type[BaseModel], data: Any) -> tuple[BaseModel | None, set[Path]]:
    """The valid part of a file's ``data`` (None if the file's own fields are in error),
    and the paths cut from it (all of it: ``()``)."""
    if not isinstance(data, dict):
        return None, {()}
    cut: set[Path] = set()
    for _ in range(MAX_ROUNDS):
        try:
            return model.model_validate(_prune(data, cut, ())), cut
        except ValidationError as exc:
            found = {_item_holding(data, cut, tuple(e["loc"])) for e in exc.errors()}
        if () in found:
            break
        cut |= found
    return None, {()}


def for_checks(repo: Repository) -> Repository:
    """``repo`` with the valid parts of its left-out files added (``repo`` itself when
    every file loaded): the same lists, a copy of each."""
    if not repo.left_out:
        return repo
    view = repo.with_item_lists(list, origins=dict(repo.origins), unloaded_ids=set())
    for file, left in sorted(repo.left_out.items()):
        file_kind = kind_of(file)
        if left.data is None or file_kind is None or file_kind is SETTINGS:
            view.unloaded_ids.update(ids_in(left.data))
            continue
        model, cut = salvage(file_kind.model, left.data)
        view.unloaded_ids.update(_ids_at(left.data, cut))
        if model is None:
            continue
        scratch = Repository(root=repo.root)
        attach(scratch, file_kind, model, file)
        for key, origin in scratch.origins.items():
            view.origins[key] = Origin(file, _original(cut, origin.path))
        view.priorities.extend(scratch.priorities)
        view.open_actions.extend(scratch.open_actions)
        view.archived_actions.extend(scratch.archived_actions)
        view.risks.extend(scratch.risks)
        view.meetings.extend(scratch.meetings)
        view.measures.extend(scratch.measures)
    view.priorities.sort(key=lambda priority: natural_key(priority.id))
    return view


# -- paths in the file and in the pruned data -----------------------------------------


def _prune(node: Any, cut: set[Path], at: Path) -> Any:
    """A copy of ``node`` (at ``at`` in the file) without the paths in ``cut``."""
    if not cut:
        return node  # validating reads its input, never changes it
    if isinstance(node, dict):
        return {key: _prune(value, cut, (*at, key)) for key, value in node.items()}
    if isinstance(node, list):
        return [
            _prune(value, cut, (*at, index))
            for index, value in enumerate(node)
            if (*at, index) not in cut
        ]
    return node


def _kept(cut: set[Path], at: Path, length: int) -> list[int]:
    return [index for index in range(length) if (*at, index) not in cut]


def _original(cut: set[Path], path: Path) -> Path:
    """Map a path in the pruned data to the file's own (list indices skip what was cut).

    Only list indices move, and a cut item's descendants are never reached, so the
    kept siblings before each step are all that is needed: no data to walk."""
    found: list[str | int] = []
    for step in path:
        if isinstance(step, int):
            at = tuple(found)
            index, seen = -1, -1
            while seen < step:
                index += 1
                if (*at, index) not in cut:
                    seen += 1
            found.append(index)
        else:
            found.append(step)
    return tuple(found)


def _item_holding(data: Any, cut: set[Path], loc: Path) -> Path:
    """The file path of the innermost item (a mapping in a list) on pydantic's ``loc``
    in the pruned data, or ``()`` when the error is in the file's own fields."""
    node: Any = data
    at: Path = ()
    item: Path = ()
    for step in loc:
        if isinstance(step, int) and isinstance(node, list):
            kept = _kept(cut, at, len(node))
            if not 0 <= step < len(kept):
                break
            at = (*at, kept[step])
            node = node[kept[step]]
            if isinstance(node, dict):
                item = at
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            at = (*at, step)
            node = node[step]
        else:
            break  # a step of the model (a union's member), not of the data
    return item


def _ids_at(data: Any, paths: Iterable[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        node = data
        for step in path:
            node = node[step]
        found.update(ids_in(node))
    return found
