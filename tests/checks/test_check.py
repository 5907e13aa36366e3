"""Every problem `sendtrack check` reports: exact code, message, line and column."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.core.problems import Problem
from sendtrack.store.yamlio import MAX_DEPTH
from tests.conftest import PROJECT_ROOT, MakeRepo
from tests.one_milestone import one_milestone_priority

AS_OF = date(2025, 6, 1)


def priority(extra: str = "") -> str:
    """A one-milestone priority file; ``extra`` lines (12 spaces in) go into the milestone,
    from line 17 on. The template's action log links to 1.1.1.2, so it is named here."""
    return one_milestone_priority(extra)


def problems_of(root: Path, as_of: date = AS_OF) -> list[Problem]:
    return check_repository(root, as_of).problems


def only(root: Path, as_of: date = AS_OF) -> Problem:
    found = problems_of(root, as_of)
    assert len(found) == 1, found
    return found[0]


def located(problem: Problem) -> tuple[str, str, int, int, str]:
    return (problem.code, problem.file, problem.line, problem.column, problem.message)


def test_template_is_clean(make_repo: MakeRepo) -> None:
    assert problems_of(make_repo({})) == []


# -- reading files ----------------------------------------------------------------------


def test_syntax_error_has_position_and_hint(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority('            note: "unclosed\n')})
    problem = only(root)
    assert problem.code == "yaml-syntax"
    assert (problem.file, problem.line) == ("plan/priority-1.yaml", 18)
    assert problem.message.startswith("not valid YAML: ")


def test_tab_indentation(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("\t    note: x\n")})
    problem = only(root)
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 17, 1)
    assert problem.hint == "indent with spaces: YAML does not allow tabs for indentation"


def test_not_utf8(make_repo: MakeRepo) -> None:
    root = make_repo({})
    (root / "plan/priority-1.yaml").write_bytes(b'id: "1"\ntitle: caf\xe9\n')
    assert located(only(root)) == (
        "yaml-encoding",
        "plan/priority-1.yaml",
        2,
        11,
        "not UTF-8: byte 0xe9 cannot be decoded",
    )


def test_unreadable_file(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo({})
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        # Tests run as root, for whom chmod 000 does not stop a read: refuse it here.
        if path.name == "register.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert located(only(root)) == (
        "unreadable-file",
        "risks/register.yaml",
        0,
        0,
        "cannot read the file: Permission denied",
    )


