"""What a plan's report shows beyond status: coverage, status over review points, measures, revisions, changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sendplan.crosswalk import Crosswalk
from sendplan.load import LoadedPlan
from sendplan.model import CLOSED_STATES, Action, Measure, Step, Update
from sendplan.progress import NOT_RECORDED, Standing, recorded_on
from sendplan.refs import PlanSet
from sendplan.report_status import STATES, Item, updates_of


@dataclass(slots=True)
class CoverageRow:
    """A finding or outcome, with how many actions serve it and where they stand; `gap` when none does.

    complete, on_track, at_risk, off_track and not_started (with not recorded) add up to `actions`; `overdue`
    counts how many of those are overdue, whatever their status.
    """

    id: str
    label: str
    text: str
    actions: int
    complete: int
    on_track: int
    at_risk: int
    off_track: int
    overdue: int
    gap: bool
    not_started: int = 0


@dataclass(slots=True)
class CoverageTable:
    """The findings (or outcomes) of one plan or reference list, against this plan's actions."""

    kind: str
    source: str
    source_title: str
    own: bool
    rows: list[CoverageRow]

    @property
    def gaps(self) -> int:
        """How many no action serves."""
        return sum(row.gap for row in self.rows)


@dataclass(slots=True)
class ReviewRow:
    """One item across the review points: (status word or "not recorded", state) at each."""

    id: str
    title: str
    cells: list[tuple[str, str]]


@dataclass(slots=True)
class ReviewPoint:
    """A review point, with how many items had each state recorded at it (`counts`: (state, count), recorded only)."""

    label: str
    counts: list[tuple[str, int]]
    not_recorded: int


@dataclass
class Review:
    """Status over review points: the points, one row per item, and totals per point for the chart.

    Attributes:
        points: the review points (or the dates updates were recorded), with counts per state.
        rows: the items, each with the status recorded at each point.
        states: the canonical states recorded at any point, in report order.
        recorded: how many statuses were recorded at any point.
        from_updates: the plan names no review points, so the points are the dates of its updates and only items
            with an update are listed.
        items: how many items the plan has (rows may list fewer).
    """

    points: list[ReviewPoint]
    rows: list[ReviewRow]
    states: list[str]
    recorded: int
    from_updates: bool
    items: int


@dataclass(slots=True)
class MeasureRow:
    """A measure with figures: its item, text, baseline, target, by when, and latest actual ("" when none)."""

    item: str
    text: str
    baseline: str
    target: str
    by: str
    actual: str


@dataclass(slots=True)
class Revision:
    """A re-baselined due date: the original as written, the revised one, why, and when agreed."""

    item: str
    title: str
    original: str
    revised: str
    reason: str
    agreed: str
    earlier: list[str]  # earlier revised dates, oldest first: the date moved len(earlier) + 1 times


@dataclass(slots=True)
class Change:
    """Something recorded after --since: a status update, a completion or a revised date."""

    day: date
    when: str
    item: str
    title: str
    kind: str
    detail: str


@dataclass
class Changes:
    """What was recorded after `since` up to the report's date.

    Attributes:
        since: the --since date.
        rows: what was recorded after it, oldest first.
        undated: items whose status is given without a date (`status:` and no updates), which cannot be placed.
    """

    since: date
    rows: list[Change] = field(default_factory=list)
    undated: int = 0


def coverage(walk: Crosswalk, plan_set: PlanSet, own: str) -> list[CoverageTable]:
    """One table per plan or reference list whose findings (or outcomes) the crosswalk holds."""
    tables: dict[str, list[CoverageRow]] = {}
    for column in walk.columns:
        c = column.counts
        loaded = plan_set.by_id.get(column.plan)
        finding = plan_set.finding(column.key, loaded) if loaded and column.kind == "finding" else None
        label = (finding.title or finding.text) if finding else column.label  # the crosswalk shortens untitled text
        tables.setdefault(column.plan, []).append(
            CoverageRow(
                id=column.id,
                label=" ".join(label.split()),
                text=" ".join(column.text.split()),
                actions=len(column.actions),
                complete=c.get("complete", 0) + c.get("embedded", 0),
                on_track=c.get("on track", 0),
                at_risk=c.get("at risk", 0),
                off_track=c.get("off track", 0),
                overdue=c.get("overdue", 0),
                gap=column.gap,
                not_started=c.get("not started", 0) + c.get(NOT_RECORDED, 0),
            )
        )
    kind = "findings" if walk.by == "findings" else "outcomes"
    result = []
    for plan_id, rows in tables.items():
        loaded = plan_set.by_id.get(plan_id)
        title = loaded.plan.plan.title if loaded else plan_id
        result.append(CoverageTable(kind, plan_id, title, plan_id == own, rows))
    return result


def _in_window(day: date | None, after: date | None, until: date) -> bool:
    return day is not None and (after is None or day > after) and day <= until


