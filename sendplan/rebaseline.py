"""Re-baselining a due date: the revised date in force moves into `revisions`, and a new `revised` takes its place."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path
from typing import Any

from sendplan import dates
from sendplan.edit import Edit
from sendplan.load import load_file, load_text
from sendplan.model import Action, Plan, Step
from sendplan.problems import PlanFilesInvalid, SendplanError
from sendplan.roundtrip import give_tail, take_tail
from sendplan.yamlio import edit_yaml, new_block

# Keys a new `revised:` goes after, nearest first, so it lands where docs/plan-format.md puts it.
_AFTER = ("revisions", "due", "start", "owners", "measures", "impact", "outcome", "title")


def rebaseline(
    file: str, action_id: str, due: str, reason: str, agreed: str | None = None, step_id: str | None = None
) -> tuple[Edit, int]:
    """Record a revised due date on an action or step, keeping the original `due` and every earlier revision;
    return the edit and how many times the date has now moved. Raise SendplanError when the request or the
    change is unsafe (nothing is written then)."""
    loaded, problems = load_file(file)
    if loaded is None:
        raise PlanFilesInvalid([p for p in problems if p.severity == "error"])
    plan = loaded.plan
    index = _action_index(plan, action_id)
    step_index = _step_index(plan.actions[index], step_id) if step_id else None
    item: Action | Step = plan.actions[index] if step_index is None else plan.actions[index].steps[step_index]
    _check(plan, item, due.strip(), reason.strip(), agreed)
    revision: dict[str, Any] = {"due": due.strip(), "reason": reason.strip()}
    if agreed:
        revision["agreed"] = agreed.strip()

    def change(data: Any) -> None:
        node = data["actions"][index]
        if step_index is not None:
            node = node["steps"][step_index]
        tail = take_tail(node)  # the blank line before the next action stays at the end of this one
        if node.get("revised") is not None:
            earlier = node["revised"]
            if node.get("revisions"):
                node["revisions"].append(earlier)
            else:
                node.pop("revisions", None)
                node.insert(list(node).index("revised"), "revisions", _block_list([earlier]))
            node["revised"] = new_block(revision)
        else:
            after = next((key for key in _AFTER if key in node), None)
            node.insert(list(node).index(after) + 1 if after else len(node), "revised", new_block(revision))
        give_tail(node, tail)

    before = Path(file).read_text(encoding="utf-8")
    try:
        after = edit_yaml(before, change)
    except ValueError as error:
        raise SendplanError(f"{file}: not changed: {error}; run `sendplan fmt {file}` first") from None
    checked, problems = load_text(after, file)
    if checked is None:  # never write a file the change would break
        raise SendplanError(f"{file}: not changed: the change would make the plan invalid: {problems[0].message}")
    return Edit(file, before, after), moves(item) + 1


def moves(item: Action | Step) -> int:
    """How many times the item's due date has been revised."""
    return len(item.revisions) + (item.revised is not None)


def _check(plan: Plan, item: Action | Step, due: str, reason: str, agreed: str | None) -> None:
    for option, phrase in (("--due", due), ("--agreed", agreed)):
        if phrase is None:
            continue
        try:
            end = dates.parse(phrase, plan.plan.years).end
        except dates.DateError as error:
            raise SendplanError(f"{option} {phrase!r}: {error.message}; {error.hint}") from None
        if end is None and option == "--due":
            raise SendplanError(f"--due {phrase!r} has no deadline; give the date it is now due, e.g. March 2025")
    if not reason:
        raise SendplanError("--reason is empty: say why the date moved, as the board agreed it")
    if isinstance(item, Action) and item.due is None and item.revised is None and any(s.due for s in item.steps):
        dated = ", ".join(s.id or "?" for s in item.steps if s.due)
        raise SendplanError(
            f"action {item.id} is dated only by its steps ({dated}): a revised date on the action would be ignored; "
            "revise the step whose date moved with --step, e.g. --step "
            + (next(s.id for s in item.steps if s.due) or "A")
        )
    start = _start(plan, item)
    new = dates.parse(due, plan.plan.years).deadline
    if start is not None and new is not None and new < start:
        raise SendplanError(
            f"--due {due!r} ({new:%d %b %Y}) is before {_name(item)} starts ({item.start}); give a date after the "
            "start, or correct the start first"
        )
    in_force = item.revised.due if item.revised else item.due
    if in_force is not None and " ".join(in_force.split()).lower() == " ".join(due.split()).lower():
        raise SendplanError(f"{_name(item)} is already due {in_force!r}; nothing to revise")


def _start(plan: Plan, item: Action | Step) -> date | None:
    if not item.start:
        return None
    try:
        return dates.parse(item.start, plan.plan.years).start
    except dates.DateError:
        return None


def _name(item: Action | Step) -> str:
    return f"step {item.id}" if isinstance(item, Step) else f"action {item.id}"


def _block_list(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    listed = CommentedSeq(items)
    listed.fa.set_block_style()
    return listed


def _action_index(plan: Plan, action_id: str) -> int:
    ids = [a.id for a in plan.actions]
    if action_id in ids:
        return ids.index(action_id)
    close = difflib.get_close_matches(action_id, ids, n=1)
    raise SendplanError(f"no action {action_id!r} in {plan.plan.id}{f'; did you mean {close[0]}?' if close else ''}")


def _step_index(action: Action, step_id: str) -> int:
    ids = [s.id for s in action.steps]
    if step_id in ids:
        return ids.index(step_id)
    known = ", ".join(s or "?" for s in ids) or "none"
    raise SendplanError(f"action {action.id} has no step {step_id!r} (its steps: {known})")
