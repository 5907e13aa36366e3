"""Planned writes to the board's files, and what the three board modules share.

Every board command that writes builds a ``PlannedChange``: text patches made by an
``Editor`` (only the touched lines change) plus any whole new file (a meeting record).
``diff()`` is what ``--dry-run`` prints; ``commit()`` re-reads and re-checks the edited
repository and refuses any change that would add an error, then writes every file in
one journaled multi-file write (``edits.write_files``), so a move from the action log to
its archive is never half-applied.

Why a subclass of ``Editor``: archiving must move an action's lines *as written* —
its comments, quoting and any keys sendtrack does not know — from one file to another.
Re-rendering the parsed data would drop them. ``BoardEditor`` adds that block move and
the removal of one key (re-opening an action clears ``closed_on``), using the same
position-based patching as the rest of ``Editor``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FsPath

import yaml

from sendtrack.checks import CheckContext, run_checks
from sendtrack.edits import EditError, Editor, FileChange, unified_diff, write_files
from sendtrack.loader import data_files, load_sources
from sendtrack.models import Meeting
from sendtrack.problems import Problem, Severity
from sendtrack.repository import Repository
from sendtrack.yamlio import Document, Path


class BoardError(Exception):
    """A board command that cannot be done as asked; nothing was written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class RefusedEdit(Exception):
    """The edit would make the repository invalid; nothing was written.

    ``documents`` are the edited files as they would have been, so the problems (whose
    positions point into that text) can be shown with their source lines.
    """

    def __init__(self, problems: list[Problem], documents: Mapping[str, Document]) -> None:
        super().__init__("the change would make the repository invalid")
        self.problems = problems
        self.documents = dict(documents)


# -- small shared helpers ---------------------------------------------------------------


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort 'R2' before 'R10' and '2025-11-03/A2' before '2025-11-03/A10'."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def nearest(value: str, known: Iterable[str]) -> str:
    """A 'did you mean' hint naming the closest known ids, or ''."""
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def resolve_meeting(repo: Repository, reference: str) -> Meeting:
    """The meeting a person names: its id, or any date form that parses to its date."""
    from sendtrack.dates import parse_date

    meeting = repo.meeting(reference.strip())
    if meeting is None:
        try:
            day = parse_date(reference)
        except ValueError:
            day = None
        if day is not None:
            meeting = next((m for m in repo.meetings if m.date == day), None)
    if meeting is None:
        known = [m.id for m in repo.meetings]
        raise BoardError(
            f"no meeting '{reference}' in meetings/",
            nearest(reference, known) or f"known meetings: {', '.join(sorted(known))}",
        )
    return meeting


def held_boards(repo: Repository, as_of: date) -> list[Meeting]:
    """Meetings held on or before ``as_of``, oldest first."""
    return sorted(
        (m for m in repo.meetings if m.status == "held" and m.date <= as_of),
        key=lambda m: m.date,
    )


def last_board(repo: Repository, as_of: date) -> Meeting | None:
    """The latest board held on or before ``as_of``: what "since the last board" means."""
    held = held_boards(repo, as_of)
    return held[-1] if held else None


def next_scheduled(repo: Repository, after: date) -> Meeting | None:
    """The first scheduled meeting after ``after``: "the next board"."""
    later = [m for m in repo.meetings if m.status == "scheduled" and m.date > after]
    return min(later, key=lambda m: m.date) if later else None


# -- the editor with block moves ----------------------------------------------------------


