"""Files → models + problems, in one pass. Never raises on bad user data.

Each file's kind follows from where it lives (``FILE_KINDS``). A file is read by
``yamlio`` (syntax and hostile-input guards), validated by its pydantic model, and every
pydantic error is mapped back to the line and column of the key or value it concerns,
with a hint a person can act on ("did you mean 'title'?").
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ValidationError

from sendtrack.core.dates import WINDOW
from sendtrack.core.ids import natural_key
from sendtrack.core.problems import Problem
from sendtrack.models import ActionLog, MeasureFile, Meeting, Priority, RiskRegister, Settings
from sendtrack.models.base import ID_RULE
from sendtrack.models.plan import is_implicit
from sendtrack.store.repository import Repository
from sendtrack.store.root import DATA_FOLDERS
from sendtrack.store.yamlio import Document, Path, read_for_models

if TYPE_CHECKING:
    from sendtrack.store.cache import ModelCache

YAML_SUFFIXES = (".yaml", ".yml")

Kind = Literal["settings", "plan", "actions", "archive", "risks", "meeting", "measures"]


@dataclass(frozen=True)
class FileKind:
    kind: Kind
    model: type[BaseModel]
    noun: str


SETTINGS = FileKind("settings", Settings, "partnership settings")
PLAN = FileKind("plan", Priority, "priority")
ACTIONS = FileKind("actions", ActionLog, "action log")
ARCHIVE = FileKind("archive", ActionLog, "action archive")
RISKS = FileKind("risks", RiskRegister, "risk register")
MEETING = FileKind("meeting", Meeting, "meeting")
MEASURES = FileKind("measures", MeasureFile, "measures")

_NOUNS: dict[str, str] = {
    "Priority": "priority",
    "Outcome": "outcome",
    "Action": "action",
    "Milestone": "milestone",
    "Reprofile": "re-profile",
    "BoardAction": "board action",
    "Risk": "risk",
    "Meeting": "meeting",
    "Workstream": "workstream",
    "Measure": "measure",
}


def kind_of(relative: str) -> FileKind | None:
    """The kind of a data file from its path relative to the root, or None if not data."""
    parts = relative.split("/")
    if len(parts) != 2 or not parts[1].endswith(YAML_SUFFIXES):
        return None
    folder, name = parts
    stem = name.rsplit(".", 1)[0]
    if folder == "plan":
        return SETTINGS if stem == "partnership" else PLAN
    if folder == "tracker":
        return ARCHIVE if stem == "archive" else ACTIONS
    if folder == "risks":
        return RISKS
    if folder == "meetings":
        return MEETING
    if folder == "measures":
        return MEASURES
    return None


def data_files(root: FsPath) -> list[str]:
    """Every data file under the root, as sorted root-relative paths with '/'."""
    found: list[str] = []
    for folder in DATA_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.iterdir():
            if path.is_file() and path.suffix in YAML_SUFFIXES and not path.is_symlink():
                found.append(f"{folder}/{path.name}")
    return sorted(found)


def load(
    root: FsPath,
    *,
    cache: ModelCache | None = None,
    on_file: Callable[[str], None] | None = None,
    read_ahead: bool = False,
) -> tuple[Repository, list[Problem]]:
    """Read every data file under ``root`` from disk (through ``cache`` when given).

    Files are read one at a time as the loader reaches them, so their bytes are never
    all held at once (~100 MB at 100,000 milestones). ``on_file`` is told each file's
    path once it is loaded (progress on a terminal). ``read_ahead``: most files are
    parsed by a forked second process while this one validates (``store.read_ahead``:
    the same models and problems, sooner); for a process that is sendtrack's own, since
    a fork copies a caller's whole process.
    """
    unreadable: list[Problem] = []
    names = data_files(root)

    def sources() -> Iterator[tuple[str, bytes]]:
        for name in names:
            try:
                raw = (root / name).read_bytes()
            except OSError as exc:
                unreadable.append(
                    Problem(
                        "unreadable-file",
                        f"cannot read the file: {exc.strerror or exc}",
                        name,
                        hint="check the file's permissions",
                    )
                )
                continue
            yield name, raw
            if on_file is not None:
                on_file(name)

    ahead = None
    if read_ahead:
        from sendtrack.store import read_ahead as reader

        ahead = reader.start(root, names, cache.held_digests() if cache is not None else None)
    try:
        repo, problems = load_sources(
            root, sources(), cache=cache, read=ahead.read if ahead is not None else None
        )
    finally:
        if ahead is not None:
            ahead.close()
    for problem in unreadable:
        file_kind = kind_of(problem.file)
        if file_kind is not None:
            repo.leave_out(problem.file, file_kind.kind, None)
    return repo, unreadable + problems


def load_sources(
    root: FsPath,
    sources: Iterable[tuple[str, bytes]],
    *,
    cache: ModelCache | None = None,
    read: Callable[[bytes, str], tuple[Document | None, Any, list[Problem]]] | None = None,
) -> tuple[Repository, list[Problem]]:
    """Build a repository from (relative path, bytes) pairs: from disk, or from git.

    A file found in ``cache`` with the same bytes is not read at all: its document is a
    ``LazyDocument`` that reads the text only if someone asks where something is. The
    caller saves the cache (``check_repository`` does). ``read`` reads the others
    (``yamlio.read_for_models`` if None): a ``ReadAhead``'s answers the same, sooner.
    """
    read = read or read_for_models
    repo = Repository(root=root)
    problems: list[Problem] = []
    seen_settings = False
    failed_plans: list[tuple[Document, Any, list[Problem]]] = []
    """Plan files that did not validate: their messages are worded once the settings,
    which may come later, say what the plan calls its levels."""
    for relative, raw in sources:
        file_kind = kind_of(relative)
        if file_kind is None:
            continue
        seen_settings |= file_kind is SETTINGS
        cached = cache.model(relative, raw) if cache is not None else None
        if cache is not None and isinstance(cached, file_kind.model):
            # Stored only for a file that read without a problem: these exact bytes did.
            repo.documents[relative] = cache.document(relative, raw)
            attach(repo, file_kind, cached, relative)
            continue
        doc, data, read_problems = read(raw, relative)
        problems.extend(read_problems)
        if doc is None:
            repo.leave_out(relative, file_kind.kind, None)
            continue
        repo.documents[relative] = doc
        model, model_problems = _validate(doc, file_kind, data)
        problems.extend(model_problems)
        if model is None:
            repo.leave_out(relative, file_kind.kind, data)
            if file_kind is PLAN:
                failed_plans.append((doc, data, model_problems))
            continue
        if cache is not None and not read_problems and not model_problems:
            cache.keep(relative, raw, model, doc)
        attach(repo, file_kind, model, relative)
    if not seen_settings:
        problems.append(
            Problem(
                "missing-file",
                "plan/partnership.yaml is missing",
                "plan/partnership.yaml",
                hint="create it with the partnership's name, board and workstreams "
                "(see 'sendtrack init')",
            )
        )
        repo.incomplete.add("settings")
    nouns = plan_nouns(repo.settings)
    if nouns != _NOUNS:
        for doc, data, worded in failed_plans:
            reworded = _validate(doc, PLAN, data, nouns)[1]
            problems[:] = [p for p in problems if all(p is not old for old in worded)]
            problems.extend(reworded)
    # Files come in name order, which puts priority-10 before priority-2: the plan's
    # order is its top-level ids' natural order (a stable sort keeps duplicates' order).
    repo.priorities.sort(key=lambda priority: natural_key(priority.id))
    return repo, problems


def attach(repo: Repository, file_kind: FileKind, model: BaseModel, file: str) -> None:
    """Add a validated file's model to ``repo``, remembering where each item is."""
    if isinstance(model, Settings):
        repo.settings = model
        repo.remember(model, file, ())
        for index, stream in enumerate(model.workstreams):
            repo.remember(stream, file, ("workstreams", index))
    elif isinstance(model, Priority):
        repo.priorities.append(model)
        _remember_plan(repo, model, file)
    elif isinstance(model, ActionLog):
        target = repo.archived_actions if file_kind is ARCHIVE else repo.open_actions
        target.extend(model.actions)
        for index, action in enumerate(model.actions):
            repo.remember(action, file, ("actions", index))
    elif isinstance(model, RiskRegister):
        repo.risks.extend(model.risks)
        for index, risk in enumerate(model.risks):
            repo.remember(risk, file, ("risks", index))
    elif isinstance(model, Meeting):
        repo.meetings.append(model)
        repo.remember(model, file, ())
    elif isinstance(model, MeasureFile):
        repo.measures.extend(model.measures)
        for index, measure in enumerate(model.measures):
            path: Path = ("measures", index)
            repo.remember(measure, file, path)
            for a_index, actual in enumerate(measure.actuals):
                repo.remember(actual, file, (*path, "actuals", a_index))
            for t_index, point in enumerate(measure.trajectory):
                repo.remember(point, file, (*path, "trajectory", t_index))
            for c_index, comparator in enumerate(measure.comparators):
                c_path: Path = (*path, "comparators", c_index)
                repo.remember(comparator, file, c_path)
                for f_index, figure in enumerate(comparator.figures):
                    repo.remember(figure, file, (*c_path, "figures", f_index))


