"""sendplan update --from SHEET: a returned update sheet applied in one go, all or nothing."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sendplan.load import load_file
from tests.conftest import PLANS

HEADERS = [
    "Plan",
    "File",
    "Action",
    "Step",
    "Title",
    "Owners",
    "Due",
    "Current status",
    "Last update",
    "New status",
    "Note",
    "Update date",
]


def row(action: str, status: str = "", note: str = "", when: Any = "", step: str = "", plan: str = "") -> list[Any]:
    return [plan, "", action, step, "a title", "someone", "Nov-24", "Not due yet", "", status, note, when]


def xlsx(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Updates for the SEND board, June 2024"])  # a title row above the header, as trackers have
    sheet.append(headers)
    for cells in rows:
        sheet.append(cells)
    book.save(path)
    return path


@pytest.fixture
def hull(tmp_path: Path) -> Path:
    copy = tmp_path / "hull.yaml"
    shutil.copy(PLANS / "hull-2024-27.yaml", copy)
    return copy


def actions(path: Path) -> dict[str, Any]:
    loaded, problems = load_file(str(path))
    assert loaded is not None, problems
    return {a.id: a for a in loaded.plan.actions}


def test_rows_are_applied_in_one_write(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = xlsx(
        tmp_path / "back.xlsx",
        [
            row("3.4", "on track NO concerns", "Toolkit launched", datetime(2024, 6, 12), plan="hull-2024-27"),
            row("1.1"),  # nothing returned: skipped
            row("1.2", "", "Waiting for the data", "June 2024"),
            row("3.4", "Completed Embedded Sustained", "", "30/06/2024"),
        ],
        [h.upper() for h in HEADERS],  # headers match in any case
    )
    result = cli("update", str(hull), "--from", str(sheet), "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("recorded") == 3
    found = actions(hull)
    assert [(u.date, u.status, u.note) for u in found["3.4"].updates] == [
        ("12 June 2024", "On track no concerns", "Toolkit launched"),  # Hull dates by month: a day in words
        ("30/06/2024", "Completed Embedded Sustained", None),
    ]
    assert found["3.4"].status == "Completed Embedded Sustained"
    assert [(u.date, u.status, u.note) for u in found["1.2"].updates] == [("June 2024", None, "Waiting for the data")]
    assert found["1.1"].updates == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["back.xlsx", "hull.yaml"]


def test_one_bad_row_is_named_and_nothing_is_written(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = hull.read_bytes()
    sheet = xlsx(
        tmp_path / "back.xlsx",
        [
            row("3.4", "On track no concerns"),
            row("9.9", "On track no concerns"),
            row("1.2", "Nearly there"),
            row("1.3", "Not due yet", when="31/11/2024"),
            row("1.4", "Not due yet", plan="york-2023-25"),
        ],
    )
    result = cli("update", str(hull), "--from", str(sheet), "--as-of", "2024-06-30")
    assert result.exit_code == 2
    assert "3 rows cannot be applied, so nothing is written" in result.stderr
    assert "row 4: no action '9.9'" in result.stderr  # rows numbered as the spreadsheet shows them
    assert "row 5: status 'Nearly there' is not one of the plan's words" in result.stderr
    assert "row 6: date '31/11/2024'" in result.stderr
    assert "row 7" not in result.stderr  # another plan's row: left alone, not an error
    assert hull.read_bytes() == before


def test_with_a_file_rows_for_other_plans_are_left_alone_and_counted(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = xlsx(
        tmp_path / "back.xlsx",
        [
            row("3.4", "On track no concerns", plan="hull-2024-27"),
            row("1.4", "Not due yet", plan="york-2023-25"),
            row("9.9", "Anything", plan="york-wsoa-2020"),
        ],
    )
    result = cli("update", str(hull), "--from", str(sheet), "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("recorded") == 1
    assert "2 rows for other plans left alone" in result.stdout
    assert actions(hull)["3.4"].status == "On track no concerns"
    only_others = xlsx(tmp_path / "others.xlsx", [row("1.4", "Not due yet", plan="york-2023-25")])
    result = cli("update", str(hull), "--from", str(only_others), "--as-of", "2024-06-30")
    assert result.exit_code == 0 and "1 row for other plans left alone" in result.stdout


def test_a_csv_sheet_works_the_same(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "back.csv"
    with sheet.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerow(row("3.4", "Not due yet", "Start moved, 'as agreed'", "1 June 2024"))
    result = cli("update", str(hull), "--from", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert [(u.date, u.note) for u in actions(hull)["3.4"].updates] == [("1 June 2024", "Start moved, 'as agreed'")]


def test_a_sheet_without_the_columns_is_refused(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = xlsx(tmp_path / "other.xlsx", [["3.4", "x"]], ["Id", "Whatever"])
    result = cli("update", str(hull), "--from", str(sheet))
    assert result.exit_code == 2 and "no header row with the columns 'Action', 'New status'" in result.stderr


def test_from_with_an_action_is_a_usage_error(cli, hull: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = xlsx(tmp_path / "back.xlsx", [])
    result = cli("update", str(hull), "3.4", "--from", str(sheet))
    assert result.exit_code == 2 and "--from takes the updates from the sheet" in result.stderr
    empty = cli("update", str(hull), "--from", str(sheet))
    assert empty.exit_code == 0 and "is unchanged" in empty.stdout


def test_a_row_for_a_step_updates_that_step(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wsoa = tmp_path / "wsoa.yaml"
    shutil.copy(PLANS / "york-wsoa-2020.yaml", wsoa)
    sheet = xlsx(tmp_path / "back.xlsx", [row("1.3", "completed", "Signed off", "Feb 2021", step="B")])
    result = cli("update", str(wsoa), "--from", str(sheet))
    assert result.exit_code == 0, result.stderr
    step = next(a for a in actions(wsoa).values() if a.id == "1.3").steps[1]
    assert [(u.date, u.status, u.note) for u in step.updates] == [("Feb 2021", "Completed", "Signed off")]


def test_a_chase_sheet_over_several_plans_is_applied_without_a_file(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """End to end, as the board cycle runs: chase the plans, owners fill in the sheet, one update applies it all."""
    from openpyxl import load_workbook

    shutil.copytree(PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)  # the sheet's File column names plans/... as chase was given them
    assert cli("chase", "plans", "--as-of", "2024-06-30", "-o", "chase").exit_code == 0
    book = load_workbook(tmp_path / "chase" / "chase-updates.xlsx")
    sheet = book["Updates"]
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in ("Plan", "File", "Action", "Step", "New status", "Note")}
    words: dict[str, list[str]] = {}
    filled: dict[tuple[str, str, str], tuple[str, str]] = {}
    for number in range(2, sheet.max_row + 1):
        plan, file, action, step = (sheet.cell(number, column[k]).value for k in ("Plan", "File", "Action", "Step"))
        if number % 3 == 0:
            continue  # not every owner replies
        if file not in words:
            loaded, _ = load_file(str(file))
            assert loaded is not None
            words[file] = [w for w, state in loaded.plan.statuses.items() if state == "on track"] or ["on track"]
        word = words[file][0]
        sheet.cell(number, column["New status"]).value = word.upper() if number % 2 else word  # typed any old way
        sheet.cell(number, column["Note"]).value = f"Reply {number}"
        sheet.cell(number, header.index("Update date") + 1).value = datetime(2024, 7, 3)
        filled[(plan, str(action), str(step or ""))] = (word, f"Reply {number}")
    book.save(tmp_path / "back.xlsx")
    assert len({plan for plan, _, _ in filled}) >= 2  # the sheet covers several plans

    result = cli("update", "--from", "back.xlsx", "--as-of", "2024-07-05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(" recorded ") == len(filled)
    checked = cli("validate", "plans")
    assert checked.exit_code == 0 and "no problems" in checked.stdout, checked.stdout
    for path in sorted((tmp_path / "plans").glob("*.yaml")):
        loaded, _ = load_file(str(path))
        assert loaded is not None
        for action in loaded.plan.actions:
            for step in [None, *action.steps]:
                item = step or action
                key = (loaded.plan.plan.id, action.id, (step.id or str(action.steps.index(step) + 1)) if step else "")
                if key in filled:
                    word, note = filled.pop(key)
                    newest = item.updates[-1]  # the reply is the newest update: 3 July, after the chase
                    assert (newest.status, newest.note) == (word, note), key
                    assert item.status in (None, word), key  # `status:` follows it where the item has one
    assert filled == {}  # every reply found in its plan


def test_without_a_file_rows_find_their_plan_by_id_and_one_bad_row_stops_every_file(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "plans").glob("*.yaml")}
    rows = [row("3.4", "On track no concerns", plan="hull-2024-27"), row("9.9", "on track", plan="york-2023-25")]
    result = cli("update", "--from", str(xlsx(tmp_path / "back.xlsx", rows)), "--as-of", "2024-06-30")
    assert result.exit_code == 2
    assert "york-2023-25.yaml: 1 row cannot be applied" in result.stderr and "row 4: no action '9.9'" in result.stderr
    assert "nothing is written to any file" in result.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "plans").glob("*.yaml")} == before  # hull's row neither

    rows[1] = row("1.2", "on track", plan="york-2023-25")
    result = cli("update", "--from", str(xlsx(tmp_path / "back.xlsx", rows)), "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    assert "plans/hull-2024-27.yaml: recorded 'On track no concerns' on 3.4" in result.stdout
    assert "plans/york-2023-25.yaml: recorded 'on track' on 1.2" in result.stdout
    assert actions(tmp_path / "plans" / "hull-2024-27.yaml")["3.4"].status == "On track no concerns"

    (tmp_path / "notes.txt").write_text("not a plan")
    other = row("3.4", "On track no concerns")
    other[1] = "notes.txt"  # a File cell naming something that is not a plan file is never followed
    lost = [row("3.4", "On track no concerns", plan="no-such-plan"), other]
    result = cli("update", "--from", str(xlsx(tmp_path / "lost.xlsx", lost)), "--as-of", "2024-06-30")
    assert result.exit_code == 2 and "2 rows cannot be applied" in result.stderr
    assert "row 3: no plan file found for it" in result.stderr and "row 4: no plan file found" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "not a plan"