def test_bom_and_crlf_are_accepted(make_repo: MakeRepo) -> None:
    root = make_repo({})
    text = priority().replace("\n", "\r\n")
    (root / "plan/priority-1.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert problems_of(root) == []


def test_empty_file(make_repo: MakeRepo) -> None:
    root = make_repo({})
    (root / "risks/register.yaml").write_text("# nothing yet\n")
    assert located(only(root)) == (
        "yaml-empty",
        "risks/register.yaml",
        1,
        1,
        "file is empty (no YAML document)",
    )


def test_multi_document(make_repo: MakeRepo) -> None:
    root = make_repo({"tracker/archive.yaml": "actions: []\n---\nactions: []\n"})
    problem = only(root)
    assert (problem.code, problem.line, problem.column) == ("yaml-multi-document", 2, 1)


def test_yaml_version(make_repo: MakeRepo) -> None:
    root = make_repo({"risks/register.yaml": "%YAML 1.1\n---\nrisks: []\n"})
    assert located(only(root)) == (
        "yaml-version",
        "risks/register.yaml",
        1,
        1,
        "%YAML 1.1 is not supported; sendtrack reads YAML 1.2",
    )


def test_yaml_1_2_directive_is_fine(make_repo: MakeRepo) -> None:
    root = make_repo({"tracker/archive.yaml": "%YAML 1.2\n---\nactions: []\n"})
    assert problems_of(root) == []


def test_alias_bomb_is_refused_fast(make_repo: MakeRepo) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    root = make_repo({"risks/register.yaml": "\n".join(levels) + "\n"})
    assert located(only(root)) == (
        "yaml-anchor",
        "risks/register.yaml",
        1,
        4,
        "YAML anchor 'a' is not allowed",
    )


def test_ampersand_in_text_is_not_an_anchor(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            note: Comms & Engagement\n")})
    assert problems_of(root) == []


def test_custom_tag(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            note: !python/object x\n")})
    assert located(only(root)) == (
        "yaml-tag",
        "plan/priority-1.yaml",
        17,
        19,
        "custom YAML tag '!python/object' is not allowed",
    )


def test_merge_key(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            <<: {note: x}\n")})
    assert located(only(root)) == (
        "yaml-merge-key",
        "plan/priority-1.yaml",
        17,
        13,
        "YAML merge keys ('<<') are not allowed",
    )


def test_complex_key(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            [a, b]: x\n")})
    assert located(only(root)) == (
        "yaml-complex-key",
        "plan/priority-1.yaml",
        17,
        13,
        "a key must be plain text, not a list or mapping",
    )


def test_duplicate_key_reported_and_rest_still_checked(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"plan/priority-1.yaml": priority("            title: Again\n            colour: red\n")}
    )
    found = [located(p) for p in problems_of(root)]
    assert found == [
        (
            "yaml-duplicate-key",
            "plan/priority-1.yaml",
            17,
            13,
            "key 'title' appears twice in the same mapping (first on line 15); the first is used",
        ),
        (
            "unknown-field",
            "plan/priority-1.yaml",
            18,
            13,
            "unknown field 'colour' in milestone 1.1.1.2",
        ),
    ]


def test_too_deep(make_repo: MakeRepo) -> None:
    root = make_repo({"risks/register.yaml": "risks: " + "[" * 500 + "]" * 500 + "\n"})
    problem = only(root)
    assert (problem.code, problem.line, problem.message) == (
        "yaml-too-deep",
        1,
        "nesting is deeper than 64 levels",
    )


# Nestings of ``n`` collections around one scalar, written every way YAML allows. The
# quoted and commented ']' used to hide the depth from the cheap bound (PyYAML 6.0.3's
# composer then segfaulted at 200,000 levels); the libyaml in PyYAML 6.0.4 refuses 1,000
# levels itself with a plain syntax error. Either way the answer must be yaml-too-deep.
NESTINGS: dict[str, Callable[[int], str]] = {
    "flow": lambda n: "[" * n + "x" + "]" * n + "\n",
    "flow mappings": lambda n: "{k: " * n + "x" + "}" * n + "\n",
    "flow after quoted ]": lambda n: "[" + "[ ']', " * (n - 1) + "x" + "]" * n + "\n",
    "flow after commented ]": lambda n: "[" + "[ # ]]\n" * (n - 1) + "x" + "]" * n + "\n",
    "block mappings": lambda n: "".join(" " * i + "a:\n" for i in range(n)) + " " * n + "x\n",
    "block sequences": lambda n: "".join(" " * i + "-\n" for i in range(n)) + " " * n + "x\n",
    "flow in block": lambda n: "a:\n  b: " + "[" * (n - 2) + "x" + "]" * (n - 2) + "\n",
}
PADDING = "# " + "[" * 500 + "\n"
"""A comment that lifts the cheap bound, so the exact count decides even a shallow file."""


def yaml_codes(root: Path) -> list[str]:
    return [p.code for p in problems_of(root) if p.code.startswith("yaml-")]


@pytest.mark.parametrize("padded", [False, True], ids=["bound", "exact count"])
@pytest.mark.parametrize("kind", NESTINGS)
def test_nesting_at_the_limit_is_read(make_repo: MakeRepo, kind: str, padded: bool) -> None:
    text = (PADDING if padded else "") + NESTINGS[kind](MAX_DEPTH)
    assert yaml_codes(make_repo({"risks/register.yaml": text})) == []


@pytest.mark.parametrize("padded", [False, True], ids=["bound", "exact count"])
@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_001], ids=["limit+1", "past libyaml's"])
@pytest.mark.parametrize("kind", NESTINGS)
def test_nesting_past_the_limit_is_too_deep(
    make_repo: MakeRepo, kind: str, levels: int, padded: bool
) -> None:
    text = (PADDING if padded else "") + NESTINGS[kind](levels)
    problem = only(make_repo({"risks/register.yaml": text}))
    assert (problem.code, problem.file, problem.message) == (
        "yaml-too-deep",
        "risks/register.yaml",
        "nesting is deeper than 64 levels",
    )


@pytest.mark.parametrize("kind", ["flow", "flow after quoted ]", "flow after commented ]"])
def test_very_deep_nesting_neither_crashes_nor_hangs(make_repo: MakeRepo, kind: str) -> None:
    # libyaml's composer segfaults near 100,000 levels; the guard must come first.
    root = make_repo({"risks/register.yaml": NESTINGS[kind](200_000)})
    assert only(root).code == "yaml-too-deep"


def test_too_large(make_repo: MakeRepo) -> None:
    root = make_repo({})
    (root / "risks/register.yaml").write_bytes(b"risks: []\n" + b"#" * (21 * 1024 * 1024))
    problem = only(root)
    assert (problem.code, problem.line) == ("yaml-too-large", 0)
    assert problem.message == "file is 22,020,106 bytes; the limit is 20,971,520"


# -- models -----------------------------------------------------------------------------


def test_unknown_field_suggests_the_nearest(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            titel: x\n")})
    problem = only(root)
    assert located(problem) == (
        "unknown-field",
        "plan/priority-1.yaml",
        17,
        13,
        "unknown field 'titel' in milestone 1.1.1.2",
    )
    assert problem.hint == "did you mean 'title'?"
    assert problem.id == "1.1.1.2"


def test_missing_field(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority().replace("            due: 2025-03\n", "")})
    problem = only(root)
    assert located(problem) == (
        "missing-field",
        "plan/priority-1.yaml",
        14,
        13,
        "missing field 'due' in milestone 1.1.1.2",
    )
    assert problem.hint.startswith("add 'due:' (Baseline due date.")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "2025-02-30",
            "'due' in milestone 1.1.1.2: '2025-02-30' does not exist: February 2025 has 28 days",
        ),
        ("2025-13", "'due' in milestone 1.1.1.2: '2025-13' has month 13; months run from 01 to 12"),
        (
            "Smarch 2025",
            "'due' in milestone 1.1.1.2: 'Smarch' in 'Smarch 2025' is not a month name",
        ),
        (
            "soon",
            "'due' in milestone 1.1.1.2: 'soon' is not a date; write it as one of "
            "2025-03-31, 31 March 2025, 2025-03, March 2025, Mar 2025, Sept 2025 or Feb 26",
        ),
    ],
)
def test_invalid_dates(make_repo: MakeRepo, written: str, message: str) -> None:
    text = priority().replace("            due: 2025-03\n", f"            due: {written}\n")
    problem = only(make_repo({"plan/priority-1.yaml": text}))
    assert located(problem) == ("invalid-date", "plan/priority-1.yaml", 16, 18, message)