def _remember_plan(repo: Repository, priority: Priority, file: str) -> None:
    """Where each item of the file is. Paths are the file's own: an implicit stand-in
    (a level the plan does not have) adds no step and is not remembered."""
    repo.remember(priority, file, ())
    for o_index, outcome in enumerate(priority.tree()):
        o_path: Path = ()
        if not is_implicit(outcome):
            o_path = ("outcomes", o_index)
            repo.remember(outcome, file, o_path)
        for a_index, action in enumerate(outcome.actions):
            a_path: Path = o_path
            if not is_implicit(action):
                a_path = (*o_path, "actions", a_index)
                repo.remember(action, file, a_path)
            for m_index, milestone in enumerate(action.milestones):
                m_path: Path = (*a_path, "milestones", m_index)
                repo.remember(milestone, file, m_path)
                for r_index, entry in enumerate(milestone.reprofiles):
                    repo.remember(entry, file, (*m_path, "reprofiles", r_index))
                for u_index, update in enumerate(milestone.updates):
                    repo.remember(update, file, (*m_path, "updates", u_index))


# -- pydantic errors → located problems ---------------------------------------------


def plan_nouns(settings: Settings | None) -> dict[str, str]:
    """Model name → the word a message uses, in the plan's own words."""
    from sendtrack.models.vocabulary import vocabulary

    if settings is None or (settings.levels is None and settings.grouping is None):
        return _NOUNS
    words = vocabulary(settings)
    return {
        **_NOUNS,
        "Priority": words.noun("priority").word,
        "Outcome": words.noun("outcome").word,
        "Action": words.noun("action").word,
        "Milestone": words.noun("milestone").word,
        "Workstream": words.grouping.word,
    }


