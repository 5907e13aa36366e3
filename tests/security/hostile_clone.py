"""A repository as a victim receives it: written and committed by someone else, then cloned.

The security tests plant their attack in ``gitrepo.BOARD`` (a small, valid repository),
commit it in an "attacker" repository and clone that with real git, so what sendtrack
reads is exactly what a reviewer or CI gets from a pull request's branch — symbolic links
included. ``snapshot`` records every file under a folder, to prove nothing was written.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from sendtrack.store.history import clean_environment
from tests.gitrepo import BOARD, GitRepo


def hostile_clone(
    tmp_path: Path,
    files: Mapping[str, str] | None = None,
    *,
    change: Callable[[GitRepo], None] | None = None,
) -> Path:
    """``BOARD`` with ``files`` replaced or added (dedented; "" deletes one) and ``change``
    applied (symbolic links, say), committed and cloned to ``tmp_path/victim``."""
    origin = GitRepo.create(tmp_path / "attacker", BOARD)
    origin.write(files or {})
    if change is not None:
        change(origin)
    origin.commit("a pull request")
    clone = tmp_path / "victim"
    subprocess.run(
        ["git", "clone", "--quiet", str(origin.root), str(clone)],
        env=clean_environment(),
        check=True,
        capture_output=True,
    )
    return clone


def snapshot(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Relative path → (kind, content or link target) of everything under ``folder``."""
    found: dict[str, tuple[str, bytes]] = {}
    for base, folders, names in os.walk(folder):
        for name in [*folders, *names]:
            path = Path(base, name)
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = ("link", os.readlink(path).encode())
            elif path.is_dir():
                found[relative] = ("folder", b"")
            else:
                found[relative] = ("file", path.read_bytes())
    return found
