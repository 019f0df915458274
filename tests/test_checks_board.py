"""Rules for risks, asks, mitigation and recovery dates: each breaks on its case and names where."""

from __future__ import annotations

from sendplan.checks import run_checks
from sendplan.load import load_text
from tests.conftest import MINIMAL

GOOD = (
    MINIMAL.replace(
        "    status: On track\n", "    status: On track\n    mitigation: Extra staff\n    recovery: March 2024\n"
    )
    + """\
asks:
  - {text: Agree the revised timetable, kind: decision, meeting: 24 January 2024, actions: ["1.1"]}
risks:
  - {id: R1, text: Staff leave, owner: M.S, rating: high, actions: ["1.1"]}
"""
)


def found(text: str) -> list[tuple[str, int, str]]:
    plan, problems = load_text(text, "p.yaml")
    assert plan is not None, problems
    return [(p.code, p.line, p.message) for p in run_checks([plan])]


def test_a_plan_using_every_board_field_is_clean() -> None:
    assert found(GOOD) == []


def test_a_risk_or_ask_naming_a_missing_action_is_reported_at_its_line() -> None:
    text = GOOD.replace('actions: ["1.1"]}\nrisks', 'actions: ["1.9"]}\nrisks')
    assert found(text) == [("SP220", 39, "ask 1 names action '1.9', which is not in this plan")]


def test_a_risk_owner_must_be_an_owner_and_risk_ids_unique() -> None:
    text = GOOD.replace("owner: M.S", "owner: X.Y") + "  - {id: R1, text: Again}\n"
    assert [(c, m) for c, _, m in found(text)] == [
        ("SP202", "risk R1's owner 'X.Y' is not in the owners list"),
        ("SP201", "risk id 'R1' is used twice"),
    ]


def test_meeting_recovery_and_actual_dates_must_be_readable() -> None:
    text = GOOD.replace("recovery: March 2024", "recovery: 31/11/2024").replace("24 January 2024", "Sometime")
    text = text.replace(
        "    sources: [SEF]\n",
        "    sources: [SEF]\n    measures:\n      - text: m\n        target: 9\n        actuals: [{date: 24-Apr, value: '3'}]\n",
    )
    assert sorted(c for c, _, _ in found(text)) == ["SP301", "SP302", "SP303"]
