"""Entry point and the one error boundary (exit codes: 0 ok, 1 problems, 2 usage, 3 bug).

``--version``, and a ``status`` an unchanged repository has printed before
(``stored_output``), are answered before Typer, pydantic or YAML are imported: they are
what editors, CI and the partnership manager call most often, and the full stack costs
~250 ms to import.

The cyclic garbage collector is switched off for the rest of the process. A command is
one pass that builds a large, acyclic graph (YAML nodes, plain data, models) and exits;
the collector's repeated full scans of millions of live objects, which can free nothing,
cost more than the parse itself (``sendtrack check`` on 10,000 milestones: 6.1 s with it,
2.6 s without; see benchmarks/RESULTS.md). Reference counting still frees everything
that is not in a cycle.
"""

from __future__ import annotations

import gc
import sys

EXIT_INTERNAL = 3


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from sendtrack import __version__

        sys.stdout.write(f"sendtrack {__version__}\n")
        return
    from sendtrack.cli.stored_output import answer

    early = answer(args)
    if early is True:
        return
    gc.disable()
    from sendtrack.cli import common
    from sendtrack.cli.app import app

    # The process is sendtrack's own only when started as the command (the console
    # script, ``python -m sendtrack``): a caller's process that calls main() itself is
    # not forked, and not left without its teardown.
    common.OWN_PROCESS = argv is None

    try:
        app(args, prog_name="sendtrack", obj=early or None)  # see GlobalOptions.unanswered
    except SystemExit as done:
        if common.forked_writer:
            leave(done.code)
        raise
    except KeyboardInterrupt:
        sys.stderr.write("sendtrack: interrupted; nothing was written\n")
        sys.exit(130)
    except Exception as exc:  # the boundary: anything reaching here is a bug in sendtrack
        if "--debug" in args:
            raise
        sys.stderr.write(
            f"sendtrack: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in sendtrack, not in your files. Run again with --debug for "
            "the traceback, and report it.\n"
        )
        sys.exit(EXIT_INTERNAL)


def leave(code: object) -> None:
    """Exit with ``code`` at once, streams flushed, skipping the interpreter's teardown.

    Only once a cache writer has been forked (``common.write_after_output``): it shares
    every page of this process's heap, and tearing the interpreter down (each object
    freed in turn) writes to those pages, which makes the kernel copy each of them for
    the writer — ~0.3 s of a cold status at 10,000 milestones, for a process that is done.
    Nothing else waits at exit: the output is flushed here, every file the command wrote
    is in place, and no lock is held.
    """
    import os

    if isinstance(code, str):  # sys.exit("message"): printed, exit 1, as Python does
        sys.stderr.write(code + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
