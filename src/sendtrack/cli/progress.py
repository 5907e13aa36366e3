"""Progress of long work, on a terminal only: a bar on stderr while it runs, then gone.

Any command whose work can take seconds (drawing the board pack's charts, writing an
export, checking a large repository, importing measures) wraps it in ``progress()`` and
calls the step function it yields once per unit of work done::

    with progress("Drawing charts", total=len(charts)) as step:
        for chart in charts:
            draw(chart)
            step(chart.title)

The bar is drawn on stderr, so stdout (a paper, JSON) is never touched, and only when
stderr is a terminal (and ``TERM`` is not ``dumb``): in a pipe, a log or CI there is no
output at all and rich is never imported. It is transient: when the work ends the line
is cleared, leaving the terminal as the command's own output left it. Library code
never prints; it takes a plain callback (``on_file``, ``on_chart``) that the CLI points
at the step function.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sendtrack.render.terminal import is_terminal

Step = Callable[[str], None]
"""Called once per unit of work done, with what was just done ('' if nothing to say)."""


def _nothing(_done: str) -> None:
    """The step function off a terminal: no output at all."""


def showing() -> bool:
    """Whether progress is drawn: stderr is a terminal that can redraw a line."""
    return is_terminal(sys.stderr) and os.environ.get("TERM") != "dumb"


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Step]:
    """A progress bar for ``total`` steps (a spinner and a count if ``total`` is None)."""
    if not showing() or total == 0:
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[done]}", markup=False),
        console=Console(stderr=True, highlight=False, markup=False, emoji=False),
        transient=True,
        # Redrawn at each step, not by a thread of its own: no thread outlives the
        # work, and none writes to stderr while the command does.
        auto_refresh=False,
    )
    with bar:
        task = bar.add_task(description, total=total, done="")
        bar.refresh()

        def step(done: str) -> None:
            bar.update(task, advance=1, done=done[:40])
            bar.refresh()

        yield step
