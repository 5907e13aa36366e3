"""What a cached value was made by, and where caches live: cheap enough to ask first.

``code_fingerprint`` is stored with every cached model and keys every stored output:
sendtrack's own code (its Python files and templates), the Python version and the
installed versions of the libraries that shape what is stored. A cache made by any
other build is ignored.

Written with ``os`` and BLAKE2 only: it runs before an unchanged repository's status
is printed from the output cache (``cli/stored_output.py``), where importing pathlib,
importlib.util or the libraries themselves (pydantic-core and PyYAML cost more than the
whole answer may take) would be most of the run.
"""

from __future__ import annotations

import os
import sys
import time

try:
    # hashlib's own BLAKE2b, without hashlib: importing hashlib loads OpenSSL (_hashlib,
    # ~3.5 ms, a tenth of the early answer), whose hashes nothing here uses.
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - an interpreter whose hashlib is built otherwise
    from hashlib import blake2b as blake2b

TYPE_CHECKING = False  # not typing's, nor collections.abc at run time: render/terminal.py
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

ENV_VAR = "SENDTRACK_CACHE_DIR"

SHAPING_LIBRARIES = (
    ("pydantic", "pydantic"),
    ("pydantic_core", "pydantic_core"),
    ("yaml", "pyyaml"),
    ("rich", "rich"),
    ("tabulate", "tabulate"),
)
"""The libraries whose version changes what is cached (module, distribution): the
models pickled, the YAML read, the text and Markdown rendered into stored outputs."""

_fingerprint: bytes | None = None
_latest: tuple[bytes, bytes] = (b"", blake2b(b"", digest_size=16).digest())
"""The bytes ``digest`` was last asked about, and their digest."""
_listings: dict[str, list[str]] = {}
"""Folder → its names, as ``installed_version`` listed them."""


def digest(raw: bytes) -> bytes:
    """A file's identity in every cache: BLAKE2b, 128 bits.

    The loader asks for the same bytes up to three times in a row (the model cache when
    looking a file up and when keeping its model, the reader's answer when checking it):
    the latest bytes asked about are held with their digest, so they are hashed once.
    Bytes never change, and holding them keeps their identity from being reused."""
    global _latest
    if raw is not _latest[0]:
        _latest = (raw, blake2b(raw, digest_size=16).digest())
    return _latest[1]


def repository_stem(root: str) -> str:
    """The name a repository's files in the cache folder share (``<stem>.cache``,
    ``<stem>.outputs``, ``<stem>.papers``): a hash of its resolved folder."""
    return blake2b(root.encode(), digest_size=16).hexdigest()


