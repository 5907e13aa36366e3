"""Where a repository's write journal and write lock live: its git dir, else the user
cache folder — never its work tree.

Written with ``os.path`` only, as ``root.py`` is: a read asks whether a journal is
waiting before anything else, including before an unchanged repository's status is
printed from the output cache (``cli/stored_output.py``). ``journal.paths`` gives the
same places as ``pathlib.Path`` values.
"""

from __future__ import annotations

import os
import stat

from sendtrack.store.fingerprint import blake2b, cache_folder


def state_paths(root: str) -> tuple[str, str]:
    """The journal and the lock of the repository at ``root``."""
    root = os.path.realpath(root)
    found = git_dir(root)
    if found is not None:
        folder, top = found
        relative = os.path.relpath(root, top).replace(os.sep, "/")
        # Several sendtrack folders inside one git repository each get their own.
        stem = "sendtrack" if relative == "." else f"sendtrack-{short_hash(relative)}"
        return os.path.join(folder, f"{stem}-journal.json"), os.path.join(folder, f"{stem}.lock")
    folder = os.path.join(cache_folder(), "writes")
    stem = short_hash(root)
    return os.path.join(folder, f"{stem}.journal.json"), os.path.join(folder, f"{stem}.lock")


def short_hash(text: str) -> str:
    return blake2b(text.encode(), digest_size=8).hexdigest()


def git_dir(root: str) -> tuple[str, str] | None:
    """The git dir and the work tree's top folder for ``root`` (resolved), as git finds
    them.

    The first ``.git`` at or above ``root`` decides, as for git: a directory is the git
    dir; a file (``gitdir: PATH``, a linked worktree's) is followed only if the folder it
    names links back to it, as git's own worktrees do — a ``.git`` file that arrived in
    an archive and names a folder of the archive does not. Anything else (a symlink, a
    submodule's git file): None, and the user cache dir is used instead.
    """
    folder = root
    while True:
        dot_git = os.path.join(folder, ".git")
        try:
            mode = os.lstat(dot_git).st_mode
        except OSError:
            mode = None
        if mode is not None:
            if stat.S_ISDIR(mode):
                return dot_git, folder
            if stat.S_ISREG(mode):
                linked = _linked_git_dir(dot_git)
                return (linked, folder) if linked is not None else None
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _linked_git_dir(dot_git: str) -> str | None:
    try:
        with open(dot_git, encoding="utf-8") as stream:
            text = stream.read()
        if not text.startswith("gitdir: "):
            return None
        named = os.path.join(os.path.dirname(dot_git), text.removeprefix("gitdir: ").strip())
        linked = os.path.realpath(named)
        with open(os.path.join(linked, "gitdir"), encoding="utf-8") as stream:
            back = stream.read().strip()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    same = os.path.realpath(os.path.join(linked, back)) == os.path.realpath(dot_git)
    return linked if same else None
