"""An update given twice is recorded once: `update` and `update --from` both say "already recorded"."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from sendplan.load import load_file
from tests.conftest import PLANS


@pytest.fixture
def hull(tmp_path: Path) -> Path:
    copy = tmp_path / "hull.yaml"
    shutil.copy(PLANS / "hull-2024-27.yaml", copy)
    return copy


def updates(path: Path, action: str) -> list[tuple[str, str | None, str | None]]:
    loaded, problems = load_file(str(path))
    assert loaded is not None, problems
    found = next(a for a in loaded.plan.actions if a.id == action)
    return [(str(u.date), u.status, u.note) for u in found.updates]


def test_the_same_update_twice_is_recorded_once(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("update", str(hull), "3.4", "--status", "On track no concerns", "--note", "Launched", "--date", "June 2024")
    assert cli(*args).exit_code == 0
    once = hull.read_bytes()
    again = cli(*args)
    assert again.exit_code == 0, again.stderr
    assert "already recorded" in again.stdout
    assert hull.read_bytes() == once
    assert updates(hull, "3.4") == [("June 2024", "On track no concerns", "Launched")]


def test_the_same_day_in_other_words_and_case_is_the_same_update(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    cli("update", str(hull), "3.4", "--status", "On track no concerns", "--date", "30 June 2024")
    once = hull.read_bytes()
    again = cli("update", str(hull), "3.4", "--status", "on track  NO concerns", "--date", "30/06/2024")
    assert "already recorded" in again.stdout
    assert hull.read_bytes() == once


def test_a_different_note_is_a_new_update(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    cli("update", str(hull), "3.4", "--status", "On track no concerns", "--note", "one", "--date", "June 2024")
    result = cli("update", str(hull), "3.4", "--status", "On track no concerns", "--note", "two", "--date", "June 2024")
    assert "already recorded" not in result.stdout
    assert [u[2] for u in updates(hull, "3.4")] == ["one", "two"]


def test_a_sheet_applied_twice_changes_nothing_the_second_time(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "back.csv"
    with sheet.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Plan", "Action", "Step", "New status", "Note", "Update date"])
        writer.writerow(["", "3.4", "", "On track no concerns", "Launched", "1 June 2024"])
        writer.writerow(["", "3.4", "", "On track no concerns", "Launched", "1 June 2024"])  # twice in one sheet
        writer.writerow(["", "3.5", "", "", "Met the schools", "1 June 2024"])
    first = cli("update", str(hull), "--from", str(sheet))
    assert first.exit_code == 0, first.stderr
    assert updates(hull, "3.4") == [("1 June 2024", "On track no concerns", "Launched")]
    once = hull.read_bytes()
    second = cli("update", str(hull), "--from", str(sheet))
    assert second.exit_code == 0, second.stderr
    assert second.stdout.count("already recorded") == 3
    assert hull.read_bytes() == once


def test_only_the_plans_own_status_words_are_accepted(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    before = hull.read_bytes()
    result = cli("update", str(hull), "3.4", "--status", "on track", "--date", "June 2024")
    assert result.exit_code == 2
    assert "not one of the plan's words: Not due yet, On track no concerns" in result.stderr
    assert hull.read_bytes() == before
    assert cli("update", str(hull), "3.4", "--status", " on  TRACK no concerns", "--date", "June 2024").exit_code == 0
    assert updates(hull, "3.4")[-1][1] == "On track no concerns"


def test_two_updates_on_one_day_the_later_one_is_newest_everywhere(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("update", str(hull), "3.4", "--status", "On track no concerns", "--date", "30 June 2024").exit_code == 0
    result = cli("update", str(hull), "3.4", "--status", "On track some concerns", "--date", "30 June 2024")
    assert result.exit_code == 0, result.stderr
    assert [u[1] for u in updates(hull, "3.4")] == ["On track no concerns", "On track some concerns"]
    loaded, _ = load_file(str(hull))
    assert loaded is not None
    assert next(a for a in loaded.plan.actions if a.id == "3.4").status == "On track some concerns"
    assert "SP312" not in cli("validate", str(hull)).stdout


def test_sp312_takes_the_later_of_two_same_day_updates(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import MINIMAL

    text = MINIMAL.replace(
        "    status: On track\n",
        "    status: Done\n    updates:\n      - date: 30/06/2024\n        status: On track\n"
        "      - date: 30/06/2024\n        status: Done\n",
    )
    path = write_plan(text)
    assert "SP312" not in cli("validate", str(path)).stdout
    path.write_text(text.replace("    status: Done\n    updates", "    status: On track\n    updates"))
    assert "SP312" in cli("validate", str(path)).stdout
