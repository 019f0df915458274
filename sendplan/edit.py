"""Recording status updates in a plan file: each checked first, made in the text of its action alone, re-read."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sendplan import dates, datestyle, files
from sendplan.load import LoadedPlan, collector_paused, load_text
from sendplan.model import STATES, Plan
from sendplan.problems import PlanFilesInvalid, Problem, SendplanError
from sendplan.spanedit import Planned, edit_actions, edit_whole, expected_data, parses_to
from sendplan.writefile import locked, resolve_target, write_atomically

_BOM = "\ufeff"


@dataclass
class Change:
    """One update to record.

    Attributes:
        action: the action's id.
        status: the status word as given (matched to the plan's spelling), or None to add only a note.
        when: the date phrase as given, a date (from a spreadsheet cell), or None for `today`.
        note: what was said, kept exactly as typed.
        step: the step's id, when the update is on a step.
        row: the spreadsheet row it came from, for messages.
        plan: the plan id the row names ("" when it names none).
        file: the plan file the row names ("" when it names none).
    """

    action: str
    status: str | None
    when: str | date | None = None
    note: str | None = None
    step: str | None = None
    row: int | None = None
    plan: str = ""
    file: str = ""


@dataclass
class Edit:
    """A change to one file: its old and new text, and what was recorded.

    Attributes:
        file: the plan file.
        before: the text as it was.
        after: the text with the updates recorded.
        original: the file's bytes when read, so the write can check nobody changed it since.
        recorded: (action, step, status word, date phrase) of each update, in the order given.
        already: (action, step, status word, date phrase) of each update left out because the action or step
            already holds one with the same date, status and note.
    """

    file: str
    before: str
    after: str
    original: bytes = b""
    recorded: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    already: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)

    def diff(self) -> str:
        """A unified diff of the change, for --dry-run (only the lines around the change are compared: a big plan
        with one changed action diffs in milliseconds)."""
        old, new = self.before.splitlines(keepends=True), self.after.splitlines(keepends=True)
        same = 0
        while same < min(len(old), len(new)) and old[same] == new[same]:
            same += 1
        tail = 0
        while tail < min(len(old), len(new)) - same and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        skip = max(same - 3, 0)
        lines = difflib.unified_diff(old[skip : len(old) - max(tail - 3, 0)], new[skip : len(new) - max(tail - 3, 0)])
        out = [f"--- {self.file}\n", f"+++ {self.file}\n"]
        for line in list(lines)[2:]:
            if line.startswith("@@"):
                line = re.sub(r"([-+])(\d+)", lambda m: f"{m[1]}{int(m[2]) + skip}", line, count=2)
            out.append(line)
        return "".join(out) if len(out) > 2 else ""


def read_plan_bytes(file: str) -> bytes:
    """The bytes of a plan file, with every check the read commands make (a regular file, within the size limit)."""
    data = files.read_plan_bytes(file)
    if isinstance(data, Problem):
        raise PlanFilesInvalid([data])
    return data


def record_update(
    file: str,
    action_id: str,
    status: str,
    when: str | None,
    note: str | None = None,
    step_id: str | None = None,
    today: date | None = None,
) -> Edit:
    """Add an update (date, status, note) to an action or step, in date order, and set its `status:` when the
    update is the newest; raise SendplanError if the change is unsafe."""
    return record_updates(file, [Change(action_id, status, when, note, step_id)], today)


def record_updates(file: str, changes: list[Change], today: date | None = None) -> Edit:
    """Record every change, or none: all are checked first (SendplanError lists each that fails), then made in
    the text of their actions only, and the result read back and compared with the intended data."""
    with collector_paused():  # the whole edit: the plan read is freed before the collector would scan it
        return _record(file, changes, today)


def _record(file: str, changes: list[Change], today: date | None) -> Edit:
    original = read_plan_bytes(file)
    text, problem = files.decode_plan(original, file)
    if problem:
        raise PlanFilesInvalid([problem])
    bom = original.startswith(b"\xef\xbb\xbf")
    loaded, problems = load_text(text, file, keep_doc=True)
    if loaded is None or loaded.doc is None:
        raise PlanFilesInvalid([p for p in problems if p.severity == "error"])
    plan = loaded.plan
    checked = _check_all(loaded, changes, today or date.today())
    planned = [one for one, _ in checked if one is not None]
    kept = [change for (one, _), change in zip(checked, changes, strict=True) if one is not None]
    already = [(c.action, c.step, word, phrase) for (_, (word, phrase)), c in zip(checked, changes, strict=True)]
    already = [entry for entry, (one, _) in zip(already, checked, strict=True) if one is None]
    prefix = _BOM if bom else ""
    if not planned:  # every update is already recorded: nothing to change
        return Edit(file, prefix + text, prefix + text, original, [], already)
    expected = expected_data(loaded.doc.data, planned, plan)
    after = edit_actions(text, loaded, planned, expected)  # checked action by action
    if after is None:  # a layout the action's lines cannot be edited alone in: the whole file, read back whole
        after = edit_whole(text, planned, plan)
        if not parses_to(after, file, expected):
            raise SendplanError(
                f"{file}: not changed: the file's layout does not let sendplan add the update without changing "
                "other text; record the update by hand"
            )
    recorded = [(c.action, c.step, word, phrase) for c, (_, _, word, phrase, _) in zip(kept, planned, strict=True)]
    return Edit(file, prefix + text, prefix + after, original, recorded, already)


def save(file: str, changes: list[Change], today: date | None = None, dry_run: bool = False) -> tuple[Edit, list[str]]:
    """Record the changes under the file's lock and write the file once (unless `dry_run`); return the edit and
    what was done beyond a plain write. Nothing is written if another program changed the file meanwhile."""
    folder = Path(file).absolute().parent  # a link may lead anywhere in the plans folder, not out of it
    target, _ = resolve_target(file, folder)
    if not target.parent.is_dir():
        raise SendplanError(f"{file}: cannot read: the folder {target.parent} does not exist")
    with locked(target):
        edit = record_updates(file, changes, today)
        if dry_run or not edit.recorded:
            return edit, []
        notes = write_atomically(file, edit.after, expect=edit.original, within=folder)
    return edit, notes


def changes_from_sheet(sheet: str) -> list[Change]:
    """The updates a returned update sheet asks for, one per filled-in row."""
    from sendplan.sheet import read_sheet

    return [Change(r.action, r.status, r.when, r.note, r.step, r.number, r.plan, r.file) for r in read_sheet(sheet)]


# --- checking ------------------------------------------------------------------------------------------------------


def _check_all(
    loaded: LoadedPlan, changes: list[Change], today: date
) -> list[tuple[Planned | None, tuple[str | None, str]]]:
    """Each change checked: (what to record, or None when it is already recorded; (status word, date phrase))."""
    plan = loaded.plan
    planned: list[tuple[Planned | None, tuple[str | None, str]]] = []
    seen: list[Planned] = []
    failures: list[str] = []
    for change in changes:
        try:
            if change.plan and change.plan != plan.plan.id:
                raise SendplanError(f"is for plan {change.plan!r}, not {plan.plan.id!r}; apply it to that plan's file")
            if not change.action:
                raise SendplanError("names no action (the Action cell is blank)")
            index = _action_index(loaded, change.action)
            step = _step_index(loaded, index, change.step) if change.step else None
            word = _match_status(plan, change.status) if change.status is not None else None
            phrase = _phrase(change.when, plan, today)
            one: Planned = (index, step, word, phrase, change.note)
            repeat = _recorded_already(plan, one) or any(_same(one, other, plan) for other in seen)
            planned.append((None if repeat else one, (word, phrase)))
            seen.append(one)
        except SendplanError as error:
            if change.row is None:
                raise
            failures.append(f"row {change.row}: {error}")
    if failures:
        raise SendplanError(
            f"{len(failures)} row{'s' * (len(failures) != 1)} cannot be applied, so nothing is written:\n  "
            + "\n  ".join(failures)
        )
    return planned


def _day(phrase: str, plan: Plan) -> date | str:
    try:
        return dates.parse(phrase, plan.plan.years).end or phrase.strip()
    except dates.DateError:
        return phrase.strip()


def _same(one: Planned, other: Planned, plan: Plan) -> bool:
    """Two updates on the same item with the same day, status word and note (a blank note is no note)."""
    fold = [None if word is None else _fold(word) for word in (one[2], other[2])]
    return (
        one[:2] == other[:2]
        and fold[0] == fold[1]
        and (one[4] or None) == (other[4] or None)
        and _day(one[3], plan) == _day(other[3], plan)
    )


def _recorded_already(plan: Plan, one: Planned) -> bool:
    """Whether the action or step already holds an update with this day, status word and note."""
    item = plan.actions[one[0]]
    updates = item.steps[one[1]].updates if one[1] is not None else item.updates
    return any(_same(one, (one[0], one[1], u.status, str(u.date), u.note), plan) for u in updates)


def _action_index(loaded: LoadedPlan, action_id: str) -> int:
    plan = loaded.plan
    found = [index for index, action in enumerate(plan.actions) if action.id == action_id]
    if len(found) > 1:
        lines = ", ".join(str(loaded.at(("actions", i))[0]) for i in found)
        raise SendplanError(
            f"action id {action_id!r} is used by {len(found)} actions in {loaded.file} (lines {lines}); "
            "give each its own id (sendplan validate lists them), then record the update"
        )
    if found:
        return found[0]
    close = difflib.get_close_matches(action_id, [a.id for a in plan.actions], n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise SendplanError(f"no action {action_id!r} in {plan.plan.id}{hint}")


def _step_index(loaded: LoadedPlan, index: int, step_id: str) -> int:
    steps = loaded.plan.actions[index].steps
    found = [position for position, step in enumerate(steps) if step.id == step_id]
    if len(found) > 1:
        raise SendplanError(f"action {loaded.plan.actions[index].id} has {len(found)} steps {step_id!r}; rename one")
    if found:
        return found[0]
    known = ", ".join(s.id or "?" for s in steps) or "none"
    raise SendplanError(f"action {loaded.plan.actions[index].id} has no step {step_id!r} (its steps: {known})")


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold()


def _match_status(plan: Plan, status: str) -> str:
    """The plan's own spelling of a status word given in any case and spacing."""
    words = list(plan.statuses) or list(STATES)  # a plan with words of its own takes only those
    for word in words:
        if _fold(word) == _fold(status):
            return word
    close = difflib.get_close_matches(_fold(status), [_fold(w) for w in words], n=1)
    hint = f" Did you mean {next(w for w in words if _fold(w) == close[0])!r}?" if close else ""
    raise SendplanError(f"status {status!r} is not one of the plan's words: {', '.join(words)}.{hint}")


def _phrase(when: str | date | None, plan: Plan, today: date) -> str:
    """The date phrase to write: as given, or a day (a cell's date, else today) in the style of the plan's updates."""
    if isinstance(when, str) and when.strip():
        try:
            end = dates.parse(when, plan.plan.years).end
        except dates.DateError as error:
            raise SendplanError(f"date {when!r}: {error.message}; {error.hint}") from None
        if end is None:
            raise SendplanError(f"date {when!r}: an update needs a date, e.g. 30/06/2024 or June 2024")
        return when.strip()
    style = datestyle.update_style(_update_dates(plan), _due_dates(plan))
    return datestyle.format_like(when if isinstance(when, date) else today, style, plan.plan.years)


def _due_dates(plan: Plan) -> list[str]:
    found = []
    for action in plan.actions:
        found += [d for d in (action.due, *(s.due for s in action.steps)) if d]
    return found


def _update_dates(plan: Plan) -> list[str]:
    found = []
    for action in plan.actions:
        found += [u.date for u in action.updates]
        for step in action.steps:
            found += [u.date for u in step.updates]
    return found
