"""No input makes sendplan raise: mutated copies of the real plans give problems, never a traceback."""

from __future__ import annotations

import random

import pytest

from sendplan.checks import run_checks
from sendplan.load import load_text
from sendplan.overdue import Filters, overdue
from tests.conftest import PLANS

PIECES = [
    ":",
    "- ",
    "\t",
    "  ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "#",
    "'",
    '"',
    "0123",
    "31/11/2022",
    "\x00",
    "é",
    "|",
]


def mutations(text: str, seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars))
            if rng.random() < 0.5:
                del chars[at : at + rng.randint(1, 20)]
            else:
                chars[at:at] = list(rng.choice(PIECES))
        found.append("".join(chars))
    return found


@pytest.mark.parametrize("name", ["york-2023-25.yaml", "york-wsoa-2020.yaml"])
def test_mutated_plans_give_problems_not_exceptions(name: str) -> None:
    from datetime import date

    text = (PLANS / name).read_text()
    for index, mutated in enumerate(mutations(text, seed=len(name), count=150)):
        plan, problems = load_text(mutated, f"m{index}.yaml")
        assert plan is not None or problems, index
        for problem in problems:
            assert problem.line >= 1 and problem.col >= 1 and problem.code and problem.message
        if plan is not None:
            run_checks([plan])
            overdue([plan], date(2024, 6, 30), Filters())
