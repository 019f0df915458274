"""Plan models are kept light (sendplan/compact.py) and still behave as pydantic models, built or unpickled."""

from __future__ import annotations

import pickle
import sys

import pytest

from sendplan.compact import EMPTY
from sendplan.load import load_file
from sendplan.model import Action, Plan

PLAN = "plans/york-wsoa-2020.yaml"


def _plan() -> Plan:
    loaded, _ = load_file(PLAN)
    assert loaded is not None
    return loaded.plan


def test_empty_lists_are_one_read_only_list() -> None:
    action = Action.model_validate({"id": "1.1", "title": "Do it"})
    other = Action.model_validate({"id": "1.2", "title": "Do that", "owners": ["KM"]})
    assert action.steps is EMPTY and other.steps is EMPTY and action.steps == []
    assert other.owners == ["KM"] and other.owners is not EMPTY
    with pytest.raises(TypeError):
        action.steps.append(other)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        action.owners += ["KM"]
    assert action.steps == [] and other.steps == []


def test_fields_set_is_shared_and_right() -> None:
    first = Action.model_validate({"id": "1.1", "title": "Do it"})
    second = Action.model_validate({"id": "2.1", "title": "Do that"})
    third = Action.model_validate({"id": "3.1", "title": "Do that", "due": "Nov-24"})
    assert first.model_fields_set == {"id", "title"}
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    with pytest.raises(TypeError):
        first.__pydantic_fields_set__.add("due")
    assert third.model_fields_set == {"id", "title", "due"}
    assert third.model_dump(exclude_unset=True) == {"id": "3.1", "title": "Do that", "due": "Nov-24"}


def test_attribute_dicts_are_smaller_than_pydantic_makes_them() -> None:
    action = Action.model_validate({"id": "1.1", "title": "Do it"})
    plain = dict(action.__dict__)  # what pydantic would hold: an ordinary dict of the same entries
    assert action.__dict__ == plain
    if sys.implementation.name == "cpython":
        assert sys.getsizeof(action.__dict__) < sys.getsizeof(plain)


def test_a_pickled_plan_comes_back_equal_and_light() -> None:
    plan = _plan()
    again = pickle.loads(pickle.dumps(plan, pickle.HIGHEST_PROTOCOL))
    assert again == plan
    assert again.model_dump() == plan.model_dump()
    assert again.model_dump_json() == plan.model_dump_json()
    assert [a.model_fields_set for a in again.actions] == [a.model_fields_set for a in plan.actions]
    empty = next(a for a in again.actions if not a.steps)
    with pytest.raises(TypeError):
        empty.steps.append(empty.steps)  # type: ignore[arg-type]


def test_pydantic_own_pickles_still_load() -> None:
    """An entry in pydantic's own form (a dict of state) is read, and made light."""
    plan = _plan()
    action = plan.actions[0]
    state = {
        "__dict__": {**action.__dict__, "sources": []},
        "__pydantic_extra__": None,
        "__pydantic_fields_set__": set(action.model_fields_set),
        "__pydantic_private__": None,
    }
    rebuilt = Action.__new__(Action)
    rebuilt.__setstate__(state)
    assert rebuilt == action
    assert rebuilt.sources is EMPTY
    assert rebuilt.model_fields_set == action.model_fields_set


def test_a_plan_built_uncompacted_pickles_as_small_and_comes_back_light() -> None:
    """A worker leaves its models as pydantic makes them (they are only pickled): the pickle is the compact form,
    the same bytes as a compacted plan's, and what comes back is light."""
    from sendplan.model import uncompacted

    compacted = _plan()
    with uncompacted():
        plain = _plan()
    action = plain.actions[0]
    assert type(action.__pydantic_fields_set__) is set  # pydantic's own: not compacted
    assert plain == compacted
    body = pickle.dumps(plain, pickle.HIGHEST_PROTOCOL)
    assert body == pickle.dumps(compacted, pickle.HIGHEST_PROTOCOL)
    again = pickle.loads(body)
    assert again == compacted
    assert again.actions[0].__pydantic_fields_set__ is again.actions[1].__pydantic_fields_set__ or (
        again.actions[0].model_fields_set != again.actions[1].model_fields_set
    )
    with pytest.raises(TypeError):
        again.actions[0].__pydantic_fields_set__.add("due")
    assert Action.model_validate({"id": "1.1", "title": "Do it"}).__pydantic_fields_set__.__class__ is not set
