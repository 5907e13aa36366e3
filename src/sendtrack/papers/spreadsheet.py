"""What the spreadsheet export holds, as of a date: every milestone, every board action
(open and archived) and every risk (closed ones too), as the rows the papers use.

``render.export`` lays these rows out as CSV files or an XLSX workbook; computing them
here keeps the renderer off the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendtrack.board.risks import RiskRow
from sendtrack.papers.board_data import BoardActionRow, action_rows, risk_rows
from sendtrack.plan.status import MilestoneRow, milestone_rows
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class ExportRows:
    milestones: list[MilestoneRow]
    actions: list[BoardActionRow]
    risks: list[RiskRow]


def export_rows(repo: Repository, as_of: date) -> ExportRows:
    """The three tables' rows as of ``as_of``: milestones, board actions, risks."""
    return ExportRows(
        milestone_rows(repo, as_of),
        action_rows(repo, as_of),
        risk_rows(repo, as_of, include_closed=True),
    )
