"""The repository as it was recorded on past dates: what the board saw, from git.

``--as-of D`` evaluates today's data at D; an inspector asking "what did the board know
on 3 November?" means the data as committed then. This module answers the second
question: the last commit on or before a day along the first-parent history of the
current branch (what the branch itself recorded, not the side branches merged into it),
by committer date in the commit's own time zone, read through git.

Why one reader for many revisions: ``sendtrack trend`` reads the state at every board,
twenty or more. One ``git log`` lists the history and one long-running ``git cat-file
--batch`` serves every tree and blob, so the cost is one process pair, not one per
revision; a blob seen at an earlier board is not read twice, and the model cache (keyed
by the bytes) validates each distinct file once.

History that was rewritten is reported, not silently read: a commit committed before its
own parent (dates moved), or committed more than a day after it was authored (amended,
rebased or squashed later), carries a note, since "as recorded on D" then means "as
committed on D", which may not be what the board saw.
"""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sendtrack.core.problems import Problem
from sendtrack.store.git import clean_environment
from sendtrack.store.history import HistoryError
from sendtrack.store.loader import kind_of, load_sources
from sendtrack.store.repository import Repository
from sendtrack.store.root import DATA_FOLDERS

if TYPE_CHECKING:
    from sendtrack.store.cache import ModelCache

_BLOB_MODES = (b"100644", b"100755")
_REWRITE_GAP = timedelta(days=1)


@dataclass(frozen=True)
class Commit:
    id: str
    committed: datetime
    authored: datetime
    subject: str

    @property
    def short(self) -> str:
        return self.id[:7]

    @property
    def day(self) -> date:
        """The committer's calendar day, in the commit's own time zone."""
        return self.committed.date()

    def label(self) -> str:
        """'3f2a9c1 (3 Nov 2025 17:05)': how papers name what they read."""
        from sendtrack.core.dates import long_form

        return f"{self.short} ({long_form(self.day)} {self.committed:%H:%M})"


@dataclass(frozen=True)
class History:
    """The first-parent history of HEAD, newest first, with its rewrite notes."""

    root: Path
    prefix: str
    commits: list[Commit]
    shallow: bool
    notes: dict[str, str] = field(default_factory=dict)
    """Commit id → why its date may not be when the board saw it."""

    def at(self, day: date) -> Commit | None:
        """The last commit on or before ``day``, or None if none is that old."""
        for commit in self.commits:
            if commit.day <= day:
                return commit
        return None

    def too_old(self, day: date) -> HistoryError:
        """The message for a day older than every commit."""
        if not self.commits:
            return HistoryError("the repository has no commits yet: nothing was recorded")
        first = self.commits[-1]
        from sendtrack.core.dates import long_form

        if self.shallow:
            return HistoryError(
                f"no commit on or before {long_form(day)} in this shallow clone (its oldest "
                f"is {long_form(first.day)}); run 'git fetch --unshallow' (in GitHub "
                "Actions, check out with 'fetch-depth: 0')"
            )
        return HistoryError(
            f"nothing was recorded by {long_form(day)}: the first commit is of "
            f"{long_form(first.day)}"
        )


