"""The date-phrase grammar: "Nov-24", "2023/24", "Annually", "TBC" -> a kind and a deadline; pure, never reads today."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Kind = Literal["fixed", "range", "recurring", "open", "unknown"]
YearMode = Literal["financial", "academic"] | None

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _number:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# Terms run from their first possible day to the last day they can end (spring may run to Easter, in April).
TERMS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "autumn": ((9, 1), (12, 31)),
    "spring": ((1, 1), (4, 30)),
    "summer": ((4, 1), (8, 31)),
}


@dataclass(frozen=True)
class Note:
    """A remark the grammar makes about a phrase it could read: a warning, not an error.

    Attributes:
        code: the rule code (SP305 irregular writing, SP306 to be confirmed, SP307 review date).
        message: what is odd about the phrase.
        hint: how to write it plainly.
    """

    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class When:
    """What a date phrase means.

    Attributes:
        text: the phrase as written.
        kind: fixed (a day or a period with one deadline), range, recurring, open (ongoing) or unknown (TBC).
        basis: what the phrase names: day, month, year, financial year, academic year, term, quarter, range,
            recurring, open, unknown.
        start: the first day the phrase covers, if it has one.
        end: the deadline: the last day the phrase can be met; None for open, unknown and unbounded recurring.
        every_months: for recurring phrases, the interval in months (0 when it is counted in days).
        every_days: for recurring phrases counted in days, the interval.
        review: the phrase names a review date rather than a deadline ("Review August 2024").
        note: a warning about how the phrase is written, if any.
    """

    text: str
    kind: Kind
    basis: str
    start: date | None = None
    end: date | None = None
    every_months: int = 0
    every_days: int = 0
    review: bool = False
    note: Note | None = None

    @property
    def deadline(self) -> date | None:
        """The last day this phrase can be met, for phrases that have one."""
        return self.end if self.kind in ("fixed", "range") else None


class DateError(ValueError):
    """A phrase that names no date, names one that does not exist, or could mean two things."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@functools.lru_cache(maxsize=4096)
def parse(text: str, years: YearMode = None) -> When:
    """Read a date phrase; `years` says how a bare year pair such as 2023/24 is read. Raises DateError.

    Cached: a plan set repeats the same few phrases thousands of times, and When is immutable.
    """
    original = text
    norm = _normalise(text)
    note = None
    if re.search(r"[a-z]- \d", norm):  # "May- 24": a stray space the grammar can see past
        note = Note(
            "SP305",
            "the date has a space inside it",
            f"write {original.replace('- ', '-')!r}",
        )
        norm = norm.replace("- ", "-")
    if not norm:
        raise DateError("SP301", "the date is empty", "write a date such as 'March 2024', or TBC")
    try:
        when = _parse_normalised(norm, years)
    except DateError as error:  # quote the phrase as the officer wrote it, not as normalised
        whole = f"'{original.strip()}'"
        message = error.message.replace(f"'{norm}'", whole)
        if whole not in message:  # the error is about a part: name the whole phrase, and the part where it helps
            message = f"{whole} is not a date sendplan can read" if error.code == "SP301" else f"in {whole}: {message}"
        raise DateError(error.code, message, error.hint.replace(norm, original.strip())) from None
    when = replace(when, text=original)
    if note and not when.note:
        when = replace(when, note=note)
    return when


