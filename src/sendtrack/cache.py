"""A cache of validated models keyed by file contents: unchanged files are not read twice.

Why: reading and validating 10,000 milestones costs about a second and a half even on the
fast path; reading the same models back from a pickle costs about a tenth of a second.
Editors run sendtrack on every save and CI on every commit, mostly over unchanged files.

It can never serve stale data:

* a file's entry is used only when the file's bytes hash (BLAKE2b, 128 bits) to the
  digest stored with it, under the same path (a file's kind follows from its path);
  any byte change is a miss;
* the whole cache belongs to one build of sendtrack: a fingerprint of every Python file
  of the package and of the Python, pydantic-core and PyYAML versions is stored in it,
  and a cache with any other fingerprint, another repository's, or a file that is not
  exactly what was written (a checksum covers all of it: truncated, flipped bits, not
  ours at all) is ignored and then rewritten;
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
removed. Deleting the directory, or any file in it, is always safe. ``--no-cache``
reads everything afresh and leaves the cache alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import __version__ as pydantic_core_version

from sendtrack.problems import Problem

FORMAT = "sendtrack-cache-1"
MAX_REPOSITORIES = 32
"""Cache files kept (one per repository): enough for an adviser's many partnerships."""

MAX_CHECK_RESULTS = 8
"""Check results kept per repository (one per as-of day asked for)."""

ENV_VAR = "SENDTRACK_CACHE_DIR"


_MAGIC = FORMAT.encode() + b"\n"
_CHECKSUM_SIZE = 32


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_CHECKSUM_SIZE).digest()


def default_directory() -> Path:
    """Where the cache lives; see the module's docstring."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "sendtrack"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "sendtrack" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "sendtrack"
    return Path.home() / ".cache" / "sendtrack"


_fingerprint: bytes | None = None


def code_fingerprint() -> bytes:
    """What the cached values were made by: sendtrack's code and its parsers' versions."""
    global _fingerprint
    if _fingerprint is None:
        package = Path(__file__).resolve().parent
        hasher = hashlib.blake2b(digest_size=16)
        for part in (sys.version, pydantic_core_version, yaml.__version__):
            hasher.update(part.encode() + b"\0")
        # os.walk over ~60 small files costs ~2 ms; pathlib's rglob costs ten times that.
        for folder, subfolders, files in os.walk(package):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    with open(path, "rb") as stream:
                        hasher.update(os.path.relpath(path, package).encode() + b"\0")
                        hasher.update(stream.read())
        _fingerprint = hasher.digest()
    return _fingerprint


class ModelCache:
    """The cache of one repository: look models up by (path, digest), then ``save()``.

    Nothing is read from disk until the first lookup and nothing written unless
    something new was learnt. Every failure to read or write is silent: a cache that
    cannot be used is simply not used.
    """

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        self.root = str(root.resolve())
        self.directory = directory or default_directory()
        name = hashlib.blake2b(self.root.encode(), digest_size=16).hexdigest()
        self.path = self.directory / f"{name}.pickle"
        self._loaded = False
        self._dirty = False
        self._files: dict[str, tuple[bytes, bytes]] = {}
        """Relative path → (digest of the file, pickled model)."""
        self._checks: dict[bytes, bytes] = {}
        """Checks key → pickled problems, oldest first."""
        self._seen: dict[str, bytes] = {}
        """Files read in this run: only these are written back."""

    # -- files --------------------------------------------------------------------------

    def model(self, relative: str, raw: bytes) -> BaseModel | None:
        """The model stored for this file with exactly these bytes, or None."""
        file_digest = digest(raw)
        self._seen[relative] = file_digest
        entry = self._read().get(relative)
        if entry is None or entry[0] != file_digest:
            return None
        try:
            model = pickle.loads(entry[1])
        except Exception:  # a corrupt entry is a miss; the file is read afresh
            self._files.pop(relative, None)
            return None
        return model if isinstance(model, BaseModel) else None

    def keep(self, relative: str, raw: bytes, model: BaseModel) -> None:
        """Store the model of a file that read and validated without any problem."""
        file_digest = self._seen.get(relative) or digest(raw)
        self._seen[relative] = file_digest
        entry = self._read().get(relative)
        if entry is not None and entry[0] == file_digest:
            return
        self._files[relative] = (file_digest, pickle.dumps(model, pickle.HIGHEST_PROTOCOL))
        self._dirty = True

    # -- check results ------------------------------------------------------------------

    def checks_key(self, incomplete: Iterable[str], as_of: date) -> bytes:
        """Everything the cross-file checks' result depends on, given this code."""
        hasher = hashlib.blake2b(digest_size=16)
        for relative in sorted(self._seen):
            hasher.update(relative.encode() + b"\0" + self._seen[relative])
        hasher.update(("\0".join(sorted(incomplete)) + "\0" + as_of.isoformat()).encode())
        return hasher.digest()

    def check_problems(self, key: bytes) -> list[Problem] | None:
        blob = self._read_checks().get(key)
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
        checks = self._read_checks()
        checks.pop(key, None)
        checks[key] = pickle.dumps(problems, pickle.HIGHEST_PROTOCOL)
        while len(checks) > MAX_CHECK_RESULTS:
            del checks[next(iter(checks))]
        self._dirty = True

    # -- disk ---------------------------------------------------------------------------

    def _read(self) -> dict[str, tuple[bytes, bytes]]:
        if not self._loaded:
            self._loaded = True
            self._files, self._checks = self._load()
        return self._files

    def _read_checks(self) -> dict[bytes, bytes]:
        self._read()
        return self._checks

    def _load(self) -> tuple[dict[str, tuple[bytes, bytes]], dict[bytes, bytes]]:
        try:
            with open(self.path, "rb") as stream:
                blob = stream.read()
        except OSError:
            return {}, {}
        # A checksum over everything stored: a flipped bit inside a pickled model could
        # otherwise unpickle into a model with a different value.
        header = len(_MAGIC) + _CHECKSUM_SIZE
        if not blob.startswith(_MAGIC) or _checksum(blob[header:]) != blob[len(_MAGIC) : header]:
            return {}, {}
        try:
            stored: Any = pickle.loads(blob[header:])
        except Exception:  # a pickle from an incompatible Python, say: start afresh
            return {}, {}
        if not (
            isinstance(stored, dict)
            and stored.get("format") == FORMAT
            and stored.get("fingerprint") == code_fingerprint()
            and stored.get("root") == self.root
            and isinstance(stored.get("files"), dict)
            and isinstance(stored.get("checks"), dict)
        ):
            return {}, {}
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return stored["files"], stored["checks"]

    def save(self) -> None:
        """Write what this run learnt (files not seen in this run are dropped)."""
        if not self._dirty:
            return
        self._read()
        files = {
            relative: self._files[relative] for relative in self._seen if relative in self._files
        }
        stored = {
            "format": FORMAT,
            "fingerprint": code_fingerprint(),
            "root": self.root,
            "files": files,
            "checks": self._checks,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.directory)
            try:
                payload = pickle.dumps(stored, pickle.HIGHEST_PROTOCOL)
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_MAGIC + _checksum(payload) + payload)
                os.replace(temp, self.path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a read-only or full disk: run without a cache
        self._dirty = False
        self._prune()

    def _prune(self) -> None:
        try:
            caches = sorted(
                (entry.stat().st_mtime, entry.path)
                for entry in os.scandir(self.directory)
                if entry.name.endswith(".pickle") and entry.is_file()
            )
            for _, path in caches[:-MAX_REPOSITORIES]:
                os.unlink(path)
        except OSError:
            pass
