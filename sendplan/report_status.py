"""Where a plan's actions stand, for its report: items, status counts, exceptions, what is due soon, groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sendplan.crosswalk import STATE_ORDER
from sendplan.load import LoadedPlan
from sendplan.model import CLOSED_STATES, Update
from sendplan.overdue import shorten
from sendplan.progress import NOT_RECORDED, Standing, owner_names, recorded_on
from sendplan.quickpickle import by_fields
from sendplan.refs import PlanSet
from sendplan.report_travel import UNKNOWN, Travel

SOON_DAYS = 30
STATES: tuple[str, ...] = STATE_ORDER[:-1]  # the six canonical states, closed first


@by_fields
@dataclass(slots=True)
class Item:
    """An action or step as the report shows it.

    Attributes:
        id: "1.1", or "1.3 A" for a step; title: the title in full.
        step: a step (shown under its action) rather than an action.
        owners: owner names; owner_unclear: some reference could be two people.
        due: the due date as written ("" when none); revised: the revised due date, if re-baselined.
        deadline: the deadline in force; days_late: days past it, when overdue.
        status: the plan's status word, or "not recorded"; state: its canonical state.
        undated: ongoing, to be confirmed or with no due date.
        note: the latest update's note, "" when none; note_date: that update's date as written.
        mitigation: what is being done about a slip; recovery: by when back on track, as written ("" when none).
        inferred: mitigation or recovery were added by the transcriber (the fields named).
        travel: direction of travel since the report's basis date (set by the report).
        contradiction: "reported 'On track', 304 days overdue" when status and calendar disagree, else "".
    """

    id: str
    title: str
    step: bool
    owners: list[str]
    owner_unclear: bool
    due: str
    revised: str | None
    deadline: date | None
    days_late: int | None
    status: str
    state: str
    undated: bool
    note: str
    note_date: str
    mitigation: str = ""
    recovery: str = ""
    inferred: list[str] = field(default_factory=list)
    travel: Travel = Travel(UNKNOWN, "", "")
    contradiction: str = ""


@by_fields
@dataclass(slots=True)
class Flagged:
    """An item the board should look at: at risk, off track or overdue; `reason` says which, in words."""

    plan: str
    item: Item
    reason: str


@dataclass
class Summary:
    """How many items stand where: canonical states, the plan's own words, overdue, due soon and undated.

    Attributes:
        items: actions and steps counted (an action dated by its steps counts as its steps).
        actions: actions in the plan; steps: steps counted; by_steps: actions dated only by their steps (counted
            by those steps instead).
        states: (state, count) for each canonical state, then "not recorded" when any.
        words: (word, state, count) for each of the plan's status words, then "not recorded" when any.
        overdue: past their deadline and not closed; due_soon: due in the next SOON_DAYS days; undated: open, undated.
        soon_until: the last day counted as due soon.
    """

    items: int
    actions: int
    steps: int
    by_steps: int
    states: list[tuple[str, int]]
    words: list[tuple[str, str, int]]
    overdue: int
    due_soon: int
    undated: int
    soon_until: date

    @property
    def recorded(self) -> int:
        """Items with a status recorded."""
        return self.items - sum(count for state, count in self.states if state == NOT_RECORDED)

    @property
    def largest(self) -> int:
        """The largest state count (the scale of the chart), at least 1."""
        return max([1, *(count for _, count in self.states)])


@by_fields
@dataclass(slots=True)
class Group:
    """A table of items under one priority or finding: `title` as a caption, `items` in table order."""

    id: str
    title: str
    items: list[Item]


def item_of(s: Standing, as_of: date) -> Item:
    """A standing as a report item."""
    note, note_date = latest_note(s, as_of) if (s.step is not None and s.step.updates) or s.action.updates else _NONE
    own = s.step or s.action
    action = s.action
    inferred: list[str] = []
    if action.inferred:
        inferred = [f for f in ("mitigation", "recovery") if f in action.inferred and getattr(own, f)]
    owners = s.owners
    state = s.state
    return Item(  # in the order of its fields: a national set makes 45,000
        s.item_id,
        " ".join(own.title.split()),
        s.step is not None,
        [o.label for o in owners],
        any(o.ambiguous for o in owners),
        s.due or "",
        s.revised,
        s.deadline,
        s.days_late if s.overdue else None,
        s.status or NOT_RECORDED,
        state if state in STATE_ORDER else NOT_RECORDED,
        s.undated and state not in CLOSED_STATES,
        note,
        note_date,
        " ".join(own.mitigation.split()) if own.mitigation else "",
        own.recovery or "",
        inferred,
    )


_NONE = ("", "")


BY_STEPS = "(by its steps)"


def _heading(s: Standing) -> Item:
    """The row naming an action dated only by its steps, above them: its title and owners; its dates are theirs."""
    status = s.action.status or NOT_RECORDED
    state = s.lp.plan.statuses.get(status, status) if s.action.status else NOT_RECORDED
    return Item(
        id=s.action.id,
        title=" ".join(s.action.title.split()),
        step=False,
        owners=[o.label for o in owner_names(s.lp, s.action.owners)],
        owner_unclear=False,
        due=BY_STEPS,
        revised=None,
        deadline=None,
        days_late=None,
        status=status,
        state=state if state in STATE_ORDER else NOT_RECORDED,
        undated=False,
        note="",
        note_date="",
    )


def updates_of(s: Standing) -> list[Update]:
    """The updates that speak for a standing: a step's own, else its action's (as progress reads status)."""
    return s.step.updates if s.step is not None and s.step.updates else s.action.updates


def latest_note(s: Standing, as_of: date) -> tuple[str, str]:
    """The note of the latest update on or before `as_of`, with that update's date as written."""
    best: tuple[date, str, str] | None = None
    for update in updates_of(s):
        day = recorded_on(update, s.lp)
        if update.note and day is not None and day <= as_of and (best is None or day >= best[0]):
            best = (day, update.note, update.date)
    return (" ".join(best[1].split()), best[2]) if best else ("", "")


