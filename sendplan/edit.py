"""Recording a status update in a plan file: checked first, written by round trip, atomically, re-validated."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
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
    """Add an update (date, status, note) to an action or step, in date order, and set its `status:` when the
    update is the newest; raise SendplanError if the change is unsafe."""
    loaded, problems = load_file(file)
    if loaded is None:
        raise PlanFilesInvalid([p for p in problems if p.severity == "error"])
    plan = loaded.plan
    index = _action_index(plan, action_id)
    step_index = _step_index(plan, index, step_id) if step_id else None
    _check_status(plan, status)
    try:
        recorded = dates.parse(when, plan.plan.years).end
    except dates.DateError as error:
        raise SendplanError(f"--date {when!r}: {error.message}; {error.hint}") from None
    if recorded is None:
        raise SendplanError(f"--date {when!r}: an update needs a date, e.g. 30/06/2024 or June 2024")
    action = plan.actions[index]
    item_updates = (action.steps[step_index] if step_index is not None else action).updates
    days = [_end(u.date, plan) for u in item_updates]
    position = next((i for i, day in enumerate(days) if day is not None and day > recorded), len(days))
    latest = position == len(days)  # the status word changes only when this is the newest update
    update: dict[str, Any] = {"date": when, "status": status}
    target = plan.actions[index] if step_id is None else plan.actions[index].steps[step_index or 0]
    if target.status and target.status != status and not target.updates:
        # the undated status: is about to change: keep its word in the history, in the first update's note
        note = f"{note + ' ' if note else ''}(status before this update: {target.status})"
    if note:
        update["note"] = note

    def change(data: Any) -> None:
        item = data["actions"][index]
        if step_index is not None:
            item = item["steps"][step_index]
        if "status" in item and latest:
            item["status"] = status
        if "updates" in item and item["updates"] is not None:
            item["updates"].insert(position, new_block(update))  # kept in date order
        else:
            after = next((key for key in _AFTER if key in item), None)
            at = list(item).index(after) + 1 if after else len(item)
            item.insert(at, "updates", [new_block(update)])

    before = Path(file).read_text(encoding="utf-8")
    try:
        after = edit_yaml(before, change)
    except ValueError as error:
        raise SendplanError(f"{file}: not changed: {error}; record the update by hand") from None
    checked, problems = load_text(after, file)
    if checked is None:  # never write a file the change would break
        raise SendplanError(f"{file}: not changed: the update would make the plan invalid: {problems[0].message}")
    return Edit(file, before, after)


def _end(phrase: str, plan: Plan) -> date | None:
    try:
        return dates.parse(phrase, plan.plan.years).end
    except dates.DateError:
        return None


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
