"""`sendtrack recover`: finish a write that a crash, a kill or a power cut interrupted.

Read commands refuse to read a half-applied write and point here; any write command
also finishes it before its own change. Either way the renames the journal records are
done under the write lock, and only over files still exactly as that write found them
(``journal.recover``); otherwise nothing is renamed and the message names both files.
"""

from __future__ import annotations

import typer

from sendtrack.cli.common import find_repository, refuse_write


def register(app: typer.Typer) -> None:
    app.command("recover")(recover)


def recover(ctx: typer.Context) -> None:
    """Finish an interrupted write (the renames its journal records), if there is one."""
    from sendtrack.store.journal import JournalError, locked
    from sendtrack.store.journal import recover as finish

    root = find_repository(ctx)
    try:
        with locked(root):
            finished = finish(root)
    except JournalError as exc:
        raise refuse_write(exc) from None
    if finished:
        typer.echo(f"finished the interrupted write of {', '.join(finished)}")
    else:
        typer.echo("no interrupted write to finish")