def review(lp: LoadedPlan, found: list[Standing], items: list[Item], as_of: date) -> Review | None:
    """Status at each review point (or, without review points, at each date updates were recorded), up to `as_of`."""
    statuses: dict[str, str] = dict(lp.plan.statuses)
    recorded = [
        [(day, u) for u in updates_of(s) if u.status for day in [recorded_on(u, lp)] if day and day <= as_of]
        for s in found
    ]
    labels = list(lp.plan.plan.review_points)
    from_updates = not labels
    if from_updates:
        dated = {day: u.date for updates in recorded for day, u in sorted(updates, key=lambda pair: pair[0])}
        if not dated:
            return None
        labels = [dated[d] for d in sorted(dated)]
    ends = [recorded_on(Update(date=label), lp) for label in labels]
    rows: list[ReviewRow] = []
    tallies: list[dict[str, int]] = [{} for _ in labels]
    for updates, item in zip(recorded, items, strict=True):
        if from_updates and not updates:
            continue
        cells = []
        for index, end in enumerate(ends):
            after = ends[index - 1] if index else None
            hits = [(day, u.status or "") for day, u in updates if end is not None and _in_window(day, after, end)]
            if hits:
                word = max(hits, key=lambda hit: hit[0])[1]  # the latest recorded in the window
                state = statuses.get(word, NOT_RECORDED)
                cells.append((word, state))
                tallies[index][state] = tallies[index].get(state, 0) + 1
            else:
                cells.append((NOT_RECORDED, NOT_RECORDED))
        rows.append(ReviewRow(item.id, item.title, cells))
    points = []
    for label, tally in zip(labels, tallies, strict=True):
        counts = [(state, tally[state]) for state in STATES if tally.get(state)]
        points.append(ReviewPoint(label, counts, len(rows) - sum(n for _, n in counts)))
    seen = {state for tally in tallies for state in tally}
    total = sum(sum(tally.values()) for tally in tallies)
    return Review(points, rows, [s for s in STATES if s in seen], total, from_updates, len(items))


def measures(lp: LoadedPlan) -> tuple[list[MeasureRow], int]:
    """Measures stating a baseline, target, date or actual; and how many more are stated in words only."""
    rows: list[MeasureRow] = []
    words_only = 0
    for action in lp.plan.actions:
        owned: list[tuple[str, list[str | Measure]]] = [(action.id, action.measures)]
        owned += [(_ident(action, step), step.measures) for step in action.steps]
        for ident, listed in owned:
            for m in listed:
                if isinstance(m, Measure) and (m.baseline or m.target or m.actual or m.by):
                    text = " ".join(m.text.split())
                    rows.append(MeasureRow(ident, text, m.baseline or "", m.target or "", m.by or "", m.actual or ""))
                else:
                    words_only += 1
    return rows, words_only


def revisions(lp: LoadedPlan) -> list[Revision]:
    """Every re-baselined due date, with the original."""
    rows = []
    for action, step in _items(lp):
        item: Action | Step = step or action
        if item.revised:
            ident = _ident(action, step)
            r = item.revised
            earlier = [e.due for e in item.revisions]
            title = " ".join(item.title.split())
            rows.append(Revision(ident, title, item.due or "", r.due, r.reason, r.agreed or "", earlier))
    return rows


def _items(lp: LoadedPlan) -> list[tuple[Action, Step | None]]:
    return [(a, s) for a in lp.plan.actions for s in [None, *a.steps]]


def _ident(action: Action, step: Step | None) -> str:
    """ "2.1" for an action, "2.1 B" for its step B, "2.1 step 2" for an unlettered step (as progress names them)."""
    if step is None:
        return action.id
    return f"{action.id} {step.id or f'step {action.steps.index(step) + 1}'}"


def changes(lp: LoadedPlan, since: date, as_of: date) -> Changes:
    """Status updates, completions and revised dates recorded after `since`, up to `as_of`, oldest first."""
    rows: list[Change] = []
    for action, step in _items(lp):
        item: Action | Step = step or action
        ident = _ident(action, step)
        title = " ".join(item.title.split())
        for update in item.updates:
            day = recorded_on(update, lp)
            if day is None or not (since < day <= as_of):
                continue
            state = lp.plan.statuses.get(update.status or "", "")
            kind = "Completed" if state in CLOSED_STATES else "Status update"
            detail = "; ".join(x for x in (update.status, " ".join((update.note or "").split())) if x)
            rows.append(Change(day, update.date, ident, title, kind, detail))
        moves = [*item.revisions, *([item.revised] if item.revised else [])]
        for before, revision in zip([item.due, *(m.due for m in moves)], moves, strict=False):
            day = recorded_on(Update(date=revision.agreed), lp) if revision.agreed else None
            if day is not None and since < day <= as_of:
                detail = f"{before or 'no date'} revised to {revision.due}: {revision.reason}"
                rows.append(Change(day, revision.agreed or "", ident, title, "Due date revised", detail))
    rows.sort(key=lambda c: c.day)
    undated = sum(1 for action, step in _items(lp) if (step or action).status and not (step or action).updates)
    return Changes(since, rows, undated)
