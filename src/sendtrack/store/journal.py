"""All-or-nothing writes of several files under the repository's write lock, and
finishing one a crash interrupted — but only a write sendtrack itself began, over the
very files it began from.

Kept apart from ``edits.py`` (which needs the YAML reader) because every command asks
``check_pending`` before it reads, including read-only ones that must stay quick.

A write (``write_files``), holding the lock (``locked``):

1. checks that every target is still the bytes the edit was planned from (or still
   absent), so nothing changed on disk since it was read is overwritten;
2. writes each new file to ``.<name>.<token>.tmp`` beside its target (the token is
   random, one per write, and the file is created new, never through a link);
3. writes the journal: the token and, per file, the temporary file, the target, and
   digests of the bytes the write started from and of the new bytes;
4. renames each temporary file over its target, then removes the journal.

If the process dies between 3 and 4, ``recover`` finishes the renames, so a change that
spans two files (an action moved to the archive) is never half-applied.

Why the journal is guarded this way (issue 10): sendtrack runs on repositories other
people wrote, and a journal is an instruction to rename files. Where it lives is
therefore somewhere ``git clone`` never brings along: the repository's git dir (as
``git rev-parse --absolute-git-dir`` finds it: ``.git/``, or a worktree's git dir), else
the user cache dir keyed by the repository's real path. A ``.sendtrack-journal.json``
in the work tree, where earlier versions kept it, is ignored. Even a journal found in
the right place is followed only if every entry names a data file the loader reads,
inside a data folder that is not a symlink, with the write's own temporary file name;
and a rename is done only if the target is byte for byte what the write started from.
Anything else stops with a message naming the files and changes nothing. Read commands
never rename: they call ``check_pending``, which reports an interrupted write and leaves
finishing it to a write command (holding the lock).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path as FsPath
from pathlib import PurePosixPath

from sendtrack.store.state_paths import state_paths

FORMAT = "sendtrack-journal-2"
LOCK_WAIT = 5.0
"""Seconds a write waits for another one to finish before giving up with a message."""

_TOKEN = re.compile(r"[0-9a-f]{32}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class JournalError(Exception):
    """A write that cannot go ahead, or an interrupted one that cannot be finished as
    recorded; nothing was changed. ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class WritePending(JournalError):
    """An interrupted write waits to be finished; read commands stop rather than read a
    half-applied change."""


class LockBusy(JournalError):
    """Another sendtrack write holds the repository's lock."""


class _LockUnavailable(JournalError):
    """The lock file cannot be made (a read-only git dir, no permission)."""


@dataclass(frozen=True)
class StatePaths:
    """Where a repository's write journal and write lock live (never in its work tree)."""

    journal: FsPath
    lock: FsPath


@dataclass(frozen=True)
class Replacement:
    """One file of a write: its path from the root, the bytes the edit was planned from
    (None: the file did not exist), and its new bytes."""

    file: str
    before: bytes | None
    after: bytes


@dataclass(frozen=True)
class _Rename:
    temp: str
    target: str
    before: str | None
    after: str


# -- where -------------------------------------------------------------------------------


def paths(root: FsPath) -> StatePaths:
    """The journal and lock of the repository at ``root`` (``state_paths``)."""
    journal, lock = state_paths(str(root))
    return StatePaths(FsPath(journal), FsPath(lock))


# -- the lock ------------------------------------------------------------------------------

_held: set[FsPath] = set()
"""Locks this process holds: a write inside a locked read–plan–check–write cycle does
not take the lock a second time (a second flock on a new descriptor would wait on the
first)."""


@contextmanager
def locked(root: FsPath, wait: float = LOCK_WAIT) -> Iterator[FsPath]:
    """Hold the repository's write lock; ``LockBusy`` after ``wait`` seconds."""
    lock_path = paths(root).lock
    if lock_path in _held:
        yield lock_path
        return
    from filelock import FileLock, Timeout

    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path, timeout=wait)
        lock.acquire()
    except Timeout:
        raise LockBusy(
            f"another sendtrack write is running (lock: {lock_path})",
            "wait for it to finish and run the command again; nothing was written",
        ) from None
    except OSError as exc:
        raise _LockUnavailable(
            f"cannot take the write lock {lock_path}: {exc.strerror or exc}",
            "check that you can write to that folder; nothing was written",
        ) from None
    _held.add(lock_path)
    try:
        yield lock_path
    finally:
        _held.discard(lock_path)
        lock.release()


