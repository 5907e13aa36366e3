"""Whole outputs of read-only commands (``status``, the papers), keyed by everything
they depend on, so an identical run prints them again without loading a model.

The key is every file in the data folders (name and bytes), the command and its
parameters (the days, the format, the width, colour or not: whatever the caller
passes), the repository's folder and the code fingerprint. An identical run prints the
stored text without importing pydantic or reading a model. Only outputs of runs that
succeeded are stored (the caller decides).

The file (``<repository hash>.<kind>`` beside the model cache, see ``cache.py``) holds
the ``MAX_OUTPUTS`` most recent outputs, each a record: its key (16 bytes), the length
of its text (8 bytes), a BLAKE2b checksum of key and text (32 bytes), the text in UTF-8.
A record whose checksum fails is not used; a file that does not start with ``MAGIC`` is
ignored and then rewritten. No pickle: reading one must never run code, and the
records are plain bytes, so answering needs neither pickle nor pathlib (this module
imports ``os`` and BLAKE2 only; ``cli/stored_output.py`` runs it before anything else
is imported).
"""

from __future__ import annotations

import os

from sendtrack.store.fingerprint import (
    blake2b,
    cache_folder,
    code_fingerprint,
    digest,
    repository_stem,
    write_cache_file,
)
from sendtrack.store.root import DATA_FOLDERS

TYPE_CHECKING = False  # not typing's, nor collections.abc at run time: render/terminal.py
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

MAGIC = b"sendtrack-outputs-2\n"
_KEY_SIZE = 16
_LENGTH_SIZE = 8
_CHECKSUM_SIZE = 32
_HEAD_SIZE = _KEY_SIZE + _LENGTH_SIZE + _CHECKSUM_SIZE


def _checksum(key: bytes, text: bytes) -> bytes:
    return blake2b(key + text, digest_size=_CHECKSUM_SIZE).digest()


class OutputCache:
    """The stored outputs of one repository (see the module's docstring)."""

    MAX_OUTPUTS = 4

    def __init__(
        self, root: str | os.PathLike[str], directory: str | os.PathLike[str] | None = None,
        kind: str = "outputs",
    ) -> None:  # fmt: skip
        """``kind`` names the file, so outputs of another size or use (the board papers:
        ``papers``, a few hundred KB each) keep their own ``MAX_OUTPUTS``."""
        self.root = os.path.realpath(root)
        self.directory = os.fspath(directory) if directory is not None else cache_folder()
        self.path = os.path.join(self.directory, f"{repository_stem(self.root)}.{kind}")

    def key(self, parameters: Iterable[str]) -> bytes | None:
        """The key for these parameters and the data folders as they are, or None if a
        file cannot be read (the command then reports it)."""
        hasher = blake2b(code_fingerprint(), digest_size=_KEY_SIZE)
        hasher.update(self.root.encode() + b"\0")
        for part in parameters:
            hasher.update(part.encode() + b"\0")
        try:
            for folder in DATA_FOLDERS:
                where = os.path.join(self.root, folder)
                if not os.path.isdir(where):
                    hasher.update(f"no {folder}\0".encode())
                    continue
                # Every regular file, not only the ones the loader reads: a superset of
                # what the output can depend on, so the key can only be too strict.
                with os.scandir(where) as entries:
                    names = sorted(
                        entry.name for entry in entries if entry.is_file(follow_symlinks=False)
                    )
                for name in names:
                    hasher.update(f"{folder}/{name}\0".encode())
                    with open(os.path.join(where, name), "rb") as stream:
                        hasher.update(digest(stream.read()))
        except OSError:
            return None
        return hasher.digest()

    def get(self, key: bytes) -> str | None:
        for stored, text in self._records():
            if stored == key:
                try:
                    return text.decode("utf-8")
                except UnicodeDecodeError:
                    return None
        return None

    def put(self, key: bytes, text: str) -> None:
        """Keep ``text`` under ``key`` as the most recent output; a cache that cannot be
        written is left as it was (the command's output is what matters)."""
        records = [(stored, value) for stored, value in self._records() if stored != key]
        records = [*records, (key, text.encode("utf-8"))][-self.MAX_OUTPUTS :]
        blob = b"".join(
            stored + len(value).to_bytes(_LENGTH_SIZE, "little") + _checksum(stored, value) + value
            for stored, value in records
        )
        write_cache_file(self.path, lambda out: out.write(MAGIC + blob))

    def _records(self) -> Iterator[tuple[bytes, bytes]]:
        """The file's whole records whose checksums hold, oldest first; none if the file
        is missing or not ours. Reading stops at the first damaged record."""
        try:
            stream = open(self.path, "rb")  # noqa: SIM115 - held across the yields
        except OSError:
            return
        with stream:
            if stream.read(len(MAGIC)) != MAGIC:
                return
            while len(head := stream.read(_HEAD_SIZE)) == _HEAD_SIZE:
                key = head[:_KEY_SIZE]
                length = int.from_bytes(head[_KEY_SIZE : _KEY_SIZE + _LENGTH_SIZE], "little")
                text = stream.read(length)
                if len(text) != length or _checksum(key, text) != head[-_CHECKSUM_SIZE:]:
                    return
                yield key, text
