"""A second process for work that can run beside this one, on the machine's second core.

The reader that parses files ahead of the loader (``store.read_ahead``) and the
cross-file checks run beside a read command (``checks.background``) both fork a child
that sends its answer back through a pipe; the model cache is written by a child once a
command's output is out (``cli.common.write_after_output``). What they share is here:
when a fork is possible (and worth it), and a child that can do nothing but its work:
its standard streams are on the null device from the start (a pipe reading the
command's output ends with the command, not with the child), and it leaves with
``os._exit`` (no exit handlers, no buffers of the parent flushed twice), whatever its
work does.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import IO

PIPE_BYTES = 1 << 20
"""The pipe's buffer where the system lets us set it (Linux): a child may run this far
ahead of a parent that reads its answers as it goes."""


def usable_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork exists, and no other thread is running (a fork copies only the calling one)."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


def can_run_beside() -> bool:
    """A child can run beside this process: it can fork, and a second core is there to
    run the child."""
    return can_fork() and usable_cores() > 1


def fork_quietly(work: Callable[[], None]) -> int | None:
    """A child doing ``work()`` and nothing else, quietly (see the module's docstring):
    its id, or None where the system has no process to spare. Never returns in the
    child, which drops its copy of anything the caller had not yet flushed."""
    try:
        child = os.fork()
    except OSError:
        return None
    if child == 0:
        try:
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            work()
        finally:
            os._exit(0)
    return child


def fork_sender(work: Callable[[IO[bytes]], None]) -> tuple[int, IO[bytes]] | None:
    """A child running ``work(pipe)`` (``fork_quietly``), and the parent's end of the
    pipe to read; or None where the system has no process to spare. The parent must
    read to the end or close its end (a child writing to a closed pipe stops), then
    wait for the child."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)

    def send() -> None:
        os.close(read_end)  # the child holds only the writing end
        with os.fdopen(write_end, "wb") as out, contextlib.suppress(BrokenPipeError):
            work(out)

    child = fork_quietly(send)
    os.close(write_end)
    if child is None:
        os.close(read_end)
        return None
    return child, os.fdopen(read_end, "rb")


def reap(child: int) -> None:
    """Wait for ``child`` to end (it has been reaped already: nothing to wait for)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)
