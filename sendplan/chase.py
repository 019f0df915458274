"""Chasing owners: per owner, what is overdue, what falls due before the next review point, what has no update."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sendplan import dates
from sendplan.load import LoadedPlan
from sendplan.progress import Standing, recorded_on, standings

NO_OWNER = "No owner named"


@dataclass(frozen=True)
class Item:
    """An open action or step to chase.

    Attributes:
        standing: where it stands on the as-of date (progress.Standing: deadline, days late, status, owners).
        last_update: the date phrase of its newest update on or before the as-of date, or "".
        stale_since: the review point it has had no update since, or "" when it has one (or none applies).
    """

    standing: Standing
    last_update: str
    stale_since: str

    @property
    def due(self) -> str:
        """The due date in force as written: the revised one when re-baselined."""
        return self.standing.revised or self.standing.due or ""


@dataclass
class OwnerChase:
    """What one owner is asked about.

    Attributes:
        owner: the owner's name as a reader knows it.
        overdue: past their deadline, most overdue first.
        due_soon: due from the as-of date to `by`, soonest first.
        no_update: neither, but with no update since the last review point.
    """

    owner: str
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    no_update: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many items the message asks about."""
        return len(self.overdue) + len(self.due_soon) + len(self.no_update)


@dataclass
class Chase:
    """The chase of a set of plans on a date.

    Attributes:
        as_of: the date it was worked out for.
        before: --before, when given; otherwise each plan's next review point is used.
        owners: one entry per owner with anything to chase, in order of first appearance.
        items: every item chased, once each, in plan order (the rows of the update sheet).
        windows: plan id -> the last day "due soon" looks to (None when the plan has no later review point).
        words: plan id -> the plan's own status words (the update sheet's drop-down).
    """

    as_of: date
    before: date | None
    owners: list[OwnerChase] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    windows: dict[str, date | None] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)


def _review_points(lp: LoadedPlan) -> list[tuple[str, dates.When]]:
    points = []
    for phrase in lp.plan.plan.review_points:
        try:
            points.append((phrase, dates.parse(phrase, lp.plan.plan.years)))
        except dates.DateError:
            continue  # validate reports it; an unreadable review point cannot bound anything
    return [(p, w) for p, w in points if w.start and w.end]


def window(lp: LoadedPlan, as_of: date, before: date | None) -> date | None:
    """The last day "due soon" looks to: --before, else the end of the plan's next review point after as_of."""
    if before is not None:
        return before
    ahead = [w.end for _, w in _review_points(lp) if w.end and w.end > as_of]
    return min(ahead) if ahead else None


def last_review_point(lp: LoadedPlan, as_of: date) -> tuple[str, date] | None:
    """The latest review point that has begun by as_of, as written, with its first day."""
    begun = [(w.start, p) for p, w in _review_points(lp) if w.start and w.start <= as_of]
    if not begun:
        return None
    start, phrase = max(begun)
    return phrase, start


def _last_update(s: Standing, as_of: date) -> tuple[str, date | None]:
    item = s.step or s.action
    dated = [(day, u.date) for u in item.updates if (day := recorded_on(u, s.lp)) is not None and day <= as_of]
    if not dated:
        return "", None
    day, phrase = max(dated)
    return phrase, day


def chase(plans: list[LoadedPlan], as_of: date, before: date | None = None) -> Chase:
    """Who to chase about what, as of `as_of`: lateness from progress.standings, never worked out again here."""
    result = Chase(as_of, before)
    by_owner: dict[str, OwnerChase] = {}
    for lp in plans:
        plan_id = lp.plan.plan.id
        result.windows[plan_id] = until = window(lp, as_of, before)
        result.words[plan_id] = list(lp.plan.statuses)
        point = last_review_point(lp, as_of)
        for s in standings([lp], as_of):
            if s.closed:
                continue
            phrase, day = _last_update(s, as_of)
            stale = point[0] if point and (day is None or day < point[1]) else ""
            item = Item(s, phrase, stale)
            if s.overdue:
                section = "overdue"
            elif s.deadline and until and as_of <= s.deadline <= until:
                section = "due_soon"
            elif stale:
                section = "no_update"
            else:
                continue
            result.items.append(item)
            for name in [o.label for o in s.owners] or [NO_OWNER]:
                entry = by_owner.setdefault(name, OwnerChase(name))
                getattr(entry, section).append(item)
    for entry in by_owner.values():
        entry.overdue.sort(key=lambda i: -(i.standing.days_late or 0))
        entry.due_soon.sort(key=lambda i: i.standing.deadline or as_of)
    result.owners = list(by_owner.values())
    return result
