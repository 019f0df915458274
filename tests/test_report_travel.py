"""Direction of travel at each boundary: positions, the date compared with, the deadline day, and the tallies."""

from __future__ import annotations

from datetime import date

import pytest

from sendplan.load import load_text
from sendplan.report import build_report
from sendplan.report_travel import BETTER, POSITIONS, UNCHANGED, UNKNOWN, WORSE, Travel, basis, compare, tally
from tests.conftest import MINIMAL

ORDER = ["overdue", "off track", "at risk", "not started", "on track", "complete"]


@pytest.mark.parametrize(("lower", "higher"), list(zip(ORDER, ORDER[1:], strict=False)))
def test_each_step_up_the_order_is_better_and_down_worse(lower: str, higher: str) -> None:
    assert compare(lower, higher).direction == BETTER
    assert compare(higher, lower).direction == WORSE


def test_embedded_ranks_with_complete_and_the_same_position_is_unchanged() -> None:
    assert POSITIONS["embedded"] == POSITIONS["complete"]
    assert compare("complete", "embedded").direction == UNCHANGED
    for position in [*ORDER, "not recorded"]:
        assert compare(position, position).direction == UNCHANGED


def test_with_no_status_on_one_side_only_lateness_is_compared() -> None:
    assert compare("not recorded", "overdue").direction == WORSE
    assert compare("overdue", "not recorded").direction == BETTER
    assert compare("not recorded", "on track").direction == UNKNOWN
    assert compare("at risk", "not recorded").direction == UNKNOWN


def test_a_tally_is_better_when_more_moved_up_than_down() -> None:
    def moves(*directions: str) -> list[Travel]:
        return [Travel(d, "", "") for d in directions]

    assert tally(moves(BETTER, BETTER, WORSE)).overall.direction == BETTER
    assert tally(moves(BETTER, WORSE, WORSE)).overall.direction == WORSE
    assert tally(moves(BETTER, WORSE)).overall.direction == UNCHANGED
    assert tally(moves(UNCHANGED, UNKNOWN)).overall.direction == UNCHANGED
    assert tally(moves(UNKNOWN, UNKNOWN)).overall.direction == UNKNOWN
    assert tally([]).overall.direction == UNKNOWN
    counted = tally(moves(BETTER, WORSE, WORSE, UNKNOWN))
    assert counted.counts == ((BETTER, 1), (WORSE, 2), (UNCHANGED, 0), (UNKNOWN, 1))
    assert counted.overall.now == "1 better, 2 worse"


POINTS = MINIMAL.replace("  years: financial\n", "  years: financial\n  review_points: [May 2024, June 2024]\n")


def lp(text: str):  # type: ignore[no-untyped-def]
    plan, problems = load_text(text, "p.yaml")
    assert plan is not None, problems
    return plan


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 5, 31), None),  # on the first point's last day: no earlier point
        (date(2024, 6, 1), date(2024, 5, 31)),  # the day after: May is the previous point
        (date(2024, 6, 30), date(2024, 5, 31)),  # on June's last day June is this meeting; May the previous
        (date(2024, 7, 1), date(2024, 6, 30)),
    ],
)
def test_the_previous_review_point_is_the_latest_ending_before_the_date(as_of: date, expected: date | None) -> None:
    assert basis(lp(POINTS), as_of, None).day == expected


def test_since_overrides_review_points_and_says_so() -> None:
    chosen = basis(lp(POINTS), date(2024, 6, 30), date(2024, 3, 31))
    assert chosen.day == date(2024, 3, 31) and chosen.label == "since 31 March 2024"
    none = basis(lp(MINIMAL), date(2024, 6, 30), None)
    assert none.day is None and "no earlier review point" in none.label


@pytest.mark.parametrize(
    ("since", "direction"),
    [
        (date(2023, 11, 30), WORSE),  # on its deadline day it was not yet overdue; by the report date it is
        (date(2023, 12, 1), UNCHANGED),  # the day after its deadline it was already overdue
    ],
)
def test_falling_overdue_is_worse_from_the_day_after_the_deadline(write_plan, since: date, direction: str) -> None:  # type: ignore[no-untyped-def]
    report = build_report([str(write_plan(MINIMAL))], date(2024, 6, 30), since)
    (plan,) = report.plans
    (item,) = plan.groups[0].items
    assert (item.travel.direction, item.travel.before, item.travel.now) == (
        direction,
        "on track" if direction == WORSE else "overdue",
        "overdue",
    )
    assert plan.travel.of(direction) == 1 and plan.priorities[0].travel.overall.direction == direction


def test_status_updates_move_an_item_better(write_plan) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace("due: Nov-23", "due: Nov-24").replace(
        "    status: On track\n",
        "    status: Done\n    updates:\n      - {date: May 2024, status: On track}\n      - {date: 10 June 2024, status: Done}\n",
    )
    report = build_report([str(write_plan(text))], date(2024, 6, 30), date(2024, 5, 31))
    (item,) = report.plans[0].groups[0].items
    assert (item.travel.direction, item.travel.before, item.travel.now) == (BETTER, "on track", "complete")
    assert "1 moved better and 0 worse" in " ".join(report.plans[0].position)
