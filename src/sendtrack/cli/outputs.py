"""The CLI side of ``--output``: one way to write, report and fail, for every command.

The rules live in ``sendtrack.store.output``; here a refused or failed write becomes one line
on stderr and exit 1 (nothing half-written), and each file written is confirmed with
``wrote PATH`` — on stdout for a file, on stderr for what was written through (the
paper itself may be going to stdout or a pipe).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sendtrack.cli.common import EXIT_PROBLEMS, fail

if TYPE_CHECKING:
    from sendtrack.store.output import Target


@contextmanager
def output_errors() -> Iterator[None]:
    """Turn an ``OutputError`` raised inside into its message and exit 1."""
    from sendtrack.store.output import OutputError

    try:
        yield
    except OutputError as exc:
        raise fail(str(exc), EXIT_PROBLEMS) from None


def wrote(written: Target, note: str = "") -> None:
    typer.echo(f"wrote {written.path}{note}", err=written.through)


def write_file(destination: Path | Target, data: str | bytes, note: str = "") -> None:
    """Write one output by ``output.write_output``'s rules and confirm it (or exit 1)."""
    from sendtrack.store.output import write_output

    with output_errors():
        written = write_output(destination, data)
    wrote(written, note)
