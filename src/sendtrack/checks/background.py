"""The cross-file checks in a second process, while the command works on the repository.

A read command (``status``, a report) needs the checks' answer only to know whether
every file counts: in a repository without errors — every board day's — they find
nothing, and the command's own work (computing the figures, laying out the text) does
not wait for them. So the checks run in a forked child (``core.forks``) that sends back
the problems it found, as plain tuples through ``marshal`` (nothing but text and numbers
is built from what comes back), and the command computes meanwhile; if the checks find
an error, the command's work is done again on the files that count
(``cli.common.counted``). At 10,000 milestones the checks take ~0.33 s, the work ~0.7 s.
"""

from __future__ import annotations

import marshal
from typing import IO

from sendtrack.checks import CheckContext, run_checks
from sendtrack.core.forks import can_run_beside, fork_sender, reap
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.repository import Repository

FEWEST_FILES = 8
"""Below this many files the checks take a few milliseconds: not worth a fork."""


class BackgroundChecks:
    """The checks of one repository, under way in a child process."""

    def __init__(self, child: int, stream: IO[bytes]) -> None:
        self._child = child
        self._stream = stream

    @property
    def pid(self) -> int:
        """The checking process's id."""
        return self._child

    def problems(self) -> list[Problem] | None:
        """What the checks found, once they are done; None if the child could not say
        (it died, or its answer did not arrive whole): the caller then checks itself."""
        try:
            answer = self._stream.read()
            found = [
                Problem(code, message, file, line, column, item, hint, Severity(severity))
                for code, message, file, line, column, item, hint, severity in marshal.loads(answer)
            ]
        except (OSError, EOFError, ValueError, TypeError):
            found = None
        finally:
            self._stream.close()
            reap(self._child)
        return found


def start(repo: Repository, context: CheckContext) -> BackgroundChecks | None:
    """``run_checks(repo, context)`` under way beside this process, or None where it
    cannot run there or is not worth it (the caller checks itself)."""
    if len(repo.documents) < FEWEST_FILES or not can_run_beside():
        return None
    forked = fork_sender(lambda out: _send(repo, context, out))
    return BackgroundChecks(*forked) if forked is not None else None


def _send(repo: Repository, context: CheckContext, out: IO[bytes]) -> None:
    found = run_checks(repo, context)
    fields = [
        (p.code, p.message, p.file, p.line, p.column, p.id, p.hint, p.severity.value) for p in found
    ]
    out.write(marshal.dumps(fields))
