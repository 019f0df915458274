"""KPIs: the figures in a measure's baseline, target and actuals read as numbers, latest against target, and trend."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from sendplan.load import LoadedPlan
from sendplan.model import Action, Measure, Step
from sendplan.progress import day_of
from sendplan.quickpickle import by_fields
from sendplan.report_travel import BETTER, UNCHANGED, UNKNOWN, WORSE, Travel

MET, NOT_MET, NO_DATA = "met", "not met", "no data"

_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# A qualifier before a figure says which way is better, whatever the baseline: "at least 93%", "no more than 5".
_AT_LEAST = r"at least|no fewer than|no less than|a minimum of|minimum of|over|more than|above"
_AT_MOST = r"at most|no more than|a maximum of|maximum of|under|less than|fewer than|below|up to"
_FIGURE = re.compile(
    rf"^(?:(?P<least>{_AT_LEAST})\s+|(?P<most>{_AT_MOST})\s+)?"
    rf"(?:{_NUMBER}\s*(?:of|out of|/)\s*{_NUMBER}|{_NUMBER}\s*(?P<unit>%|[A-Za-z]+(?:\s[A-Za-z]+)?)?)$",
    re.IGNORECASE,
)


@by_fields
@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written and, where it is a number, its value.

    Attributes:
        text: as written ("85 of 120").
        value: the number (a ratio as a percentage: 85 of 120 -> 70.8), or None when it is words.
        unit: "%" (percentages and ratios), a word such as "weeks", or "" for a bare number.
        sense: "higher" or "lower" when a qualifier says which way is better ("at least 93%"), else "".
    """

    text: str
    value: float | None
    unit: str = ""
    sense: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Point:
    """One recorded figure of a KPI's trend: its date as written, the day it counts from, and the figure."""

    when: str
    day: date
    figure: Figure
    note: str


@by_fields
@dataclass(slots=True)
class Kpi:
    """A measure as a KPI.

    Attributes:
        item: the action or step it belongs to; text: the measure as written.
        baseline, target: the figures; by: when the target is to be met, as written.
        latest: the latest figure on or before the report's date, or None when none is recorded.
        latest_when: that figure's date as written ("" for a single undated `actual`).
        against: met, not met or no data; reason: why no data, in words ("" otherwise).
        lower_better: whether a lower figure is better; sense_stated: said by a qualifier or a baseline and target,
            rather than assumed (higher is better).
        trend: the numeric figures recorded, oldest first (the sparkline's points).
        travel: the latest figure against the one before it (or the last before the basis date).
    """

    item: str
    text: str
    baseline: Figure | None
    target: Figure | None
    by: str
    latest: Figure | None
    latest_when: str
    against: str
    reason: str
    lower_better: bool
    sense_stated: bool
    trend: list[Point]
    travel: Travel

    @property
    def low(self) -> float:
        """The smallest value on the trend or target (the sparkline's floor)."""
        return min(self._values())

    @property
    def high(self) -> float:
        """The largest value on the trend or target (the sparkline's ceiling)."""
        return max(self._values())

    def _values(self) -> list[float]:
        values = [p.figure.value for p in self.trend if p.figure.value is not None]
        if self.target is not None and self.target.value is not None:
            values.append(self.target.value)
        return values or [0.0]


@functools.lru_cache(maxsize=4096)  # a national set repeats the same few figures; a Figure never changes
def read_figure(text: str | None) -> Figure | None:
    """A baseline, target or actual read as a number where it is one ("90%", "85 of 120", "4.2 weeks")."""
    if text is None:
        return None
    written = " ".join(str(text).split())
    m = _FIGURE.match(written)
    if m is None:
        return Figure(written, None)
    sense = "higher" if m["least"] else "lower" if m["most"] else ""
    numbers = [float(g.replace(",", "")) if g else None for g in m.groups()[2:5]]
    part, whole, single = numbers
    if part is not None and whole:
        return Figure(written, round(part / whole * 100, 1), "%", sense)
    if single is None:
        return Figure(written, None)
    unit = (m["unit"] or "").lower()
    return Figure(written, single, "%" if unit in ("%", "percent", "per cent") else unit, sense)


