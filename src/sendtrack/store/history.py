"""Reading a sendtrack repository as it was at a git revision, through real git.

``diff`` and ``check --base`` compare two states of the data: a revision (a commit,
branch, tag, ``HEAD~2``) and the working tree, or two revisions. This module turns either
into a ``Snapshot`` (a loaded ``Repository`` plus its load problems) by handing the bytes
git stores to ``loader.load_sources``, so a revision is read exactly as files on disk are.

Why it is shaped this way:

* git runs with a clean environment, as pre-commit's ``git.py`` does: inside a hook, git
  exports ``GIT_DIR``, ``GIT_INDEX_FILE`` or ``GIT_WORK_TREE``, which would point our
  commands at the wrong repository or index.
* The files of a revision are listed with one ``git ls-tree`` and read with one
  ``git cat-file --batch`` (the same bytes as ``git show REV:path``, one process instead
  of one per file).
* The sendtrack root may be a folder inside a larger git repository: paths are taken
  relative to it (``git rev-parse --show-prefix``).
* Failure is a ``HistoryError`` whose message says what to do. The common one in CI is a
  shallow clone, where the base of a pull request is simply not there: the message says
  to fetch it (``fetch-depth: 0``) rather than "unknown revision".
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sendtrack.core.problems import Problem, Severity
from sendtrack.store.git import clean_environment as clean_environment  # callers import it here
from sendtrack.store.loader import kind_of, load, load_sources
from sendtrack.store.repository import Repository
from sendtrack.store.root import DATA_FOLDERS

if TYPE_CHECKING:
    from sendtrack.store.cache import ModelCache

WORKING_TREE_LABEL = "working tree"

_BLOB_MODES = frozenset({"100644", "100755"})
"""Regular files only: a symlink (120000) or submodule (160000) is not data, as on disk."""


class HistoryError(Exception):
    """A revision cannot be read. The message says why and what to run."""


@dataclass(frozen=True)
class Revision:
    """One side of a comparison: a commit, or the working tree (``commit`` is None)."""

    spec: str | None
    """What the person typed (``main``, ``HEAD~1``), or None for the working tree."""
    label: str
    """How reports name it: ``main (3f2a9c1)``, ``working tree``."""
    commit: str | None = None


@dataclass
class Snapshot:
    """The repository as loaded at a revision, with the problems loading it found."""

    revision: Revision
    repo: Repository
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=clean_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise HistoryError(
            "git is not installed (or not on PATH); comparing revisions needs git"
        ) from None


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else ""


@dataclass(frozen=True)
class _Checkout:
    root: Path
    """The sendtrack root (where plan/partnership.yaml lives)."""
    prefix: str
    """The sendtrack root relative to the git top level, with a trailing '/', or ''."""


def _checkout(root: Path) -> _Checkout:
    done = _git(root, "rev-parse", "--show-prefix")
    if done.returncode != 0:
        detail = _first_line(done.stderr)
        if "not a git repository" in detail:
            raise HistoryError(
                f"{root} is not in a git repository, so it has no revisions to compare; "
                "run 'git init' and commit the data first"
            )
        raise HistoryError(f"git cannot read {root}: {detail}")
    return _Checkout(root, done.stdout.decode("utf-8").strip())


def _has_commits(checkout: _Checkout) -> bool:
    done = _git(checkout.root, "rev-list", "-n", "1", "--all")
    return done.returncode == 0 and bool(done.stdout.strip())


def _is_shallow(checkout: _Checkout) -> bool:
    done = _git(checkout.root, "rev-parse", "--is-shallow-repository")
    return done.stdout.decode("utf-8").strip() == "true"


def _unknown(checkout: _Checkout, spec: str) -> HistoryError:
    """The message for a revision git does not know, saying what to fetch."""
    if spec == "HEAD" and not _has_commits(checkout):
        return HistoryError("HEAD does not exist yet: the repository has no commits")
    if _is_shallow(checkout):
        return HistoryError(
            f"unknown revision '{spec}': this is a shallow clone, so older commits, other "
            "branches and tags were not fetched; run 'git fetch --unshallow' (in GitHub "
            "Actions, check out with 'fetch-depth: 0')"
        )
    remote, _, branch = spec.partition("/")
    if branch and _git(checkout.root, "remote", "get-url", remote).returncode == 0:
        return HistoryError(
            f"unknown revision '{spec}': the remote branch has not been fetched; "
            f"run 'git fetch {remote} {branch}'"
        )
    return HistoryError(
        f"unknown revision '{spec}': no commit, branch or tag has that name here; "
        "if it exists on a remote, fetch it first (e.g. 'git fetch origin')"
    )


def resolve(root: Path, spec: str) -> Revision:
    """A revision as a commit, or a HistoryError saying what is missing."""
    checkout = _checkout(root)
    if spec.startswith("-"):
        # Never let a revision be read as an option by git.
        raise HistoryError(f"'{spec}' is not a revision")
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    if done.returncode != 0:
        exists = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", spec)
        if exists.returncode == 0:
            raise HistoryError(f"'{spec}' names a git object that is not a commit")
        raise _unknown(checkout, spec)
    commit = done.stdout.decode("ascii").strip()
    if commit.startswith(spec.lower()):
        # A commit id names itself: 'a1b2c3d', not 'a1b2c3d4e5… (a1b2c3d)'.
        return Revision(spec, commit[:7], commit)
    return Revision(spec, f"{spec} ({commit[:7]})", commit)


def _tree_entries(checkout: _Checkout, commit: str) -> list[tuple[str, str]]:
    """(path relative to the sendtrack root, blob id) of every data file at ``commit``."""
    # Pathspecs are relative to the working directory (the sendtrack root); --full-name
    # makes the output relative to the top level, so the prefix is stripped below.
    folders = list(DATA_FOLDERS)
    done = _git(
        checkout.root,
        "ls-tree",
        "-r",
        "-z",
        "--full-name",
        "--end-of-options",
        commit,
        "--",
        *folders,
    )
    if done.returncode != 0:
        raise HistoryError(f"git cannot list the files of {commit[:7]}: {_first_line(done.stderr)}")
    entries: list[tuple[str, str]] = []
    for record in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, blob = meta.split(" ")
        relative = path.removeprefix(checkout.prefix)
        if kind == "blob" and mode in _BLOB_MODES and kind_of(relative) is not None:
            entries.append((relative, blob))
    return sorted(entries)


def _read_blobs(checkout: _Checkout, blobs: Sequence[str]) -> list[bytes]:
    """The contents of the blobs, in order, from one ``git cat-file --batch``."""
    if not blobs:
        return []
    request = "".join(f"{blob}\n" for blob in blobs).encode("ascii")
    done = _git(checkout.root, "cat-file", "--batch", stdin=request)
    if done.returncode != 0:
        raise HistoryError(f"git cannot read file contents: {_first_line(done.stderr)}")
    out = done.stdout
    contents: list[bytes] = []
    position = 0
    for blob in blobs:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode("ascii").split(" ")
        if len(header) != 3 or header[1] != "blob":
            raise HistoryError(f"git could not read object {blob}: {' '.join(header)}")
        size = int(header[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        position = start + size + 1  # the content is followed by a newline
    return contents


def read_revision(root: Path, spec: str | None, *, cache: ModelCache | None = None) -> Snapshot:
    """The repository at ``spec`` (None: the working tree, read from disk).

    ``HEAD`` in a repository with no commits yet is an empty repository: everything in
    the working tree is then new. A revision that predates the sendtrack data (no data
    files at all) is empty too, so the pull request that adds the data diffs cleanly.

    ``cache`` (``cache.ModelCache``) serves files whose bytes it has validated before,
    under the same path: in a revision most files are byte for byte the working tree's.
    This function never saves it; pass a cache that is not saved afterwards when reading
    an old revision, so the working tree's entries are not replaced by old ones.
    """
    if spec is None:
        repo, problems = load(root, cache=cache)
        return Snapshot(Revision(None, WORKING_TREE_LABEL), repo, problems)
    checkout = _checkout(root)
    if spec == "HEAD" and not _has_commits(checkout):
        return Snapshot(Revision(spec, "HEAD (no commits yet)"), Repository(root=root))
    revision = resolve(root, spec)
    assert revision.commit is not None
    entries = _tree_entries(checkout, revision.commit)
    if not entries:
        return Snapshot(revision, Repository(root=root))
    contents = _read_blobs(checkout, [blob for _, blob in entries])
    sources = [(relative, raw) for (relative, _), raw in zip(entries, contents, strict=True)]
    repo, problems = load_sources(root, sources, cache=cache)
    return Snapshot(revision, repo, problems)