# -- writing -------------------------------------------------------------------------------


def write_files(root: FsPath, replacements: Sequence[Replacement]) -> None:
    """Write all files or none, under the lock, refusing if a target changed since the
    edit read it (see the module's docstring)."""
    with locked(root):
        recover(root)
        for item in replacements:
            reason = _unsafe_target(root, item.file)
            if reason:
                raise JournalError(f"{item.file}: {reason}", "nothing was written")
            if _current(root, item.file) != item.before:
                raise JournalError(
                    f"{item.file} changed on disk while this write was being prepared",
                    "nothing was written; run the command again",
                )
        token = secrets.token_hex(16)
        renames: list[_Rename] = []
        try:
            for item in replacements:
                temp = _temp_name(item.file, token)
                renames.append(_Rename(temp, item.file, _digest(item.before), _sha(item.after)))
                _write_new(root / temp, item.after, root / item.file)
        except BaseException:
            for rename in renames:
                (root / rename.temp).unlink(missing_ok=True)
            raise
        journal = paths(root).journal
        _write_journal(journal, token, renames)
        for rename in renames:
            os.replace(root / rename.temp, root / rename.target)
        journal.unlink()


def _write_new(path: FsPath, data: bytes, target: FsPath) -> None:
    """Create ``path`` (never an existing file or a link) holding ``data``, durably,
    with the target's permissions if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    if target.exists():
        os.chmod(path, target.stat().st_mode & 0o7777)


def _write_journal(journal: FsPath, token: str, renames: list[_Rename]) -> None:
    journal.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "format": FORMAT,
        "token": token,
        "renames": [
            {"temp": r.temp, "target": r.target, "before": r.before, "after": r.after}
            for r in renames
        ],
    }
    handle, temp = tempfile.mkstemp(prefix=f".{journal.name}.", dir=journal.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(record, stream, indent=1)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temp, journal)


def _temp_name(file: str, token: str) -> str:
    path = PurePosixPath(file)
    return str(path.parent / f".{path.name}.{token}.tmp")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(data: bytes | None) -> str | None:
    return None if data is None else _sha(data)


# -- finishing an interrupted write ---------------------------------------------------------


def recover(root: FsPath) -> list[str]:
    """Finish an interrupted write, under the lock; the files it finished ([] if none).

    Raises ``JournalError`` (changing nothing) for a journal that cannot be followed or
    whose files changed since the write began."""
    with locked(root):
        journal = paths(root).journal
        if not os.path.lexists(journal):
            return []
        outstanding = _outstanding(root, journal)
        for rename in outstanding:
            os.replace(root / rename.temp, root / rename.target)
        journal.unlink()
        return [rename.target for rename in outstanding]


def check_pending(root: FsPath) -> None:
    """Raise ``WritePending`` if an interrupted write waits to be finished, or
    ``JournalError`` if one cannot be; changes nothing. What read commands call.

    A journal whose renames are all done (the process died just before removing it)
    leaves the data whole, so it does not stop a read."""
    journal = paths(root).journal
    if not os.path.lexists(journal):
        return
    if not _outstanding(root, journal):
        return
    # A journal also exists for the instant a running write renames its files: wait for
    # that write (its lock) before calling this one interrupted.
    try:
        with locked(root):
            outstanding = _outstanding(root, journal)
    except _LockUnavailable:  # a git dir we cannot write to: no write can be running
        outstanding = _outstanding(root, journal)
    if outstanding:
        files = ", ".join(rename.target for rename in outstanding)
        raise WritePending(
            f"an interrupted write is pending: {files} (journal: {journal}); nothing was read",
            "run 'sendtrack recover' to finish it (any sendtrack write command also "
            "finishes it first), then run this command again",
        )


def _read_journal(root: FsPath, journal: FsPath) -> list[_Rename] | None:
    """The journal's renames, None if there is none; ``JournalError`` if it is not a
    journal sendtrack wrote for this repository's data files."""
    try:
        if not stat.S_ISREG(journal.lstat().st_mode):
            raise _foreign(journal, "cannot be read: it is not a regular file")
        record = json.loads(journal.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise _foreign(journal, f"cannot be read: {exc}") from None
    token, renames = _parse(record)
    if token is None:
        raise _foreign(journal, f"cannot be read: it is not a {FORMAT} journal")
    for rename in renames:
        reason = _unsafe_target(root, rename.target)
        if reason:
            raise _foreign(journal, f"names {rename.target!r}: {reason}")
        if rename.temp != _temp_name(rename.target, token):
            raise _foreign(journal, f"names {rename.temp!r}: not the temporary file of its write")
        reason = _unsafe_file(root / rename.temp)
        if reason:
            raise _foreign(journal, f"names {rename.temp!r}: {reason}")
    return renames


def _parse(record: object) -> tuple[str | None, list[_Rename]]:
    """The token and renames of a journal as ``_write_journal`` writes it; (None, [])
    for anything else."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None, []
    token, entries = record.get("token"), record.get("renames")
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None, []
    if not isinstance(entries, list) or not entries:
        return None, []
    renames: list[_Rename] = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"temp", "target", "before", "after"}:
            return None, []
        temp, target, before, after = (entry[k] for k in ("temp", "target", "before", "after"))
        if not (isinstance(temp, str) and isinstance(target, str)):
            return None, []
        if not (before is None or (isinstance(before, str) and _DIGEST.fullmatch(before))):
            return None, []
        if not (isinstance(after, str) and _DIGEST.fullmatch(after)):
            return None, []
        renames.append(_Rename(temp, target, before, after))
    return token, renames


def _foreign(journal: FsPath, what: str) -> JournalError:
    return JournalError(
        f"{journal} {what}; nothing was renamed",
        "sendtrack follows only journals it wrote for this repository's data files; if "
        "no sendtrack write was interrupted here, delete that file",
    )


def _outstanding(root: FsPath, journal: FsPath) -> list[_Rename]:
    """The journal's renames still to do ([] if there is no journal); ``JournalError``
    if it cannot be followed or any file is not as its write left it."""
    todo: list[_Rename] = []
    for rename in _read_journal(root, journal) or []:
        # The temporary file first: a running write renames it before the target changes.
        written = _current(root, rename.temp)
        now = _digest(_current(root, rename.target))
        if written is None:
            if now != rename.after:
                raise _conflict(
                    journal,
                    rename,
                    f"{rename.target} is not what the interrupted write left, and its new "
                    f"version {rename.temp} is gone",
                    temp_kept=False,
                )
            continue
        if _sha(written) != rename.after:
            raise _conflict(journal, rename, f"{rename.temp} is not what that write wrote")
        if now not in (rename.before, rename.after):
            raise _conflict(
                journal, rename, f"{rename.target} has changed since the interrupted write began"
            )
        todo.append(rename)
    return todo


def _conflict(
    journal: FsPath, rename: _Rename, what: str, *, temp_kept: bool = True
) -> JournalError:
    if temp_kept:
        hint = (
            f"both are kept: {rename.target} (as it is now) and {rename.temp} (what the "
            f"interrupted write would have put there). Keep what you want in "
            f"{rename.target}, then delete {rename.temp} and {journal}"
        )
    else:
        hint = f"check that {rename.target} is what you want, then delete {journal}"
    return JournalError(
        f"cannot finish the interrupted write recorded in {journal}: {what} "
        "(a hand edit or a git pull?); nothing was renamed",
        hint,
    )


def _current(root: FsPath, file: str) -> bytes | None:
    """The bytes of a data file now, None if it does not exist."""
    try:
        return (root / file).read_bytes()
    except FileNotFoundError:
        return None


def _unsafe_target(root: FsPath, file: str) -> str:
    """Why sendtrack must not write ``file`` (a path from the root), or ''."""
    from sendtrack.store.loader import kind_of
    from sendtrack.store.root import DATA_FOLDERS

    path = PurePosixPath(file)
    if (
        "\\" in file
        or "\0" in file
        or path.is_absolute()
        or len(path.parts) != 2
        or path.parts[0] not in DATA_FOLDERS
        or kind_of(file) is None
    ):
        return "not a data file in " + ", ".join(f"{f}/" for f in DATA_FOLDERS)
    try:
        folder_mode = (root / path.parts[0]).lstat().st_mode
    except FileNotFoundError:
        folder_mode = stat.S_IFDIR  # a data folder a write creates
    if not stat.S_ISDIR(folder_mode):
        return f"its folder {path.parts[0]}/ is a symbolic link or not a folder"
    return _unsafe_file(root / file)


def _unsafe_file(path: FsPath) -> str:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return ""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return ""