def as_of_date(text: str, years: YearMode = None) -> date:
    """The date an --as-of option names: an ISO date, or any phrase, taken at its last day ("March 2024")."""
    when = parse(text, years)
    if when.end is None:
        raise DateError("SP301", f"'{text}' names no particular day", "give a date such as 2024-06-30")
    return when.end


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, pulled back to the month's end where that day does not exist."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def occurrences(when: When, anchor: date, until: date) -> list[date]:
    """Deadlines of a recurring phrase: one interval after `anchor`, then every interval, up to `until`."""
    found: list[date] = []
    count = 1
    while count < 10_000:
        if when.every_months:
            due = add_months(anchor, when.every_months * count) - timedelta(days=1)
        else:
            due = anchor + timedelta(days=when.every_days * count - 1)
        if due > until:
            break
        found.append(due)
        count += 1
    return found


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # en and em dashes, minus signs
    text = text.replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text)
    # "September-December 2023" is a range of months; "six-monthly" and "bi-annually" are words, left alone.
    text = re.sub(rf"\b({_MONTH_WORDS})\.?\s*-\s*(?=(?:{_MONTH_WORDS})\b)", r"\1 - ", text)
    for word, number in _NUMBER_WORDS.items():
        text = re.sub(rf"\bevery {word}\b", f"every {number}", text)
    return text.rstrip(".")


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], 2
    )
}
_UNKNOWN = re.compile(r"^(tbc|tba|tbd|to be confirmed|to be agreed|to be decided|not yet known)$")
_OPEN = re.compile(r"^(ongoing|on-going|on going|continuous|continuing)(?: (?P<rest>.+))?$")
_REVIEW = re.compile(r"^(?:to be )?review(?:ed)?(?: in| by| on)? (?P<rest>.+)$")
_RECUR = re.compile(
    r"^(?P<word>annually|yearly|every year|quarterly|every quarter|monthly|every month|termly|each term|"
    r"six-monthly|6-monthly|six monthly|half-yearly|half yearly|bi-annually|biannually|twice a year|"
    r"weekly|every week|fortnightly|every (?P<n>\d+) (?P<unit>weeks|months))"
    r"(?: (?:from|starting|starting in|beginning) (?P<from>.+?))?(?: (?:until|to) (?P<until>.+))?$"
)
_PREFIX = re.compile(
    r"^(?:throughout|during|by|in|within|completed by|by the end of|end of|the end of|end|by end|before) (.+)$"
)
_WEEK = re.compile(r"^(?:w/c|wc|w/b|week commencing|week beginning|week starting) (.+)$")
_YEAR_LIST = re.compile(
    r"^(?:(?P<mode>financial|academic) years?|(?P<abbr>fy|ay)) (?P<rest>.+?)$|^(?P<rest2>.+?) (?P<mode2>financial|academic) years?$"
)


def _parse_normalised(norm: str, years: YearMode) -> When:
    if _UNKNOWN.match(norm):
        return When(
            norm,
            "unknown",
            "unknown",
            note=Note(
                "SP306", "the date is to be confirmed", "set a date when it is agreed; until then it is never overdue"
            ),
        )
    if m := _OPEN.match(norm):
        if m["rest"]:
            return _open_with(norm, m["rest"], years)
        return When(norm, "open", "open")
    if m := _REVIEW.match(norm):
        inner = _parse_normalised(m["rest"], years)
        return replace(
            inner,
            review=True,
            note=Note(
                "SP307",
                "this is a review date, not a due date",
                "give the date the action is due, and record the review as an update",
            ),
        )
    if m := _RECUR.match(norm):
        return _recurring(m, years)
    if m := _PREFIX.match(norm):
        return _parse_normalised(m[1], years)
    if m := _WEEK.match(norm):  # "w/c 4 March 2024": the working week from that day
        first = _point(m[1], years)
        if first.basis != "day" or first.start is None:
            raise DateError("SP301", f"'{norm}' needs the day the week begins", "write e.g. 'w/c 4 March 2024'")
        return When(norm, "range", "range", first.start, first.start + timedelta(days=6))
    if m := _YEAR_LIST.match(norm):
        mode = m["mode"] or m["mode2"] or ("financial" if m["abbr"] == "fy" else "academic")
        return _span_or_list(m["rest"] or m["rest2"], mode)  # type: ignore[arg-type]
    return _span_or_list(norm, years)


_WORDS_AFTER = re.compile(r"^(?:via|through|with|as|in|by|for|at|across|using|led by|-)\b")


def _open_with(norm: str, rest: str, years: YearMode) -> When:
    """ "Ongoing from April 2024" (open from that date), or "Ongoing via the Making York Home group": open, with a
    warning that the words belong in the note."""
    start = re.match(r"^(?:from|starting|starting in|beginning) (.+)$", rest)
    try:
        span = _parse_normalised(start[1] if start else rest, years)
    except DateError:
        if start or not _WORDS_AFTER.match(rest):
            raise
        note = Note("SP305", "the date has words after it", "write 'Ongoing' and put the words after it in note:")
        return When(norm, "open", "open", note=note)
    return When(norm, "open", "open", start=span.start)


def _recurring(m: re.Match[str], years: YearMode) -> When:
    word = m["word"]
    months, days = 0, 0
    if m["n"]:
        months, days = (int(m["n"]), 0) if m["unit"] == "months" else (0, 7 * int(m["n"]))
    elif word in ("annually", "yearly", "every year"):
        months = 12
    elif word in ("quarterly", "every quarter"):
        months = 3
    elif word in ("monthly", "every month"):
        months = 1
    elif word in ("termly", "each term"):
        months = 4
    elif word in (
        "six-monthly",
        "6-monthly",
        "six monthly",
        "half-yearly",
        "half yearly",
        "bi-annually",
        "biannually",
        "twice a year",
    ):
        months = 6
    elif word in ("weekly", "every week"):
        days = 7
    else:
        days = 14
    if months == 0 and days == 0:
        raise DateError("SP301", f"'{word}' repeats every zero units", "give a number above zero")
    start = _parse_normalised(m["from"], years).start if m["from"] else None
    end = _parse_normalised(m["until"], years).end if m["until"] else None
    return When(m.string, "recurring", "recurring", start=start, end=end, every_months=months, every_days=days)