def validate(doc: Document, file_kind: FileKind) -> tuple[BaseModel | None, list[Problem]]:
    return _validate(doc, file_kind, doc.data)


def _validate(
    doc: Document, file_kind: FileKind, data: Any, nouns: dict[str, str] = _NOUNS
) -> tuple[BaseModel | None, list[Problem]]:
    """``validate`` with the data passed in: a ``LazyDocument`` computes positions (and its
    own copy of the data) only when there is a problem to locate."""
    if not isinstance(data, dict):
        line, column = doc.position(())
        return None, [
            Problem(
                "not-a-mapping",
                f"a {file_kind.noun} file must be a mapping of fields, not {_describe(data)}",
                doc.file,
                line,
                column,
                hint=f"start the file with the {file_kind.noun}'s fields, e.g. 'id: ...'",
            )
        ]
    try:
        return file_kind.model.model_validate(data), []
    except ValidationError as exc:
        return None, [
            _problem_from_error(doc, file_kind.model, error, nouns)
            for error in exc.errors(include_url=False)
        ]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{value}'"


def _problem_from_error(
    doc: Document, root_model: type[BaseModel], error: Any, nouns: dict[str, str]
) -> Problem:
    loc: Path = tuple(error["loc"])
    kind: str = error["type"]
    owner_model, annotation = _resolve(root_model, loc)
    item_id, item_noun = _nearest_item(doc.data, root_model, loc, nouns)
    where = f" in {item_noun} {item_id}" if item_id else ""
    field_name = str(loc[-1]) if loc else ""

    if kind == "extra_forbidden":
        line, column = doc.position(loc, key=True)
        allowed = list(owner_model.model_fields) if owner_model else []
        close = difflib.get_close_matches(field_name, allowed, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else f"allowed fields: {', '.join(allowed)}"
            if allowed
            else ""
        )
        return Problem(
            "unknown-field",
            f"unknown field '{field_name}'{where}",
            doc.file,
            line,
            column,
            item_id,
            hint,
        )
    if kind == "missing":
        line, column = doc.position(loc[:-1], key=True) if len(loc) > 1 else (1, 1)
        description = _field_description(owner_model, field_name)
        return Problem(
            "missing-field",
            f"missing field '{field_name}'{where}",
            doc.file,
            line,
            column,
            item_id,
            f"add '{field_name}:'" + (f" ({description})" if description else ""),
        )
    line, column = doc.position(loc)
    value = _value_at(doc.data, loc)
    shown = f"'{value}'" if isinstance(value, str) else _describe(value)
    label = f"'{field_name}'" if field_name and not field_name.isdigit() else "value"
    if kind == "date_out_of_range":
        return Problem(
            "date-out-of-range",
            f"{label}{where}: {error['msg']}",
            doc.file,
            line,
            column,
            item_id,
            f"check the year: sendtrack accepts dates from {WINDOW}",
        )
    if _is_date(annotation) and isinstance(value, str):
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return Problem(
            "invalid-date",
            f"{label}{where}: {message}",
            doc.file,
            line,
            column,
            item_id,
            "write a real date: an ISO day (2025-03-31) or a month (March 2025), "
            "which means its last day",
        )
    if kind == "literal_error":
        expected = _literal_choices(annotation)
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(expected)}"
        return Problem(
            "invalid-value",
            f"{label}{where} is {shown}; expected one of: {', '.join(expected)}",
            doc.file,
            line,
            column,
            item_id,
            hint,
        )
    if kind in {"list_type", "model_type", "dict_type", "model_attributes_type"}:
        expected_shape = "a list ('- item' lines)" if kind == "list_type" else "a mapping of fields"
        return Problem(
            "wrong-shape",
            f"{label}{where} must be {expected_shape}, not {_describe(value)}",
            doc.file,
            line,
            column,
            item_id,
            "check the indentation and the '- ' markers",
        )
    message = str(error.get("ctx", {}).get("error", error["msg"]))
    message = message.removeprefix("Value error, ")
    hint = _hint_for(kind, error)
    # The models' own error types (models/base.py): the message names the character.
    if kind == "unsafe_id":
        return Problem(
            "unsafe-id", f"{label}{where}: {message}", doc.file, line, column, item_id, _ID_HINT
        )
    if kind == "control_character":
        return Problem(
            "control-character",
            f"{label}{where}: {message}",
            doc.file,
            line,
            column,
            item_id,
            "remove the escape (such as \\e, \\a or \\x1b in double-quoted text): only tabs "
            "and line breaks are allowed in text",
        )
    return Problem(
        "invalid-value",
        f"{label}{where}: {message}" + (f" (got {shown})" if value is not None else ""),
        doc.file,
        line,
        column,
        item_id,
        hint,
    )


