"""`sendtrack init`: a small, valid, commented repository for a new partnership.

Without levels it is the template in ``templates/init`` (the Lancashire shape), moved in
time so that today falls where the template's own day does (``TEMPLATE_DAY``): a board
held last month, the next one to come. With ``--levels`` it is made here, in the
partnership's own levels and dated around today, and written by ruamel.yaml from data
(names a person typed are never pasted into YAML). ``--empty`` writes no example data:
the settings (to fill in) and empty registers, nothing in the plan or the meetings.
"""

from __future__ import annotations

import calendar
import functools
import io
import re
from collections.abc import Sequence
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from sendtrack.store.root import DATA_FOLDERS


class TargetNotEmpty(Exception):
    """The target folder already holds sendtrack data; init never overwrites."""


TEMPLATE_DAY = date(2025, 5, 1)
"""The day the template is written as of: after its held board (10 April 2025), before
the next (15 May 2025)."""

_DAY_OR_MONTH = re.compile(r"\b(20\d\d)-(\d\d)(?:-(\d\d))?(?![\d-])")


def months_to_today(today: date) -> int:
    """Whole months to move the template by so that its next board is still to come."""
    months = (today.year - TEMPLATE_DAY.year) * 12 + today.month - TEMPLATE_DAY.month
    return months + (1 if today.day >= 15 else 0)  # the template's next board is the 15th


def _shift(text: str, months: int) -> str:
    """Every date (2025-04-10) and month (2025-04) in ``text`` moved by ``months``; a
    month's last day stays its last day. The template writes dates in these forms only,
    so its comments and layout are kept as written."""

    def moved(match: re.Match[str]) -> str:
        year, month, day = match.group(1), match.group(2), match.group(3)
        index = int(year) * 12 + int(month) - 1 + months
        new_year, new_month = divmod(index, 12)
        if day is None:
            return f"{new_year:04d}-{new_month + 1:02d}"
        last = calendar.monthrange(new_year, new_month + 1)[1]
        old_last = calendar.monthrange(int(year), int(month))[1]
        new_day = last if int(day) == old_last else min(int(day), last)
        return f"{new_year:04d}-{new_month + 1:02d}-{new_day:02d}"

    return _DAY_OR_MONTH.sub(moved, text)


def template_files(today: date | None = None) -> dict[str, bytes]:
    """Relative path → content of every file the template writes; moved to ``today``
    (None: as the template is dated, the tests' fixed repository)."""
    return _template(months_to_today(today) if today is not None else 0)


def _template(months: int) -> dict[str, bytes]:
    """The template's files moved by ``months``."""
    return {
        _shift(name, months): _shift(text, months).encode("utf-8")
        for name, text in _template_sources()
    }


@functools.cache
def _template_sources() -> tuple[tuple[str, str], ...]:
    """The template's files as shipped (path, text): read once, though ``remove_example``
    moves them to every month it tries."""
    base = resources.files("sendtrack") / "templates" / "init"
    return tuple(
        (f"{folder.name}/{item.name}", item.read_bytes().decode("utf-8"))
        for folder in sorted(base.iterdir(), key=lambda p: p.name)
        if folder.is_dir()
        for item in sorted(folder.iterdir(), key=lambda p: p.name)
        if item.name.endswith((".yaml", ".yml"))
    )


EMPTY_FILES = (
    "plan/partnership.yaml",
    "tracker/actions.yaml",
    "tracker/archive.yaml",
    "risks/register.yaml",
)
"""What ``init --empty`` keeps of the template: the settings and the empty registers."""


def empty_files() -> dict[str, bytes]:
    """The starter with no example data: the template's settings (its example names to
    replace), an empty action log, archive and risk register."""
    from sendtrack.models.schema import CURRENT_SCHEMA

    files = {name: text for name, text in template_files().items() if name == EMPTY_FILES[0]}
    headers = {
        "tracker/actions.yaml": "The board's action log: open actions. Closed ones move to "
        "archive.yaml.",
        "tracker/archive.yaml": "Closed board actions, moved here by 'sendtrack actions archive'.",
        "risks/register.yaml": "The risk register. Scores on the 5x5 scale: likelihood x "
        "impact, each 1-5.",
    }
    for name, header in headers.items():
        key = "risks" if name.startswith("risks/") else "actions"
        files[name] = _dump(_mapping(header, schema_version=CURRENT_SCHEMA, **{key: []})).encode()
    return files


class ExampleChanged(Exception):
    """The folder holds more than an untouched example: removing it would lose work."""


EXAMPLE_AGE = 36
"""Months back an example may have been written and still be recognised as one."""


