"""The one shape every problem takes, from YAML syntax to cross-file rules.

Problems are plain values: the loader and the checks return them, they never raise on
bad user data. Every renderer (text with a caret, JSON, GitHub annotations) reads the
same fields, so a problem found anywhere is reported the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the repository, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" (a file that cannot be
    decoded at all, say). ``file`` is relative to the repository root, with ``/``.
    """

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    id: str | None = None
    hint: str = ""
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "id": self.id,
            "message": self.message,
            "hint": self.hint,
        }


CATALOGUE: dict[str, str] = {
    # Reading a file (loader, yamlio)
    "unreadable-file": "The file exists but cannot be read (permissions).",
    "yaml-too-large": "The file is larger than any real plan file could be (20 MiB).",
    "yaml-encoding": "The file is not UTF-8 (a BOM is accepted).",
    "yaml-syntax": "The file is not valid YAML: quoting, indentation, tabs, or a control "
    "character YAML does not allow (located at the character).",
    "yaml-multi-document": "The file holds more than one YAML document.",
    "yaml-version": "A %YAML directive other than 1.2.",
    "yaml-anchor": "An anchor or alias: refused so no file can expand into millions of items.",
    "yaml-too-deep": "Nesting deeper than any sendtrack file needs.",
    "yaml-empty": "The file holds no YAML document.",
    "yaml-tag": "A custom tag such as !python/object.",
    "yaml-complex-key": "A key that is a list or mapping.",
    "yaml-merge-key": "A merge key ('<<').",
    "yaml-duplicate-key": "The same key twice in one mapping (the first is used).",
    # Matching a file to its model (loader)
    "missing-file": "plan/partnership.yaml, which every repository needs, is missing.",
    "not-a-mapping": "The file's top level is not a mapping of fields.",
    "unknown-field": "A field the model does not have (with a 'did you mean').",
    "missing-field": "A required field is absent.",
    "invalid-date": "A date that does not exist or is not in an accepted form.",
    "date-out-of-range": "A date outside 2000-01-01 to 2100-12-31, the years sendtrack accepts.",
    "invalid-value": "A value of the wrong kind or outside its allowed values.",
    "wrong-shape": "A list where a mapping belongs, or the other way round.",
    "unsafe-id": "An id with a control character, '/', '\\' or a leading '.'.",
    "control-character": "Text with a control character (ESC, BEL…) a terminal would act on.",
    # Cross-file rules (checks/rules.py)
    "duplicate-id": "Two items share an id (plan-wide, action log, risks, meetings).",
    "unknown-workstream": "An action or priority names a workstream not in the settings.",
    "unknown-meeting": "A reference to a meeting with no record in meetings/.",
    "agreed-at-later-meeting": "A re-profile agreed at a meeting after the as-of date.",
    "meeting-id-mismatch": "A meeting's id is not its date.",
    "unknown-link": "A link to an id that exists nowhere in the repository.",
    "meeting-actions-mismatch": "A meeting's actions_raised and the action log disagree.",
    "unknown-risk": "A meeting adds a risk that is not in the register.",
    "completed-without-date": "Complete (or closed) with no completion date.",
    "completed-date-without-status": "A completion date on a milestone that is not complete.",
    "completed-in-future": "Completed after the as-of date.",
    "reprofile-same-date": "A re-profile to the date already in force.",
    "reprofile-before-baseline": "A re-profile to a date before the baseline.",
    "missing-owner": "A milestone with no owner, action lead or named workstream lead.",
    "archive-not-closed": "An action in the archive that is not closed.",
    "risk-closed-without-reason": "A closed risk with no reason and meeting.",
    # Dates in order (checks/date_order.py)
    "completed-before-started": "A milestone completed before it started, or a board action "
    "closed before the meeting that raised it.",
    "proposal-after-agreement": "A re-profile proposed (proposed_on) after the board that "
    "agreed it.",
    "reprofile-before-added": "A re-profile agreed or proposed before the milestone entered "
    "the plan (before its baseline was set).",
    "duplicate-workstream-name": "Two workstreams share a name or another name "
    "(also_known_as), so --workstream could not tell them apart.",
    # The plan's shape and words (checks/plan_rules.py)
    "level-mismatch": "A top-level file has more or fewer levels than the plan declares.",
    "unknown-narrative-field": "Narrative under a key its level does not declare.",
    "invalid-carry-forward": "A milestone carried forward in a loop, or withdrawn as well.",
    "undated-not-allowed": "An undated milestone ('ongoing', 'TBC') where the plan allows none.",
    "unknown-body": "A meeting's body, or the body figures report to, is not declared.",
    "added-on-missing": "Warning: in git, a top-level item does not say when it entered the plan.",
    # Against a base revision (review/baseline.py, 'check --base REV')
    "baseline-changed": "A milestone's baseline due date was edited (re-profile instead).",
    "reprofile-edited": "A re-profile the board agreed was edited.",
    "reprofile-removed": "A re-profile the board agreed was removed.",
    "milestone-deleted": "A milestone was deleted (or its id changed) instead of withdrawn.",
    "risk-deleted": "A risk was deleted (or its id changed) instead of closed.",
    "board-action-deleted": "A board action was deleted (or its id changed) instead of closed.",
    "id-reused": "An id now names a different item than in the base revision.",
    # Guard rail for a public repository (review/privacy.py)
    "personal-data": "Personal data about a child: NHS number, UPN, date of birth, personal "
    "e-mail, mobile number.",
    # The board's own tools (checks/rules.py, board actions, risks and meetings)
    "action-id-mismatch": "A board action's id is not '<meeting>/A<number>'.",
    "action-due-before-meeting": "A board action due before the meeting that raised it.",
    "history-in-future": "An action update or risk rescore dated after the as-of date.",
    "history-out-of-order": "An update (of a milestone or board action), a risk rescore, or an "
    "agreed re-profile dated before the one above it.",
    "risk-score-not-in-history": "Warning: a risk's score differs from its latest rescore.",
    "risk-target-above-current": "Warning: an open risk's target score is above its score.",
    "risk-closed-but-open": "A risk with a 'closed:' record whose status is not closed.",
    "meeting-not-minuted": "Warning: a meeting still 'scheduled' four weeks after its date.",
    # Impact measures (checks/measure_rules.py, measures import)
    "measure-unknown-link": "A measure links to an id that is not a plan item.",
    "measure-duplicate-period": "A measure or comparator has two figures for one period.",
    "measure-future-figure": "A measure has a figure for a period that has not ended.",
    "measure-unknown-comparator": "A 'match' target names a comparator the measure does not have.",
    "measure-record-rewritten": "check --base: a recorded figure or a target was rewritten.",
    "measure-no-commentary": "Warning: a measure off trajectory with no commentary since.",
    "import-not-csv": "An imported file is not a CSV: binary, not UTF-8, too large, or one column.",
    "import-bad-row": "A row of an imported CSV has the wrong number of cells or broken quoting.",
    "import-no-measure": "No measure's source mapping fits the imported file.",
    "import-missing-column": "An imported file lacks a column a measure's mapping needs.",
    "import-area-not-found": "No row of an imported file is the area (or a comparator).",
    "import-bad-value": "An imported cell is not a number, a suppression code or a period.",
    "import-duplicate-period": "An imported file has two rows for one period of one series.",
    # Lead returns ('sendtrack returns apply'; located as FILE:Sheet!C12 or FILE:LINE)
    "return-unreadable": "A return that is not a workbook (or form) sendtrack can read.",
    "return-too-large": "A return refused by size before parsing (a zip bomb, a huge sheet).",
    "return-macros": "A macro-enabled workbook (.xlsm, or one carrying vbaProject.bin).",
    "return-not-a-return": "No state sheet (or form line): not made by 'sendtrack returns make'.",
    "return-other-repository": "A return made for another partnership's repository.",
    "return-sheet-renamed": "Warning: a sheet was renamed; it was found by its header row.",
    "return-sheet-missing": "A sheet of the return is gone: none of its rows can be read.",
    "return-column-missing": "A column is gone (the ID column: the sheet cannot be read).",
    "return-column-duplicated": "Two columns (or form lines) with the same heading.",
    "return-formula": "A formula where a value belongs: never evaluated; the row is skipped.",
    "return-hyperlink": "Warning: a cell's link is not followed; only its text is read.",
    "return-merged-cells": "Merged cells over a column that is read: the row is skipped.",
    "return-missing-id": "A filled-in row with no id.",
    "return-duplicate-row": "The same item twice in one return: only the first row is read.",
    "return-unknown-id": "A row whose id is no milestone, board action or measure.",
    "return-not-in-workbook": "A row for an item that was not in the return made for that lead.",
    "return-stale": "A row whose item changed since the return was made.",
    "return-status-not-allowed": "A new status that is not one of the allowed words.",
    "return-invalid-date": "A date cell that is not a date (03/11/2025 is accepted).",
    "return-invalid-value": "A value that is not allowed in its column (at risk: yes or no).",
    "return-date-in-future": "A date after today where a return says what has happened.",
    "return-date-before-start": "An update dated before the milestone started.",
    "return-incomplete-row": "Half a change: a new date without its reason, a date alone.",
    "return-refused": "The edit the row asks for refuses it (its message says why).",
}
"""Every problem code sendtrack reports, with what it means. docs/problems.md is made from
this table, and a test fails if any code in the source is missing here."""


def render_catalogue() -> str:
    lines = [
        "# Problem codes",
        "",
        "Every problem `sendtrack check` can report. Codes are stable: tools may rely on them.",
        "This file is generated from `sendtrack.core.problems.CATALOGUE`",
        "(`SENDTRACK_UPDATE_GOLDEN=1 pytest tests/core/test_problem_codes.py` rewrites it).",
        "",
        "| code | meaning |",
        "| --- | --- |",
    ]
    lines.extend(f"| `{code}` | {meaning} |" for code, meaning in CATALOGUE.items())
    return "\n".join(lines) + "\n"