def comparable(first: Figure | None, second: Figure | None) -> bool:
    """Both are numbers in the same unit (a unit written once, on one side only, counts as the same)."""
    if first is None or second is None or first.value is None or second.value is None:
        return False
    return first.unit == second.unit or not first.unit or not second.unit


def kpis(lp: LoadedPlan, as_of: date, since: date | None) -> list[Kpi]:
    """Every measure with a baseline, target or actual figure, as a KPI as of `as_of`."""
    rows = []
    for action in lp.plan.actions:
        owned: list[tuple[str, Action | Step]] = [(action.id, action)]
        owned += [(f"{action.id} {s.id or f'step {n + 1}'}", s) for n, s in enumerate(action.steps) if s.measures]
        for ident, item in owned:
            for m in item.measures:
                if isinstance(m, Measure) and (m.baseline or m.target or m.actual or m.actuals):
                    rows.append(kpi(ident, m, lp, as_of, since))
    return rows


def kpi(ident: str, m: Measure, lp: LoadedPlan, as_of: date, since: date | None) -> Kpi:
    """One measure as a KPI."""
    baseline, target = read_figure(m.baseline), read_figure(m.target)
    points = []
    for actual in m.actuals:
        day = day_of(actual.date, lp)  # as an update of that date would count
        if day is not None and day <= as_of:
            points.append(
                Point(actual.date, day, read_figure(actual.value) or Figure(actual.value, None), actual.note or "")
            )
    latest: Figure | None
    if points:
        points.sort(key=lambda p: p.day)
        latest, latest_when = points[-1].figure, points[-1].when
    else:
        latest, latest_when = read_figure(m.actual), ""
    lower, stated = _sense(baseline, target)
    against, reason = _against(latest, target, lower)
    trend = [p for p in points if p.figure.value is not None]
    return Kpi(  # in the order of its fields: a national set makes 45,000
        ident,
        " ".join(m.text.split()),
        baseline,
        target,
        m.by or "",
        latest,
        latest_when,
        against,
        reason,
        lower,
        stated,
        trend,
        _travel(trend, lower, since),
    )


def _sense(baseline: Figure | None, target: Figure | None) -> tuple[bool, bool]:
    """(lower is better, stated): from the target's qualifier, else baseline against target, else assumed higher."""
    if target is not None and target.sense:
        return target.sense == "lower", True
    if comparable(baseline, target) and baseline and target and baseline.value != target.value:
        return (target.value or 0) < (baseline.value or 0), True
    return False, False


def _against(latest: Figure | None, target: Figure | None, lower: bool) -> tuple[str, str]:
    if latest is None:
        return NO_DATA, "no figure recorded"
    if target is None:
        return NO_DATA, "no target stated"
    if not comparable(latest, target):
        return NO_DATA, "the latest figure and the target are not numbers in the same unit"
    now, aim = latest.value or 0.0, target.value or 0.0
    met = now <= aim if lower else now >= aim
    return (MET if met else NOT_MET), ""


_NO_TREND = Travel(UNKNOWN, "", "")  # shared: a Travel never changes


def _travel(trend: list[Point], lower: bool, since: date | None) -> Travel:
    """The latest figure against the last one on or before `since`, else against the one before it."""
    if not trend:
        return _NO_TREND
    if len(trend) < 2:
        return Travel(UNKNOWN, "", trend[-1].figure.text)
    earlier = [p for p in trend[:-1] if since is None or p.day <= since] or trend[:-1]
    before, now = earlier[-1].figure, trend[-1].figure
    change = (now.value or 0.0) - (before.value or 0.0)
    if lower:
        change = -change
    direction = BETTER if change > 0 else WORSE if change < 0 else UNCHANGED
    return Travel(direction, before.text, now.text)