class NotInGit(HistoryError):
    """The repository is not in git: nothing was recorded (papers say so in a sentence)."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, env=clean_environment(), check=False
        )
    except FileNotFoundError:
        raise HistoryError(
            "git is not installed (or not on PATH); reading history needs git"
        ) from None


def history(root: Path) -> History:
    """The first-parent history of the branch checked out at ``root``."""
    # One process for both: the folder within the repository, then whether it is shallow.
    prefix_run = _git(root, "rev-parse", "--show-prefix", "--is-shallow-repository")
    if prefix_run.returncode != 0:
        detail = prefix_run.stderr.decode("utf-8", "replace").strip().splitlines()
        if detail and "not a git repository" in detail[0]:
            raise NotInGit(
                f"{root} is not in a git repository, so nothing was recorded: '--as-recorded' "
                "and 'trend' read the data as committed"
            )
        raise HistoryError(f"git cannot read {root}: {detail[0] if detail else ''}")
    prefix_line, shallow_line = prefix_run.stdout.decode("utf-8").split("\n")[:2]
    prefix = prefix_line.strip()
    log = _git(root, "log", "--first-parent", "-z", "--format=%H%x1f%cI%x1f%aI%x1f%s", "HEAD", "--")
    commits: list[Commit] = []
    if log.returncode == 0:
        for record in log.stdout.decode("utf-8", "replace").split("\0"):
            record = record.strip("\n")
            if not record:
                continue
            commit_id, committed, authored, subject = record.split("\x1f", 3)
            commits.append(
                Commit(
                    commit_id,
                    datetime.fromisoformat(committed),
                    datetime.fromisoformat(authored),
                    subject,
                )
            )
    shallow = shallow_line.strip() == "true"
    return History(root, prefix, commits, shallow, _rewrite_notes(commits))


def _rewrite_notes(commits: Sequence[Commit]) -> dict[str, str]:
    notes: dict[str, str] = {}
    for commit, parent in itertools.pairwise(commits):
        if commit.committed < parent.committed:
            notes[commit.id] = (
                f"commit {commit.short} is dated before its parent {parent.short}: the "
                "history was rewritten with other dates"
            )
    for commit in commits:
        if commit.id not in notes and commit.committed - commit.authored > _REWRITE_GAP:
            notes[commit.id] = (
                f"commit {commit.short} was committed on {commit.committed:%Y-%m-%d} but "
                f"written on {commit.authored:%Y-%m-%d} (amended, rebased or squashed): "
                "as recorded means as committed"
            )
    return notes


class ObjectReader:
    """One ``git cat-file --batch`` process serving trees and blobs by name."""

    def __init__(self, root: Path) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=clean_environment(),
            )
        except FileNotFoundError:
            raise HistoryError("git is not installed (or not on PATH)") from None
        self._blobs: dict[bytes, bytes] = {}

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def read(self, name: str) -> tuple[str, bytes] | None:
        """(type, content) of the object, or None when it does not exist."""
        assert self._process.stdin is not None and self._process.stdout is not None
        if "\n" in name:
            raise HistoryError("an object name cannot hold a line break")
        self._process.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline()
        if not header:
            raise HistoryError("git cat-file stopped answering")
        parts = header.rstrip(b"\n").split(b" ")
        if len(parts) != 3:  # '<name> missing' or 'ambiguous'
            return None
        size = int(parts[2])
        content = self._process.stdout.read(size)
        self._process.stdout.read(1)  # the newline after every object
        return parts[1].decode("ascii"), content

    def blob(self, sha: bytes) -> bytes:
        cached = self._blobs.get(sha)
        if cached is None:
            found = self.read(sha.hex())
            if found is None or found[0] != "blob":
                raise HistoryError(f"git could not read blob {sha.hex()}")
            cached = found[1]
            self._blobs[sha] = cached
        return cached


def _tree_entries(content: bytes) -> Iterator[tuple[bytes, str, bytes]]:
    """(mode, name, 20-byte id) of each entry of a raw tree object."""
    position = 0
    while position < len(content):
        space = content.index(b" ", position)
        nul = content.index(b"\0", space)
        mode = content[position:space]
        name = content[space + 1 : nul].decode("utf-8", "surrogateescape")
        yield mode, name, content[nul + 1 : nul + 21]
        position = nul + 21


def data_sources(reader: ObjectReader, prefix: str, commit: str) -> list[tuple[str, bytes]]:
    """(path, bytes) of every data file at ``commit``: regular files only, as on disk."""
    sources: list[tuple[str, bytes]] = []
    for folder in DATA_FOLDERS:
        found = reader.read(f"{commit}:{prefix}{folder}")
        if found is None or found[0] != "tree":
            continue
        for mode, name, sha in _tree_entries(found[1]):
            relative = f"{folder}/{name}"
            if mode in _BLOB_MODES and kind_of(relative) is not None:
                sources.append((relative, reader.blob(sha)))
    return sorted(sources)


@dataclass
class Recorded:
    """The repository as committed by a day: the commit read, its note, the load."""

    day: date
    commit: Commit
    repo: Repository
    problems: list[Problem]
    note: str | None = None

    def label(self) -> str:
        return f"as recorded at commit {self.commit.label()}"


def read_recorded(
    root: Path,
    day: date,
    *,
    cache: ModelCache | None = None,
    past: History | None = None,
    reader: ObjectReader | None = None,
) -> Recorded:
    """The repository as committed by the end of ``day``; HistoryError if none was."""
    past = past or history(root)
    commit = past.at(day)
    if commit is None:
        raise past.too_old(day)
    own_reader = reader is None
    active = reader or ObjectReader(root)
    try:
        sources = data_sources(active, past.prefix, commit.id)
    finally:
        if own_reader:
            active.close()
    repo, problems = load_sources(root, sources, cache=cache)
    return Recorded(day, commit, repo, problems, past.notes.get(commit.id))


class Record:
    """Git's record of one repository, opened once for a paper that reads it several times.

    A board pack reads the state at every board (its trend) and at the last one (what
    changed since): one ``git log`` lists the history when the record is opened, and one
    ``git cat-file --batch`` process, started at the first read, serves every revision.
    Outside git the record is empty and ``missing`` says why, so a paper can say it in a
    sentence where a command that needs the record fails with it (``read``).
    """

    def __init__(self, root: Path, cache: ModelCache | None = None) -> None:
        self.root = root
        self.cache = cache
        self.past: History | None = None
        self.missing: HistoryError | None = None
        try:
            self.past = history(root)
        except HistoryError as exc:
            self.missing = exc
        self._reader: ObjectReader | None = None

    def __enter__(self) -> Record:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def history(self) -> History:
        """The history; HistoryError (``NotInGit`` outside git) when there is none."""
        if self.past is None:
            assert self.missing is not None
            raise self.missing
        return self.past

    def read(self, day: date) -> Recorded:
        """The repository as committed by the end of ``day`` (``read_recorded``)."""
        past = self.history()
        if past.at(day) is None:
            raise past.too_old(day)
        if self._reader is None:
            self._reader = ObjectReader(self.root)
        return read_recorded(self.root, day, cache=self.cache, past=past, reader=self._reader)