def test_invalid_value_with_choices(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            status: compleet\n")})
    problem = only(root)
    assert located(problem) == (
        "invalid-value",
        "plan/priority-1.yaml",
        17,
        21,
        "'status' in milestone 1.1.1.2 is 'compleet'; expected one of: "
        "not_started, in_progress, complete",
    )
    assert problem.hint == "did you mean 'complete'?"


def test_yes_is_not_a_boolean(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            illustrative: yes\n")})
    assert located(only(root)) == (
        "invalid-value",
        "plan/priority-1.yaml",
        17,
        27,
        "'illustrative' in milestone 1.1.1.2: 'yes' is not true or false (got 'yes')",
    )


def test_wrong_shape(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            updates: none\n")})
    assert located(only(root)) == (
        "wrong-shape",
        "plan/priority-1.yaml",
        17,
        22,
        "'updates' in milestone 1.1.1.2 must be a list ('- item' lines), not the text 'none'",
    )


def test_not_a_mapping(make_repo: MakeRepo) -> None:
    root = make_repo({"risks/register.yaml": "- R01\n"})
    assert located(only(root)) == (
        "not-a-mapping",
        "risks/register.yaml",
        1,
        1,
        "a risk register file must be a mapping of fields, not a list",
    )


def test_missing_settings(make_repo: MakeRepo) -> None:
    root = make_repo({})
    (root / "plan/partnership.yaml").rename(root / "plan/settings.txt")
    problems = check_repository(root, AS_OF).problems
    assert ("missing-file", "plan/partnership.yaml") in [(p.code, p.file) for p in problems]


def test_ids_stay_as_written(make_repo: MakeRepo) -> None:
    text = priority().replace('id: "1.1.1"', "id: 1.10").replace('id: "1.1"\n', "id: 1.1\n")
    result = check_repository(make_repo({"plan/priority-1.yaml": text}), AS_OF)
    assert result.problems == []
    priority_model = result.repo.priorities[0]
    assert priority_model.outcomes[0].id == "1.1"
    assert priority_model.outcomes[0].actions[0].id == "1.10"


def test_leading_zero_id_is_kept(make_repo: MakeRepo) -> None:
    text = priority().replace('id: "1.1.1"', "id: 010")
    result = check_repository(make_repo({"plan/priority-1.yaml": text}), AS_OF)
    assert result.repo.plan_ids() >= {"010", "1.1.1.2"}


def test_month_forms_mean_the_last_day(make_repo: MakeRepo) -> None:
    forms = {
        "2025-02": date(2025, 2, 28),
        "Sept 2025": date(2025, 9, 30),
        "Feb 26": date(2026, 2, 28),
        "March 2025": date(2025, 3, 31),
    }
    for written, expected in forms.items():
        text = priority().replace("            due: 2025-03\n", f"            due: {written}\n")
        result = check_repository(make_repo({"plan/priority-1.yaml": text}), AS_OF)
        assert result.repo.milestones()[0].due == expected, written


# -- cross-file rules -------------------------------------------------------------------


def test_duplicate_id(make_repo: MakeRepo) -> None:
    text = priority() + (
        '          - id: "1.1.1.2"\n            title: Again\n            due: 2025-04\n'
    )
    problem = only(make_repo({"plan/priority-1.yaml": text}))
    assert located(problem) == (
        "duplicate-id",
        "plan/priority-1.yaml",
        17,
        17,
        "milestone id '1.1.1.2' is already used by the milestone at plan/priority-1.yaml:14",
    )


def test_unknown_workstream(make_repo: MakeRepo) -> None:
    text = priority().replace("        workstream: leadership", "        workstream: leadershp")
    problem = only(make_repo({"plan/priority-1.yaml": text}))
    assert located(problem) == (
        "unknown-workstream",
        "plan/priority-1.yaml",
        11,
        21,
        "workstream 'leadershp' is not defined in plan/partnership.yaml",
    )
    assert problem.hint == "did you mean 'leadership'?"


def test_unknown_meeting_in_reprofile(make_repo: MakeRepo) -> None:
    extra = (
        "            reprofiles:\n"
        "              - to: 2025-06\n"
        "                reason: Late start.\n"
        '                agreed_at: "2025-04-11"\n'
    )
    problem = only(make_repo({"plan/priority-1.yaml": priority(extra)}))
    assert located(problem) == (
        "unknown-meeting",
        "plan/priority-1.yaml",
        20,
        28,
        "re-profile 1 of milestone 1.1.1.2 names meeting '2025-04-11', which has no record "
        "in meetings/",
    )
    assert problem.hint == "did you mean '2025-04-10' or '2025-05-15'?"


def test_agreed_at_a_meeting_after_as_of(make_repo: MakeRepo) -> None:
    extra = (
        "            reprofiles:\n"
        "              - to: 2025-06\n"
        "                reason: Late start.\n"
        '                agreed_at: "2025-05-15"\n'
    )
    problem = only(make_repo({"plan/priority-1.yaml": priority(extra)}), date(2025, 5, 1))
    assert located(problem) == (
        "agreed-at-later-meeting",
        "plan/priority-1.yaml",
        20,
        28,
        "re-profile 1 of milestone 1.1.1.2 is agreed at the 15 May 2025 meeting, after 1 May 2025",
    )


def test_reprofile_needs_agreement_or_proposal(make_repo: MakeRepo) -> None:
    extra = "            reprofiles:\n              - to: 2025-06\n                reason: Late.\n"
    problem = only(make_repo({"plan/priority-1.yaml": priority(extra)}))
    assert located(problem) == (
        "invalid-value",
        "plan/priority-1.yaml",
        18,
        17,
        "value in milestone 1.1.1.2: a re-profile needs 'agreed_at: <meeting>', "
        "'proposed: true' or, for a proposal taken back, 'withdrawn: {on, reason}' "
        "(got a mapping)",
    )


def test_reprofile_same_date_and_before_baseline(make_repo: MakeRepo) -> None:
    extra = (
        "            reprofiles:\n"
        "              - to: 2025-03-31\n"
        "                reason: No change.\n"
        "                proposed: true\n"
        "              - to: 2025-02-01\n"
        "                reason: Earlier.\n"
        "                proposed: true\n"
    )
    found = [located(p) for p in problems_of(make_repo({"plan/priority-1.yaml": priority(extra)}))]
    assert found == [
        (
            "reprofile-same-date",
            "plan/priority-1.yaml",
            18,
            21,
            "re-profile 1 of milestone 1.1.1.2 moves it to 31 Mar 2025, the date already in force",
        ),
        (
            "reprofile-before-baseline",
            "plan/priority-1.yaml",
            21,
            21,
            "re-profile 2 of milestone 1.1.1.2 moves it to 1 Feb 2025, before its baseline "
            "31 Mar 2025",
        ),
    ]


def test_completion_dates(make_repo: MakeRepo) -> None:
    root = make_repo({"plan/priority-1.yaml": priority("            status: complete\n")})
    assert located(only(root)) == (
        "completed-without-date",
        "plan/priority-1.yaml",
        17,
        21,
        "milestone 1.1.1.2 is complete but has no completed_on date",
    )
    root = make_repo({"plan/priority-1.yaml": priority("            completed_on: 2025-03-01\n")})
    assert located(only(root)) == (
        "completed-date-without-status",
        "plan/priority-1.yaml",
        17,
        27,
        "milestone 1.1.1.2 has completed_on but its status is not_started",
    )
    extra = "            status: complete\n            completed_on: 2025-07-01\n"
    root = make_repo({"plan/priority-1.yaml": priority(extra)})
    assert located(only(root)) == (
        "completed-in-future",
        "plan/priority-1.yaml",
        18,
        27,
        "milestone 1.1.1.2 is completed on 1 Jul 2025, after 1 Jun 2025",
    )


def test_missing_owner(make_repo: MakeRepo) -> None:
    settings = PROJECT_ROOT / "src/sendtrack/templates/init/plan/partnership.yaml"
    text = settings.read_text().replace("      - Director of Education\n", "      - TBC\n")
    root = make_repo({"plan/partnership.yaml": text, "plan/priority-1.yaml": priority()})
    assert located(only(root)) == (
        "missing-owner",
        "plan/priority-1.yaml",
        14,
        13,
        "milestone 1.1.1.2 has no owner: no owner, no action leads and no named lead for "
        "workstream 'leadership'",
    )


def test_unknown_link_and_meeting_mismatch(make_repo: MakeRepo) -> None:
    root = make_repo({})
    log = (root / "tracker/actions.yaml").read_text().replace('"1.1.1.2"', '"1.1.1.9"')
    (root / "tracker/actions.yaml").write_text(log)
    assert located(only(root)) == (
        "unknown-link",
        "tracker/actions.yaml",
        13,
        7,
        "2025-04-10/A1 links to '1.1.1.9', which is not a milestone, action, risk or meeting id",
    )


def test_meeting_lists_an_action_not_in_the_log(make_repo: MakeRepo) -> None:
    root = make_repo({})
    meeting = (root / "meetings/2025-04-10.yaml").read_text()
    meeting = meeting.replace(
        'actions_raised:\n  - "2025-04-10/A1"\n',
        'actions_raised:\n  - "2025-04-10/A1"\n  - "2025-04-10/A2"\n',
    )
    (root / "meetings/2025-04-10.yaml").write_text(meeting)
    assert located(only(root)) == (
        "meeting-actions-mismatch",
        "meetings/2025-04-10.yaml",
        25,
        3,
        "meeting 2025-04-10 lists action '2025-04-10/A2', which is not in tracker/",
    )


def test_unknown_risk_added(make_repo: MakeRepo) -> None:
    root = make_repo({})
    meeting = (root / "meetings/2025-04-10.yaml").read_text().replace("  - R01\n", "  - R02\n")
    (root / "meetings/2025-04-10.yaml").write_text(meeting)
    problem = only(root)
    assert located(problem) == (
        "unknown-risk",
        "meetings/2025-04-10.yaml",
        27,
        3,
        "meeting 2025-04-10 adds risk 'R02', which is not in risks/",
    )
    assert problem.hint == "did you mean 'R01'?"


def test_meeting_id_is_its_date(make_repo: MakeRepo) -> None:
    root = make_repo({})
    text = (root / "meetings/2025-05-15.yaml").read_text().replace('id: "2025-05-15"', 'id: "may"')
    (root / "meetings/2025-05-15.yaml").write_text(text)
    found = {p.code for p in problems_of(root)}
    assert "meeting-id-mismatch" in found


def test_archive_holds_closed_actions_only(make_repo: MakeRepo) -> None:
    root = make_repo({})
    log = (root / "tracker/actions.yaml").read_text()
    (root / "tracker/archive.yaml").write_text(log)
    (root / "tracker/actions.yaml").write_text("actions: []\n")
    assert located(only(root)) == (
        "archive-not-closed",
        "tracker/archive.yaml",
        11,
        13,
        "board action 2025-04-10/A1 is in the archive but its status is open",
    )


def test_closed_risk_needs_reason(make_repo: MakeRepo) -> None:
    root = make_repo({})
    text = (
        (root / "risks/register.yaml").read_text().replace("    status: open", "    status: closed")
    )
    (root / "risks/register.yaml").write_text(text)
    assert located(only(root)) == (
        "risk-closed-without-reason",
        "risks/register.yaml",
        20,
        13,
        "risk R01 is closed but has no 'closed:' reason and meeting",
    )


def test_every_problem_is_reported_in_one_pass(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "plan/priority-1.yaml": priority("            titel: x\n            status: done\n"),
            "risks/register.yaml": "risks: [\n",
            "meetings/2025-05-15.yaml": 'id: "2025-05-15"\nboard: B\ndate: 2025-02-30\n'
            "status: scheduled\n",
        }
    )
    codes = sorted(p.code for p in problems_of(root))
    assert codes == ["invalid-date", "invalid-value", "unknown-field", "yaml-syntax"]


# -- the command ------------------------------------------------------------------------


def test_cli_text_output(make_repo: MakeRepo, cli) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"plan/priority-1.yaml": priority("            titel: x\n")})
    result = cli("--repo", str(root), "check", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    assert result.output == (
        "plan/priority-1.yaml:17:13: unknown-field unknown field 'titel' in milestone 1.1.1.2\n"
        "   17 |             titel: x\n"
        "      |             ^\n"
        "  hint: did you mean 'title'?\n"
        "\n"
        "1 error in 7 files\n"
    )


def test_cli_json_contract(make_repo: MakeRepo, cli) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"plan/priority-1.yaml": priority("            titel: x\n")})
    result = cli("--repo", str(root), "check", "--format", "json", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "ok": False,
        "problems": [
            {
                "code": "unknown-field",
                "severity": "error",
                "file": "plan/priority-1.yaml",
                "line": 17,
                "column": 13,
                "id": "1.1.1.2",
                "message": "unknown field 'titel' in milestone 1.1.1.2",
                "hint": "did you mean 'title'?",
            }
        ],
    }


