"""A cache of validated models keyed by file contents: unchanged files are not read twice.

Why: reading and validating 10,000 milestones costs about a second and a half even on the
fast path; reading the same models back from a pickle costs about a tenth of a second.
Editors run sendtrack on every save and CI on every commit, mostly over unchanged files.

It can never serve stale data:

* a file's entry is used only when the file's bytes hash (BLAKE2b, 128 bits) to the
  digest stored with it, under the same path (a file's kind follows from its path);
  any byte change is a miss;
* the whole cache belongs to one build of sendtrack: a fingerprint of every Python file
  of the package, the Python version and the installed versions of the libraries that
  shape what is stored (pydantic, pydantic-core, PyYAML, rich, tabulate) is stored in it,
  and a cache with any other fingerprint, another repository's, or a file that is not
  exactly what was written (checksums cover the index and every entry: truncated,
  flipped bits, not ours at all) is ignored and then rewritten;
* only files that read and validated without any problem are stored, so a file with a
  problem is always read afresh and its problems located by the full reader;
* the cross-file checks' problems are stored under a key made of every data file's
  digest, the file kinds that did not load, and the as-of day.

Where: the user's cache directory, never inside the repository. The entries are pickles,
and a pickle must never be read from a file that could arrive with a ``git clone`` (a
hostile one runs code when loaded); a repository folder would also show it as an
untracked file. The directory is ``$SENDTRACK_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/sendtrack``, else the platform's user cache folder (``~/.cache``,
``~/Library/Caches``, ``%LOCALAPPDATA%``). One file per repository, named by a hash of
its resolved path; the least recently used files beyond ``MAX_REPOSITORIES`` are
removed. Deleting the directory, or any file in it, is always safe — except its
``writes/`` folder (``journal.py``: the write lock and journal of a repository outside
git) while a write is interrupted. ``--no-cache`` reads everything afresh and leaves the
cache alone.

Memory: a warm run reads one entry at a time and a cold one pickles one model at a
time while writing, so the cache adds almost nothing to a run's peak (at 100,000
milestones an earlier layout, one pickle of all entries, added ~25% to it).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sendtrack.core.problems import Problem
from sendtrack.store.fingerprint import (
    cache_folder,
    code_fingerprint,
    digest,
    repository_stem,
    write_cache_file,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from sendtrack.store.yamlio import Document

FORMAT = "sendtrack-cache-2"
MAX_REPOSITORIES = 32
"""Cache files kept (two per repository): enough for an adviser's many partnerships."""

MAX_CHECK_RESULTS = 8
"""Check results kept per repository (one per as-of day asked for)."""


_MAGIC = FORMAT.encode() + b"\n"
_CHECKSUM_SIZE = 32
_TRAILER_SIZE = 8 + _CHECKSUM_SIZE


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_CHECKSUM_SIZE).digest()


def default_directory() -> Path:
    """Where the cache lives; see the module's docstring (``fingerprint.cache_folder``)."""
    return Path(cache_folder())


@dataclass(frozen=True)
class _Entry:
    """Where one file's pickled model lies in the cache file."""

    digest: bytes
    offset: int
    length: int
    checksum: bytes


