"""sendplan import guesses: RAG letters and words, one spelling per status word, owners split, notes headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendplan.importmap import guess_columns, guess_state
from sendplan.load import load_file


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("G", "on track"),
        ("a", "at risk"),
        ("R", "off track"),
        ("GREEN", "on track"),
        ("amber", "at risk"),
        ("Red", "off track"),
    ],
)
def test_rag_letters_and_words(word: str, state: str) -> None:
    assert guess_state(word) == state


@pytest.mark.parametrize("header", ["Progress update", "Update", "Commentary", "Latest update"])
def test_notes_headers(header: str) -> None:
    assert guess_columns(["Ref", "Action", header]).get("notes") == 2


def test_status_case_variants_collapse_and_owners_split_by_default(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = tmp_path / "t.csv"
    tracker.write_text(
        "Ref,Action,Lead,RAG,Progress update\n"
        "1.1,Ask,Jo Bloggs / Ann Other,Green,Started\n"
        "1.2,Tell,Jo Bloggs and Sam Smith,GREEN,\n"
        '1.3,Show,"Ann Other, Sam Smith",green ,\n'
    )
    (tmp_path / "m.toml").write_text(cli("import", str(tracker), "--guess").stdout)
    out = tmp_path / "p.yaml"
    result = cli("import", str(tracker), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    loaded, problems = load_file(str(out))
    assert loaded is not None, problems
    plan = loaded.plan
    assert list(plan.statuses) == ["Green"] and plan.statuses["Green"] == "on track"
    assert [a.status for a in plan.actions] == ["Green", "Green", "Green"]
    assert [len(a.owners) for a in plan.actions] == [2, 2, 2] and len(plan.owners) == 3
    assert plan.actions[0].note == "Started"


def test_export_says_what_it_wrote(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PLANS

    result = cli("export", str(PLANS / "hull-2024-27.yaml"), "-o", str(tmp_path / "t.csv"))
    assert result.stdout.strip().endswith("wrote actions and steps of 1 plan")


def test_guess_on_a_workbook_whose_tracker_is_not_the_first_sheet(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Our SEND plan, updated monthly"])
    tracker = wb.create_sheet("Tracker 2024")
    tracker.append(["Ref", "Action", "Lead", "Due date", "RAG"])
    tracker.append(["1.1", "Ask", "Jo Bloggs", "Nov-23", "G"])
    wb.save(tmp_path / "t.xlsx")
    result = cli("import", str(tmp_path / "t.xlsx"), "--guess")
    assert result.exit_code == 2
    assert "sheet 'Tracker 2024' looks like the tracker: give --sheet \"Tracker 2024\"" in result.stderr
    again = cli("import", str(tmp_path / "t.xlsx"), "--guess", "--sheet", "Tracker 2024")
    assert again.exit_code == 0 and 'sheet = "Tracker 2024"' in again.stdout


def test_a_formula_with_no_saved_value_is_named_as_such(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Ref", "Action", "Lead"])
    ws.append(["1.1", "Ask", "Jo Bloggs"])
    ws.append(["1.2", '=CONCAT("Te", "ll")', "Jo Bloggs"])  # written by a program: no value saved with it
    ws.append(["1.3", "", "Jo Bloggs"])
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "m.toml").write_text('[columns]\nid = "Ref"\ntitle = "Action"\nowners = "Lead"\n')
    result = cli("import", str(tmp_path / "t.xlsx"), "--map", str(tmp_path / "m.toml"), "-o", str(tmp_path / "p.yaml"))
    assert result.exit_code == 1
    assert (
        "row 3: no title (column B is a formula with no saved value: open and save the file in Excel" in result.stderr
    )
    assert "row 4: no title (column B is empty)" in result.stderr
