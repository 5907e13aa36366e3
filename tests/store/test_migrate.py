"""`sendtrack migrate` (issue 12 §4): an older repository rewritten in the current schema,
keeping every comment, key order, quote and line it does not have to change."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.models.schema import CURRENT_SCHEMA
from sendtrack.store.migrate import migrate_text, plan_migration
from sendtrack.store.scaffold import init_repository
from tests.conftest import PROJECT_ROOT, MakeRepo

Cli = Callable[..., Any]
BOARD_DAY = "2025-11-03"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*.yaml"))
        if path.is_file()
    }


def as_schema_1(root: Path) -> None:
    """Today's repository as it was written before files carried a version (schema 1):
    the shipped data is migrated, so an older repository is made by taking the line out."""
    for path in root.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert f"\nschema_version: {CURRENT_SCHEMA}\n" in text, path
        path.write_text(
            text.replace(f"\nschema_version: {CURRENT_SCHEMA}\n", "\n", 1), encoding="utf-8"
        )


def comment_it(root: Path) -> None:
    """Make today's repository harder to round-trip: comments in odd places, a CRLF file,
    a byte-order mark, doubled spaces, '~' for null, a flow list with inner spaces."""
    plan = root / "plan" / "priority-2.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace('id: "2"\n', 'id: "2"   # the second priority\n', 1)
    text = text.replace(
        "outcomes:\n", "outcomes:\n  # The outcomes, as the plan numbers them.\n", 1
    )
    text = text.replace("    actions:\n", "    actions:   # what we will do\n", 1)
    text += "# The end of priority 2.\n"
    plan.write_text(text, encoding="utf-8")
    settings = root / "plan" / "partnership.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace(
        "colour_scheme: board\n",
        "colour_scheme:  board\nnot_started_window_days: 30  # the default\n",
        1,
    )
    settings.write_bytes(("\ufeff" + text).encode("utf-8"))
    meeting = root / "meetings" / "2025-12-05.yaml"
    text = meeting.read_text(encoding="utf-8").replace("\n", "\r\n")
    meeting.write_bytes(text.encode("utf-8"))
    risks = root / "risks" / "register.yaml"
    text = risks.read_text(encoding="utf-8")
    written = '    links:\n      - "2"\n    illustrative'
    assert written in text
    text = text.replace(written, '    links: [ "2" ]\n    illustrative', 1)
    risks.write_text(text, encoding="utf-8")


def status_json(cli: Cli, root: Path) -> dict[str, Any]:
    result = cli("--repo", str(root), "status", "--as-of", BOARD_DAY, "--format", "json")
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_a_commented_copy_of_todays_repository_changes_only_its_schema(
    shipped_copy: Path, cli: Cli
) -> None:
    as_schema_1(shipped_copy)
    comment_it(shipped_copy)
    assert check_repository(shipped_copy, date(2025, 11, 3)).problems == []
    before = snapshot(shipped_copy)
    figures = status_json(cli, shipped_copy)

    dry = cli("--repo", str(shipped_copy), "migrate", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert snapshot(shipped_copy) == before  # a dry run writes nothing
    assert dry.output.count("\n+schema_version: 2\n") == len(before)
    assert f"would migrate {len(before)} files to schema 2" in dry.output

    result = cli("--repo", str(shipped_copy), "migrate")
    assert result.exit_code == 0, result.output
    after = snapshot(shipped_copy)
    assert set(after) == set(before)
    for name, old in before.items():
        new = after[name]
        crlf = b"\r\n" in old
        assert (b"\r\n" in new) == crlf, name  # line endings kept
        assert new.startswith(b"\xef\xbb\xbf") == old.startswith(b"\xef\xbb\xbf"), name
        diff = list(
            difflib.unified_diff(
                old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines(), lineterm=""
            )
        )
        changed = [line for line in diff[2:] if line[:1] in "+-"]
        # Nothing but the schema: one line added, none removed or rewritten.
        assert changed == [f"+schema_version: {CURRENT_SCHEMA}"], (name, changed)
    assert check_repository(shipped_copy, date(2025, 11, 3)).problems == []
    assert status_json(cli, shipped_copy) == figures

    again = cli("--repo", str(shipped_copy), "migrate")
    assert again.exit_code == 0
    assert again.output.strip() == "already schema 2: nothing to migrate"
    assert snapshot(shipped_copy) == after


def test_every_comment_and_key_order_survives_a_round_trip() -> None:
    text = (
        "# header\n\n"
        'id: "1"  # the id\n'
        "title: A title\n"
        "links: [IP3.5, IP3.6]   # two\n"
        "milestones:\n"
        "  # first\n"
        "  - {id: W1, title: Board set up, due: 2018-09}\n"
        "\n"
        "  - id: W2   # trailing\n"
        "    title: 'single quoted'\n"
        '    due: "2018-12"\n'
        "    note: >-\n"
        "      folded\n"
        "      text\n"
        "# end comment\n"
    )
    new, version, notes = migrate_text(text, "plan", "plan/x.yaml")
    assert version == 1 and notes == []
    assert new == text.replace('id: "1"', 'schema_version: 2\nid: "1"', 1)


def test_a_file_from_a_newer_sendtrack_is_refused(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({})
    settings = root / "plan" / "partnership.yaml"
    text = settings.read_text(encoding="utf-8")
    line = text.splitlines().index(f"schema_version: {CURRENT_SCHEMA}") + 1
    settings.write_text(text.replace(f"schema_version: {CURRENT_SCHEMA}", "schema_version: 3"))
    (problem,) = check_repository(root, date(2025, 5, 1)).problems
    assert problem.code == "invalid-value" and problem.line == line
    assert "newer than this sendtrack reads (2): upgrade sendtrack" in problem.message
    before = snapshot(root)
    result = cli("--repo", str(root), "migrate")
    assert result.exit_code == 1
    assert "newer than this sendtrack (2): upgrade sendtrack instead" in result.output
    assert snapshot(root) == before


@pytest.mark.parametrize(
    "broken",
    [
        "risks: &a []\nother: *a\n",  # an alias: sendtrack's reader refuses it first
        "risks: [\n",  # not YAML
    ],
)
def test_a_file_that_does_not_read_cleanly_stops_the_migration(
    make_repo: MakeRepo, cli: Cli, broken: str
) -> None:
    root = make_repo({"risks/register.yaml": broken})
    before = snapshot(root)
    result = cli("--repo", str(root), "migrate")
    assert result.exit_code == 1
    assert "risks/register.yaml" in result.output and "nothing was written" in result.output
    assert snapshot(root) == before


@pytest.mark.parametrize("where", ["shipped", "example", "init"])
def test_what_sendtrack_ships_is_in_the_current_schema(where: str, tmp_path: Path) -> None:
    """A new partnership starts on the current shape: nothing shipped is left to migrate."""
    roots = {
        "shipped": PROJECT_ROOT,
        "example": PROJECT_ROOT / "examples" / "lancashire-2019",
        "init": tmp_path / "new",
    }
    init_repository(roots["init"])
    migration = plan_migration(roots[where])
    assert migration.changes == [] and migration.unchanged > 0