class ModelCache:
    """The cache of one repository: look models up by (path, bytes), then ``save()``.

    Nothing is read from disk until the first lookup, and then only the index and the
    entries asked for; nothing is written unless something new was learnt. Every
    failure to read or write is silent: a cache that cannot be used is simply not used.

    Within one process the same object returns the same model and document objects for
    unchanged files, so two loads through it (an edit's load and its re-check) share
    them instead of holding two copies: both are read-only once loaded, as everywhere in
    sendtrack.
    """

    def __init__(
        self,
        root: Path,
        directory: Path | None = None,
        *,
        persist: bool = True,
        deferred: bool = False,
    ) -> None:
        """``persist=False``: in memory only, never read or written (two loads in one
        process sharing their models, with no cache on disk). ``deferred=True``:
        ``save()`` only notes that there is something to write, and ``finish()`` writes
        it — the CLI calls it once the output is printed (see ``cli/common.py``)."""
        self.root = str(root.resolve())
        self.directory = directory or default_directory()
        self.path = self.directory / f"{repository_stem(self.root)}.cache"
        self.persist = persist
        self._opened = not persist
        self._stream: BinaryIO | None = None
        self._entries: dict[str, _Entry] = {}
        """On disk: relative path → where its model is."""
        self._checks: dict[bytes, bytes] = {}
        """Checks key → pickled problems, oldest first."""
        self._models: dict[str, tuple[bytes, BaseModel]] = {}
        """In memory: relative path → (digest, model) for every model served or kept."""
        self._documents: dict[str, tuple[bytes, Document]] = {}
        """In memory: relative path → (digest, document) shared by loads through this."""
        self._seen: dict[str, bytes] = {}
        """Files of the latest load and their digests: only these are written back."""
        self._dirty = False
        self.deferred = deferred
        self._save_wanted = False

    # -- files --------------------------------------------------------------------------

    def model(self, relative: str, raw: bytes) -> BaseModel | None:
        """The model stored for this file with exactly these bytes, or None."""
        file_digest = digest(raw)
        self._seen[relative] = file_digest
        known = self._models.get(relative)
        if known is not None and known[0] == file_digest:
            return known[1]
        entry = self._index().get(relative)
        if entry is None or entry.digest != file_digest:
            return None
        from pydantic import BaseModel  # here: OutputCache users never need pydantic

        blob = self._read_entry(entry)
        try:
            model = pickle.loads(blob) if blob is not None else None
        except Exception:  # an entry we cannot read is a miss: the file is read afresh
            model = None
        if not isinstance(model, BaseModel):
            del self._entries[relative]
            return None
        self._models[relative] = (file_digest, model)
        return model

    def held_digests(self) -> dict[str, bytes]:
        """The digest of every file whose model this would serve (read from the index
        now: a forked reader asks this copy, never the cache file both would share)."""
        held = {relative: entry.digest for relative, entry in self._index().items()}
        held.update((relative, known[0]) for relative, known in self._models.items())
        return held

    def keep(
        self, relative: str, raw: bytes, model: BaseModel, document: Document | None = None
    ) -> None:
        """Store the model of a file that read and validated without any problem (and,
        for later loads through this object, the document it was read into)."""
        file_digest = digest(raw)  # the bytes ``model`` was just asked about: not hashed again
        self._seen[relative] = file_digest
        self._models[relative] = (file_digest, model)
        if document is not None:
            self._documents[relative] = (file_digest, document)
        entry = self._index().get(relative)
        if entry is None or entry.digest != file_digest:
            self._dirty = True

    def document(self, relative: str, raw: bytes) -> Document:
        """The document of a file whose model came from the cache: read lazily from its
        text, and the same object for every load through this cache while the bytes stay
        the same (one copy of the text, positions computed at most once)."""
        from sendtrack.store.yamlio import LazyDocument

        file_digest = self._seen.get(relative) or digest(raw)
        known = self._documents.get(relative)
        if known is not None and known[0] == file_digest:
            return known[1]
        document = LazyDocument(relative, raw.decode("utf-8-sig"))
        self._documents[relative] = (file_digest, document)
        return document

    # -- check results ------------------------------------------------------------------

    def checks_key(self, incomplete: Iterable[str], as_of: date) -> bytes:
        """Everything the cross-file checks' result depends on, given this code."""
        hasher = hashlib.blake2b(digest_size=16)
        for relative in sorted(self._seen):
            hasher.update(relative.encode() + b"\0" + self._seen[relative])
        hasher.update(("\0".join(sorted(incomplete)) + "\0" + as_of.isoformat()).encode())
        return hasher.digest()

    def check_problems(self, key: bytes) -> list[Problem] | None:
        self._index()
        blob = self._checks.get(key)
        if blob is None:
            return None
        try:
            problems = pickle.loads(blob)
        except Exception:
            return None
        if not isinstance(problems, list) or not all(isinstance(p, Problem) for p in problems):
            return None
        return problems

    def keep_check_problems(self, key: bytes, problems: list[Problem]) -> None:
        self._index()
        self._checks.pop(key, None)
        self._checks[key] = pickle.dumps(problems, pickle.HIGHEST_PROTOCOL)
        while len(self._checks) > MAX_CHECK_RESULTS:
            del self._checks[next(iter(self._checks))]
        self._dirty = True

    # -- the file -----------------------------------------------------------------------
    #
    # MAGIC, then each entry's pickled model, then the pickled index, then the index's
    # length (8 bytes) and checksum (32). Entries are read one at a time where the index
    # says, each checked against its own checksum: a warm run never holds the whole file.

    def _index(self) -> dict[str, _Entry]:
        if not self._opened:
            self._opened = True
            try:
                self._open()
            except Exception:  # missing, unreadable, truncated, foreign: start afresh
                self.close()
                self._entries, self._checks = {}, {}
        return self._entries

    def _open(self) -> None:
        stream = self._stream = open(self.path, "rb")  # noqa: SIM115 - kept open, see close()
        if stream.read(len(_MAGIC)) != _MAGIC:
            raise ValueError("not a sendtrack cache of this format")
        stream.seek(-_TRAILER_SIZE, os.SEEK_END)
        trailer = stream.read(_TRAILER_SIZE)
        length = int.from_bytes(trailer[:8], "little")
        stream.seek(-_TRAILER_SIZE - length, os.SEEK_END)
        blob = stream.read(length)
        if len(blob) != length or _checksum(blob) != trailer[8:]:
            raise ValueError("the index is damaged")
        index: Any = pickle.loads(blob)
        if not (
            isinstance(index, dict)
            and index.get("fingerprint") == code_fingerprint()
            and index.get("root") == self.root
        ):
            raise ValueError("another build's or another repository's cache")
        self._entries = {name: _Entry(*fields) for name, fields in index["files"].items()}
        self._checks = dict(index["checks"])
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last

    def _read_entry(self, entry: _Entry) -> bytes | None:
        if self._stream is None:
            return None
        try:
            self._stream.seek(entry.offset)
            blob = self._stream.read(entry.length)
        except OSError:
            return None
        return blob if _checksum(blob) == entry.checksum else None

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def save(self) -> None:
        """Write what the latest load learnt (files it did not see are dropped); for a
        ``deferred`` cache, when ``finish()`` is called."""
        if self.deferred:
            self._save_wanted = True
            return
        self._write_out()

    @property
    def unsaved(self) -> bool:
        """A deferred ``save()`` is waiting for ``finish()`` with something to write."""
        return self._save_wanted and self._dirty and self.persist

    def finish(self) -> None:
        """Do the ``save()`` a deferred cache was asked for, if it was."""
        if self._save_wanted:
            self._save_wanted = False
            self._write_out()

    def _write_out(self) -> None:
        if not self._dirty or not self.persist:
            self.close()
            return
        self._index()
        try:
            written = write_cache_file(os.fspath(self.path), self._write)
        finally:
            self.close()
        if written:  # else a read-only or full disk: run without a cache
            self._dirty = False
            self._prune()

    def _write(self, out: BinaryIO) -> None:
        out.write(_MAGIC)
        offset = len(_MAGIC)
        files: dict[str, tuple[bytes, int, int, bytes]] = {}
        for relative, file_digest in self._seen.items():
            entry = self._entries.get(relative)
            known = self._models.get(relative)
            blob: bytes | None = None
            stored = file_digest
            if entry is not None and entry.digest == file_digest:
                blob = self._read_entry(entry)  # unchanged: copied, not pickled again
            if blob is None and known is not None and known[0] == file_digest:
                blob = pickle.dumps(known[1], pickle.HIGHEST_PROTOCOL)
            if blob is None and entry is not None and entry.digest != file_digest:
                # The file now has a problem (never stored): keep the entry for the bytes
                # it had, which an undo in the editor brings straight back.
                blob, stored = self._read_entry(entry), entry.digest
            if blob is None:
                continue
            out.write(blob)
            files[relative] = (stored, offset, len(blob), _checksum(blob))
            offset += len(blob)
        index = pickle.dumps(
            {"fingerprint": code_fingerprint(), "root": self.root, "files": files,
             "checks": self._checks},
            pickle.HIGHEST_PROTOCOL,
        )  # fmt: skip
        out.write(index)
        out.write(len(index).to_bytes(8, "little") + _checksum(index))

    def _prune(self) -> None:
        try:
            caches = sorted(
                (entry.stat().st_mtime, entry.path)
                for entry in os.scandir(self.directory)
                if entry.name.endswith((".cache", ".outputs", ".papers")) and entry.is_file()
            )
            for _, path in caches[: -2 * MAX_REPOSITORIES]:
                os.unlink(path)
        except OSError:
            pass