def remove_example(target: Path, today: date) -> tuple[list[str], list[str]] | None:
    """Turn an untouched example that ``init`` wrote into the empty starter: returns the
    files removed and written, or None when ``target`` holds no example at all.

    Only bytes ``init`` itself would have written, in some month up to ``EXAMPLE_AGE``
    back, are removed or replaced; any other data file, a changed one or a symlink stops
    it with nothing done (``ExampleChanged``). The registers are written first, all or
    none through the journal, so an interrupted run leaves a valid repository and
    running it again finishes the job."""
    from sendtrack.store.journal import Replacement, locked, write_files

    empty = empty_files()
    with locked(target):
        present = sorted(
            path.relative_to(target).as_posix()
            for folder in DATA_FOLDERS
            if (target / folder).is_dir()
            for path in (target / folder).rglob("*")
            if path.is_file() or path.is_symlink()
        )
        links = [folder for folder in DATA_FOLDERS if (target / folder).is_symlink()]
        # Each file read once (a symlink never: it is never init's), then compared with
        # the example of every month init may have written it in.
        on_disk = {
            name: None if (target / name).is_symlink() else (target / name).read_bytes()
            for name in present
        }

        def changed(example: dict[str, bytes]) -> list[str]:
            return links + [
                name
                for name, data in on_disk.items()
                if data is None or data not in {example.get(name), empty.get(name)}
            ]

        now = months_to_today(today)
        candidates = [_template(months) for months in range(now, now - EXAMPLE_AGE - 1, -1)]
        examples = [ex for ex in candidates if any(n in on_disk for n in ex if n not in empty)]
        if not examples:
            return None
        fewest = min((changed(example) for example in examples), key=len)
        if fewest:
            raise ExampleChanged(
                f"{', '.join(fewest)} {'is' if len(fewest) == 1 else 'are'} not the "
                "example as init wrote it: remove the example by hand; nothing was written"
            )
        replacements = [
            Replacement(name, before, content)
            for name, content in empty.items()
            if (before := on_disk.get(name)) is not None and before != content
        ]
        write_files(target, replacements)
        removed = [name for name in present if name not in empty]
        for name in removed:
            (target / name).unlink()
        return removed, [item.file for item in replacements]


def init_repository(target: Path, today: date | None = None, *, empty: bool = False) -> list[str]:
    """Write the template into ``target`` (created if needed), dated around ``today``
    (None: as written), or with ``empty`` the starter with no example data; returns what
    was written."""
    files = empty_files() if empty else template_files(today)
    clashes = [name for name in files if (target / name).exists()]
    if clashes:
        raise TargetNotEmpty(f"{target} already has {', '.join(clashes)}; nothing was written")
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sorted(files)


# -- init --levels: a repository in the plan's own shape, dated from today ---------------------

MAX_NAME = 40


class BadLevels(ValueError):
    """``--levels`` is not 2 to 4 names, each a short line of text."""


def parse_levels(text: str) -> list[str]:
    """'Recommendation, Item, Milestone' → the names, top first (2 to 4 of them)."""
    names = [name.strip() for name in text.split(",")]
    if not 2 <= len(names) <= 4:
        raise BadLevels(
            f'--levels needs 2 to 4 names, top first, e.g. "Recommendation,Item,Milestone"; '
            f"got {len(names)}"
        )
    for name in names:
        if not name:
            raise BadLevels("--levels has an empty name")
        if len(name) > MAX_NAME or not name.isprintable():
            raise BadLevels(f"--levels name '{name[:MAX_NAME]}…' is not a short line of text")
    if len({name.casefold() for name in names}) != len(names):
        raise BadLevels("--levels names each level once")
    return names


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "item"


def _dump(document: CommentedMap) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _mapping(header: str | None = None, **fields: Any) -> CommentedMap:
    document = CommentedMap(fields)
    if header:
        document.yaml_set_start_comment(header)
    return document


