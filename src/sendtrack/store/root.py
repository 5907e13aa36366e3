"""Where the repository is: ``--repo``, else ``$SENDTRACK_REPO``, else the first folder at
or above here holding ``plan/partnership.yaml``.

Written with ``os.path`` and nothing else: it runs before an unchanged repository's
status is printed from the output cache (``cli/stored_output.py``), where importing
pathlib alone would cost a third of the run. ``repository.find_root`` gives the same
answer as a ``pathlib.Path``.
"""

from __future__ import annotations

import os

REPO_MARKER = os.path.join("plan", "partnership.yaml")
ENV_VAR = "SENDTRACK_REPO"
DATA_FOLDERS = ("plan", "tracker", "risks", "meetings", "measures")
"""The folders a repository's data files live in: what is loaded, keyed, written."""


class NotARepository(Exception):
    """No sendtrack repository where one was looked for."""


def find_root_folder(start: str | None = None, explicit: str | None = None) -> str:
    """The repository's folder, resolved; ``NotARepository`` if there is none."""
    chosen = explicit if explicit is not None else os.environ.get(ENV_VAR) or None
    if chosen is not None:
        if os.path.isfile(os.path.join(chosen, REPO_MARKER)):
            return os.path.realpath(chosen)
        raise NotARepository(f"{chosen} is not a sendtrack repository (no {REPO_MARKER})")
    folder = os.path.realpath(start if start is not None else os.getcwd())
    while True:
        if os.path.isfile(os.path.join(folder, REPO_MARKER)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise NotARepository(
        f"not inside a sendtrack repository (no {REPO_MARKER} here or above); "
        "use --repo PATH, set SENDTRACK_REPO, or create one with 'sendtrack init DIR'"
    )
