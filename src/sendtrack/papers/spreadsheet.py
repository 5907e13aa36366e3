"""What the spreadsheet export holds, as of a date: every milestone, every board action
(open and archived), every risk (closed ones too), as the rows the papers use, and every
figure of every impact measure (its own and its comparators', with where each came from).

``render.export`` lays these rows out as CSV files or an XLSX workbook; computing them
here keeps the renderer off the repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sendtrack.board.risks import RiskRow
from sendtrack.core.periods import parse_period
from sendtrack.models.measures import Figure, Measure
from sendtrack.models.vocabulary import DEFAULT, Vocabulary, vocabulary
from sendtrack.papers.board_data import BoardActionRow, action_rows, risk_rows
from sendtrack.plan.status import MilestoneRow, milestone_rows
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class FigureRow:
    """One figure of a measure: the measure's own (``series`` None) or a comparator's."""

    measure: Measure
    series: str | None
    figure: Figure


@dataclass(frozen=True)
class ExportRows:
    milestones: list[MilestoneRow]
    actions: list[BoardActionRow]
    risks: list[RiskRow]
    figures: list[FigureRow] = field(default_factory=list)
    words: Vocabulary = DEFAULT
    """The plan's words: the milestone sheet's level and group columns are headed by them."""


def figure_rows(repo: Repository) -> list[FigureRow]:
    """Every figure, measure by measure, its own first, each series in period order."""
    rows: list[FigureRow] = []
    for measure in repo.measures:
        series: list[tuple[str | None, list[Figure]]] = [(None, list(measure.actuals))]
        series += [(c.name, list(c.figures)) for c in measure.comparators]
        for name, figures in series:
            for figure in sorted(figures, key=lambda f: parse_period(f.period)):
                rows.append(FigureRow(measure, name, figure))
    return rows


def export_rows(repo: Repository, as_of: date) -> ExportRows:
    """The tables' rows as of ``as_of``: milestones, board actions, risks, measure figures."""
    return ExportRows(
        milestone_rows(repo, as_of),
        action_rows(repo, as_of),
        risk_rows(repo, as_of, include_closed=True),
        figure_rows(repo),
        vocabulary(repo.settings),
    )
