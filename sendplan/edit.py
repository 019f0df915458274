"""Recording a status update in a plan file: checked first, written by round trip, atomically, re-validated."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendplan import dates
from sendplan.load import load_file, load_text
from sendplan.model import STATES, Plan
from sendplan.problems import PlanFilesInvalid, SendplanError
from sendplan.yamlio import edit_yaml, new_block

# Keys an action's `updates:` goes after, nearest first, so a new list lands where the officer guide puts it.
_AFTER = ("status", "revised", "due", "start", "owners", "measures", "impact", "title")


@dataclass
class Edit:
    """A change to one file: its old and new text.

    Attributes:
        file: the plan file.
        before: the text as it was.
        after: the text with the update recorded.
    """

    file: str
    before: str
    after: str

    def diff(self) -> str:
        """A unified diff of the change, for --dry-run."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), self.file, self.file
        )
        return "".join(lines)


def record_update(
    file: str, action_id: str, status: str, when: str, note: str | None = None, step_id: str | None = None
) -> Edit:
    """Add an update (date, status, note) to an action or step and set its `status:`; raise SendplanError if unsafe."""
    loaded, problems = load_file(file)
    if loaded is None:
        raise PlanFilesInvalid([p for p in problems if p.severity == "error"])
    plan = loaded.plan
    index = _action_index(plan, action_id)
    step_index = _step_index(plan, index, step_id) if step_id else None
    _check_status(plan, status)
    try:
        dates.parse(when, plan.plan.years)
    except dates.DateError as error:
        raise SendplanError(f"--date {when!r}: {error.message}; {error.hint}") from None
    update: dict[str, Any] = {"date": when, "status": status}
    if note:
        update["note"] = note

    def change(data: Any) -> None:
        item = data["actions"][index]
        if step_index is not None:
            item = item["steps"][step_index]
        if "status" in item:
            item["status"] = status
        if "updates" in item and item["updates"] is not None:
            item["updates"].append(new_block(update))
        else:
            after = next((key for key in _AFTER if key in item), None)
            position = list(item).index(after) + 1 if after else len(item)
            item.insert(position, "updates", [new_block(update)])

    before = Path(file).read_text(encoding="utf-8")
    try:
        after = edit_yaml(before, change)
    except ValueError as error:
        raise SendplanError(f"{file}: not changed: {error}; record the update by hand") from None
    checked, problems = load_text(after, file)
    if checked is None:  # never write a file the change would break
        raise SendplanError(f"{file}: not changed: the update would make the plan invalid: {problems[0].message}")
    return Edit(file, before, after)


def _action_index(plan: Plan, action_id: str) -> int:
    for index, action in enumerate(plan.actions):
        if action.id == action_id:
            return index
    close = difflib.get_close_matches(action_id, [a.id for a in plan.actions], n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise SendplanError(f"no action {action_id!r} in {plan.plan.id}{hint}")


def _step_index(plan: Plan, index: int, step_id: str) -> int:
    steps = plan.actions[index].steps
    for position, step in enumerate(steps):
        if step.id == step_id:
            return position
    known = ", ".join(s.id or "?" for s in steps) or "none"
    raise SendplanError(f"action {plan.actions[index].id} has no step {step_id!r} (its steps: {known})")


def _check_status(plan: Plan, status: str) -> None:
    words = list(plan.statuses) or list(STATES)
    if status not in plan.statuses and status not in STATES:
        close = difflib.get_close_matches(status, words, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise SendplanError(f"status {status!r} is not one of the plan's words: {', '.join(words)}.{hint}")