def library_version(package: str, file: str = "__init__.py") -> bytes:
    """A package's version, as the bytes of the ``file`` beside its ``__init__.py`` that
    holds it, found without importing the package (matplotlib takes ~0.5 s): a warm
    board pack never loads it. Another version draws or renders other bytes."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            return f"no {package}".encode()
        return Path(spec.origin).with_name(file).read_bytes()
    except (OSError, ImportError, ValueError):
        return f"{package} of unknown version".encode()


class ChartCache:
    """Drawn charts (SVG text), keyed by the digest of everything their drawing reads.

    Why: drawing a board pack's twelve charts with matplotlib is most of the pack's
    time, and between two runs the data behind most charts have not changed.

    A chart's key is the digest of its inputs as ``charts.Chart.inputs`` encodes them
    (the drawing function's name and every value it is given, canonically), this build
    of sendtrack (``code_fingerprint``) and matplotlib's version, so a stored SVG is
    exactly what drawing would produce now; any other input is another key. Each entry
    is one file, ``charts/<key>.svg`` under the cache directory (the same directory
    rules as the model cache: never the repository), holding a magic line, a BLAKE2b
    checksum of the SVG and the SVG: a damaged or foreign file is a miss, redrawn and
    rewritten. Plain text, never a pickle: an entry cannot run code. The
    ``MAX_CHARTS`` most recently used are kept. ``--no-cache`` passes no cache at all.
    """

    MAX_CHARTS = 256
    _MAGIC = b"sendtrack-chart-1\n"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = (directory or default_directory()) / "charts"

    def key(self, inputs: bytes) -> str:
        hasher = hashlib.blake2b(code_fingerprint(), digest_size=16)
        hasher.update(library_version("matplotlib", "_version.py") + b"\0" + inputs)
        return hasher.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.svg"

    def get(self, key: str) -> str | None:
        """The SVG stored under ``key``, or None (missing, damaged, not ours)."""
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        start = len(self._MAGIC) + _CHECKSUM_SIZE
        if (
            not blob.startswith(self._MAGIC)
            or _checksum(blob[start:]) != blob[len(self._MAGIC) : start]
        ):
            return None
        try:
            svg = blob[start:].decode("utf-8")
        except UnicodeDecodeError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return svg

    def put(self, key: str, svg: str) -> None:
        """Store ``svg`` under ``key`` (atomically; a disk that refuses is ignored)."""
        payload = svg.encode("utf-8")
        blob = self._MAGIC + _checksum(payload) + payload
        if write_cache_file(os.fspath(self._path(key)), lambda out: out.write(blob)):
            self._prune()

    def _prune(self) -> None:
        try:
            entries = sorted(
                (entry.stat().st_mtime, entry.path)
                for entry in os.scandir(self.directory)
                if entry.name.endswith(".svg") and entry.is_file()
            )
            for _, path in entries[: -self.MAX_CHARTS]:
                os.unlink(path)
        except OSError:
            pass
