"""Rules about the plan's shape and words (levels declared in plan/partnership.yaml).

Kept apart from ``rules.py`` because they follow from the partnership's declaration
(``plan/vocabulary.py``): a file must have the depth the partnership's plan has, and the
narrative an item carries must be one its level declares. Each docstring is its
documentation.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.problems import Problem, Severity
from sendtrack.models.plan import Action, Outcome, Priority, is_implicit
from sendtrack.plan.vocabulary import CHILD_KEY, Slot, vocabulary
from sendtrack.store.repository import Repository


@check("level-mismatch")
def files_have_the_plans_depth(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Every top-level file is written with the plan's levels: four levels list
    'outcomes:', three 'actions:', two 'milestones:' (plan/partnership.yaml 'levels')."""
    if "settings" in repo.incomplete:
        return
    words = vocabulary(repo.settings)
    for priority in repo.priorities:
        if priority.depth == words.depth:
            continue
        written = CHILD_KEY[priority.depth]
        yield problem_at(
            repo,
            priority,
            "level-mismatch",
            f"{words.top.word} {priority.id} lists '{written}:', a plan of {priority.depth} "
            f"levels, but plan/partnership.yaml declares {words.depth} ({words.chain})",
            field=written,
            item_id=priority.id,
            hint=f"list its {words.levels[1].words} under '{words.child_key}:', or change "
            "'levels:' in plan/partnership.yaml",
        )


@check("unknown-narrative-field")
def narrative_is_declared(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Each key under an item's 'narrative:' is one its level declares in
    plan/partnership.yaml ('levels: … narrative: [{key, label}]'), so papers can head it."""
    if "settings" in repo.incomplete:
        return
    words = vocabulary(repo.settings)

    def judge(item: Priority | Outcome | Action, slot: Slot) -> Iterator[Problem]:
        level = words.level(slot)
        declared = [field.key for field in level.narrative] if level else []
        noun = words.noun(slot)
        for key in item.narrative:
            if key in declared:
                continue
            close = difflib.get_close_matches(key, declared, n=1, cutoff=0.6)
            yield problem_at(
                repo,
                item,
                "unknown-narrative-field",
                f"{noun.word} {item.id} has narrative '{key}', which plan/partnership.yaml "
                f"does not declare for the {noun.word} level",
                field="narrative",
                item_id=item.id,
                hint=f"did you mean '{close[0]}'?"
                if close
                else f"declared: {', '.join(declared)}"
                if declared
                else f"declare it under the {noun.word} level's 'narrative:' with a label",
            )

    for priority in repo.priorities:
        yield from judge(priority, "priority")
        for outcome in priority.tree():
            if not is_implicit(outcome):
                yield from judge(outcome, "outcome")
            for action in outcome.actions:
                if not is_implicit(action):
                    yield from judge(action, "action")


@check("added-on-missing")
def items_say_when_they_entered(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """In a git repository, every top-level item says when it entered the plan (its
    'added_on' or 'added_at', or the settings' 'plan_agreed_on'): '--as-of' counts only
    what existed, and sendtrack does not guess a date from the history. A warning; items
    below inherit the date of the level above."""
    if not context.in_git or "settings" in repo.incomplete:
        return
    if repo.settings is not None and repo.settings.plan_agreed_on is not None:
        return
    words = vocabulary(repo.settings)
    for priority in repo.priorities:
        if priority.added_on is not None or priority.added_at is not None:
            continue
        yield problem_at(
            repo,
            priority,
            "added-on-missing",
            f"{words.top.word} {priority.id} does not say when it entered the plan, so "
            "'--as-of' counts it on every date",
            item_id=priority.id,
            hint="add 'added_on: YYYY-MM-DD' or 'added_at: <meeting>' to it, or "
            "'plan_agreed_on:' to plan/partnership.yaml for everything the plan began with",
            severity=Severity.WARNING,
        )


@check("unknown-meeting")
def added_at_meetings_exist(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """The meeting an item was agreed into the plan at ('added_at') has a record."""
    if "meeting" in repo.incomplete:
        return
    known = {meeting.id for meeting in repo.meetings}
    for item in repo.plan_items():
        if item.added_at is not None and item.added_at not in known:
            close = difflib.get_close_matches(item.added_at, sorted(known), n=1, cutoff=0.6)
            yield problem_at(
                repo,
                item,
                "unknown-meeting",
                f"{item.id} says it was added at meeting '{item.added_at}', which has no "
                "record in meetings/",
                field="added_at",
                item_id=item.id,
                hint=f"did you mean '{close[0]}'?"
                if close
                else "use the meeting's id (its date) and add meetings/<date>.yaml if missing",
            )
