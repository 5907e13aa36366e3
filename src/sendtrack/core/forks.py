"""A second process for work that can run beside this one, on the machine's second core.

The reader that parses files ahead of the loader (``store.read_ahead``) and the
cross-file checks run beside a read command (``checks.background``) both fork a child
that sends its answer back through a pipe. What they share is here: when a fork is
possible and worth it, and a child that can do nothing but its work: its standard
streams are on the null device from the start, it holds only the pipe's writing end,
and it leaves with ``os._exit`` (no exit handlers, no buffers of the parent flushed
twice), whatever its work does.
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


def can_run_beside() -> bool:
    """A child can run beside this process: fork exists, no other thread is running (a
    fork copies only the calling one), and a second core is there to run it."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1 and usable_cores() > 1


def fork_sender(work: Callable[[IO[bytes]], None]) -> tuple[int, IO[bytes]] | None:
    """A child running ``work(pipe)``, and the parent's end of the pipe to read; or None
    where the system has no process to spare. The parent must read to the end or close
    its end (a child writing to a closed pipe stops), then wait for the child."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    try:
        child = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if child == 0:
        try:
            os.close(read_end)
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            with os.fdopen(write_end, "wb") as out, contextlib.suppress(BrokenPipeError):
                work(out)
        finally:
            os._exit(0)
    os.close(write_end)
    return child, os.fdopen(read_end, "rb")


def reap(child: int) -> None:
    """Wait for ``child`` to end (it has been reaped already: nothing to wait for)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)
