"""Direction of travel: whether each action, priority and plan is better, worse or unchanged since an earlier date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sendplan.load import LoadedPlan
from sendplan.model import Update
from sendplan.progress import NOT_RECORDED, Standing, recorded_on, standings
from sendplan.quickpickle import by_fields
from sendplan.template_filters import long_date

BETTER, WORSE, UNCHANGED, UNKNOWN = "better", "worse", "unchanged", "not known"
DIRECTIONS: tuple[str, ...] = (BETTER, WORSE, UNCHANGED, UNKNOWN)
# Shown beside the word, never alone: the word carries the meaning, the arrow helps the eye.
ARROWS: dict[str, str] = {BETTER: "↑", WORSE: "↓", UNCHANGED: "→", UNKNOWN: "–"}

# Where an item stands, from worst to best. Overdue outranks any status word: an item past its deadline and not
# closed is worse than one reported off track on time. Not recorded (and not overdue) has no place: not known.
POSITIONS: dict[str, int] = {
    "overdue": 0,
    "off track": 1,
    "at risk": 2,
    "not started": 3,
    "on track": 4,
    "complete": 5,
    "embedded": 5,
}


@by_fields
@dataclass(frozen=True, slots=True)
class Basis:
    """What the direction of travel compares with: the date, and how it was chosen, in words.

    Attributes:
        day: the earlier date, or None when there is nothing to compare with.
        label: "since 31 March 2024" or "since the review point May 2021"; why not, when `day` is None.
    """

    day: date | None
    label: str


@by_fields
@dataclass(frozen=True, slots=True)
class Travel:
    """Which way something moved: `direction` is better, worse, unchanged or not known; `before` and `now` in words."""

    direction: str
    before: str
    now: str

    @property
    def arrow(self) -> str:
        """The arrow shown beside the word."""
        return ARROWS[self.direction]


@by_fields
@dataclass(frozen=True, slots=True)
class Tally:
    """How many items moved each way: (direction, count) in DIRECTIONS order, and the overall direction."""

    counts: tuple[tuple[str, int], ...]
    overall: Travel

    def of(self, direction: str) -> int:
        """The count for one direction."""
        return dict(self.counts)[direction]


def position(s: Standing) -> str:
    """Where a standing stands, in words: "overdue", a canonical state, or "not recorded"."""
    if s.overdue:
        return "overdue"
    return s.state if s.state in POSITIONS else NOT_RECORDED


def compare(before: str, now: str) -> Travel:
    """The direction from one position to another.

    The same position is unchanged. With no status recorded on one side, only lateness can be compared: falling
    overdue is worse and ceasing to be overdue better; anything else is not known.
    """
    if before == now:
        return Travel(UNCHANGED, before, now)
    if before not in POSITIONS or now not in POSITIONS:
        if now == "overdue":
            return Travel(WORSE, before, now)
        if before == "overdue":
            return Travel(BETTER, before, now)
        return Travel(UNKNOWN, before, now)
    change = POSITIONS[now] - POSITIONS[before]
    return Travel(BETTER if change > 0 else WORSE if change < 0 else UNCHANGED, before, now)


def basis(lp: LoadedPlan, as_of: date, since: date | None) -> Basis:
    """The date to compare with: --since if given, else the latest review point before `as_of`."""
    if since is not None:
        return Basis(since, f"since {long_date(since)}")
    points = [(recorded_on(Update(date=p), lp), p) for p in lp.plan.plan.review_points]
    earlier = [(day, label) for day, label in points if day is not None and day < as_of]
    if not earlier:
        return Basis(None, "no earlier review point or comparison date was given")
    day, label = max(earlier, key=lambda pair: pair[0])
    return Basis(day, f"since the review point {label}")


def travels(lp: LoadedPlan, found: list[Standing], when: Basis) -> list[Travel]:
    """Each standing's direction since the basis date (all not known without one), in the order of `found`."""
    if when.day is None:
        unknown: dict[str, Travel] = {}  # one of each: a Travel never changes
        return [unknown.setdefault(p, Travel(UNKNOWN, "", p)) for p in map(position, found)]
    then = {s.item_id: s for s in standings([lp], when.day)}
    return [compare(position(then[s.item_id]) if s.item_id in then else NOT_RECORDED, position(s)) for s in found]


def tally(moves: Iterable[Travel]) -> Tally:
    """Counts of each direction, and the overall: better when more moved up than down, worse when the reverse."""
    counts = dict.fromkeys(DIRECTIONS, 0)
    for move in moves:
        counts[move.direction] += 1
    return _tally(counts)


def combine(tallies: Iterable[Tally]) -> Tally:
    """The sum of several tallies (a portfolio's, from its plans'), so that one count holds everywhere."""
    counts = dict.fromkeys(DIRECTIONS, 0)
    for each in tallies:
        for direction, n in each.counts:
            counts[direction] += n
    return _tally(counts)


def _tally(counts: dict[str, int]) -> Tally:
    up, down, same = counts[BETTER], counts[WORSE], counts[UNCHANGED]
    overall = BETTER if up > down else WORSE if down > up else UNCHANGED if up or same else UNKNOWN
    summary = f"{up} better, {down} worse"
    return Tally(tuple(counts.items()), Travel(overall, "", summary))
