"""What every write command does at the end: show the diff or write, and refuse alike.

Plan edits (``update``, ``reprofile``…), board writes (actions, risks, meetings) and
their ``--dry-run`` share these two functions so that a refused write reads the same
whichever command refused it: the problems in ``check``'s layout (located, with the
edited line and a caret, then the hint), then one line ending "nothing written". A dry
run re-checks the edited repository exactly as the write would, so a change the write
refuses (personal data in an action's text, say) is refused by its dry run too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from sendtrack.cli.common import EXIT_PROBLEMS, fail
from sendtrack.core.escaping import escape_terminal

if TYPE_CHECKING:
    from sendtrack.board.common import BoardError
    from sendtrack.edit.planned import PlannedEdit

NOTHING_WRITTEN = "nothing written"


def cannot(exc: BoardError) -> typer.Exit:
    """A board command that cannot go ahead as asked: its reason and hint; exit 1. For a
    listing or a view; a write says ``refuse``, which adds that nothing was written."""
    typer.echo(f"sendtrack: {escape_terminal(str(exc))}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {escape_terminal(exc.hint)}", err=True)
    return typer.Exit(EXIT_PROBLEMS)


def refuse(exc: Exception) -> typer.Exit:
    """Report why a write cannot go ahead, with any problems it would add; exit 1."""
    from sendtrack.board.common import BoardError
    from sendtrack.edit.planned import EditRefused
    from sendtrack.render.problems import render_text
    from sendtrack.store.edits import EditError
    from sendtrack.store.yamlio import source_lookup

    if isinstance(exc, (EditError, EditRefused)) and exc.problems:
        documents = exc.documents if isinstance(exc, EditRefused) else {}
        # Positions point into the edited text, never written: its lines are shown.
        lookup = source_lookup(documents) if documents else (lambda _f, _l: "")
        files = len({p.file for p in exc.problems})
        typer.echo(render_text(exc.problems, lookup, files), err=True, nl=False)
    if isinstance(exc, BoardError):
        cannot(exc)
        return fail(NOTHING_WRITTEN, EXIT_PROBLEMS)
    return fail(f"{exc}; {NOTHING_WRITTEN}", EXIT_PROBLEMS)


def apply(change: PlannedEdit, dry_run: bool) -> list[str]:
    """Print the diff and re-check it (dry run), or commit the change; returns the files
    written. A refusal raises ``refuse``'s exit."""
    from sendtrack.board.common import BoardError
    from sendtrack.edit.planned import EditRefused
    from sendtrack.store.edits import EditError

    if not change.changes():
        typer.echo(f"nothing to change; {NOTHING_WRITTEN}")
        return []
    try:
        if dry_run:
            typer.echo(change.diff(), nl=False)
            problems = change.new_problems()
            if problems:
                raise EditRefused(
                    "the edit would make the repository invalid",
                    problems,
                    change.after_documents,
                )
            typer.echo(f"dry run: {'; '.join(change.summary)}; {NOTHING_WRITTEN}", err=True)
            return []
        written = change.commit()
    except (BoardError, EditRefused, EditError) as exc:
        raise refuse(exc) from None
    return [item.file for item in written]
