"""Writing figures into measure files: a local figure (``record``) or an import.

Both go through the one edit path every write uses (``store.edits.Editor`` patches the
text at parsed positions, the whole repository is re-checked, the write is atomic), so
a measure file keeps its comments and layout and an import is a small, readable diff.

The rules: an import adds only periods not recorded yet; a published value that differs
from the recorded one is a *revision*, reported and left alone unless the caller accepts
revisions — and then the old value and its source move into the figure's ``previous``
list, so nothing recorded is ever lost. Re-running the same import changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from sendtrack.core.periods import parse_period
from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace
from sendtrack.measures.importer import ImportReport, Published
from sendtrack.models.measures import UNAVAILABLE_MEANINGS, Figure, ImportMapping, Measure
from sendtrack.plan.edits import nearest_ids
from sendtrack.store.edits import Editor, Quoted
from sendtrack.store.yamlio import Path

_BEFORE_ACTUALS = (
    "id",
    "title",
    "description",
    "unit",
    "per",
    "polarity",
    "frequency",
    "owner",
    "source",
    "links",
    "baseline",
    "trajectory",
    "tolerance",
)
_BEFORE_COMPARATORS = (*_BEFORE_ACTUALS, "actuals")


def find_measure(workspace: Workspace, measure_id: str) -> tuple[Measure, str, Path]:
    """The measure, its file and its path there, or ``EditRefused`` naming near ids."""
    for measure in workspace.repo.measures:
        if measure.id == measure_id:
            origin = workspace.repo.origin(measure)
            if origin is None:  # every loaded measure is remembered by the loader
                break
            return measure, origin.file, origin.path
    known = sorted(m.id for m in workspace.repo.measures)
    near = nearest_ids(measure_id, known)
    hint = (
        f"; nearest: {', '.join(near)}"
        if near
        else (f"; known: {', '.join(known)}" if known else "")
    )
    raise EditRefused(f"no measure '{measure_id}'{hint}")


def parse_figure(text: str) -> tuple[float | None, str | None]:
    """'17.5' → (17.5, None); 'c' → (None, 'c'); anything else is refused."""
    value = text.strip()
    for code in UNAVAILABLE_MEANINGS:
        if value.casefold() == code.casefold():
            return None, code
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        codes = ", ".join(UNAVAILABLE_MEANINGS)
        raise EditRefused(
            f"--value '{value}' is not a number; give a number, or a code ({codes}) for a "
            "figure that is not available"
        )
    return number, None


def record(
    workspace: Workspace,
    measure_id: str,
    period_text: str,
    value_text: str,
    *,
    by: str,
    note: str | None = None,
) -> PlannedEdit:
    """Append a locally entered figure for a period not yet recorded."""
    measure, file, path = find_measure(workspace, measure_id)
    try:
        period = parse_period(period_text)
    except ValueError as exc:
        raise EditRefused(f"--period: {exc}") from None
    if period.end > workspace.today:
        raise EditRefused(
            f"the period {period.text} ends on {period.end.isoformat()}, after today: "
            "record a figure once its period is over"
        )
    existing = next((f for f in measure.actuals if f.period == period.text), None)
    if existing is not None:
        raise EditRefused(
            f"measure {measure.id} already has a figure for {period.text} "
            f"({_shown(existing)}); a correction is a revision: change it by hand with a "
            "note, keeping the old value under 'previous'"
        )
    value, code = parse_figure(value_text)
    if not by.strip():
        raise EditRefused("--by cannot be empty: say who entered the figure")
    entry: dict[str, object] = {"period": Quoted(period.text)}
    if value is not None:
        entry["value"] = _number(value)
    else:
        entry["unavailable"] = code
    entry["source"] = {"entered_by": by.strip(), "on": workspace.today}
    if note:
        entry["note"] = note.strip()
    editor = workspace.editor()  # a lead return's batch shares one editor
    editor.append_or_create(file, path, "actuals", entry, after=_BEFORE_ACTUALS)
    shown = f"{value:g}" if value is not None else f"{code} ({UNAVAILABLE_MEANINGS[code or '']})"
    return workspace.edit(editor, f"{measure.id}: {period.text} recorded as {shown}")


def apply_import(
    workspace: Workspace,
    report: ImportReport,
    *,
    accept_revisions: bool = False,
) -> PlannedEdit:
    """Plan the additions of an import (and the revisions, when accepted)."""
    if report.problems:
        raise EditRefused(f"{report.file} cannot be imported", report.problems)
    editor = Editor(workspace.root)
    by_measure: dict[str, list[Published]] = {}
    for item in report.additions:
        by_measure.setdefault(item.measure, []).append(item)
    for measure_id in report.measures:
        additions = by_measure.get(measure_id, [])
        if not additions:
            continue
        measure, file, path = find_measure(workspace, measure_id)
        mapping = measure.source.mapping
        assert mapping is not None
        own = sorted(
            (a for a in additions if a.series is None), key=lambda a: parse_period(a.period)
        )
        for item in own:
            editor.append_or_create(
                file,
                path,
                "actuals",
                _entry(item, report.file, mapping, workspace.today),
                after=_BEFORE_ACTUALS,
            )
        _add_comparators(editor, workspace, measure, file, path, additions, report.file)
    revised = 0
    if accept_revisions:
        for revision in report.revisions:
            _accept(editor, workspace, revision.published, revision.recorded, report.file)
            revised += 1
    parts = [f"{len(report.additions)} new figure{'s' if len(report.additions) != 1 else ''}"]
    if accept_revisions:
        parts.append(f"{revised} revision{'s' if revised != 1 else ''} accepted")
    elif report.revisions:
        parts.append(
            f"{len(report.revisions)} revision{'s' if len(report.revisions) != 1 else ''} "
            "not applied (--accept-revisions)"
        )
    parts.append(f"{report.unchanged} unchanged")
    ids = ", ".join(report.measures)
    return workspace.edit(editor, f"import of {report.file} for {ids}: {'; '.join(parts)}")


def _add_comparators(
    editor: Editor,
    workspace: Workspace,
    measure: Measure,
    file: str,
    path: Path,
    additions: Sequence[Published],
    source_file: str,
) -> None:
    mapping = measure.source.mapping
    assert mapping is not None
    names = list(dict.fromkeys(a.series for a in additions if a.series is not None))
    for name in names:
        items = sorted(
            (a for a in additions if a.series == name), key=lambda a: parse_period(a.period)
        )
        entries = [_entry(item, source_file, mapping, workspace.today) for item in items]
        index = next((i for i, c in enumerate(measure.comparators) if c.name == name), None)
        if index is not None:
            for entry in entries:
                editor.append_or_create(
                    file,
                    (*path, "comparators", index),
                    "figures",
                    entry,
                    after=("name", "kind", "members"),
                )
            continue
        rows = mapping.comparators[name]
        block: dict[str, object] = {"name": name, "kind": rows.kind}
        if rows.members:
            block["members"] = list(rows.members)
        block["figures"] = entries
        editor.append_or_create(file, path, "comparators", block, after=_BEFORE_COMPARATORS)


def _accept(
    editor: Editor, workspace: Workspace, item: Published, recorded: Figure, source_file: str
) -> None:
    measure, file, path = find_measure(workspace, item.measure)
    if item.series is None:
        index = next(i for i, f in enumerate(measure.actuals) if f.period == item.period)
        figure_path: Path = (*path, "actuals", index)
    else:
        c_index = next(i for i, c in enumerate(measure.comparators) if c.name == item.series)
        comparator = measure.comparators[c_index]
        index = next(i for i, f in enumerate(comparator.figures) if f.period == item.period)
        figure_path = (*path, "comparators", c_index, "figures", index)
    mapping = measure.source.mapping
    assert mapping is not None
    old: dict[str, object] = {}
    if recorded.value is not None:
        old["value"] = _number(recorded.value)
    else:
        old["unavailable"] = recorded.unavailable
    if recorded.source is not None:
        old["source"] = recorded.source.model_dump(exclude_none=True)
    old["replaced_on"] = workspace.today
    for key in ("value", "unavailable", "source"):
        if (*figure_path, key) in editor.document(file).nodes:
            editor.delete_field(file, figure_path, key)
    fresh = _entry(item, source_file, mapping, workspace.today)
    for key in ("value", "unavailable", "source"):
        if key in fresh:
            editor.set_field(file, figure_path, key, fresh[key], after=("period", "value"))
    editor.append_or_create(
        file,
        figure_path,
        "previous",
        old,
        after=("period", "value", "unavailable", "source", "note"),
    )


def _entry(
    item: Published, source_file: str, mapping: ImportMapping, today: date
) -> dict[str, object]:
    entry: dict[str, object] = {"period": Quoted(item.period)}
    if item.value is not None:
        entry["value"] = _number(item.value)
    else:
        entry["unavailable"] = item.unavailable
    source: dict[str, object] = {"file": source_file}
    if mapping.release:
        source["release"] = mapping.release
    source["row"] = item.row
    source["on"] = today
    entry["source"] = source
    if item.note:
        entry["note"] = item.note
    return entry


def _number(value: float) -> int | float:
    """A figure as it is written back: a whole number without '.0', else the float."""
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def _shown(figure: Figure) -> str:
    return f"{figure.value:g}" if figure.value is not None else str(figure.unavailable)
