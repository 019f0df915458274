"""sendplan export: the xlsx tracker, its CSV rows and the calendar of deadlines."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from sendplan.export import COLUMNS
from sendplan.render.ics import fold
from sendplan.render.xlsx import RAG
from tests.conftest import MINIMAL, PLANS

HOSTILE = MINIMAL.replace("title: Do the thing", 'title: "=HYPERLINK(\\"http://x\\")"').replace(
    "    sources: [SEF]\n",
    '    sources: [SEF]\n    steps:\n      - id: A\n        title: "-1 step\\nwith a second line"\n        due: 31/03/2024\n'
    "        updates:\n          - date: March 2024\n            status: Done\n            note: finished\n",
)


def test_xlsx_has_the_officers_columns_colours_filters_and_updates(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    result = cli("export", str(PLANS / "hull-2024-27.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    ws = wb["Actions"]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:P{ws.max_row}"  # the last column: the revised date's reason
    assert wb.sheetnames == ["Actions", "Updates", "Findings", "Plans"]
    assert ws.max_row == 64  # 63 actions and the header
    status, state = COLUMNS.index("Status") + 1, COLUMNS.index("State") + 1
    for row in range(2, ws.max_row + 1):
        word, canonical = ws.cell(row, status).value, ws.cell(row, state).value
        fill, ink = RAG[canonical]
        assert ws.cell(row, status).fill.fgColor.rgb.endswith(fill), (row, word)
        assert ws.cell(row, status).font.color.rgb.endswith(ink)
        assert word  # the word is always written, colour is never the only signal
    assert ws.column_dimensions["E"].width > 30  # titles are wide
    assert [c.value for c in wb["Updates"][1]] == ["Plan", "Action", "Step", "Date", "Status", "Note"]


def test_xlsx_keeps_formula_like_text_as_text_and_lists_steps_and_updates(cli, write_plan, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = write_plan(HOSTILE)
    out = tmp_path / "t.xlsx"
    assert cli("export", str(plan), "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    ws = wb["Actions"]
    title = ws.cell(2, COLUMNS.index("Title") + 1)
    assert title.value == '=HYPERLINK("http://x")' and title.data_type == "s"
    step = [c.value for c in ws[3]]
    assert step[2:5] == ["1.1", "A", "-1 step\nwith a second line"]
    assert step[COLUMNS.index("Status")] == "Done"  # the newest update's word
    assert ws.cell(3, 5).alignment.wrap_text
    assert [c.value for c in wb["Updates"][2]] == ["demo", "1.1", "A", "March 2024", "Done", "finished"]


def test_csv_is_the_same_rows_with_formulas_neutralised(cli, write_plan, tmp_path: Path) -> None:
    plan = write_plan(HOSTILE)
    out = tmp_path / "t.csv"
    assert cli("export", str(plan), "--format", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == list(COLUMNS)
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    assert rows[2][4] == "'-1 step\nwith a second line"
    assert len(rows) == 3


def test_ics_parses_back_with_one_all_day_event_per_dated_item(cli, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert cli("export", str(PLANS), "-o", str(first), "--as-of", "2024-06-30").exit_code == 0
    assert cli("export", str(PLANS), "-o", str(second), "--as-of", "2024-09-30").exit_code == 0
    calendar = icalendar.Calendar.from_ical(first.read_bytes())
    events = list(calendar.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) > 50
    hull = next(e for e in events if str(e["UID"]) == "hull-2024-27-1.1@sendplan")
    assert hull.decoded("DTSTART") == date(2023, 11, 30)  # Nov-23: the last day of the month, all day
    assert hull.decoded("DTEND") == date(2023, 12, 1)
    assert "Assistant Director Learning and Skills" in str(hull["DESCRIPTION"])
    assert "Nov-23" in str(hull["DESCRIPTION"])
    steps = [u for u in uids if u.startswith("york-wsoa-2020-2.1-")]
    assert steps  # the WSOA's dated steps are events of their own
    again = [str(e["UID"]) for e in icalendar.Calendar.from_ical(second.read_bytes()).walk("VEVENT")]
    assert set(uids) <= set(again)  # a later export updates the same events
    assert all(len(line.encode()) <= 75 for line in first.read_bytes().decode().split("\r\n"))


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line and all(len(p.encode()) <= 75 for p in parts)


def test_export_needs_a_file_and_a_format(cli, tmp_path: Path) -> None:
    result = cli("export", str(PLANS), "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 2 and "--format" in result.stderr
    assert cli("export", str(PLANS)).exit_code == 2


def test_ics_text_escapes_survive_a_parse(cli, write_plan, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    plan = write_plan(MINIMAL.replace("title: Do the thing", 'title: "Plan, review; then\\\\ act"'))
    out = tmp_path / "a.ics"
    assert cli("export", str(plan), "-o", str(out), "--as-of", "2024-06-30").exit_code == 0
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "demo 1.1 due: Plan, review; then\\ act"
    assert "Owners: Maxine Squire (M.S)" in str(event["DESCRIPTION"]).split("\n")


def test_ics_never_carries_an_absolute_local_path(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    icalendar = pytest.importorskip("icalendar")
    root = PLANS.parent
    for where, expected in ((root, "plans/hull-2024-27.yaml line "), (tmp_path, None)):
        monkeypatch.chdir(where)
        out = tmp_path / f"{where.name}.ics"
        assert cli("export", str(PLANS / "hull-2024-27.yaml"), "-o", str(out), "--as-of", "2024-06-30").exit_code == 0
        descriptions = [str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
        assert descriptions and not any(str(root) in d for d in descriptions)
        assert all("Plan: " in d and "(hull-2024-27)" in d for d in descriptions)
        if expected:
            assert all(expected in d for d in descriptions)
        else:
            assert not any(".yaml line" in d for d in descriptions)  # outside the current folder: the plan id only


@pytest.mark.parametrize(
    ("chosen", "example"),
    [([], "tracker.xlsx"), (["--format", "csv"], "plans.csv"), (["--format", "ics"], "deadlines.ics")],
)
def test_without_o_the_example_file_is_of_the_format_asked_for(cli, chosen: list[str], example: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "plans", *chosen)
    assert result.exit_code == 2
    assert result.stderr == f"sendplan: error: give the file to write with -o, e.g. -o {example}\n"