def level_files(levels: Sequence[str], today: date) -> dict[str, str]:
    """Relative path → text of a small, valid repository with these levels, its dates
    set around ``today``: a held board a month ago, the next one in a month."""
    from sendtrack.models.schema import CURRENT_SCHEMA

    depth = len(levels)
    held, upcoming = today - timedelta(days=30), today + timedelta(days=30)
    agreed = today - timedelta(days=60)
    held_id, next_id = held.isoformat(), upcoming.isoformat()
    top, tracked = levels[0], levels[-1]
    settings = _mapping(
        "Partnership settings: who we are, the board, the plan's levels and its workstreams.\n"
        "Every item names one of these workstreams by its id (or inherits its top level's).",
        schema_version=CURRENT_SCHEMA,
        partnership="Example SEND Partnership",
        board="SEND Improvement Board",
        plan_title=f"Improvement plan (example): {' → '.join(levels)}",
        plan_agreed_on=agreed,
        colour_scheme="board",
        levels=[CommentedMap(name=name) for name in levels],
        workstreams=[
            CommentedMap(
                id="leadership",
                name="Leadership and governance",
                leads=["Director of Education"],
            )
        ],
    )
    settings.yaml_add_eol_comment("items added later say so with added_on", "plan_agreed_on")
    settings.yaml_add_eol_comment(f"top first; the last ({tracked}) is dated", "levels")

    def milestone(number: str, title: str, due: date, **more: Any) -> CommentedMap:
        return CommentedMap(id=DoubleQuotedScalarString(number), title=title, due=due, **more)

    prefix = ".".join(["1"] * (depth - 1))
    milestones = [
        milestone(
            f"{prefix}.1",
            "Independent chair appointed",
            today - timedelta(days=45),
            status="complete",
            completed_on=today - timedelta(days=50),
        ),
        milestone(
            f"{prefix}.2",
            "Terms of reference agreed",
            today - timedelta(days=10),
            status="in_progress",
            started_on=agreed,
            reprofiles=[
                CommentedMap(
                    to=upcoming + timedelta(days=30),
                    reason="Partners asked for a second round of comments.",
                    agreed_at=DoubleQuotedScalarString(held_id),
                )
            ],
        ),
        milestone(f"{prefix}.3", "First annual review of the plan", today + timedelta(days=120)),
    ]
    children: list[CommentedMap] = milestones
    if depth >= 3:  # the level above the milestones: what we will do
        children = [
            CommentedMap(
                id=DoubleQuotedScalarString(prefix),
                title=f"Create a SEND Improvement Board (the first {levels[-2].lower()}).",
                leads=["Director of Education"],
                milestones=children,
            )
        ]
    if depth == 4:  # the result the level below should produce
        children = [
            CommentedMap(
                id=DoubleQuotedScalarString("1.1"),
                text=f"The partnership has clear governance (the first {levels[1].lower()}).",
                actions=children,
            )
        ]
    plan = _mapping(
        f"{top} 1 of the plan, written at {depth} levels: {' → '.join(levels)}.\n"
        'Ids are text: always quote them ("1.10" is not "1.1").\n'
        "Dates: 2025-03-31, or a month (2025-03, March 2025) meaning its last day.\n"
        "A re-profile keeps the baseline 'due' and appends the new date, with the meeting\n"
        "that agreed it (or 'proposed: true').",
        schema_version=CURRENT_SCHEMA,
        id=DoubleQuotedScalarString("1"),
        title="Leaders improve shared strategic governance and oversight of SEND services.",
        short_title="Governance and oversight",
        workstream="leadership",
    )
    plan[CHILD_KEYS[depth]] = children
    held_meeting = _mapping(
        'One board meeting. The id is its date; scheduled meetings give "the next board".',
        schema_version=CURRENT_SCHEMA,
        id=DoubleQuotedScalarString(held_id),
        board="SEND Improvement Board",
        date=held,
        status="held",
        actions_raised=[DoubleQuotedScalarString(f"{held_id}/A1")],
        next_meeting=DoubleQuotedScalarString(next_id),
    )
    next_meeting = _mapping(
        "The next board, scheduled: 'sendtrack meeting new' pre-fills its agenda.",
        schema_version=CURRENT_SCHEMA,
        id=DoubleQuotedScalarString(next_id),
        board="SEND Improvement Board",
        date=upcoming,
        status="scheduled",
    )
    actions = _mapping(
        "The board's action log: open actions. Closed ones move to archive.yaml.",
        schema_version=CURRENT_SCHEMA,
        actions=[
            CommentedMap(
                id=DoubleQuotedScalarString(f"{held_id}/A1"),
                meeting=DoubleQuotedScalarString(held_id),
                number=1,
                text="Circulate the revised terms of reference to all partners.",
                owner="SEND Partnership Manager",
                due=upcoming,
                status="open",
                links=[DoubleQuotedScalarString(f"{prefix}.2")],
            )
        ],
    )
    archive = _mapping(
        "Closed board actions, moved here by 'sendtrack actions archive'.",
        schema_version=CURRENT_SCHEMA,
        actions=[],
    )
    risks = _mapping(
        "The risk register. Scores on the 5x5 scale: likelihood x impact, each 1-5.",
        schema_version=CURRENT_SCHEMA,
        risks=[],
    )
    return {
        "plan/partnership.yaml": _dump(settings),
        f"plan/{_slug(top)}-1.yaml": _dump(plan),
        f"meetings/{held_id}.yaml": _dump(held_meeting),
        f"meetings/{next_id}.yaml": _dump(next_meeting),
        "tracker/actions.yaml": _dump(actions),
        "tracker/archive.yaml": _dump(archive),
        "risks/register.yaml": _dump(risks),
    }


CHILD_KEYS = {4: "outcomes", 3: "actions", 2: "milestones"}
"""The key the top level lists its items under, by the plan's depth."""


def init_with_levels(target: Path, levels: Sequence[str], today: date) -> list[str]:
    """``init`` for a plan with these levels (top first), dated around ``today``."""
    files = level_files(levels, today)
    clashes = [name for name in files if (target / name).exists()]
    if clashes:
        raise TargetNotEmpty(f"{target} already has {', '.join(clashes)}; nothing was written")
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(files)