def cache_folder() -> str:
    """Where the caches live: ``$SENDTRACK_CACHE_DIR`` if set, else
    ``$XDG_CACHE_HOME/sendtrack``, else the platform's user cache folder."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    if os.environ.get("XDG_CACHE_HOME"):
        return os.path.join(os.environ["XDG_CACHE_HOME"], "sendtrack")
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return os.path.join(os.environ["LOCALAPPDATA"], "sendtrack", "cache")
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "sendtrack")
    return os.path.join(home, ".cache", "sendtrack")


def _normalised(distribution: str) -> str:
    """A distribution's name as packaging compares them: 'PyYAML' and 'pyyaml' are one
    name, as are 'ruamel.yaml' and 'ruamel_yaml'."""
    return distribution.lower().replace("-", "_").replace(".", "_")


def installed_version(module: str, distribution: str) -> str:
    """``distribution``'s installed version, read from the name of its ``.dist-info``
    folder (``<name>-<version>.dist-info``) in the first ``sys.path`` folder holding
    ``module``, as the import system would find it; the module's ``__version__``, imported,
    where there is no such folder (an unusual install)."""
    top = module.partition(".")[0]
    wanted = _normalised(distribution)
    for entry in sys.path:
        folder = entry or os.curdir
        if not (
            os.path.isdir(os.path.join(folder, top))
            or os.path.isfile(os.path.join(folder, f"{top}.py"))
        ):
            continue
        try:
            # The shaping libraries share a folder: it is listed once a run, not five times.
            names = _listings.get(folder) or _listings.setdefault(folder, os.listdir(folder))
        except OSError:
            break
        for name in names:
            stem = name.removesuffix(".dist-info")
            if stem != name and _normalised(stem.partition("-")[0]) == wanted:
                return stem
        break
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return f"no {module}"
    return f"{module} {getattr(loaded, '__version__', 'of unknown version')}"


def code_fingerprint() -> bytes:
    """What the cached values were made by (see the module's docstring); computed once."""
    global _fingerprint
    if _fingerprint is None:
        # The whole package, not this module's folder: models/ and plan/ shape what is
        # cached as much as store/ does.
        _fingerprint = package_fingerprint(
            os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        )
    return _fingerprint


def package_fingerprint(package: str, racy_ns: int = 2_000_000_000) -> bytes:
    """A hash of every code file in ``package`` (names and bytes), the Python version and
    the shaping libraries' versions.

    Hashing the ~170 files is most of an early answer's own time (~8 ms of it), so the
    hash is remembered in the cache folder (``FINGERPRINTS``) under a signature of every
    file's inode, size and times, which any write to a file changes (its ctime, which no
    program can set back), as git's index tells a changed file. A file changed within
    the last ``racy_ns`` nanoseconds may change again within the same tick of the file
    system's clock, unseen: then the hash is not remembered, and is computed again next
    time."""
    files, versions = _code_files(package), _versions()
    signature = blake2b(versions, digest_size=16)
    newest = 0
    for relative, path in files:
        status = os.stat(path)
        signature.update(
            f"{relative}\0{status.st_ino} {status.st_size} {status.st_mtime_ns} "
            f"{status.st_ctime_ns}\0".encode()
        )
        newest = max(newest, status.st_mtime_ns, status.st_ctime_ns)
    key = signature.digest()
    remembered = _remembered_fingerprints()
    found = remembered.get(key)
    if found is None:
        hasher = blake2b(versions, digest_size=16)
        for relative, path in files:
            with open(path, "rb") as stream:
                hasher.update(relative.encode() + b"\0")
                hasher.update(stream.read())
        found = hasher.digest()
        if time.time_ns() - newest > racy_ns:
            _remember_fingerprint(remembered, key, found)
    return found


def _versions() -> bytes:
    """Python's version and the shaping libraries' installed versions."""
    parts = [sys.version]
    parts += [installed_version(module, name) for module, name in SHAPING_LIBRARIES]
    return "\0".join(parts).encode() + b"\0"


def _code_files(package: str) -> list[tuple[str, str]]:
    """(path relative to the package, path) of every file of its code, in a fixed order."""
    found = []
    # os.walk over ~170 small files costs ~1 ms; pathlib's rglob costs ten times that.
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            # Templates are code too: a paper's HTML is rendered from them.
            if name.endswith((".py", ".j2")):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, package), path))
    return found


FINGERPRINTS = "code-fingerprints"
"""The file in the cache folder remembering fingerprints by their files' signature: a few
builds of sendtrack (one per virtual environment, say) share one cache folder."""
_KEPT_FINGERPRINTS = 8
_RECORD = 16 + 16 + 8  # signature, fingerprint, checksum of both


def _remembered_fingerprints() -> dict[bytes, bytes]:
    """Signature → fingerprint, for each whole record whose checksum holds."""
    try:
        with open(os.path.join(cache_folder(), FINGERPRINTS), "rb") as stream:
            blob = stream.read(_RECORD * _KEPT_FINGERPRINTS)
    except OSError:
        return {}
    remembered = {}
    for start in range(0, len(blob) - _RECORD + 1, _RECORD):
        record = blob[start : start + _RECORD]
        if blake2b(record[:32], digest_size=8).digest() == record[32:]:
            remembered[record[:16]] = record[16:32]
    return remembered


def _remember_fingerprint(remembered: dict[bytes, bytes], key: bytes, value: bytes) -> None:
    """Add ``key`` → ``value`` as the newest record (a folder that cannot be written is
    left as it is: the fingerprint is computed again next time)."""
    kept = [*((k, v) for k, v in remembered.items() if k != key), (key, value)]
    blob = b"".join(
        k + v + blake2b(k + v, digest_size=8).digest() for k, v in kept[-_KEPT_FINGERPRINTS:]
    )
    write_cache_file(os.path.join(cache_folder(), FINGERPRINTS), lambda out: out.write(blob))


def write_cache_file(path: str, write: Callable[[BinaryIO], object]) -> bool:
    """Write the cache file ``path`` with ``write(stream)``, atomically: a reader sees the
    old file or the new one, never part of one. False, and the file as it was, where the
    folder refuses (read-only, full): a run goes on without its cache."""
    import contextlib  # here, not at the top: the early answer only reads
    import tempfile

    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            return False
        raise
    return True
