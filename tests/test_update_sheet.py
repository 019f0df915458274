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
    assert "4 rows cannot be applied, so nothing is written" in result.stderr
    assert "row 4: no action '9.9'" in result.stderr  # rows numbered as the spreadsheet shows them
    assert "row 5: status 'Nearly there' is not one of the plan's words" in result.stderr
    assert "row 6: date '31/11/2024'" in result.stderr
    assert "row 7: is for plan 'york-2023-25'" in result.stderr
    assert hull.read_bytes() == before


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