def _span_or_list(norm: str, years: YearMode) -> When:
    """A single point, a list joined by "and", or a range "X to Y" / "X - Y" / "between X and Y"."""
    if m := re.match(r"^between (.+) and (.+)$", norm):
        return _range(m[1], m[2], years, norm)
    if m := re.match(r"^from (.+?) (?:to|until) (.+)$", norm):
        return _range(m[1], m[2], years, norm)
    for separator in (" to ", " until ", " - "):
        if separator in norm:
            left, right = norm.split(separator, 1)
            return _range(left, right, years, norm)
    if " and " in norm:
        parts = [_point(part, years) for part in norm.split(" and ")]
        return _cover(parts, norm)
    if m := re.fullmatch(r"(\d{4})-(\d{4})", norm):
        return _range(m[1], m[2], years, norm)
    return _point(norm, years)


def _cover(parts: list[When], norm: str) -> When:
    starts = [p.start for p in parts if p.start]
    ends = [p.end for p in parts if p.end]
    return When(norm, "range", "range", start=min(starts), end=max(ends))


def _range(left: str, right: str, years: YearMode, norm: str) -> When:
    end = _point(right, years)
    left = left.strip()
    if re.fullmatch(_MONTH.format("m"), left) and end.start:  # "September - December 2023": the year is shared
        month = MONTHS[left.rstrip(".")]
        year = end.start.year if month <= end.start.month else end.start.year - 1
        start = When(left, "fixed", "month", date(year, month, 1), last_day(year, month))
    else:
        start = _point(left, years)
    assert start.start and end.end
    if end.end < start.start:
        raise DateError(
            "SP301",
            f"the range '{norm}' ends before it starts",
            "write the earlier date first",
        )
    return When(norm, "range", "range", start=start.start, end=end.end)


def _point(text: str, years: YearMode) -> When:
    text = text.strip()
    for pattern, builder in _POINTS:
        if m := re.fullmatch(pattern, text):
            return builder(m, years)
    for pattern, code, message, hint in _AMBIGUOUS:
        if re.fullmatch(pattern, text):
            raise DateError(code, message.format(text=text), hint.replace("{text}", text.title()))
    if ":" in text:  # "Phase 1: Oct 2020": words and a date in one cell
        words, _, tail = text.rpartition(":")
        try:
            _point(tail, years)
        except DateError:
            pass
        else:
            raise DateError(
                "SP301",
                f"'{text}' is not a date sendplan can read",
                f"write the date alone ('{tail.strip().title()}') and put '{words.strip().capitalize()}' in the title or note",
            )
    raise DateError(
        "SP301",
        f"'{text}' is not a date sendplan can read",
        "write a day (31 March 2024), a month (March 2024 or Mar-24), a year (2024/25), a range "
        "(September 2023 to March 2025), Ongoing, Annually or TBC",
    )


def _year(written: str, text: str) -> int:
    """A year as written: two digits are this century's; four digits before 1900 (0000, 0024) are no plan's year."""
    year = int(written)
    if len(written) <= 2:
        return year + 2000
    if year < 1900:
        raise DateError(
            "SP308",
            f"'{text}' is in the year {written}, which no plan can have",
            f"correct the year: perhaps 20{written[-2:]}" if written[-2:] != "00" else "correct the year",
        )
    return year


def _day(written: str, month: int, day: int, text: str) -> When:
    if not 1 <= month <= 12:
        form = "YYYY-MM-DD" if re.match(r"\d{4}-", text) else "DD/MM/YYYY, day first"
        raise DateError("SP302", f"'{text}' has no month {month}", f"write the date as {form}")
    year = _year(written, text)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        raise DateError(
            "SP302",
            f"'{text}' does not exist: {calendar.month_name[month]} {year} has {days} days",
            f"correct the day; the last day of that month is {days:02d}/{month:02d}/{year}",
        )
    return When(text, "fixed", "day", date(year, month, day), date(year, month, day))


def _month(written: str, month: int, text: str) -> When:
    year = _year(written, text)
    return When(text, "fixed", "month", date(year, month, 1), last_day(year, month))


