"""`sendtrack migrate [--dry-run]`: bring an older repository to the current schema."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from sendtrack.cli.common import EXIT_PROBLEMS, fail, writing


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate)


def migrate(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff; write nothing.")
    ] = False,
) -> None:
    """Rewrite every data file in the current schema, keeping each comment, key order,
    quote and line it does not have to change; the files are re-checked and written all
    at once, or not at all."""
    from sendtrack.checks.validate import problems_introduced
    from sendtrack.models.schema import CURRENT_SCHEMA
    from sendtrack.render.problems import render_text
    from sendtrack.store.migrate import MigrationError, plan_migration

    # The lock is held from the first read to the last rename ('writing').
    with writing(ctx, dry_run) as root:
        try:
            migration = plan_migration(root)
            if not migration.changes:
                typer.echo(f"already schema {CURRENT_SCHEMA}: nothing to migrate")
                return
            if dry_run:
                typer.echo(migration.diff(), nl=False)
            else:
                today = date.today()
                migration.commit(lambda new: problems_introduced(root, today, new)[0])
        except MigrationError as exc:
            if exc.problems:
                typer.echo(render_text(exc.problems, lambda _f, _l: "", 0), err=True, nl=False)
            raise fail(f"{exc}; nothing was written", EXIT_PROBLEMS) from None
    for line in migration.summary:
        typer.echo(line)
    done = "would migrate" if dry_run else "migrated"
    typer.echo(
        f"{done} {len(migration.changes)} files to schema {CURRENT_SCHEMA}"
        f" ({migration.unchanged} already current)"
        + ("; dry run: nothing was written" if dry_run else "")
    )
