"""sendplan rebaseline: a moved deadline is recorded beside the original, every earlier move kept, nothing else touched."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest

from sendplan.fmt import format_text
from sendplan.load import load_text
from sendplan.overdue import Filters, overdue
from sendplan.problems import SendplanError
from sendplan.rebaseline import rebaseline
from sendplan.report_detail import changes, revisions
from tests.conftest import DATA, MINIMAL, PLANS

SHIPPED = sorted(p for p in [*PLANS.rglob("*.yaml"), *(DATA / "valid").glob("*.yaml")] if "\nactions:" in p.read_text())


def _changed_lines(before: str, after: str) -> list[int]:
    """Line numbers (0-based, in `before`) that the change touches, an insertion counting as the line it precedes."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    touched: list[int] = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            touched += list(range(i1, max(i2, i1 + 1)))
    return touched


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_two_rebaselines_on_every_shipped_plan_touch_only_that_action(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded, _ = load_text(text, str(path))
    assert loaded is not None
    index, action = next((i, a) for i, a in enumerate(loaded.plan.actions) if a.due and not a.revised)
    start = loaded.at(("actions", index))[0] - 1
    end = loaded.at(("actions", index + 1))[0] - 1 if index + 1 < len(loaded.plan.actions) else len(text)
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")

    first, moved = rebaseline(str(copy), action.id, "March 2031", "Recruitment delayed", "January 2030")
    assert moved == 1
    copy.write_text(first.after, encoding="utf-8")
    second, moved = rebaseline(str(copy), action.id, "September 2031", "Provider withdrew")
    assert moved == 2

    touched = _changed_lines(text, second.after)
    assert touched and all(start <= n < end for n in touched), (start, end, touched)
    assert format_text(second.after, str(copy)) == second.after  # still formatted
    revised, _ = load_text(second.after, str(copy))
    assert revised is not None
    item = revised.plan.actions[index]
    assert item.due == action.due  # the original is never overwritten
    assert [(r.due, r.reason, r.agreed) for r in item.revisions] == [
        ("March 2031", "Recruitment delayed", "January 2030")
    ]
    assert item.revised is not None and (item.revised.due, item.revised.reason) == (
        "September 2031",
        "Provider withdrew",
    )


def _plan(tmp_path: Path, text: str = MINIMAL) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TWO_ACTIONS = (
    MINIMAL
    + """
  - id: "1.2"
    title: The next thing
    due: Dec-23
    revised: {due: Feb-24, reason: Waiting for data}

  - id: "1.3"
    title: And another
    due: Jan-24
"""
)


def test_latest_revision_sets_lateness_and_every_move_is_counted(tmp_path: Path) -> None:
    path = _plan(tmp_path, TWO_ACTIONS)
    edit, moved = rebaseline(str(path), "1.2", "June 2024", "Provider withdrew", "April 2024")
    assert moved == 2
    assert (
        "\n    revisions:\n      - {due: Feb-24, reason: Waiting for data}\n    revised:\n" in edit.after
    )  # kept as the officer wrote it
    loaded, problems = load_text(edit.after, str(path))
    assert loaded is not None, problems
    listing = overdue([loaded], date(2024, 7, 1), Filters())
    (row,) = [r for r in listing.rows if r.id == "1.2"]
    assert row.revised == "June 2024" and row.deadline == date(2024, 6, 30) and row.moves == 2
    assert (row.id, row.days) == ("1.2", 1)
    (revision,) = [r for r in revisions(loaded) if r.item == "1.2"]
    assert revision.original == "Dec-23" and revision.revised == "June 2024" and revision.earlier == ["Feb-24"]
    recorded = changes(loaded, date(2024, 3, 31), date(2024, 7, 1)).rows
    assert [c.detail for c in recorded if c.kind == "Due date revised"] == [
        "Feb-24 revised to June 2024: Provider withdrew"
    ]


def test_the_blank_line_between_actions_stays_between_them(tmp_path: Path) -> None:
    text = MINIMAL.replace('  - id: "1.1"', '  - id: "0.9"\n    title: First\n    due: Oct-23\n\n  - id: "1.1"')
    path = _plan(tmp_path, text)
    edit, _ = rebaseline(str(path), "0.9", "Nov-23", "Slipped")
    assert '    due: Oct-23\n    revised:\n      due: Nov-23\n      reason: Slipped\n\n  - id: "1.1"' in edit.after
    edit2, _ = rebaseline(str(path), "0.9", "Dec-23", "Slipped again")  # file unchanged: revises Oct-23 again
    assert edit2.after.count("\n\n  - id") == 1


def test_a_step_is_rebaselined_on_its_own(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace(
        "    sources: [SEF]\n",
        "    sources: [SEF]\n    steps:\n      - id: A\n        title: Step\n        due: Oct-23\n",
    )
    path = _plan(tmp_path, text)
    result = cli("rebaseline", str(path), "1.1", "--step", "A", "--due", "Jan-24", "--reason", "Late data")
    assert result.exit_code == 0, result.stderr
    assert "1.1 step A now due 'Jan-24' (its due date has moved 1 time)" in result.stdout
    loaded, _ = load_text(path.read_text(encoding="utf-8"), str(path))
    assert loaded is not None and loaded.plan.actions[0].steps[0].revised is not None
    assert loaded.plan.actions[0].revised is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9.9", "--due", "Jan-24", "--reason", "x"], "no action '9.9'"),
        (["1.1", "--due", "31/11/2024", "--reason", "x"], "--due '31/11/2024'"),
        (["1.1", "--due", "Ongoing", "--reason", "x"], "has no deadline"),
        (["1.1", "--due", "nov-23", "--reason", "x"], "already due 'Nov-23'"),
        (["1.1", "--due", "Jan-24", "--reason", " "], "--reason is empty"),
        (["1.1", "--due", "Jan-24", "--reason", "x", "--agreed", "someday"], "--agreed 'someday'"),
        (["1.1", "--due", "Jan-24", "--reason", "x", "--step", "Z"], "has no step 'Z'"),
    ],
)
def test_bad_requests_are_refused_plainly_and_change_nothing(
    cli, tmp_path: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    path = _plan(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = cli("rebaseline", str(path), *args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == before


def test_dry_run_shows_the_diff_and_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _plan(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = cli("rebaseline", str(path), "1.1", "--due", "Jan-24", "--reason", "Late data", "--dry-run")
    assert result.exit_code == 0
    assert "+    revised:\n+      due: Jan-24\n+      reason: Late data\n" in result.stdout
    assert path.read_text(encoding="utf-8") == before


def test_a_layout_the_round_trip_would_change_is_refused(tmp_path: Path) -> None:
    four = "plan:\n    id: demo\n    title: Demo plan\n    area: Demo\n    kind: strategic plan\n    years: financial\n"
    path = _plan(tmp_path, four + "statuses:" + MINIMAL.split("statuses:", 1)[1])
    with pytest.raises(SendplanError, match="sendplan fmt"):
        rebaseline(str(path), "1.1", "Jan-24", "Late data")


def test_the_board_paper_shows_how_often_the_date_moved(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _plan(tmp_path, TWO_ACTIONS)
    assert cli("rebaseline", str(path), "1.2", "--due", "June 2024", "--reason", "Provider withdrew").exit_code == 0
    for form in ("md", "html"):
        result = cli("report", str(path), "--format", form, "--as-of", "2024-07-01")
        assert result.exit_code == 0, result.stderr
        assert "June 2024" in result.stdout and "moved 2 times; earlier Feb-24" in result.stdout


STEPS_ONLY = (
    MINIMAL
    + """
  - id: "1.2"
    title: Dated by its steps
    steps:
      - id: A
        title: First part
        due: Dec-23
      - id: B
        title: Second part
        due: Mar-24
"""
)


def test_a_revised_date_before_the_start_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _plan(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = cli("rebaseline", str(path), "1.1", "--due", "Jan-23", "--reason", "Typed the wrong year")
    assert result.exit_code == 2, result.stdout
    assert "is before action 1.1 starts (Feb-23)" in result.stderr
    assert path.read_text(encoding="utf-8") == before


def test_an_action_dated_only_by_its_steps_is_refused_with_a_pointer_to_step(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _plan(tmp_path, STEPS_ONLY)
    before = path.read_text(encoding="utf-8")
    result = cli("rebaseline", str(path), "1.2", "--due", "June 2024", "--reason", "Late data")
    assert result.exit_code == 2, result.stdout
    assert "dated only by its steps (A, B)" in result.stderr and "--step A" in result.stderr
    assert path.read_text(encoding="utf-8") == before
    assert cli("rebaseline", str(path), "1.2", "--step", "B", "--due", "June 2024", "--reason", "Late").exit_code == 0