def test_cli_github_annotations(make_repo: MakeRepo, cli) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"plan/priority-1.yaml": priority("            titel: x\n")})
    result = cli("--repo", str(root), "check", "--format", "github", "--as-of", "2025-06-01")
    assert result.exit_code == 1
    assert result.output == (
        "::error file=plan/priority-1.yaml,line=17,col=13,title=unknown-field::"
        "unknown-field: unknown field 'titel' in milestone 1.1.1.2 (hint: did you mean 'title'?)\n"
    )


def test_cli_clean(make_repo: MakeRepo, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--repo", str(make_repo({})), "check", "--as-of", "2025-06-01")
    assert (result.exit_code, result.output) == (0, "ok: no problems in 7 files\n")


def test_cli_outside_a_repository(tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SENDTRACK_REPO", raising=False)
    result = cli("check")
    assert result.exit_code == 2
    assert "not inside a sendtrack repository" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_repository_found_from_a_subfolder_and_from_env(
    make_repo: MakeRepo,
    cli,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    root = make_repo({})
    monkeypatch.chdir(root / "plan")
    assert cli("check", "--as-of", "2025-06-01").exit_code == 0
    monkeypatch.chdir(root.parent)
    monkeypatch.setenv("SENDTRACK_REPO", str(root))
    assert cli("check", "--as-of", "2025-06-01").exit_code == 0


def test_check_writes_nothing(make_repo: MakeRepo, cli) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"plan/priority-1.yaml": priority("            titel: x\n")})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    cli("--repo", str(root), "check")
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert before == after
