"""The text-patching editor: only the intended lines change, writes are all-or-nothing."""

from __future__ import annotations

import json
import os
import textwrap
from datetime import date
from pathlib import Path

import pytest

from sendtrack.core.problems import Problem
from sendtrack.store.edits import EditError, Editor, Quoted, render_scalar
from sendtrack.store.journal import FORMAT, JournalError, paths, recover

MILESTONES = textwrap.dedent(
    """\
    # A comment that must survive.
    id: "1"
    items:
      - id: "1.1"   # trailing comment
        title: 'Single-quoted title'
        status: in_progress

        # A comment between items.
      - id: "1.2"
        title: Second
        reprofiles: []
    other: [a, b]   # flow style elsewhere is left alone
    """
)


def write(tmp_path: Path, text: str, name: str = "plan/p.yaml", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def test_set_value_changes_one_line(tmp_path: Path) -> None:
    write(tmp_path, MILESTONES)
    editor = Editor(tmp_path)
    editor.set_value("plan/p.yaml", ("items", 0, "status"), "complete")
    assert editor.diff() == (
        "--- a/plan/p.yaml\n"
        "+++ b/plan/p.yaml\n"
        "@@ -3,7 +3,7 @@\n"
        " items:\n"
        '   - id: "1.1"   # trailing comment\n'
        "     title: 'Single-quoted title'\n"
        "-    status: in_progress\n"
        "+    status: complete\n"
        " \n"
        "     # A comment between items.\n"
        '   - id: "1.2"\n'
    )


def test_set_field_inserts_in_model_order(tmp_path: Path) -> None:
    write(tmp_path, MILESTONES)
    editor = Editor(tmp_path)
    editor.set_field(
        "plan/p.yaml", ("items", 0), "completed_on", date(2025, 6, 1), after=["title", "status"]
    )
    after = editor.changes()[0].after.decode()
    assert "    status: in_progress\n    completed_on: 2025-06-01\n\n    # A comment" in after


def test_append_to_empty_flow_list_and_keep_the_rest(tmp_path: Path) -> None:
    write(tmp_path, MILESTONES)
    editor = Editor(tmp_path)
    editor.append(
        "plan/p.yaml",
        ("items", 1),
        "reprofiles",
        {"to": date(2026, 1, 31), "reason": "Supplier: late", "agreed_at": Quoted("2025-11-03")},
    )
    after = editor.changes()[0].after.decode()
    assert after == MILESTONES.replace(
        "    reprofiles: []\n",
        "    reprofiles:\n"
        "      - to: 2026-01-31\n"
        '        reason: "Supplier: late"\n'
        '        agreed_at: "2025-11-03"\n',
    )


def test_append_creates_a_missing_list_and_extends_a_block_list(tmp_path: Path) -> None:
    write(tmp_path, MILESTONES)
    editor = Editor(tmp_path)
    editor.append("plan/p.yaml", ("items", 0), "updates", {"on": date(2025, 5, 1), "note": "a"})
    editor.append("plan/p.yaml", ("items", 0), "updates", {"on": date(2025, 6, 1), "note": "b"})
    after = editor.changes()[0].after.decode()
    assert (
        "    status: in_progress\n"
        "    updates:\n"
        "      - on: 2025-05-01\n"
        "        note: a\n"
        "      - on: 2025-06-01\n"
        "        note: b\n"
        "\n"
        "    # A comment between items.\n"
    ) in after


def test_remove_item(tmp_path: Path) -> None:
    write(tmp_path, MILESTONES)
    editor = Editor(tmp_path)
    editor.remove_item("plan/p.yaml", ("items",), 1)
    after = editor.changes()[0].after.decode()
    assert '"1.2"' not in after
    assert after.endswith(
        "    # A comment between items.\nother: [a, b]   # flow style elsewhere is left alone\n"
    )


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    path = write(tmp_path, MILESTONES, newline="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    editor = Editor(tmp_path)
    editor.set_value("plan/p.yaml", ("items", 0, "status"), "complete")
    editor.append("plan/p.yaml", ("items", 0), "updates", {"on": date(2025, 5, 1), "note": "a"})
    editor.commit()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# A comment")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"    status: complete\r\n    updates:\r\n      - on: 2025-05-01\r\n" in raw


def test_values_are_quoted_when_yaml_would_retype_them() -> None:
    assert render_scalar("no") == '"no"'
    assert render_scalar("1.10") == '"1.10"'
    assert render_scalar("10:30") == '"10:30"'
    assert render_scalar("Phase 1: design") == '"Phase 1: design"'
    assert render_scalar("line\nbreak") == '"line\\nbreak"'
    assert render_scalar("Plain words") == "Plain words"
    assert render_scalar(Quoted("R01")) == '"R01"'
    assert render_scalar(date(2026, 1, 31)) == "2026-01-31"


def test_refused_edit_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, MILESTONES)
    before = path.read_bytes()
    editor = Editor(tmp_path)
    editor.set_value("plan/p.yaml", ("items", 0, "status"), "complete")
    with pytest.raises(EditError):
        editor.commit(lambda new: [Problem("invalid-value", "no", "plan/p.yaml", 1, 1)])
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.yaml"]


def test_block_scalars_and_flow_maps_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a: |\n  text\nb: {c: 1}\n")
    editor = Editor(tmp_path)
    with pytest.raises(EditError, match="block scalar"):
        editor.set_value("plan/p.yaml", ("a",), "x")
    with pytest.raises(EditError, match="not a block mapping"):
        editor.set_field("plan/p.yaml", ("b",), "d", "x")


def test_an_interrupted_two_file_write_is_finished_by_recover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a: 1\n", "plan/one.yaml")
    write(tmp_path, "b: 1\n", "plan/two.yaml")
    editor = Editor(tmp_path)
    editor.set_value("plan/one.yaml", ("a",), "x")
    editor.set_value("plan/two.yaml", ("b",), "yy")
    real_replace = os.replace
    calls: list[str] = []

    def crash_after_first_rename(src: str, dst: str) -> None:
        real_replace(src, dst)
        calls.append(str(dst))
        if len(calls) == 2:  # the journal, then the first data file: then the "crash"
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        editor.commit()
    monkeypatch.setattr(os, "replace", real_replace)
    journal = paths(tmp_path).journal
    assert journal.exists()
    assert not journal.is_relative_to(tmp_path)  # never where a clone could bring one
    assert (tmp_path / "plan/one.yaml").read_text() == "a: x\n"
    assert (tmp_path / "plan/two.yaml").read_text() == "b: 1\n"  # half-applied, for now
    assert recover(tmp_path) == ["plan/two.yaml"]
    assert (tmp_path / "plan/two.yaml").read_text() == "b: yy\n"
    assert not journal.exists()
    assert sorted(p.name for p in (tmp_path / "plan").iterdir()) == ["one.yaml", "two.yaml"]
    assert recover(tmp_path) == []


def test_a_torn_journal_is_reported_and_kept(tmp_path: Path) -> None:
    """A journal is written whole (a rename), so a torn one is not sendtrack's."""
    journal = paths(tmp_path).journal
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text('{"renames": [["x", ')
    with pytest.raises(JournalError, match="cannot be read"):
        recover(tmp_path)
    assert journal.read_text() == '{"renames": [["x", '
    journal.unlink()


def test_a_journal_cannot_name_paths_outside(tmp_path: Path) -> None:
    journal = paths(tmp_path).journal
    journal.parent.mkdir(parents=True, exist_ok=True)
    entry = {"temp": "plan/.a.tmp", "target": "../x.yaml", "before": None, "after": "0" * 64}
    journal.write_text(json.dumps({"format": FORMAT, "token": "a" * 32, "renames": [entry]}))
    with pytest.raises(JournalError, match=r"'\.\./x\.yaml': not a data file"):
        recover(tmp_path)
    journal.unlink()


def test_recorded_values_follow_the_lines_that_move(tmp_path: Path) -> None:
    """A value written, then an earlier item removed: the proof at commit reads it at its
    new index; the last item of a list removed leaves ``key: []``, proved too."""
    path = write(tmp_path, MILESTONES)
    editor = Editor(tmp_path)
    entry = {"to": date(2026, 1, 31), "reason": "x: y"}
    editor.append("plan/p.yaml", ("items", 1), "reprofiles", entry)
    editor.take_item("plan/p.yaml", ("items",), 0)
    editor.commit()
    assert '  - id: "1.2"\n    title: Second\n    reprofiles:\n' in path.read_text(encoding="utf-8")
    editor = Editor(tmp_path)
    editor.take_item("plan/p.yaml", ("items",), 0)
    editor.commit()
    assert "items: []\nother: [a, b]" in path.read_text(encoding="utf-8")


def test_a_value_that_reads_back_differently_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proof does not trust the emitter: a naive one that writes '#x' unquoted (a
    comment, so nothing) is caught, and nothing is written."""
    path = write(tmp_path, MILESTONES)
    before = path.read_bytes()
    monkeypatch.setattr("sendtrack.store.edits.render_scalar", str)
    editor = Editor(tmp_path)
    with pytest.raises(EditError, match=r"items\.0\.status would read back as None, not '#x'"):
        editor.set_value("plan/p.yaml", ("items", 0, "status"), "#x")
    assert path.read_bytes() == before


def test_the_bytes_written_are_read_back_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Encoding the text (BOM, CRLF) is a step of its own: it is proved on the bytes."""
    path = write(tmp_path, MILESTONES)
    before = path.read_bytes()
    editor = Editor(tmp_path)
    editor.append("plan/p.yaml", ("items", 0), "updates", {"on": date(2025, 5, 1), "note": "é"})
    lossy = editor._files["plan/p.yaml"].encoded().replace("é".encode(), b"e")
    monkeypatch.setattr(type(editor._files["plan/p.yaml"]), "encoded", lambda self: lossy)
    with pytest.raises(EditError, match=r"note would read back as 'e', not 'é'"):
        editor.commit()
    assert path.read_bytes() == before