def _whole_year(year: int, text: str) -> When:
    return When(text, "fixed", "year", date(year, 1, 1), date(year, 12, 31))


def _year_pair(first: int, second: int, mode: YearMode, text: str) -> When:
    if second < 100:
        second += first // 100 * 100
    if second != first + 1:
        raise DateError(
            "SP303",
            f"'{text}' is not one financial or academic year, and could mean calendar years {first} to {second}",
            f"write 'January {first} to December {second}', or list the years: 'financial years {first}/{str(first + 1)[2:]} and ...'",
        )
    if mode is None:
        raise DateError(
            "SP304",
            f"'{text}' could be a financial year (April-March) or an academic year (September-August)",
            f"write 'financial year {text}' or 'academic year {text}', or set `years:` in the plan block",
        )
    if mode == "financial":
        return When(text, "fixed", "financial year", date(first, 4, 1), date(second, 3, 31))
    return When(text, "fixed", "academic year", date(first, 9, 1), date(second, 8, 31))


def _term(m: re.Match[str], years: YearMode) -> When:
    (sm, sd), (em, ed) = TERMS[m["term"]]
    year = _year(m["y"], m.string)
    return When(m.string, "fixed", "term", date(year, sm, sd), date(year, em, ed))


def _quarter(m: re.Match[str], years: YearMode) -> When:
    quarter, year = int(m["q"]), _year(m["y"], m.string)
    if m["y2"]:  # a financial year's quarter: Q1 is April to June
        first = add_months(date(year, 4, 1), 3 * (quarter - 1))
    else:
        first = date(year, 3 * (quarter - 1) + 1, 1)
    return When(m.string, "fixed", "quarter", first, add_months(first, 3) - timedelta(days=1))


def _month_number(m: re.Match[str], name: str = "m") -> int:
    return MONTHS[m[name].rstrip(".")]


_ORD = r"(?:st|nd|rd|th)?"
_POINTS: list[tuple[str, Callable[[re.Match[str], YearMode], When]]] = [
    (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", lambda m, y: _day(m["y"], int(m["m"]), int(m["d"]), m.string)),
    (
        r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4}|\d{2})",
        lambda m, y: _day(m["y"], int(m["m"]), int(m["d"]), m.string),
    ),
    (
        r"(?:\w+day,? )?(?P<d>\d{1,2})" + _ORD + r"(?: of)? " + _MONTH.format("m") + r",? (?P<y>\d{4})",
        lambda m, y: _day(m["y"], _month_number(m), int(m["d"]), m.string),
    ),
    (
        _MONTH.format("m") + r" (?P<d>\d{1,2})" + _ORD + r",? (?P<y>\d{4})",
        lambda m, y: _day(m["y"], _month_number(m), int(m["d"]), m.string),
    ),
    (_MONTH.format("m") + r",? (?P<y>\d{4})", lambda m, y: _month(m["y"], _month_number(m), m.string)),
    (_MONTH.format("m") + r"[-']\s?(?P<y>\d{2})", lambda m, y: _month(m["y"], _month_number(m), m.string)),
    (_MONTH.format("m") + r"[-/](?P<y>\d{4})", lambda m, y: _month(m["y"], _month_number(m), m.string)),
    (r"(?P<y>\d{4})", lambda m, y: _whole_year(_year(m["y"], m.string), m.string)),
    (r"(?P<a>\d{4})[/-](?P<b>\d{2}|\d{4})", lambda m, y: _year_pair(_year(m["a"], m.string), int(m["b"]), y, m.string)),
    (r"(?P<term>autumn|spring|summer)(?: term)? (?P<y>\d{4})", _term),
    (r"q(?P<q>[1-4]) (?P<y>\d{4})(?:[/-](?P<y2>\d{2,4}))?", _quarter),
    (r"q(?P<q>[1-4]) (?P<y>\d{2})[/-](?P<y2>\d{2})", _quarter),
]

_AMBIGUOUS: list[tuple[str, str, str, str]] = [
    (
        r"\d{1,2}[- ]" + _MONTH.format("m"),
        "SP303",
        "'{text}' could be a day and month with no year, or a month and a two-digit year",
        "write the month and year as Apr-24 or April 2024, or the whole date as 24 April 2024",
    ),
    (
        _MONTH.format("m") + r" \d{1,2}",
        "SP303",
        "'{text}' could be a day of the month or a month with a two-digit year",
        "write the year in full (May 2020) or the whole date (20 May 2020)",
    ),
    (
        _MONTH.format("m"),
        "SP303",
        "'{text}' names a month but no year",
        "add the year: e.g. '{text} 2024'",
    ),
]