class BoardEditor(Editor):
    """An ``Editor`` that can also move an item's lines verbatim and delete a key."""

    def take_item(self, file: str, seq_path: Path, index: int) -> tuple[str, int]:
        """Remove item ``index`` of a block list and return its lines as written (with
        the comment lines directly above it, which belong to it) and its dash column."""
        state = self._state(file)
        seq = state.doc.nodes.get(seq_path)
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
            raise EditError(f"{file}: {'.'.join(map(str, seq_path))} is not a block list")
        dash_column = int(seq.start_mark.column)
        item = seq.value[index]
        start = state.text.rfind("\n", 0, item.start_mark.index) + 1
        while start > 0:
            above = state.text.rfind("\n", 0, start - 1) + 1
            line = state.text[above : start - 1]
            indent = len(line) - len(line.lstrip(" "))
            if not line.lstrip(" ").startswith("#") or indent < dash_column:
                break
            start = above
        end = self._line_after(state, item)
        block = state.text[start:end]
        if len(seq.value) == 1:
            self.remove_item(file, seq_path, index)
        else:
            self._replace(state, start, end, "")
        return block, dash_column

    def append_block(self, file: str, key: str, block: str, from_column: int) -> None:
        """Append a list item's lines (from ``take_item``) to the top-level list ``key``,
        re-indented to that list's own indentation."""
        state = self._state(file)
        seq_path: Path = (key,)
        node = state.doc.nodes.get(seq_path)
        if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            text = reindent(block, int(node.start_mark.column) - from_column)
            at = self._line_after(state, node)
            self._replace(state, at, at, text)
            return
        if isinstance(node, yaml.SequenceNode) and not node.value:
            # `key: []`: the empty flow list becomes a block list on the next lines.
            key_column = state.doc.keys[seq_path][1] - 1
            text = reindent(block, key_column + 2 - from_column)
            start = len(state.text[: node.start_mark.index].rstrip(" "))
            self._replace(state, start, node.end_mark.index, "\n" + text.rstrip("\n"))
            return
        raise EditError(f"{file}: '{key}' is not a list of items")

    def delete_field(self, file: str, mapping: Path, key: str) -> None:
        """Remove ``key`` and its value's lines from the block mapping at ``mapping``."""
        state = self._state(file)
        if (*mapping, key) in state.doc.nodes:
            self._delete_key(state, mapping, key)


def reindent(block: str, delta: int) -> str:
    """Shift every non-blank line of ``block`` right (or left) by ``delta`` columns."""
    lines = block.splitlines(keepends=True)
    if delta >= 0:
        return "".join((" " * delta + line) if line.strip() else line for line in lines)
    out = []
    for line in lines:
        spaces = len(line) - len(line.lstrip(" "))
        out.append(line[min(spaces, -delta) :])
    return "".join(out)


# -- planned changes ------------------------------------------------------------------------


@dataclass
class PlannedChange:
    """Edits and new files, ready to show as a diff or to commit all at once."""

    root: FsPath
    as_of: date
    editor: BoardEditor
    created: dict[str, bytes] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    """One line per thing the change does, in the words a board would use."""
    _after_documents: dict[str, Document] = field(default_factory=dict, repr=False)

    @classmethod
    def start(cls, repo: Repository, as_of: date) -> PlannedChange:
        return cls(repo.root, as_of, BoardEditor(repo.root))

    def changes(self) -> list[FileChange]:
        created = [FileChange(name, b"", data) for name, data in self.created.items()]
        return [*self.editor.changes(), *created]

    def diff(self) -> str:
        return unified_diff(self.changes())

    def commit(self) -> list[FileChange]:
        """Re-check the edited repository, then write every changed file atomically."""
        if not self.created:
            try:
                return self.editor.commit(self._recheck)
            except EditError as exc:
                if exc.problems and self._after_documents:
                    raise RefusedEdit(exc.problems, self._after_documents) from None
                raise
        changes = self.changes()
        problems = self._recheck({change.file: change.after for change in changes})
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            raise RefusedEdit(errors, self._after_documents)
        write_files(self.root, {change.file: change.after for change in changes})
        return changes

    def _recheck(self, new_files: Mapping[str, bytes]) -> list[Problem]:
        problems, documents = new_problems(self.root, self.as_of, new_files)
        self._after_documents = documents
        return problems


def _problems(
    root: FsPath, sources: Mapping[str, bytes], as_of: date
) -> tuple[list[Problem], dict[str, Document]]:
    repo, problems = load_sources(root, sorted(sources.items()))
    problems.extend(run_checks(repo, CheckContext(as_of=as_of)))
    return problems, repo.documents


def new_problems(
    root: FsPath, as_of: date, new_files: Mapping[str, bytes]
) -> tuple[list[Problem], dict[str, Document]]:
    """The problems the repository would have with ``new_files`` that it has not now.

    Problems are matched by code, file, item and message (positions move when lines are
    added above them), counting duplicates, so an existing problem never blocks an edit
    and a second copy of it does.
    """
    current = {name: (root / name).read_bytes() for name in data_files(root)}
    before, _ = _problems(root, current, as_of)
    after, documents = _problems(root, {**current, **new_files}, as_of)
    seen = Counter((p.code, p.file, p.id, p.message) for p in before)
    fresh: list[Problem] = []
    for problem in after:
        key = (problem.code, problem.file, problem.id, problem.message)
        if seen[key]:
            seen[key] -= 1
        else:
            fresh.append(problem)
    return fresh, documents
