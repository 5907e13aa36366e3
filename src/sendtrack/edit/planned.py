"""A planned edit: what it does in words, the diff to show, a commit that re-checks.

Every write command (plan edits, board writes, and next measure edits) plans its change
as text patches with an ``Editor`` and wraps them in a ``PlannedEdit``. ``diff()`` is what
``--dry-run`` prints; ``commit()`` re-reads and re-checks the edited repository and
refuses any change that would add an error (``EditRefused``, carrying the problems and
the edited documents so they can be shown with their source lines), then writes every
changed file in one journaled multi-file write (``store.journal.write_files``), so a
change spanning two files is never half-applied. Nothing touches disk until ``commit``.

Problems the repository already had never block an edit: the re-check compares the
problems before and after by code, file, id and message (``problems_introduced``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from sendtrack.checks.validate import check_repository, problems_introduced
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.edits import EditError, Editor, FileChange
from sendtrack.store.repository import Repository
from sendtrack.store.yamlio import Document

if TYPE_CHECKING:
    from sendtrack.store.cache import ModelCache


class EditRefused(Exception):
    """The edit cannot be made as asked; nothing was written.

    ``problems`` are the errors the edit would add (empty when it was refused before
    planning); ``documents`` are the edited files as they would have been, so those
    problems, whose positions point into that text, can be shown with their lines.
    """

    def __init__(
        self,
        message: str,
        problems: Sequence[Problem] = (),
        documents: Mapping[str, Document] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = list(problems)
        self.documents = dict(documents or {})


@dataclass
class Workspace:
    """A repository opened for editing: its models, the problems it has now, and the
    cache both loads share (the re-check then parses only the edited files)."""

    root: FsPath
    today: date
    repo: Repository
    problems: list[Problem]
    cache: ModelCache
    batch_editor: Editor | None = None
    """Set while a batch of edits is planned (``edit.batch``): every edit planned here
    patches this editor's text, which already holds the batch's earlier steps, and
    ``repo`` is the repository as that text stands."""

    def editor(self) -> Editor:
        """The editor an edit plans its patches with: a fresh one over the files on disk,
        or the batch's."""
        return self.batch_editor if self.batch_editor is not None else Editor(self.root)

    def edit(self, editor: Editor, *summary: str) -> PlannedEdit:
        """``editor``'s patches as a planned edit re-checked against this workspace."""
        return PlannedEdit(self.root, self.today, editor, list(summary), self.problems, self.cache)


def open_workspace(root: FsPath, today: date, cache: ModelCache | None = None) -> Workspace:
    """Load and check ``root``; ``today`` is the date checks and defaults use.

    ``cache`` is the on-disk model cache (None: one kept in memory for this edit)."""
    from sendtrack.store.cache import ModelCache

    shared = cache or ModelCache(root, persist=False)
    result = check_repository(root, today, cache=shared)
    return Workspace(root, today, result.repo, result.problems, shared)


@dataclass
class PlannedEdit:
    """Text patches (and any whole new file), ready to show as a diff or to commit."""

    root: FsPath
    as_of: date
    """The day the re-check checks the repository as of."""
    editor: Editor
    summary: list[str] = field(default_factory=list)
    """One line per thing the edit does, in the words a board would use."""
    before: Sequence[Problem] | None = None
    """The problems the repository has now as of ``as_of``; None: the re-check loads it
    again to find them."""
    cache: ModelCache | None = None
    """The model cache the re-check's loads share (None: one kept in memory)."""
    _after_documents: dict[str, Document] = field(default_factory=dict, repr=False)

    @classmethod
    def start(cls, repo: Repository, as_of: date, editor: Editor | None = None) -> PlannedEdit:
        """An empty edit of ``repo``, re-checked as of ``as_of``; ``editor`` is a batch's
        (see ``Workspace.batch_editor``), else a fresh one over the files on disk."""
        return cls(repo.root, as_of, editor if editor is not None else Editor(repo.root))

    def changes(self) -> list[FileChange]:
        return self.editor.changes()

    def diff(self) -> str:
        return self.editor.diff()

    def new_problems(self) -> list[Problem]:
        """Errors the edited repository would have that it does not have now."""
        changed = {change.file: change.after for change in self.editor.changes()}
        return [p for p in self._recheck(changed) if p.severity is Severity.ERROR]

    @property
    def after_documents(self) -> dict[str, Document]:
        """The edited files as the last re-check read them (for showing its problems)."""
        return self._after_documents

    def commit(self) -> list[FileChange]:
        """Re-check the edited repository, then write every changed file atomically;
        raises ``EditRefused`` with the new problems if the edit would add an error."""
        try:
            return self.editor.commit(self._recheck)
        except EditError as exc:
            raise EditRefused(str(exc), exc.problems, self._after_documents) from None

    def _recheck(self, changed: Mapping[str, bytes]) -> list[Problem]:
        """Re-load the repository with ``changed`` files and diff the problems."""
        fresh, self._after_documents = problems_introduced(
            self.root, self.as_of, changed, self.before, cache=self.cache
        )
        return fresh
