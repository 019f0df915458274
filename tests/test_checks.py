"""Every validate rule with a failing and a passing case, on small inline plans."""

from __future__ import annotations

import pytest

from sendplan.checks import run_checks
from sendplan.config import Config
from sendplan.load import LoadedPlan, load_text
from sendplan.rules import RULES
from tests.conftest import MINIMAL


def load(text: str, name: str = "p.yaml") -> LoadedPlan:
    plan, problems = load_text(text, name)
    assert plan is not None, problems
    return plan


def codes(*texts: str, config: Config | None = None) -> list[str]:
    """Rule codes found in the plans, after the default settings (which links each plan kind must have)."""
    plans = [load(text, f"p{i}.yaml") for i, text in enumerate(texts)]
    kinds = {lp.file: lp.plan.plan.kind for lp in plans}
    return sorted(p.code for p in (config or Config()).apply(run_checks(plans), kinds))


def test_minimal_plan_is_clean() -> None:
    assert codes(MINIMAL) == []


SECOND_ACTION = """\
  - id: "1.2"
    priority: "1"
    title: Another
    owners: [M.S]
    due: Dec-23
    addresses: [AFI1]
"""

# rule code, a change to MINIMAL that breaks exactly that rule
BREAKS = [
    ("SP201", lambda t: t + SECOND_ACTION.replace('"1.2"', '"1.1"')),
    ("SP217", lambda t: t + SECOND_ACTION.replace('"1.2"', '"1.3"')),
    ("SP202", lambda t: t.replace("owners: [M.S]", "owners: [M:S]")),
    (
        "SP203",
        lambda t: t.replace(
            "    initials: M.S\n", "    initials: M.S\n  - id: M.Smith\n    name: Mary Smith\n    initials: M.S\n"
        ).replace("owners: [M.S]", "owners: [m.s]"),
    ),
    (
        "SP204",
        lambda t: t.replace(
            "    initials: M.S\n", "    initials: M.S\n  - id: M.Smith\n    name: Mary Smith\n    initials: M.S\n"
        ),
    ),
    ("SP214", lambda t: t.replace("    initials: M.S\n", "    initials: P.H\n")),
    ("SP215", lambda t: t.replace("    owners: [M.S]\n", "")),
    ("SP205", lambda t: t.replace('priority: "1"', 'priority: "9"')),
    ("SP206", lambda t: t.replace("outcomes: [safe]", "outcomes: [unsafe]")),
    ("SP207", lambda t: t.replace("addresses: [AFI1]", "addresses: [AFI1, AF15]")),
    ("SP208", lambda t: t.replace("addresses: [AFI1]", "addresses: [AFI1, nowhere-plan:AFI1]")),
    ("SP209", lambda t: t.replace("status: On track", "status: On trak")),
    ("SP210", lambda t: t.replace("sources: [SEF]", "sources: [SEF, DBV]")),
    (
        "SP211",
        lambda t: t.replace('    priority: "1"\n', "").replace("addresses: [AFI1]", "addresses: []") + SECOND_ACTION,
    ),
    ("SP212", lambda t: t.replace("addresses: [AFI1]", "addresses: []")),
    ("SP213", lambda t: t.replace("outcomes: [safe]", "outcomes: []")),
    ("SP301", lambda t: t.replace("due: Nov-23", 'due: "Phase 1: Oct 2020"')),
    ("SP302", lambda t: t.replace("due: Nov-23", "due: 31/11/2023")),
    ("SP303", lambda t: t.replace("due: Nov-23", "due: 24-Apr")),
    ("SP304", lambda t: t.replace("  years: financial\n", "").replace("due: Nov-23", "due: 2023/24")),
    ("SP305", lambda t: t.replace("due: Nov-23", "due: Nov- 23")),
    ("SP306", lambda t: t.replace("due: Nov-23", "due: TBC")),
    ("SP307", lambda t: t.replace("due: Nov-23", "due: Review November 2023")),
    ("SP310", lambda t: t.replace("due: Nov-23", "due: Jan-23")),
    (
        "SP311",
        lambda t: t.replace(
            "status: On track",
            "status: On track\n    updates:\n      - {date: June 2023, status: On track}\n      - {date: May 2023, status: On track}",
        ),
    ),
    (
        "SP312",
        lambda t: t.replace(
            "status: On track", "status: On track\n    updates:\n      - {date: June 2023, status: Done}"
        ),
    ),
    (
        "SP218",
        lambda t: t.replace("kind: strategic plan", "kind: written statement of action").replace(
            "addresses: [AFI1]", 'addresses: [AFI1]\n  - id: "1.2"\n    priority: "1"\n    title: t\n    owners: [M.S]'
        ),
    ),
    (
        "SP220",
        lambda t: t + 'risks:\n  - {id: R1, text: a risk, actions: ["1.2"]}\n',
    ),  # tests/test_checks_board.py has more
]


# Where one mistake necessarily breaks two rules, both are expected.
COMPANIONS = {"SP203": ["SP203", "SP204"], "SP206": ["SP206", "SP213"]}


@pytest.mark.parametrize(("code", "breaking"), BREAKS, ids=[code for code, _ in BREAKS])
def test_each_rule_fails_on_its_case(code: str, breaking) -> None:  # type: ignore[no-untyped-def]
    found = codes(breaking(MINIMAL))
    assert found == COMPANIONS.get(code, [code]), found


def test_every_integrity_rule_has_a_case() -> None:
    tested = {code for code, _ in BREAKS} | {"SP216"}
    integrity = {code for code in RULES if code[2] in "23"}
    assert integrity <= tested, integrity - tested


def test_duplicate_plan_ids_across_files() -> None:
    assert codes(MINIMAL, MINIMAL).count("SP216") == 1


def test_step_ids_unique_within_action() -> None:
    text = MINIMAL + "    steps:\n      - id: A\n        title: one\n      - id: A\n        title: two\n"
    assert codes(text) == ["SP201"]


def test_qualified_references_resolve_across_plans() -> None:
    other = MINIMAL.replace("id: demo", "id: other").replace("addresses: [AFI1]", "addresses: [AFI1, demo:AFI1]")
    assert codes(MINIMAL, other) == []
    broken = other.replace("demo:AFI1", "demo:AFI9")
    assert codes(MINIMAL, broken) == ["SP207"]


def test_finding_addressed_only_from_another_plan_counts() -> None:
    here = MINIMAL.replace("addresses: [AFI1]", "addresses: []")
    other = MINIMAL.replace("id: demo", "id: other").replace("addresses: [AFI1]", "addresses: [AFI1, demo:AFI1]")
    assert codes(here, other) == []


def test_reference_lists_need_no_actions() -> None:
    text = MINIMAL.replace("kind: strategic plan", "kind: reference list")
    text = text[: text.index("actions:")]
    assert codes(text) == []


def test_hints_suggest_the_likely_fix() -> None:
    plan = load(MINIMAL.replace("addresses: [AFI1]", "addresses: [AF11]").replace("owners: [M.S]", "owners: [M-S]"))
    problems = {p.code: p for p in run_checks([plan])}
    assert "did you mean 'AFI1'" in problems["SP207"].hint
    assert "did you mean 'M.S'" in problems["SP202"].hint


def test_problem_points_at_the_offending_item() -> None:
    text = MINIMAL.replace("owners: [M.S]", "owners: [M.S, nobody]")
    (problem,) = run_checks([load(text)])
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "nobody" in row)
    assert (problem.line, problem.col) == (line, text.splitlines()[line - 1].index("nobody") + 1)
