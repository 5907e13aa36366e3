"""Files parsed ahead of the loader by a second process, on the machine's second core.

A cold load spends most of its time turning each file's text into data (libyaml's events
walked in Python: 0.8 s at 10,000 milestones) and validating that data (0.4 s), one file
after another. Forked before the first file is read, a reader parses three files in
four, in the loader's order, and sends each one's data back through a pipe, while the
loader parses the fourth and validates them all; the two overlap almost entirely.

What it sends cannot differ from what the loader would have read itself:

* the data is built by the same function (``yamlio.fast_data``) from the same bytes: each
  answer carries the BLAKE2b digest of the bytes it was read from, and the loader uses
  it only if its own bytes of the file have the same digest (a file changed between the
  two reads is read again by the loader);
* a file the fast path declines (anything ``read`` would report a problem in, or locate
  anything for) is sent back as declined, and the loader reads it itself, in full;
* the data is plain text, lists, dicts and None, sent with ``marshal``, which builds
  nothing else from what it receives (no pickle: no object is ever constructed, no code
  run), over a pipe only the two processes hold.

The reader writes nothing but the pipe (``core.forks``), and stops when the loader closes
it (a load that ends early). Whatever goes wrong on either side ends the reading ahead,
never the load: the loader then reads the files it has not been sent itself. Forked only
where it can run beside the loader (POSIX, one thread, two cores) and is worth it
(enough files): see ``start``.
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping, Sequence
from pathlib import Path as FsPath
from typing import IO, Any

from sendtrack.core.forks import can_run_beside, fork_sender, reap
from sendtrack.core.problems import Problem
from sendtrack.store.fingerprint import digest
from sendtrack.store.yamlio import DECLINED, Document, LazyDocument, decode, fast_data
from sendtrack.store.yamlio import read_for_models as read_here

LOADER_SHARE = 4
"""One file in this many is the loader's own: it validates every file besides, so the
reader, which only parses, keeps pace taking the other three (at 10,000 milestones a
load took 0.99 s alone, 0.83 s sharing one file in three, 0.75 s in four, 0.81 s in
five: with five the loader waits for the reader)."""

FEWEST_FILES = 2 * LOADER_SHARE
"""Below this many files a fork costs more than it saves (a few milliseconds)."""

_LENGTH = 8


class ReadAhead:
    """The loader's side: ``read`` answers as ``yamlio.read_for_models`` does."""

    def __init__(self, child: int, stream: IO[bytes], theirs: frozenset[str]) -> None:
        self._child: int | None = child
        self._stream: IO[bytes] | None = stream
        self._theirs = theirs
        """The files the reader parses."""
        self.answered = 0
        """Files whose data came from the reader."""

    @property
    def pid(self) -> int | None:
        """The reader's process id, until ``close`` has waited for it."""
        return self._child

    def read(self, raw: bytes, file: str) -> tuple[Document | None, Any, list[Problem]]:
        """``read_for_models(raw, file)``, from the reader's answer where it has one."""
        if file in self._theirs:
            answer = self._answer_for(file)
            if answer is not None and answer[0] == digest(raw):
                text, _ = decode(raw, file)
                if text is not None:
                    self.answered += 1
                    return LazyDocument(file, text), answer[1], []
        return read_here(raw, file)

    def _answer_for(self, file: str) -> tuple[bytes, Any] | None:
        """The reader's (digest, data) for ``file``, or None where it has none (declined
        it, or stopped). Answers come in the loader's order; the ones the loader never
        asks for (files it found in its model cache) are passed over."""
        while self._stream is not None:
            try:
                head = self._stream.read(_LENGTH)
                body = self._stream.read(int.from_bytes(head, "little")) if head else b""
                name, file_digest, parsed, data = marshal.loads(body)
            except (OSError, EOFError, ValueError, TypeError):  # the reader stopped
                self.close()
                return None
            if name == file:
                return (file_digest, data) if parsed else None
        return None

    def close(self) -> None:
        """Stop the reader (if it is still sending) and wait for it to end."""
        if self._stream is not None:
            self._stream.close()  # a reader still writing meets a closed pipe and stops
            self._stream = None
        if self._child is not None:
            reap(self._child)
            self._child = None


def start(
    root: FsPath,
    files: Sequence[str],
    held: Mapping[str, bytes] | None = None,
    *,
    fewest: int = FEWEST_FILES,
) -> ReadAhead | None:
    """A reader for ``files`` (the loader's order), or None where one cannot or should
    not be forked (``forks.can_run_beside``; fewer than ``fewest`` files). ``held``:
    digests of files whose models the loader already has (its cache): the reader skips
    those with the same bytes."""
    if len(files) < fewest or not can_run_beside():
        return None
    theirs = [name for index, name in enumerate(files) if index % LOADER_SHARE != 0]
    known = dict(held or {})
    forked = fork_sender(lambda out: _send(root, theirs, known, out))
    if forked is None:
        return None
    return ReadAhead(*forked, frozenset(theirs))


def _send(root: FsPath, files: Sequence[str], held: Mapping[str, bytes], out: IO[bytes]) -> None:
    """The reader: each file's (name, digest, parsed, data) in turn."""
    for name in files:
        try:
            raw = (root / name).read_bytes()
        except OSError:
            raw = b""  # the loader reports it when it reads the file itself
        file_digest = digest(raw)
        data: Any = DECLINED  # not parsed: held already, unreadable, or declined
        if raw and held.get(name) != file_digest:
            text, _ = decode(raw, name)
            if text is not None:
                data = fast_data(text)
        parsed = data is not DECLINED
        body = marshal.dumps((name, file_digest, parsed, data if parsed else None))
        out.write(len(body).to_bytes(_LENGTH, "little") + body)
        out.flush()  # each answer as soon as it is ready: the loader may be waiting
