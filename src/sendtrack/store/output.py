"""Writing what a command produces (``--output``): into the thing named, never over it.

Every command that writes a paper, a workbook, CSV files or schemas writes through
``write_output``, and names every file it derives from the one the person chose (a chart
beside a paper, a table in a folder) with ``contained``. The rules, by what the path is:

* a new path or a regular file: written atomically — a temporary file beside it, then a
  rename — so a reader never sees half a paper and a failed write leaves the old file
  whole (a replaced file keeps its permissions; a new one gets the umask's);
* a character device (``/dev/null``, a terminal) or a FIFO, and ``/dev/stdout``,
  ``/dev/stderr`` and ``/dev/fd/N``: written through, in place — renaming a file over a
  device would replace the device, and over a pipe would leave its reader waiting;
* a symbolic link: followed, but only to a file in the link's own folder (so
  ``papers/latest.html`` → ``2025-11-03.html`` works); a link that leads anywhere else
  is refused, since a repository can carry links and must not aim our writes;
* a folder, a block device or a socket: refused.

Any failure is an ``OutputError`` whose text is the one line to show (``cannot write
/dev/full: No space left on device``). File names made from ids go through ``file_slug``.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


class OutputError(Exception):
    """An output that cannot, or must not, be written; the text is the message to show."""


def contained(folder: Path, name: str) -> Path:
    """``folder / name`` for a file derived from the output the person chose.

    ``name`` must be a plain file name, and the path, with every link resolved, must stay
    inside ``folder`` (resolved too): a chart or a table can never land anywhere else.
    """
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\0" in name:
        raise OutputError(f"{name!r} is not a plain file name; nothing was written")
    path = folder / name
    base = folder.resolve()
    if not path.resolve().is_relative_to(base):
        raise OutputError(_outside(path, base))
    return path


def _outside(link: Path, folder: Path) -> str:
    return (
        f"{link} is a symbolic link to {link.resolve()}, outside {folder}; sendtrack writes "
        "through a link only to a file in the link's own folder"
    )


_DESCRIPTORS = re.compile(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/self/fd/\d+")
"""Paths that name one of this process's open descriptors: always written through."""


@dataclass(frozen=True)
class Target:
    """Where an output goes, decided before anything is written."""

    path: Path
    """The path as given (what messages name)."""
    real: Path
    """Where the bytes go: the path, or the file in its folder a link leads to."""
    through: bool
    """Written in place (a device, a FIFO, a descriptor) rather than replaced atomically."""


def target(path: Path) -> Target:
    """Decide how ``path`` is written, or refuse it (``OutputError``), writing nothing."""
    if _DESCRIPTORS.fullmatch(str(path)):
        return Target(path, path, through=True)
    real = path
    if path.is_symlink():
        folder = path.parent.resolve()
        real = path.resolve()
        if not real.is_relative_to(folder):
            raise OutputError(_outside(path, folder))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return Target(path, real, through=False)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path} is a folder; give the file to write")
    if stat.S_ISREG(mode):
        return Target(path, real, through=False)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return Target(path, real, through=True)
    kind = "a block device" if stat.S_ISBLK(mode) else "a socket"
    raise OutputError(f"{path} is {kind}; sendtrack writes to a file, a character device or a pipe")


def write_output(destination: Path | Target, data: str | bytes) -> Target:
    """Write ``data`` (text as UTF-8, as given) to ``destination`` by the rules above.

    A new file's folder is created if needed. Returns where it went; raises
    ``OutputError`` with the message to show if it could not be written.
    """
    chosen = destination if isinstance(destination, Target) else target(destination)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if chosen.through:
            _write_through(chosen.real, payload)
        else:
            _replace(chosen.real, payload)
    except OSError as exc:
        raise OutputError(f"cannot write {chosen.path}: {exc.strerror or exc}") from None
    return chosen


def _write_through(path: Path, payload: bytes) -> None:
    # No O_CREAT: only what exists is written through. O_APPEND keeps what a redirected
    # stdout already holds; on a device or a pipe it changes nothing.
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _replace(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        # mkstemp makes the file private (0600); a new paper is for sharing: the umask's.
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
