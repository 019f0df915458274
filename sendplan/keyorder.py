"""The order of keys in each block of a plan file: the model's field order, which docs/plan-format.md lists."""

from __future__ import annotations

from pydantic import BaseModel

from sendplan.model import Action, Finding, Measure, Outcome, Owner, Plan, PlanInfo, Priority, Revision, Step, Update


def _fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


# block name as docs/plan-format.md's "Keys" table writes it -> its keys in order. `sendplan fmt` puts keys in
# this order; tests/test_fmt.py checks the table says the same.
KEY_ORDER: dict[str, tuple[str, ...]] = {
    "the file": _fields(Plan),
    "plan": _fields(PlanInfo),
    "owners": _fields(Owner),
    "priorities": _fields(Priority),
    "outcomes": _fields(Outcome),
    "findings": _fields(Finding),
    "actions": _fields(Action),
    "a step": _fields(Step),
    "a measure": _fields(Measure),
    "an update": _fields(Update),
    "revised": _fields(Revision),
}