def summary(lp: LoadedPlan, found: list[Standing], as_of: date) -> Summary:
    """Counts by state and by the plan's own words, with overdue, due soon and undated."""
    by_state = {state: 0 for state in STATE_ORDER}
    by_word: dict[str, int] = {}
    for s in found:
        by_state[s.state if s.state in by_state else NOT_RECORDED] += 1
        word = s.status or NOT_RECORDED
        by_word[word] = by_word.get(word, 0) + 1
    states = [(state, by_state[state]) for state in STATES]
    if by_state[NOT_RECORDED]:
        states.append((NOT_RECORDED, by_state[NOT_RECORDED]))
    statuses: dict[str, str] = dict(lp.plan.statuses)
    words = [(word, state, by_word.pop(word, 0)) for word, state in statuses.items()]
    words += [(word, statuses.get(word, NOT_RECORDED), count) for word, count in by_word.items()]
    until = as_of + timedelta(days=SOON_DAYS)
    open_ = [s for s in found if not s.closed]
    return Summary(
        items=len(found),
        actions=len(lp.plan.actions),
        steps=sum(1 for s in found if s.step is not None),
        by_steps=len(lp.plan.actions) - sum(1 for s in found if s.step is None),
        states=states,
        words=words,
        overdue=sum(1 for s in open_ if s.overdue),
        due_soon=sum(1 for s in open_ if s.deadline and as_of <= s.deadline <= until and not s.overdue),
        undated=sum(1 for s in open_ if s.undated),
        soon_until=until,
    )


def reason(item: Item) -> str:
    """Why an item is an exception, in words: "at risk; 61 days overdue"."""
    parts = [item.state] if item.state in ("at risk", "off track") else []
    if item.days_late:
        parts.append(f"{item.days_late} day{'s' * (item.days_late != 1)} overdue")
    return "; ".join(parts)


def exceptions(lp: LoadedPlan, items: list[Item]) -> list[Flagged]:
    """Items off track, at risk or overdue: overdue first (most late first), then off track, then at risk."""
    chosen = [i for i in items if i.state in ("at risk", "off track") or i.days_late]
    rank = {"off track": 0, "at risk": 1}
    chosen.sort(key=lambda i: (0 if i.days_late else 1, -(i.days_late or 0), rank.get(i.state, 2)))
    return [Flagged(lp.plan.plan.id, i, reason(i)) for i in chosen]


def due_soon(items: list[Item], as_of: date) -> list[Item]:
    """Open items due from the date to SOON_DAYS days after it, soonest first."""
    until = as_of + timedelta(days=SOON_DAYS)
    soon = [
        i
        for i in items
        if i.deadline and as_of <= i.deadline <= until and not i.days_late and i.state not in CLOSED_STATES
    ]
    return sorted(soon, key=lambda i: i.deadline or as_of)


def groups(lp: LoadedPlan, found: list[Standing], items: list[Item], plan_set: PlanSet) -> tuple[str, list[Group]]:
    """Items grouped by priority, or for a plan without priorities by the first finding each action addresses."""
    plan = lp.plan
    titles: dict[str, str] = {}
    if plan.priorities:
        keys = [s.action.priority or "" for s in found]
        titles = {p.id: f"Priority {p.id}: {p.title}" for p in plan.priorities}
        by, unlinked = "priority", "No priority given"
    elif any(a.addresses for a in plan.actions):
        keys = [s.action.addresses[0] if s.action.addresses else "" for s in found]
        for ref in [f.id for f in plan.findings] + keys:
            finding = plan_set.finding(ref, lp) if ref and ref not in titles else None
            if finding is not None:
                titles[ref] = f"{ref}: {' '.join((finding.title or shorten(finding.text, 80)).split())}"
        by, unlinked = "finding", "Not linked to a finding"
    else:
        return "none", [Group("all", "All actions", items)]
    members: dict[str, list[Item]] = {}
    headed: set[int] = set()
    for key, standing, item in zip(keys, found, items, strict=True):
        action = standing.action
        if standing.step is not None and not (action.due or action.revised) and id(action) not in headed:
            headed.add(id(action))  # an action dated only by its steps is named above them, by its title
            members.setdefault(key, []).append(_heading(standing))
        members.setdefault(key, []).append(item)
    result = [Group(k, titles[k], members[k]) for k in titles if k in members]
    result += [Group(k, f"{by.capitalize()} {k}", members[k]) for k in members if k and k not in titles]
    if "" in members:
        result.append(Group("none", unlinked, members[""]))
    return by, result
