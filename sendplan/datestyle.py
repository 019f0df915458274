"""Writing a day as a date phrase in the style a plan already uses for its update dates."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable
from datetime import date

from sendplan import dates

Style = Callable[[date], str]


def _day_month_year(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _day_mon_year(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


# (how a phrase in this style looks, how a day is written in it): month-only styles ("June 2024", "Jun-24") are
# written with the day in the same words, since an update dated "December 2026" would count only from its last day.
_STYLES: list[tuple[re.Pattern[str], str, Style]] = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "iso", lambda d: d.isoformat()),
    (re.compile(r"^\d{2}/\d{2}/\d{4}$"), "dd/mm/yyyy", lambda d: d.strftime("%d/%m/%Y")),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "d/m/yyyy", lambda d: f"{d.day}/{d.month}/{d.year}"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{2}$"), "dd/mm/yy", lambda d: d.strftime("%d/%m/%y")),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "dd.mm.yyyy", lambda d: d.strftime("%d.%m.%Y")),
    (re.compile(r"^\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{4,} \d{4}$"), "d month yyyy", _day_month_year),
    (re.compile(r"^\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{3}\.? \d{4}$"), "d mon yyyy", _day_mon_year),
    (re.compile(r"^[A-Za-z]{4,} \d{4}$"), "month yyyy", _day_month_year),
    (re.compile(r"^[A-Za-z]{3}\.?[ -]\d{2,4}$"), "mon yy", _day_mon_year),
]
_DEFAULT: Style = _STYLES[1][2]


def style_of(phrases: list[str]) -> Style:
    """The style most of `phrases` are written in (dd/mm/yyyy when none is recognised)."""
    counted: Counter[int] = Counter()
    for phrase in phrases:
        for number, (pattern, _, _) in enumerate(_STYLES):
            if pattern.match(phrase.strip()):
                counted[number] += 1
                break
    if not counted:
        return _DEFAULT
    return _STYLES[counted.most_common(1)[0][0]][2]


_NAMES_A_DAY = frozenset({"iso", "dd/mm/yyyy", "d/m/yyyy", "dd/mm/yy", "dd.mm.yyyy", "d month yyyy", "d mon yyyy"})


def update_style(updates: list[str], dues: list[str]) -> list[str]:
    """The phrases a new update's date should look like: the plan's update dates; with none, its due dates when
    most of them name a day (31/03/2025), else a day in words ("2 December 2026")."""
    if updates:
        return updates
    counted: Counter[str] = Counter()
    for phrase in dues:
        name = next((name for pattern, name, _ in _STYLES if pattern.match(phrase.strip())), None)
        if name is not None:
            counted[name] += 1
    top = counted.most_common(1)[0][0] if counted else None
    if top in _NAMES_A_DAY:
        return [p for p in dues if next((n for pat, n, _ in _STYLES if pat.match(p.strip())), None) == top]
    return ["2 December 2026"]  # a day in words: month-only dues ("Mar-25") would make a month, not a day


def format_like(day: date, phrases: list[str], years: dates.YearMode = None) -> str:
    """`day` written in the style of `phrases`, checked to read back as that very day."""
    for style in (style_of(phrases), _DEFAULT):
        text = style(day)
        try:
            when = dates.parse(text, years)
        except dates.DateError:
            continue
        if when.start == day and when.end == day:
            return text
    return day.isoformat()
