"""A batch of edits: each edit sees the ones before it, a step is kept or dropped whole,
and the batch commits as one edit whose diff is that of the same commands run in turn."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sendtrack.board.actions import update_action
from sendtrack.board.common import BoardError
from sendtrack.edit.batch import Batch
from sendtrack.edit.planned import EditRefused, Workspace, open_workspace
from sendtrack.plan import edits as plan_edits
from sendtrack.store.loader import load

TODAY = date(2025, 12, 6)
ON = date(2025, 12, 1)
FAKE_MOBILE = "07700 900123"
"""Ofcom's range for drama: never a real number."""


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def complete(ws: Workspace) -> plan_edits.PlannedEdit:
    return plan_edits.update(ws, "2.1.4.1", "complete", ON, "Dashboard live.")


def propose(ws: Workspace) -> plan_edits.PlannedEdit:
    return plan_edits.reprofile(ws, "2.1.4.1", date(2026, 3, 31), "Data late.", None, True)


def test_a_later_edit_sees_an_earlier_one(shipped_copy: Path) -> None:
    batch = Batch(open_workspace(shipped_copy, TODAY))
    assert batch.step([complete]) == [
        "2.1.4.1: status in progress → complete on 1 Dec 2025; proposed re-profile to "
        "31 Jan 2026 closed"
    ]
    # Run alone, the proposal would be planned; after the completion it is refused, as
    # 'sendtrack reprofile' after 'sendtrack update' would refuse it.
    with pytest.raises(EditRefused, match="is complete; a complete milestone keeps its dates"):
        batch.step([propose])
    assert next(m for m in batch.repo.milestones() if m.id == "2.1.4.1").status == "complete"


def test_a_refused_step_is_dropped_whole(shipped_copy: Path) -> None:
    batch = Batch(open_workspace(shipped_copy, TODAY))
    before = snapshot(shipped_copy)
    with pytest.raises(EditRefused):
        batch.step([complete, propose])  # the second edit fails: the first goes too
    with pytest.raises(BoardError, match="no board action '2025-11-03/A99'"):
        batch.step(
            [
                lambda ws: plan_edits.update(ws, "2.3.1.3", None, ON, "A note."),
                lambda ws: update_action(
                    ws.repo, ws.today, "2025-11-03/A99", on=ON, note="x", editor=ws.editor()
                ),
            ]
        )
    assert batch.planned().changes() == []
    assert batch.summary == []
    assert snapshot(shipped_copy) == before


def test_a_step_the_recheck_refuses_is_dropped(shipped_copy: Path) -> None:
    batch = Batch(open_workspace(shipped_copy, TODAY))
    with pytest.raises(EditRefused) as refused:
        batch.step([lambda ws: plan_edits.update(ws, "2.1.4.1", None, ON, f"Call {FAKE_MOBILE}")])
    assert [p.code for p in refused.value.problems] == ["personal-data"]
    assert batch.planned().changes() == []


def test_the_batch_commits_what_the_commands_would_in_turn(
    shipped_copy: Path, tmp_path: Path
) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(shipped_copy, other)
    edits = [
        lambda ws: plan_edits.update(ws, "2.3.1.3", "in_progress", ON, None),
        lambda ws: plan_edits.reprofile(ws, "2.3.1.2", date(2027, 3, 31), "Late.", None, True),
        lambda ws: plan_edits.at_risk(ws, "2.1.4.1", "Supplier late.", ON),
        lambda ws: update_action(
            ws.repo, ws.today, "2025-11-03/A1", on=ON, note="Done.", editor=ws.editor()
        ),
    ]
    batch = Batch(open_workspace(shipped_copy, TODAY))
    batch.step(edits[:2])
    batch.step(edits[2:])
    changes = batch.planned().commit()
    assert sorted(c.file for c in changes) == ["plan/priority-2.yaml", "tracker/actions.yaml"]
    for edit in edits:  # the same edits, one command after another
        edit(open_workspace(other, TODAY)).commit()
    assert snapshot(shipped_copy) == snapshot(other)
    _, problems = load(shipped_copy)
    assert problems == []
