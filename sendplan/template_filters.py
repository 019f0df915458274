"""Jinja filters for reports: named functions, each registered under the name templates use."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sendplan.render.listing import md_cell

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Chart fills, one per canonical state: each has at least 3:1 contrast against white (WCAG 1.4.11), which
# tests/test_report.py checks. Tags use the lighter GOV.UK tag colours in templates/report.css instead.
STATE_FILLS: dict[str, str] = {
    "not started": "#505a5f",
    "on track": "#00703c",
    "at risk": "#b35900",
    "off track": "#d4351c",
    "complete": "#1d70b8",
    "embedded": "#4c2c92",
    "not recorded": "#6f777b",
}


# KPI sparklines: the line and the dashed target line each have at least 3:1 contrast against white (tested).
SPARK: dict[str, Any] = {"width": 120, "height": 34, "pad": 4, "line": "#1d70b8", "target": "#505a5f"}


def _spark_y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1.0
    inner = SPARK["height"] - 2 * SPARK["pad"]
    return round(SPARK["height"] - SPARK["pad"] - (value - low) / span * inner, 1)


def spark_points(kpi: Any) -> list[tuple[float, float]]:
    """The (x, y) of each figure on a KPI's sparkline, oldest at the left; one figure sits in the middle."""
    values = [p.figure.value for p in kpi.trend]
    inner = SPARK["width"] - 2 * SPARK["pad"]
    if len(values) == 1:
        return [(SPARK["width"] / 2, _spark_y(values[0], kpi.low, kpi.high))]
    step = inner / (len(values) - 1) if values else 0
    return [(round(SPARK["pad"] + n * step, 1), _spark_y(v, kpi.low, kpi.high)) for n, v in enumerate(values)]


def spark_target(kpi: Any) -> float | None:
    """The y of a KPI's target line, or None when the target is not a number."""
    target = kpi.target
    if target is None or target.value is None:
        return None
    return _spark_y(target.value, kpi.low, kpi.high)


def shorten(text: Any, width: int = 110) -> str:
    """Text cut at a word to at most `width` characters, with an ellipsis when cut (the full text is elsewhere)."""
    words = " ".join(str(text).split())
    if len(words) <= width:
        return words
    cut = words[: width - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def long_date(day: date | None) -> str:
    """A date as a board paper writes it: "30 June 2024" (English month names whatever the locale)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@functools.lru_cache(maxsize=1024)
def slug(text: str) -> str:
    """Text as a CSS class or fragment id: "on track" -> "on-track", "york-wsoa-2020:AFI3" -> "york-wsoa-2020-afi3"."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def state_fill(state: str) -> str:
    """The chart fill for a canonical state ("not recorded" for anything else)."""
    return STATE_FILLS.get(state, STATE_FILLS["not recorded"])


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 action", "3 actions" ("1 person", "2 people" with `many`)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def sentence_case(text: str) -> str:
    """The first letter capitalised: "on track" -> "On track"."""
    return text[:1].upper() + text[1:]


def md(text: Any) -> str:
    """Plan text made safe for Markdown (tables and prose): pipes escaped, newlines folded, no raw HTML."""
    return md_cell("" if text is None else str(text))


def md_join(items: Iterable[Any], separator: str = "; ") -> str:
    """Items joined and made safe for Markdown."""
    return md(separator.join(str(item) for item in items))


FILTERS: dict[str, Callable[..., Any]] = {
    "long_date": long_date,
    "slug": slug,
    "state_fill": state_fill,
    "plural": plural,
    "sentence_case": sentence_case,
    "md": md,
    "md_join": md_join,
    "spark_points": spark_points,
    "spark_target": spark_target,
    "shorten": shorten,
    "zip": lambda first, second: list(zip(first, second, strict=False)),
}
