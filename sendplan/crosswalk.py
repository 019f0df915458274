"""The cross-walk: which actions serve which finding, outcome, priority or source, and what nothing serves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sendplan.load import LoadedPlan, collector_paused
from sendplan.model import Measure, Priority
from sendplan.overdue import shorten
from sendplan.progress import Standing, standings
from sendplan.refs import PlanSet

By = Literal["findings", "outcomes", "priorities", "sources"]
STATE_ORDER = ("complete", "embedded", "on track", "at risk", "off track", "not started", "not recorded")


@dataclass
class Column:
    """Something actions can serve: a finding, an outcome statement, a priority or a source tag.

    Attributes:
        key: the qualified id, "plan-id:ID" (for a source tag, "plan-id:SEF").
        plan: the plan that defines it.
        id: its id within that plan.
        label: a short name (the finding's title, the outcome's words, the priority's title).
        text: the full text.
        kind: finding, outcome, priority or source.
        actions: keys of the actions that serve it, in plan order.
        counts: how many of those actions are in each canonical state, and how many are overdue.
    """

    key: str
    plan: str
    id: str
    label: str
    text: str
    kind: str
    actions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def gap(self) -> bool:
        """No action serves it."""
        return not self.actions


@dataclass
class ActionLine:
    """An action of the cross-walk, with its status as of the date and the columns it serves.

    Attributes:
        key: "plan-id:ACTION-ID".
        plan: the plan id.
        id: the action id.
        title: the title, shortened; full_title the title in full.
        priority: the priority id and title, or "" when none.
        status: the status word as written ("not recorded" when none).
        state: the canonical state.
        overdue: past its deadline and not complete, as of the date; days_overdue by how many days.
        links: keys of the columns it serves.
    """

    key: str
    plan: str
    id: str
    title: str
    full_title: str
    priority: str
    status: str
    state: str
    overdue: bool
    days_overdue: int
    links: list[str] = field(default_factory=list)


@dataclass
class Crosswalk:
    """Actions against one kind of column, with coverage per column.

    Attributes:
        by: what the columns are: findings, outcomes, priorities or sources.
        as_of: the date statuses and lateness are worked out for.
        columns: the columns, grouped by plan in the order given.
        actions: the actions, grouped by plan then priority, in table order.
    """

    by: By
    as_of: date
    columns: list[Column]
    actions: list[ActionLine]

    @property
    def gaps(self) -> list[Column]:
        """Columns no action serves."""
        return [c for c in self.columns if c.gap]

    @property
    def unlinked(self) -> list[ActionLine]:
        """Actions that serve none of the columns."""
        return [a for a in self.actions if not a.links]


def crosswalk(
    plans: list[LoadedPlan],
    as_of: date,
    by: By = "findings",
    context: list[LoadedPlan] | None = None,
    found: list[Standing] | None = None,
) -> Crosswalk:
    """Build the cross-walk of `plans` by `by`; `context` plans supply findings and outcomes referred to;
    `found` are the plans' standings as of the date, when the caller has them already."""
    with collector_paused():  # tens of thousands of new objects, no cycles: collections would free nothing
        return _crosswalk(plans, as_of, by, context, found)


def _crosswalk(
    plans: list[LoadedPlan], as_of: date, by: By, context: list[LoadedPlan] | None, found: list[Standing] | None
) -> Crosswalk:
    plan_set = PlanSet([*plans, *(context or [])])
    known = found if found is not None else standings(plans, as_of)
    priorities: dict[int, dict[str, Priority]] = {}  # per plan (by identity): its priorities by id
    lines = []
    for s in _action_standings(known):
        own = priorities.get(id(s.lp.plan))
        if own is None:
            own = priorities[id(s.lp.plan)] = {}
            for p in s.lp.plan.priorities:
                own.setdefault(p.id, p)  # the first of a repeated id, as a search from the top finds
        lines.append(_line(s.lp, s, own, by))
    order = _plan_order(plans)
    ranks: dict[str, dict[str, int]] = {}
    lines.sort(key=lambda line: (order.get(line.plan, len(plans)), _priority_order(plan_set, line, ranks), 0))
    columns = list(_columns(plans, plan_set, by, [key for line in lines for key in line.links]))
    by_key = {c.key: c for c in columns}
    for line in lines:
        for key in line.links:
            column = by_key.get(key)
            if column is not None:
                column.actions.append(line.key)
                column.counts[line.state] = column.counts.get(line.state, 0) + 1
                column.counts["overdue"] = column.counts.get("overdue", 0) + int(line.overdue)
    return Crosswalk(by, as_of, columns, lines)


def _action_standings(found: list[Standing]) -> Iterator[Standing]:
    """One standing per action: the action's own, or for an action dated only by its steps, its latest step's."""
    by_action: dict[tuple[str, str], Standing] = {}
    for standing in found:
        key = (standing.lp.file, standing.action.id)
        known = by_action.get(key)
        if known is None or (standing.overdue and not known.overdue) or (standing.step is None):
            by_action[key] = standing
    return iter(by_action.values())


def _plan_order(plans: list[LoadedPlan]) -> dict[str, int]:
    """Plan id -> the place of the first plan with that id (one lookup per line, not a search of every plan)."""
    order: dict[str, int] = {}
    for index, lp in enumerate(plans):
        order.setdefault(lp.plan.plan.id, index)
    return order


def _priority_order(plan_set: PlanSet, line: ActionLine, ranks: dict[str, dict[str, int]]) -> int:
    """The place of the line's priority in its plan's list (after the last when it has none); `ranks` keeps each
    plan's places, worked out once."""
    rank = ranks.get(line.plan)
    if rank is None:
        loaded = plan_set.by_id.get(line.plan)
        rank = ranks[line.plan] = {}
        for index, p in enumerate(loaded.plan.priorities if loaded else []):
            rank.setdefault(p.id, index)
    ident = line.priority.split(" ", 1)[0] if line.priority else ""
    return rank.get(ident, len(plan_set.by_id[line.plan].plan.priorities) if line.plan in plan_set.by_id else 0)


def _qualify(ref: str, lp: LoadedPlan) -> str:
    return ref if ":" in ref else f"{lp.plan.plan.id}:{ref}"


def _line(lp: LoadedPlan, s: Standing, priorities: dict[str, Priority], by: By) -> ActionLine:
    action = s.action
    if by == "findings":
        refs = list(action.addresses)
        refs += [r for m in action.measures if isinstance(m, Measure) for r in m.addresses]
        refs += [r for step in action.steps for r in step.addresses]
        refs += [r for step in action.steps for m in step.measures if isinstance(m, Measure) for r in m.addresses]
    elif by == "outcomes":
        refs = list(action.outcomes)
    elif by == "priorities":
        refs = [action.priority] if action.priority else []
    else:
        refs = list(action.sources)
    priority = priorities.get(action.priority) if action.priority is not None else None
    return ActionLine(
        key=f"{lp.plan.plan.id}:{action.id}",
        plan=lp.plan.plan.id,
        id=action.id,
        title=shorten(action.title, 48),
        full_title=action.title,
        priority=f"{priority.id} {priority.title}" if priority else (action.priority or ""),
        status=s.status or "not recorded",
        state=s.state,
        overdue=s.overdue,
        days_overdue=s.days_late or 0,
        links=list(dict.fromkeys(_qualify(r, lp) for r in refs)),
    )


def _columns(plans: list[LoadedPlan], plan_set: PlanSet, by: By, linked: list[str]) -> Iterator[Column]:
    """The plans' own columns, then every column of each other plan or reference list that actions link into.

    A reference list is shown whole once any action links to it, so that what nothing serves shows as a gap;
    other plans come in the order the actions first link to them.
    """
    own = [lp for lp in plans if lp.plan.plan.kind != "reference list"]
    mine = {id(lp) for lp in own}  # by identity: comparing plans field by field is slow
    first_link = {plan_id: index for index, plan_id in enumerate(dict.fromkeys(k.partition(":")[0] for k in linked))}
    others = sorted(
        (lp for lp in plan_set.plans if id(lp) not in mine and lp.plan.plan.id in first_link),
        key=lambda lp: first_link[lp.plan.plan.id],
    )
    seen: set[str] = set()
    for lp in [*own, *others]:
        for column in _plan_columns(lp, by):
            if column.key not in seen:
                seen.add(column.key)
                yield column


def _plan_columns(lp: LoadedPlan, by: By) -> Iterator[Column]:
    plan_id = lp.plan.plan.id
    if by == "findings":
        for f in lp.plan.findings:
            yield Column(f"{plan_id}:{f.id}", plan_id, f.id, f.title or shorten(f.text, 40), f.text, "finding")
    elif by == "outcomes":
        for o in lp.plan.outcomes:
            yield Column(f"{plan_id}:{o.id}", plan_id, o.id, o.text, o.text, "outcome")
    elif by == "priorities":
        for p in lp.plan.priorities:
            yield Column(f"{plan_id}:{p.id}", plan_id, p.id, p.title, p.text or p.title, "priority")
    else:
        for tag, meaning in lp.plan.sources.items():
            yield Column(f"{plan_id}:{tag}", plan_id, tag, tag, meaning, "source")
