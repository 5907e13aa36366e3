"""The cross-file rules of impact measures. Each docstring is its documentation."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.problems import Problem, Severity
from sendtrack.measures.health import MeasureHealth, measure_state
from sendtrack.models.measures import Figure, Measure
from sendtrack.store.repository import Repository


@check("measure-unknown-link")
def measure_links_resolve(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A measure's links name plan items (at any level) that exist (or are in a plan
    file that did not load)."""
    known = repo.plan_ids()
    for measure in repo.measures:
        for link in measure.links:
            if link not in known and not repo.unjudged(link, "plan"):
                close = difflib.get_close_matches(link, sorted(known), n=3, cutoff=0.6)
                yield problem_at(
                    repo,
                    measure,
                    "measure-unknown-link",
                    f"measure {measure.id} links to '{link}', which is not a plan item",
                    field="links",
                    item_id=measure.id,
                    hint=f"did you mean {' or '.join(repr(c) for c in close)}?"
                    if close
                    else f"link the {_levels(repo)} whose impact it shows",
                )


@check("measure-duplicate-period")
def one_figure_per_period(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A measure has one figure per period, and so has each of its comparators."""
    for measure in repo.measures:
        yield from _duplicate_periods(repo, measure, measure.actuals, "")
        for comparator in measure.comparators:
            yield from _duplicate_periods(
                repo, measure, comparator.figures, f" for comparator '{comparator.name}'"
            )


def _duplicate_periods(
    repo: Repository, measure: Measure, figures: Sequence[Figure], where: str
) -> Iterator[Problem]:
    seen: dict[str, Figure] = {}
    for figure in figures:
        earlier = seen.setdefault(figure.period, figure)
        if earlier is not figure:
            _, line, _ = repo.locate(earlier, "period")
            yield problem_at(
                repo,
                figure,
                "measure-duplicate-period",
                f"measure {measure.id} has two figures for {figure.period}{where} "
                f"(the first at line {line})",
                field="period",
                item_id=measure.id,
                hint="keep one; a revised figure goes under the figure's 'previous' list",
            )


@check("measure-future-figure")
def figures_for_past_periods(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A figure is for a period that has ended: one for a period still running (or to
    come) is a typing mistake or a forecast, and a forecast belongs in the trajectory."""
    for measure in repo.measures:
        for figure in measure.actuals:
            ends = figure.parsed_period().end
            if ends > context.as_of:
                yield problem_at(
                    repo,
                    figure,
                    "measure-future-figure",
                    f"measure {measure.id} has a figure for {figure.period}, which ends on "
                    f"{ends.isoformat()}, after {context.as_of.isoformat()}",
                    field="period",
                    item_id=measure.id,
                    hint="check the period; a target for a later period goes in 'trajectory'",
                )


@check("measure-unknown-comparator", "unknown-meeting")
def trajectories_resolve(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A 'match' target names one of the measure's comparators, and a revised target
    names a meeting that exists."""
    meetings = {meeting.id for meeting in repo.meetings}
    for measure in repo.measures:
        names = {comparator.name for comparator in measure.comparators}
        mapped = set(measure.source.mapping.comparators) if measure.source.mapping else set()
        for point in measure.trajectory:
            if point.match is not None and point.match not in names | mapped:
                yield problem_at(
                    repo,
                    point,
                    "measure-unknown-comparator",
                    f"measure {measure.id}'s target for {point.period} matches "
                    f"'{point.match}', which is not one of its comparators",
                    field="match",
                    item_id=measure.id,
                    hint=f"known: {', '.join(sorted(names | mapped))}"
                    if names | mapped
                    else "add the comparator's figures, or write a number as 'target'",
                )
            for revision in point.revisions:
                if revision.agreed_at not in meetings and not repo.unjudged(
                    revision.agreed_at, "meeting"
                ):
                    yield problem_at(
                        repo,
                        point,
                        "unknown-meeting",
                        f"measure {measure.id}'s target for {point.period} was revised at "
                        f"'{revision.agreed_at}', which is not a meeting in meetings/",
                        field="revisions",
                        item_id=measure.id,
                        hint="name the meeting that agreed the new target by its id",
                    )


@check("measure-no-commentary")
def off_trajectory_explained(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A measure off its trajectory has commentary from its owner dated on or after the
    end of the period of its latest figure (a warning: the board asks 'why, and what
    are we doing?')."""
    for measure in repo.measures:
        state = measure_state(measure, context.as_of)
        if state.health is MeasureHealth.OFF_TRAJECTORY and state.needs_commentary:
            yield problem_at(
                repo,
                measure,
                "measure-no-commentary",
                f"measure {measure.id} is off trajectory ({state.reason}) with no "
                f"commentary since {state.period}",
                field="commentary",
                item_id=measure.id,
                hint=f"add a 'commentary:' entry (on, by, text) from {measure.owner}",
                severity=Severity.WARNING,
            )


def _levels(repo: Repository) -> str:
    """The plan's levels in a sentence: 'priority, outcome, action or milestone'."""
    from sendtrack.models.vocabulary import vocabulary

    names = [level.word for level in vocabulary(repo.settings).levels]
    return f"{', '.join(names[:-1])} or {names[-1]}"
