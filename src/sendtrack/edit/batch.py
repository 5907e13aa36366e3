"""Many edits, planned one after another, written as one (``Batch``): a lead's return.

A return asks for dozens of edits at once (a status here, a new date there, an action
update), and each must behave exactly as the same command would have run after the ones
before it: the second edit of a milestone sees the first. So each edit is planned with
the ordinary edit functions (``plan.edits``, ``board.actions``) on a workspace whose
models are reloaded from the batch's text so far, patching that text through one shared
``Editor`` (``Workspace.batch_editor``).

Edits come in *steps* (one row of a return): a step is tried on a fork of the editor and
re-checked against the batch so far; if any of its edits is refused, or the re-check
finds an error the step would add, the whole step is dropped and later steps never see
it. What the batch keeps is one ``PlannedEdit``: one diff, one re-check of the whole
repository, one journaled write — the commit every other write makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from sendtrack.checks.validate import problems_introduced
from sendtrack.core.problems import Problem, Severity
from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace
from sendtrack.store.edits import Editor
from sendtrack.store.loader import data_files, load_sources
from sendtrack.store.repository import Repository

PlanOne = Callable[[Workspace], PlannedEdit]
"""One edit, planned on the workspace it is given (whose ``editor()`` it must use)."""


@dataclass
class Batch:
    """Steps of edits over one repository, kept or dropped whole; see the module doc."""

    workspace: Workspace
    """The repository as it is on disk."""
    summary: list[str] = field(default_factory=list)
    """What the kept steps do, one line per edit."""
    _editor: Editor = field(init=False)
    _current: Workspace = field(init=False)
    _problems: list[Problem] = field(init=False)

    def __post_init__(self) -> None:
        self._editor = self.workspace.editor()
        self._current = replace(self.workspace, batch_editor=self._editor)
        self._problems = list(self.workspace.problems)

    @property
    def repo(self) -> Repository:
        """The repository as the kept steps leave it."""
        return self._current.repo

    def step(self, edits: Sequence[PlanOne]) -> list[str]:
        """Plan ``edits`` in order, each seeing the ones before; keep them all or none.

        Returns the step's summary lines. Raises what an edit raised (``EditRefused``,
        ``BoardError``, ``EditError``), or ``EditRefused`` with the errors the step would
        add to the repository; either way nothing of the step is kept.
        """
        trial = self._editor.fork()
        current = replace(self._current, batch_editor=trial)
        lines: list[str] = []
        for plan in edits:
            planned = plan(current)
            if planned.editor is not trial:  # pragma: no cover - a programming error
                raise RuntimeError("an edit in a batch planned outside the batch's editor")
            lines.extend(planned.summary)
            current = replace(current, repo=self._reload(trial))
        fresh, documents = problems_introduced(
            self.workspace.root,
            self.workspace.today,
            self._files(trial),
            self._problems,
            cache=self.workspace.cache,
        )
        errors = [p for p in fresh if p.severity is Severity.ERROR]
        if errors:
            raise EditRefused("the change would make the repository invalid", errors, documents)
        self._editor, self._current = trial, current
        self._problems = [*self._problems, *fresh]
        self.summary.extend(lines)
        return lines

    def planned(self) -> PlannedEdit:
        """Every kept step as one edit: its diff is the batch's, its commit re-checks the
        whole repository against the files on disk and writes them in one go."""
        return self.workspace.edit(self._editor, *self.summary)

    def _files(self, editor: Editor) -> dict[str, bytes]:
        return {change.file: change.after for change in editor.changes()}

    def _reload(self, editor: Editor) -> Repository:
        """The models as ``editor``'s text stands (unchanged files come from the cache)."""
        root = self.workspace.root
        changed = self._files(editor)

        def sources() -> Iterator[tuple[str, bytes]]:
            for name in sorted({*data_files(root), *changed}):
                yield name, changed[name] if name in changed else (root / name).read_bytes()

        repo, _ = load_sources(root, sources(), cache=self.workspace.cache)
        return repo
