"""The seam between returns and impact measures: which measures a lead owns, with their
latest figure, and recording a new one.

Returns carry a measures sheet (latest figure; a period and a new figure to fill in) for
every measure the lead owns. Returns reach the measures only through ``MeasureSource``,
so the workbook code does not depend on how measures are kept: ``REPOSITORY_MEASURES``
(the default) lists ``repo.measures`` whose owner matches the lead
(``leads.owner_matches``), with the latest figure recorded, and records a new one with
``measures.edits.record`` — the same edit as ``sendtrack measures record`` — planned on
the batch's editor, so a return's rows share one re-checked write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace
from sendtrack.models.measures import Measure
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class MeasureLine:
    """One measure as a return shows it."""

    id: str
    title: str
    unit: str
    latest_period: str | None
    latest_value: str | None
    digest: str
    """Of the measure's state when the return was made (see ``make.digest``)."""


class MeasureSource(Protocol):
    def owned(self, repo: Repository, lead: str) -> list[MeasureLine]:
        """The measures ``lead`` answers for, in the repository's order."""
        ...

    def digest(self, repo: Repository, measure_id: str) -> str | None:
        """The measure's state now (None: there is no such measure)."""
        ...

    def recorded(self, repo: Repository, measure_id: str, period: str, value: str) -> bool:
        """Whether the measure already has this figure for ``period`` (a return applied
        again changes nothing)."""
        ...

    def record(
        self,
        workspace: Workspace,
        measure_id: str,
        period: str,
        value: str,
        by: str,
        note: str | None,
    ) -> PlannedEdit:
        """Plan a new figure for ``period``, as ``sendtrack measures record`` would."""
        ...


class RepositoryMeasures:
    """The repository's own impact measures (``measures/*.yaml``)."""

    def owned(self, repo: Repository, lead: str) -> list[MeasureLine]:
        from sendtrack.core.periods import parse_period
        from sendtrack.returns.leads import owner_matches
        from sendtrack.returns.make import digest

        lines = []
        for measure in repo.measures:
            # 'Head of SEND and Inclusion' owns the measures of 'Head of SEND and
            # Inclusion, Lancashire County Council' (a lead named with the organisation).
            if not (
                owner_matches(measure.owner, lead)
                or owner_matches(measure.owner, lead.split(",")[0])
            ):
                continue
            latest = max(measure.actuals, key=lambda f: parse_period(f.period), default=None)
            value = None
            if latest is not None:
                value = f"{latest.value:g}" if latest.value is not None else latest.unavailable
            lines.append(
                MeasureLine(
                    measure.id,
                    measure.title,
                    measure.unit,
                    latest.period if latest is not None else None,
                    value,
                    digest(measure),
                )
            )
        return lines

    def digest(self, repo: Repository, measure_id: str) -> str | None:
        from sendtrack.returns.make import digest

        found = _measure(repo, measure_id)
        return digest(found) if found is not None else None

    def recorded(self, repo: Repository, measure_id: str, period: str, value: str) -> bool:
        from sendtrack.core.periods import parse_period
        from sendtrack.measures.edits import parse_figure

        found = _measure(repo, measure_id)
        if found is None:
            return False
        try:
            wanted = parse_period(period).text
            number, code = parse_figure(value)
        except (ValueError, EditRefused):
            return False
        return any(
            f.period == wanted and (f.value, f.unavailable) == (number, code) for f in found.actuals
        )

    def record(
        self,
        workspace: Workspace,
        measure_id: str,
        period: str,
        value: str,
        by: str,
        note: str | None,
    ) -> PlannedEdit:
        from sendtrack.measures.edits import record

        return record(workspace, measure_id, period, value, by=by, note=note)


REPOSITORY_MEASURES: MeasureSource = RepositoryMeasures()


def _measure(repo: Repository, measure_id: str) -> Measure | None:
    return next((m for m in repo.measures if m.id == measure_id), None)
