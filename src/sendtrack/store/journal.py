"""All-or-nothing writes of several files, and finishing one a crash interrupted.

Kept apart from ``edits.py`` (which needs the YAML reader) because every command calls
``recover`` before it starts, including read-only ones that must stay quick to import.

A write puts every new file in a temporary file beside its target, then writes a
journal naming the renames, does the renames, and removes the journal. If the process
dies between two renames, ``recover`` finishes them from the journal, so a change that
spans two files (an action moved to the archive) is never half-applied.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path as FsPath

JOURNAL = ".sendtrack-journal.json"


class JournalError(Exception):
    """A journal that must not be followed; nothing was written."""


def write_files(root: FsPath, contents: Mapping[str, bytes]) -> None:
    """Write all files or none, surviving a crash between renames (see ``recover``)."""
    recover(root)
    pending: list[tuple[str, str]] = []
    try:
        for file, data in contents.items():
            target = root / file
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if target.exists():
                os.chmod(temp, target.stat().st_mode & 0o7777)
            pending.append((os.path.relpath(temp, root), file))
    except BaseException:
        for temp, _ in pending:
            (root / temp).unlink(missing_ok=True)
        raise
    _write_journal(root, pending)
    _apply_journal(root, pending)


def _write_journal(root: FsPath, pending: list[tuple[str, str]]) -> None:
    handle, temp = tempfile.mkstemp(prefix=".sendtrack-journal.", dir=root)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump({"renames": pending}, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temp, root / JOURNAL)


def _apply_journal(root: FsPath, pending: list[tuple[str, str]]) -> None:
    for temp, target in pending:
        source = root / temp
        if source.exists():
            os.replace(source, root / target)
    (root / JOURNAL).unlink(missing_ok=True)


def recover(root: FsPath) -> bool:
    """Finish a multi-file write that was interrupted; True if there was one to finish."""
    journal = root / JOURNAL
    if not journal.exists():
        return False
    try:
        pending = [
            (str(temp), str(target))
            for temp, target in json.loads(journal.read_text(encoding="utf-8"))["renames"]
        ]
    except (ValueError, KeyError, TypeError):
        # A journal we cannot read was never completely written, so no rename had begun.
        journal.unlink()
        return False
    for temp, target in pending:
        for name in (temp, target):
            if os.path.isabs(name) or ".." in FsPath(name).parts:
                raise JournalError(f"{JOURNAL} names a path outside the repository: {name}")
    _apply_journal(root, pending)
    return True
