"""Running git for sendtrack: a clean environment, and what HEAD is, cheaply.

Kept apart from ``history`` (which loads the data models) so that a command answering
from the output cache can ask which commit is checked out without importing them.

git runs with a clean environment, as pre-commit's ``git.py`` does: inside a hook, git
exports ``GIT_DIR``, ``GIT_INDEX_FILE`` or ``GIT_WORK_TREE``, which would point our
commands at the wrong repository or index.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

_KEPT_GIT_VARIABLES = frozenset(
    {
        "GIT_EXEC_PATH",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSL_CAINFO",
        "GIT_SSL_NO_VERIFY",
        "GIT_CONFIG_COUNT",
        "GIT_HTTP_PROXY_AUTHMETHOD",
        "GIT_ALLOW_PROTOCOL",
        "GIT_ASKPASS",
    }
)


def clean_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without the GIT_* variables a hook inherits (see pre-commit)."""
    source = os.environ if environ is None else environ
    return {
        key: value
        for key, value in source.items()
        if not key.startswith("GIT_")
        or key.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
        or key in _KEPT_GIT_VARIABLES
    }


def head_key(root: Path) -> str:
    """What git has recorded at ``root``, for a cache key: the commit checked out (which
    fixes its whole first-parent history) and whether the clone is shallow; or git's
    failure (not a repository, no commits, no git). One git process."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD"],
            cwd=root,
            capture_output=True,
            env=clean_environment(),
            check=False,
        )
    except OSError as exc:
        return f"git did not run: {exc}"
    return done.stdout.decode("utf-8", "replace").strip() + f" ({done.returncode})"
