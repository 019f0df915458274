"""Making recorded updates in the text: the action's own lines edited by round trip (or the whole file), checked."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from sendplan import dates
from sendplan.load import LoadedPlan, load_text
from sendplan.model import Action, Plan
from sendplan.problems import SendplanError
from sendplan.textspan import Lines, line_offsets, restore_endings, split_lines
from sendplan.yamlio import edit_yaml, new_block, read_yaml

# Keys an action's `updates:` goes after, nearest first, so a new list lands where the officer guide puts it.
_AFTER = ("status", "revised", "due", "start", "owners", "measures", "impact", "title")

# (action index, step index or None, status word or None, date phrase, note) of each change, checked
Planned = tuple[int, int | None, str | None, str, str | None]


# --- the intended data ---------------------------------------------------------------------------------------------


def _end(phrase: Any, plan: Plan) -> date | None:
    try:
        return dates.parse(str(phrase), plan.plan.years).end
    except dates.DateError:
        return None


def _entry(planned: Planned) -> dict[str, Any]:
    _, _, word, phrase, note = planned
    entry: dict[str, Any] = {"date": phrase}
    if word is not None:
        entry["status"] = word
    if note:
        entry["note"] = note
    return entry


def _apply(item: Any, planned: Planned, plan: Plan, block: Callable[[dict[str, Any]], Any]) -> None:
    """Record one update in an action's or step's data (plain or round-trip): in date order, and its status
    word set when the update is the newest."""
    if planned[1] is not None:
        item = item["steps"][planned[1]]
    updates = item.get("updates") or []
    recorded = _end(planned[3], plan)
    days = [_end(u.get("date"), plan) if isinstance(u, dict) else None for u in updates]
    position = next((i for i, day in enumerate(days) if day is not None and recorded and day > recorded), len(days))
    if "status" in item and position == len(days) and planned[2] is not None:
        item["status"] = planned[2]
    if item.get("updates") is not None:
        item["updates"].insert(position, block(_entry(planned)))
    elif hasattr(item, "insert"):  # round-trip data: the new list goes where the officer guide puts it
        after = next((key for key in _AFTER if key in item), None)
        at = list(item).index(after) + 1 if after else len(item)
        item.pop("updates", None)
        item.insert(at, "updates", [block(_entry(planned))])
    else:
        item["updates"] = [block(_entry(planned))]


def expected_data(data: dict[str, Any], planned: list[Planned], plan: Plan) -> dict[str, Any]:
    expected = dict(data)
    actions = list(data["actions"])
    copied: set[int] = set()
    for change in planned:
        if change[0] not in copied:
            actions[change[0]] = copy.deepcopy(actions[change[0]])
            copied.add(change[0])
        _apply(actions[change[0]], change, plan, dict)
    expected["actions"] = actions
    return expected


def parses_to(text: str, file: str, expected: dict[str, Any]) -> bool:
    checked, _ = load_text(text, file, keep_doc=True)
    return checked is not None and checked.doc is not None and checked.doc.data == expected


# --- making the edit -----------------------------------------------------------------------------------------------


def edit_actions(text: str, loaded: LoadedPlan, planned: list[Planned], expected: dict[str, Any]) -> str | None:
    """The text with each changed action's lines replaced by their edited form, every other byte kept; None when
    an action's lines cannot be edited on their own (then the whole file is edited by round trip).

    The check costs a fraction of reading the file: the action's old lines, read alone, must give the action's
    data as read in the whole file (so they stand alone: what follows them reads the same), and its new lines,
    read alone, must give the intended data, which must pass the schema.
    """
    doc = loaded.doc
    assert doc is not None, "an edit reads the plan with keep_doc=True"
    offsets = line_offsets(text)  # where each line starts: only the changed actions' lines are split
    count = len(loaded.plan.actions)
    starts = [doc.where.get(("actions", i), (0, 0))[0] for i in range(count)]
    for index in sorted({p[0] for p in planned}, reverse=True):  # from the end, so earlier offsets stay right
        first = starts[index] - 1
        last = starts[index + 1] - 1 if index + 1 < count else _end_of_block(text, offsets, first)
        if first < 0 or not text[offsets[first] : offsets[first + 1]].lstrip().startswith("- "):
            return None
        span = split_lines(text[offsets[first] : offsets[last]])
        edited = _edit_span(span, [p for p in planned if p[0] == index], loaded.plan)
        if edited is None or not _stands_alone(span, doc.data["actions"][index]):
            return None
        if not _stands_alone(edited, expected["actions"][index]) or not _valid_action(expected["actions"][index]):
            return None
        text = text[: offsets[first]] + edited.join() + text[offsets[last] :]
    return text


def _stands_alone(span: Lines, action: Any) -> bool:
    doc, problems = read_yaml("actions:\n" + span.join(), "")
    return not problems and doc.data == {"actions": [action]}


def _valid_action(action: Any) -> bool:
    try:
        Action.model_validate(action)
    except ValidationError:
        return False
    return True


def _end_of_block(text: str, offsets: list[int], first: int) -> int:
    """The line after the last action: the next line that starts a top-level key, or the end of the file."""
    for number in range(first + 1, len(offsets) - 1):
        if text[offsets[number] : offsets[number] + 1] not in ("", " ", "#", "\t", "\r", "\n"):
            return number
    return len(offsets) - 1


def _edit_span(span: Lines, planned: list[Planned], plan: Plan) -> Lines | None:
    source = "actions:\n" + "".join(line + "\n" for line in span.text)

    def change(data: Any) -> None:
        for one in planned:
            _apply(data["actions"][0], (0, *one[1:]), plan, new_block)

    try:
        edited = edit_yaml(source, change)
    except Exception:  # noqa: BLE001 - any layout the round trip cannot reproduce: the whole-file edit decides
        return None
    if not edited.startswith("actions:\n"):
        return None
    return restore_endings(span, edited[len("actions:\n") :])


def edit_whole(text: str, planned: list[Planned], plan: Plan) -> str:
    lines = split_lines(text)
    plan_source = "".join(line + "\n" for line in lines.text)

    def change(data: Any) -> None:
        for one in planned:
            _apply(data["actions"][one[0]], one, plan, new_block)

    try:
        edited = edit_yaml(plan_source, change)
    except ValueError as error:
        raise SendplanError(f"not changed: {error}; record the update by hand") from None
    return restore_endings(lines, edited).join()
