"""Plans as the rows of an officer's tracker: one row per action and step, and one per status update."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sendplan.load import LoadedPlan
from sendplan.model import Action, Measure, Step
from sendplan.refs import match_owner, owner_label

# The columns officers use, in tracker order; `sendplan import --guess` maps them back (see importmap.GUESSES).
COLUMNS = (
    "Plan",
    "Priority",
    "Action",
    "Step",
    "Title",
    "Owners",
    "Start",
    "Due",
    "Revised due",
    "Status",
    "State",
    "Impact",
    "Measures",
    "Findings",
    "Notes",
    "Revised reason",
)
FINDING_COLUMNS = ("Plan", "Finding", "Kind", "Title", "Text")
FINDINGS_SHEET, PLANS_SHEET = "Findings", "Plans"  # sheet names `sendplan import` looks for beside the actions
PLAN_COLUMNS = ("Plan", "Title", "Area", "Kind", "Years", "Period")
UPDATE_COLUMNS = ("Plan", "Action", "Step", "Date", "Status", "Note")
OWNER_SEPARATOR = "; "
ITEM_SEPARATOR = "\n"  # impact and measure items, one a line within a cell


@dataclass(frozen=True)
class ExportRow:
    """One action or step as a tracker row.

    Attributes:
        cells: the cell texts, in COLUMNS order (empty text for nothing).
        state: the canonical state of its status word, or "" when none is recorded (for colouring).
        file: the plan file; line: the line of the action or step.
    """

    cells: tuple[str, ...]
    state: str
    file: str
    line: int


def current_status(item: Action | Step) -> str | None:
    """The status word as the plan stands: its newest dated update's word, else its `status:`."""
    worded = [u for u in item.updates if u.status]
    return worded[-1].status if worded else item.status


def owner_labels(lp: LoadedPlan, refs: list[str]) -> list[str]:
    """Owner references as the names a tracker shows; a reference that names no single owner is kept as written."""
    labels = []
    for ref in refs:
        match = match_owner(ref, lp.plan)
        labels.append(owner_label(match.owners[0]) if len(match.owners) == 1 else ref)
    return labels


def _priority(lp: LoadedPlan, ref: str | None) -> str:
    if not ref:
        return ""
    found = next((p for p in lp.plan.priorities if p.id == ref), None)
    return f"{found.id}: {found.title}" if found else ref


def _measures(items: list[str | Measure]) -> str:
    return ITEM_SEPARATOR.join(m.text if isinstance(m, Measure) else m for m in items)


def _row(lp: LoadedPlan, action: Action, step: Step | None, path: tuple[str | int, ...]) -> ExportRow:
    item: Action | Step = step or action
    status = current_status(item) or ""
    refs = step.owners if step is not None and step.owners else action.owners
    cells = (
        lp.plan.plan.id,
        _priority(lp, action.priority),
        action.id,
        (step.id or str(action.steps.index(step) + 1)) if step is not None else "",
        item.title,
        OWNER_SEPARATOR.join(owner_labels(lp, refs)),
        item.start or "",
        item.due or "",
        item.revised.due if item.revised else "",
        status,
        lp.plan.statuses.get(status, "") if status else "",
        ITEM_SEPARATOR.join(item.impact),
        _measures(item.measures),
        ", ".join(item.addresses),
        item.note or "",
        item.revised.reason if item.revised else "",
    )
    return ExportRow(cells, cells[10], lp.file, lp.at(path)[0])


def action_rows(plans: list[LoadedPlan]) -> Iterator[ExportRow]:
    """Every action, each followed by its steps, in plan order."""
    for lp in plans:
        for a, action in enumerate(lp.plan.actions):
            yield _row(lp, action, None, ("actions", a))
            for s, step in enumerate(action.steps):
                yield _row(lp, action, step, ("actions", a, "steps", s))


def update_rows(plans: list[LoadedPlan]) -> Iterator[tuple[str, ...]]:
    """Every recorded status update, in UPDATE_COLUMNS order."""
    for lp in plans:
        for action in lp.plan.actions:
            items: list[tuple[str, Action | Step]] = [("", action)]
            items += [(step.id or str(n + 1), step) for n, step in enumerate(action.steps)]
            for step_id, item in items:
                for u in item.updates:
                    yield (lp.plan.plan.id, action.id, step_id, u.date, u.status or "", u.note or "")


def finding_rows(plans: list[LoadedPlan]) -> Iterator[tuple[str, ...]]:
    """Every finding, in FINDING_COLUMNS order, so an import can bring the findings back."""
    for lp in plans:
        for f in lp.plan.findings:
            yield (lp.plan.plan.id, f.id, f.kind, f.title or "", f.text)


def plan_rows(plans: list[LoadedPlan]) -> Iterator[tuple[str, ...]]:
    """Each plan's id, title, area, kind, years and period, in PLAN_COLUMNS order."""
    for lp in plans:
        info = lp.plan.plan
        yield (info.id, info.title, info.area or "", info.kind, info.years or "", info.period or "")


@dataclass(frozen=True)
class Event:
    """A deadline as a calendar event.

    Attributes:
        uid: stable across exports (plan id and item id), so a calendar updates the event rather than adding one.
        day: the deadline in force.
        summary: the line a calendar shows.
        description: owners, the due date as written, status and where the item is written.
    """

    uid: str
    day: date
    summary: str
    description: str


def _where(file: str, line: int) -> str:
    """ ", FILE line N" with the file as a path relative to the current folder; nothing when it lies outside it
    (a calendar is shared: it must never carry a local absolute path)."""
    from pathlib import Path

    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return ""
    if ".." in path.parts:
        return ""
    return f", {path.as_posix()} line {line}"


def events(plans: list[LoadedPlan], as_of: date) -> list[Event]:
    """One event per dated action and step on its deadline in force on `as_of`, in plan order."""
    from sendplan.progress import standings

    found: list[Event] = []
    seen: set[str] = set()
    for s in standings(plans, as_of):
        if s.deadline is None:
            continue
        plan_id = s.lp.plan.plan.id
        uid = base = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{plan_id}-{s.item_id}") + "@sendplan"
        n = 1
        while uid in seen:  # two items sharing an id (validate reports it) still get an event each
            n += 1
            uid = base.replace("@", f"-{n}@", 1)
        seen.add(uid)
        due = f"{s.revised} (revised; was {s.due})" if s.revised else s.due or ""
        owners = "; ".join(o.label for o in s.owners) or "no owner named"
        description = "\n".join(
            (
                f"Owners: {owners}",
                f"Due (as written): {due}",
                f"Status: {s.status or 'not recorded'} ({s.state})",
                f"Plan: {s.lp.plan.plan.title} ({plan_id}){_where(s.lp.file, s.lp.at(s.path)[0])}",
            )
        )
        found.append(Event(uid, s.deadline, f"{plan_id} {s.item_id} due: {' '.join(s.title.split())}", description))
    return found
