"""Models given the same field names share one set of them (``Model.model_post_init``),
and that sharing changes nothing a caller can see."""

from __future__ import annotations

import copy
import pickle

from sendtrack.checks.validate import check_repository
from sendtrack.models.plan import Milestone
from tests.conftest import PROJECT_ROOT


def _milestones() -> list[Milestone]:
    result = check_repository(PROJECT_ROOT, None, cache=None)
    assert result.ok, result.problems
    return result.repo.milestones()


def test_the_shipped_milestones_share_a_few_sets_that_name_what_each_was_given() -> None:
    milestones = _milestones()
    assert len(milestones) == 95
    shared = {id(m.model_fields_set) for m in milestones}
    assert len(shared) < 10  # a handful of shapes among 95 milestones
    for milestone in milestones:
        # What each was given is still exactly what it reads back as written.
        given = milestone.model_fields_set
        assert {"id", "title", "due"} <= given
        assert ("reprofiles" in given) == bool(milestone.reprofiles)
        assert given <= set(Milestone.model_fields)


def test_a_copy_gets_its_own_set_so_assigning_to_it_reaches_no_other_model() -> None:
    milestones = _milestones()
    first = milestones[0]
    siblings = [m for m in milestones if m.model_fields_set is first.model_fields_set]
    assert len(siblings) > 1
    before = set(first.model_fields_set)
    unset = next(name for name in Milestone.model_fields if name not in before)
    for made in (first.model_copy(), first.model_copy(deep=True), copy.copy(first)):
        setattr(made, unset, getattr(first, unset))
        assert unset in made.model_fields_set
    assert all(m.model_fields_set == before for m in siblings)


def test_models_read_back_from_a_pickle_equal_the_ones_written() -> None:
    milestones = _milestones()
    again = pickle.loads(pickle.dumps(milestones))
    assert again == milestones
    assert [m.model_fields_set for m in again] == [m.model_fields_set for m in milestones]
    # Read back one by one (as the model cache reads each file's), they share sets too.
    apart = [pickle.loads(pickle.dumps(m)) for m in milestones]
    assert [m.model_fields_set for m in apart] == [m.model_fields_set for m in milestones]
    assert {id(m.model_fields_set) for m in apart} <= {id(m.model_fields_set) for m in milestones}
