"""Where each action and step stands on a given date: its status then, its deadline, and how late it is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sendplan import dates
from sendplan.load import LoadedPlan
from sendplan.model import CLOSED_STATES, Action, Step, Update
from sendplan.refs import match_owner, owner_label

if TYPE_CHECKING:  # yamlio imports ruamel.yaml, which cached plans do not need
    from sendplan.yamlio import Path

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class OwnerName:
    """An owner as a reader sees it.

    Attributes:
        ref: the reference as the plan writes it.
        label: the person's name with initials, or the role, team or organisation.
        ambiguous: the reference could name more than one owner (then `label` names them all).
    """

    ref: str
    label: str
    ambiguous: bool = False


@dataclass(slots=True)  # not frozen: a frozen dataclass takes four times as long to make, 45,000 times a national set
class Standing:
    """An action or step as of a date (never changed once made).

    Attributes:
        lp: the plan it belongs to.
        action: the action (for a step, the action holding it).
        step: the step, or None for the action itself.
        path: where it stands in its file.
        owners: its owners, resolved to names (a step without owners has its action's).
        (A step with no due date of its own has its action's dates: `due`, `revised`, `when` and `deadline` are
        the action's.)
        status: the status word in force on the date, as written; None when none is recorded.
        state: the canonical state of that word, or "not recorded".
        closed_on: the date an update closed it (complete or embedded), if one did.
        due: the due phrase as written; `revised` the revised one, if any.
        revised: the revised due phrase, if the date was re-baselined (the latest revision: the one in force).
        moves: how many times the due date was revised (earlier `revisions` and the `revised` in force).
        when: what the effective due phrase (revised, else original) means; None when unreadable or absent.
        deadline: the deadline in force on the date: the last day to meet it (for recurring actions, the
            latest occurrence that has passed, else the next one); None when undated.
        days_late: days past the deadline, when it is past and the item is not closed.
        undated: ongoing, to be confirmed, recurring with nothing to count from, or no due date at all.
        unreadable: the due date is written but cannot be read (it does not exist, is ambiguous, or is not a
            date): the item cannot be placed and is reported as such, never taken as undated.
        item_id: "2.1" for an action, "2.1 B" for its step B (or "2.1 step 2" for an unlettered step).
    """

    lp: LoadedPlan
    action: Action
    step: Step | None
    path: Path
    owners: list[OwnerName]
    status: str | None
    state: str
    closed_on: date | None
    due: str | None
    revised: str | None
    when: dates.When | None
    deadline: date | None
    days_late: int | None
    undated: bool
    item_id: str
    unreadable: bool = False
    notes: list[str] = field(default_factory=list)
    moves: int = 0

    @property
    def title(self) -> str:
        """The step's title, or the action's."""
        return (self.step or self.action).title

    @property
    def closed(self) -> bool:
        """Complete or embedded on the date."""
        return self.state in CLOSED_STATES

    @property
    def overdue(self) -> bool:
        """Past its deadline and not closed."""
        return bool(self.days_late and self.days_late > 0)


def standings(plans: list[LoadedPlan], as_of: date) -> list[Standing]:
    """Every action and step of every plan as of `as_of`, in plan order.

    An action whose dates are all on its steps (it has steps and no due date of its own) is represented by
    its steps alone.
    """
    found: list[Standing] = []
    for lp in plans:
        names: dict[tuple[str, ...], list[OwnerName]] = {}  # a plan gives the same few owners to many items
        for a, action in enumerate(lp.plan.actions):
            if action.due or action.revised or not action.steps:
                found.append(_standing(lp, action, None, ("actions", a), as_of, names, action.id))
            for s, step in enumerate(action.steps):
                ident = f"{action.id} {step.id or f'step {s + 1}'}"
                found.append(_standing(lp, action, step, ("actions", a, "steps", s), as_of, names, ident))
    return found


def owner_names(lp: LoadedPlan, refs: list[str]) -> list[OwnerName]:
    """Owner references resolved to the names a reader knows them by."""
    names = []
    for ref in refs:
        match = match_owner(ref, lp.plan)
        if len(match.owners) == 1:
            owner = match.owners[0]
            label = owner_label(owner)
            if owner.name and owner.initials:
                label = f"{owner.name} ({owner.initials})"
            names.append(OwnerName(ref, label))
        elif match.owners:
            names.append(OwnerName(ref, f"{ref}? ({' or '.join(owner_label(o) for o in match.owners)})", True))
        else:
            names.append(OwnerName(ref, ref))
    return names


def _parse(phrase: str | None, lp: LoadedPlan) -> dates.When | None:
    if not phrase:
        return None
    try:
        return dates.parse(phrase, lp.plan.plan.years)
    except dates.DateError:
        return None


def recorded_on(update: Update, lp: LoadedPlan) -> date | None:
    """The day an update counts from: the last day of its date phrase ("May 2020" -> 31 May 2020)."""
    return day_of(update.date, lp)


def day_of(phrase: str | None, lp: LoadedPlan) -> date | None:
    """The last day of a date phrase as the plan reads it, or None when it cannot be read."""
    when = _parse(phrase, lp)
    return when.end if when else None


def _status_then(item: Action | Step, lp: LoadedPlan, as_of: date) -> tuple[str | None, date | None]:
    """The status word in force on `as_of`, and the date of the update that set it (None for `status:`)."""
    if not item.updates:
        return item.status, None
    latest: tuple[date, str] | None = None
    for update in item.updates:
        day = recorded_on(update, lp)
        if update.status and day is not None and day <= as_of and (latest is None or day >= latest[0]):
            latest = (day, update.status)
    if latest:
        return latest[1], latest[0]
    if any(update.status for update in item.updates):
        return None, None  # before its first dated update, an item's status was not recorded
    return item.status, None


def _standing(
    lp: LoadedPlan,
    action: Action,
    step: Step | None,
    path: Path,
    as_of: date,
    names: dict[tuple[str, ...], list[OwnerName]],
    item_id: str,
) -> Standing:
    item: Action | Step = step or action
    status, set_on = _status_then(item, lp, as_of)
    if step is not None and status is None and not step.updates:
        status, set_on = _status_then(action, lp, as_of)
    state = lp.plan.statuses.get(status, status) if status else NOT_RECORDED
    closed_on = set_on if state in CLOSED_STATES else None
    dated: Action | Step = item
    if step is not None and not (step.due or step.revised):
        dated = action  # a step with no date of its own is due when its action is
    revised = dated.revised.due if dated.revised else None
    when = _parse(revised or dated.due, lp)
    unreadable = when is None and bool(revised or dated.due)
    deadline, undated, met = _deadline(when, dated, lp, as_of)
    undated = undated and not unreadable
    late = deadline is not None and deadline < as_of and not met and state not in CLOSED_STATES
    days_late = (as_of - deadline).days if late and deadline else None
    refs = tuple(step.owners if step is not None and step.owners else action.owners)
    owners = names.get(refs)
    if owners is None:
        owners = names[refs] = owner_names(lp, list(refs))
    return Standing(
        lp,
        action,
        step,
        path,
        owners,
        status,
        state,
        closed_on,
        dated.due,
        revised,
        when,
        deadline,
        days_late,
        undated,
        item_id,
        unreadable,
        moves=len(item.revisions) + (item.revised is not None),
    )


def _deadline(
    when: dates.When | None, item: Action | Step, lp: LoadedPlan, as_of: date
) -> tuple[date | None, bool, bool]:
    """The deadline in force on `as_of`; whether the item is undated; whether a passed occurrence was met."""
    if when is None or when.kind in ("open", "unknown"):
        return None, True, False
    if when.kind != "recurring":
        return when.end, False, False
    start = _parse(item.start, lp)
    period = _parse(lp.plan.plan.period, lp)
    anchor = (start.start if start else None) or when.start or (period.start if period else None)
    if anchor is None:
        return None, True, False
    until = min(d for d in (when.end, period.end if period else None, as_of - timedelta(days=1)) if d is not None)
    passed = dates.occurrences(when, anchor, until)
    if passed:
        latest = passed[-1]
        updates = [recorded_on(u, lp) for u in item.updates]
        if not any(day is not None and latest <= day <= as_of for day in updates):
            return latest, False, False  # the latest occurrence passed with no update on or after it
    following = _next_occurrence(when, anchor, as_of, period.end if period else None)
    if following:
        return following, False, False
    return (passed[-1], False, True) if passed else (None, True, False)


def _next_occurrence(when: dates.When, anchor: date, as_of: date, period_end: date | None) -> date | None:
    horizon = min(d for d in (when.end, period_end, as_of + timedelta(days=800)) if d is not None)
    return next((day for day in dates.occurrences(when, anchor, horizon) if day >= as_of), None)


def open_items(found: list[Standing]) -> Iterator[Standing]:
    """The standings not closed on the date."""
    return (s for s in found if not s.closed)