_ID_HINT = (
    f"{ID_RULE} (a board action's is '<meeting>/A<number>'): ids end up in messages, "
    "terminals and file names"
)


def _hint_for(kind: str, error: Any) -> str:
    ctx = error.get("ctx", {})
    if kind.startswith("int_"):
        return "write a whole number, e.g. 3"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"allowed range: {ctx.get('ge', '')}…{ctx.get('le', '')}".replace("…}", "}")
    if kind == "too_short":
        return "add at least one item"
    if kind == "string_type":
        return "write plain text here"
    return ""


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated, Optional and list[...] down to the item type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _resolve(root: type[BaseModel], loc: Path) -> tuple[type[BaseModel] | None, Any]:
    """The model that owns the last field of ``loc``, and that field's item type."""
    model: type[BaseModel] | None = root
    annotation: Any = root
    for step in loc:
        if isinstance(step, int):
            continue
        if model is None or step not in model.model_fields:
            return model, None
        owner = model
        annotation = _unwrap(model.model_fields[step].annotation)
        model = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
        if step == loc[-1]:
            return owner, annotation
    return model, annotation


def _is_date(annotation: Any) -> bool:
    """A date field, or one that takes a date or a word (a milestone's 'due: ongoing')."""
    if annotation is date:
        return True
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and date in typing.get_args(annotation)


def _literal_choices(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is Literal:
        return [str(arg) for arg in typing.get_args(annotation)]
    return []


def _field_description(model: type[BaseModel] | None, name: str) -> str:
    if model is None or name not in model.model_fields:
        return ""
    return model.model_fields[name].description or ""


def _value_at(data: Any, loc: Path) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _nearest_item(
    data: Any, root: type[BaseModel], loc: Path, nouns: dict[str, str]
) -> tuple[str | None, str]:
    """The id and noun of the innermost item on ``loc`` that has an id."""
    found: tuple[str | None, str] = (None, "")
    model: type[BaseModel] | None = root
    node = data
    steps: list[str | int] = list(loc)
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = (node["id"], nouns.get(root.__name__, "item"))
    for step in steps:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, str):
            if model is None or step not in model.model_fields:
                break
            annotation = _unwrap(model.model_fields[step].annotation)
            model = (
                annotation
                if isinstance(annotation, type) and issubclass(annotation, BaseModel)
                else None
            )
        if isinstance(node, dict) and isinstance(node.get("id"), str) and model is not None:
            found = (node["id"], nouns.get(model.__name__, "item"))
    return found
