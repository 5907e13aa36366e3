"""Each name a workstream goes by leads to that workstream alone.

``--workstream`` accepts a workstream's id, its name or another name the board uses
(``also_known_as``), in any case: a name two workstreams share would make the command
line guess, so it is an error where the second one says it. Its docstring is its
documentation.
"""

from __future__ import annotations

from collections.abc import Iterator

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.problems import Problem
from sendtrack.models.settings import folded
from sendtrack.store.repository import Repository


@check("duplicate-workstream-name")
def workstream_names_are_unique(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """No two workstreams share a name or another name (any case or spacing): each is
    how a command finds one workstream."""
    if repo.settings is None:
        return
    owner: dict[str, str] = {}
    for stream in repo.settings.workstreams:
        # Ids are not compared: an id is matched first and exactly ('duplicate-id').
        names = {folded(name): name for name in (stream.name, *stream.also_known_as)}
        for key, name in names.items():
            other = owner.setdefault(key, stream.id)
            if other == stream.id:
                continue
            yield problem_at(
                repo,
                stream,
                "duplicate-workstream-name",
                f"'{name}' names two workstreams, '{other}' and '{stream.id}'",
                field="also_known_as" if name in stream.also_known_as else "name",
                item_id=stream.id,
                hint="give each workstream its own name and other names (also_known_as)",
            )
