"""sendplan import: trackers built here with openpyxl and python-docx, read through a map into a plan."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from sendplan.export import current_status, owner_labels
from sendplan.importmap import guess_state
from sendplan.load import load_file
from tests.conftest import PLANS

MAP = """\
[plan]
id = "our-plan"
title = "Our SEND improvement plan"
area = "Somewhere"
kind = "improvement plan"
years = "financial"

[columns]
id = "ref"
title = "ACTION"
owners = "Lead"
due = "Due date"
status = "RAG"
notes = "F"

[split]
owners = [";", "\\n"]
"""


def tracker_xlsx(path: Path) -> Path:
    """A tracker as officers keep them: a title row, merged priority headings, blank rows, multi-line cells."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Our SEND tracker"])
    ws.merge_cells("A1:F1")
    ws.append(["Ref", "Action", "Lead", "Due date", "RAG", "Comments"])
    ws.append(["Priority 1: Voice"])
    ws.merge_cells("A3:F3")
    ws.append(["1.1", "Listen to families", "Maxine Squire; Head of SEND", datetime(2024, 3, 31), "Green", ""])
    ws.append([])
    ws.append(["1.2", "Line one\nline two", "M.S\nMaxine Squire", "Nov-24", "Amber", "=1+1 typed as text"])
    ws["F6"].data_type = "s"
    ws.append(["", "A row with no id", "", "", "", ""])
    ws.append(["Priority 2: Health"])
    ws.merge_cells("A8:F8")
    ws.append(["2.1", None, "Head of SEND", "March 2025", "Red", ""])
    ws.append(["2.2", "Improve health checks", "Head of SEND", "31/03/2025", "Red", ""])
    other = wb.create_sheet("Archive")
    other.append(["Ref", "Action", "Lead", "Due date", "RAG", "Comments"])
    other.append(["9.1", "An old action", "Someone Else", "2020", "Complete", ""])
    out = path / "tracker.xlsx"
    wb.save(out)
    return out


def test_xlsx_tracker_becomes_a_commented_plan(cli, tmp_path: Path) -> None:
    source = tracker_xlsx(tmp_path)
    (tmp_path / "map.toml").write_text(MAP)
    out = tmp_path / "plan.yaml"
    result = cli("import", str(source), "--map", str(tmp_path / "map.toml"), "-o", str(out))
    assert result.exit_code == 1  # two rows could not be read
    assert "sheet Plan row 7: no action id (column A is empty); left out" in result.stderr
    assert "sheet Plan row 9: no title (column B is empty); left out" in result.stderr
    text = out.read_text()
    assert "# tracker.xlsx, sheet Plan, row 4\n" in text
    assert "# Not imported: sheet Plan row 7" in text
    lp, problems = load_file(str(out))
    assert lp is not None and not [p for p in problems if p.severity == "error"]
    plan = lp.plan
    assert [a.id for a in plan.actions] == ["1.1", "1.2", "2.2"]
    assert [(p.id, p.title) for p in plan.priorities] == [("1", "Voice"), ("2", "Health")]
    assert [a.priority for a in plan.actions] == ["1", "1", "2"]
    first, second, third = plan.actions
    assert first.due == "31 March 2024"  # an Excel date, as an officer writes it
    assert second.due == "Nov-24" and third.due == "31/03/2025"  # text dates as typed
    assert second.title == "Line one\nline two"
    assert second.note == "=1+1 typed as text"
    assert {o.id: (o.name, o.role, o.initials) for o in plan.owners} == {
        "maxine-squire": ("Maxine Squire", None, None),
        "head-of-send": (None, "Head of SEND", None),
        "M.S": (None, None, "M.S"),
    }
    assert first.owners == ["maxine-squire", "head-of-send"] and second.owners == ["M.S", "maxine-squire"]
    assert plan.statuses == {"Green": "on track", "Amber": "at risk", "Red": "off track"}
    assert "  Green: on track  # check: guessed from the word" in text
    assert cli("validate", str(out)).exit_code == 0


def test_sheet_option_reads_the_second_sheet(cli, tmp_path: Path) -> None:
    source = tracker_xlsx(tmp_path)
    (tmp_path / "map.toml").write_text(MAP)
    out = tmp_path / "plan.yaml"
    result = cli("import", str(source), "--map", str(tmp_path / "map.toml"), "-o", str(out), "--sheet", "archive")
    assert result.exit_code == 0, result.stderr
    lp, _ = load_file(str(out))
    assert lp is not None and [a.title for a in lp.plan.actions] == ["An old action"]
    assert lp.plan.statuses == {"Complete": "complete"}
    bad = cli("import", str(source), "--map", str(tmp_path / "map.toml"), "-o", str(out), "--sheet", "Nope")
    assert bad.exit_code == 2 and "its sheets are: Plan, Archive" in bad.stderr


def test_guess_prints_a_map_that_imports(cli, tmp_path: Path) -> None:
    source = tracker_xlsx(tmp_path)
    result = cli("import", str(source), "--guess")
    assert result.exit_code == 0
    assert "header_row = 2" in result.stdout
    assert 'id = "Ref"' in result.stdout and 'title = "Action"' in result.stdout
    assert 'owners = "Lead"' in result.stdout and 'due = "Due date"' in result.stdout
    assert 'status = "RAG"' in result.stdout and 'notes = "Comments"' in result.stdout
    (tmp_path / "guess.toml").write_text(result.stdout)
    out = tmp_path / "plan.yaml"
    assert cli("import", str(source), "--map", str(tmp_path / "guess.toml"), "-o", str(out)).exit_code == 1
    lp, _ = load_file(str(out))
    assert lp is not None and len(lp.plan.actions) == 3


def test_docx_table_with_a_merged_heading_row(cli, tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Our plan")
    table = doc.add_table(rows=5, cols=4)
    for i, text in enumerate(["No.", "What will be done", "Who", "By when"]):
        table.cell(0, i).text = text
    heading = table.cell(1, 0).merge(table.cell(1, 3))
    heading.text = "Priority 3 - Preparing for adulthood"
    for i, text in enumerate(["3.1", "Map the transition pathway", "Lisa Abel", "September 2024"]):
        table.cell(2, i).text = text
    for i, text in enumerate(["3.2", "Train staff", "Lisa Abel", "Spring 2025"]):
        table.cell(4, i).text = text
    table.cell(4, 1).paragraphs[0].add_run().add_break()
    table.cell(4, 1).paragraphs[0].add_run("in every school")
    source = tmp_path / "plan.docx"
    doc.save(str(source))
    guessed = cli("import", str(source), "--guess")
    assert guessed.exit_code == 0 and 'title = "What will be done"' in guessed.stdout
    (tmp_path / "m.toml").write_text(guessed.stdout)
    out = tmp_path / "plan.yaml"
    result = cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    lp, _ = load_file(str(out))
    assert lp is not None
    assert [(a.id, a.priority, a.due) for a in lp.plan.actions] == [
        ("3.1", "3", "September 2024"),
        ("3.2", "3", "Spring 2025"),
    ]
    assert lp.plan.priorities[0].title == "Preparing for adulthood"
    assert lp.plan.actions[1].title == "Train staff\nin every school"
    assert "# plan.docx, table 1, row 3" in out.read_text()


def test_csv_without_ids_numbers_actions_within_their_priority(cli, tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    source.write_text(
        "Priority,Action,Owner,Deadline,Status\nVoice,Ask,Ann Lee,Jan-25,On track\nVoice,Tell,,Feb-25,\n",
        encoding="utf-8",
    )
    (tmp_path / "m.toml").write_text(cli("import", str(source), "--guess").stdout)
    out = tmp_path / "p.yaml"
    assert cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(out)).exit_code == 0
    lp, _ = load_file(str(out))
    assert lp is not None
    assert [(a.id, a.priority, a.title) for a in lp.plan.actions] == [("P1.1", "P1", "Ask"), ("P1.2", "P1", "Tell")]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
@pytest.mark.parametrize("name", ["hull-2024-27.yaml", "york-wsoa-2020.yaml", "york-2023-25.yaml"])
def test_round_trip_export_then_import_gives_the_same_plan(cli, tmp_path: Path, name: str, suffix: str) -> None:
    exported = tmp_path / f"t.{suffix}"
    assert cli("export", str(PLANS / name), "-o", str(exported)).exit_code == 0
    (tmp_path / "m.toml").write_text(cli("import", str(exported), "--guess").stdout)
    out = tmp_path / "back.yaml"
    result = cli("import", str(exported), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    before, _ = load_file(str(PLANS / name))
    after, _ = load_file(str(out))
    assert before is not None and after is not None

    def shape(lp):  # type: ignore[no-untyped-def]
        items = []
        for a in lp.plan.actions:
            items.append((a.id, a.title, a.start, a.due, current_status(a), owner_labels(lp, a.owners)))
            for s in a.steps:
                refs = s.owners or a.owners
                items.append((s.id, s.title, s.start, s.due, current_status(s), owner_labels(lp, refs)))
        return items

    assert shape(after) == shape(before)
    used = {current_status(x) for a in before.plan.actions for x in (a, *a.steps)} - {None}
    assert after.plan.statuses == {w: s for w, s in before.plan.statuses.items() if w in used}


def test_unreadable_tracker_and_bad_map_are_plain_errors(cli, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    assert "cannot be read as a xlsx file" in cli("import", str(bad), "--guess").stderr
    source = tracker_xlsx(tmp_path)
    (tmp_path / "m.toml").write_text('[columns]\ntitle = "Nothing like this"\n')
    result = cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(tmp_path / "p.yaml"))
    assert result.exit_code == 2 and "no header row" in result.stderr
    (tmp_path / "m.toml").write_text("[colums]\n")
    result = cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(tmp_path / "p.yaml"))
    assert result.exit_code == 2 and "unknown key 'colums'" in result.stderr


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("Completed Embedded Sustained", "embedded"),
        ("On track some concerns", "at risk"),
        ("On track no concerns", "on track"),
        ("Not yet started", "not started"),
        ("Started but delayed", "off track"),
        ("Green", "on track"),
        ("Completed", "complete"),
        ("Considered", None),
    ],
)
def test_status_words_guess_a_state(word: str, state: str | None) -> None:
    assert guess_state(word) == state


def test_a_short_header_missing_from_the_row_is_not_taken_for_a_column_letter(cli, tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    source.write_text("Ref,Action,RAG status\n1.1,Ask,Green\n", encoding="utf-8")
    (tmp_path / "m.toml").write_text('[columns]\nid = "Ref"\ntitle = "Action"\nstatus = "RAG"\n')
    result = cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(tmp_path / "p.yaml"))
    assert result.exit_code == 2 and "row 1 has no header 'RAG' (columns.status)" in result.stderr


def test_windows_csv_and_a_merged_title_above_the_header(cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    source = tmp_path / "w.csv"
    source.write_bytes("Ref,Action,Owner\n1.1,Café review,Zoë Hart\n".encode("cp1252"))
    (tmp_path / "m.toml").write_text(cli("import", str(source), "--guess").stdout)
    out = tmp_path / "p.yaml"
    assert cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(out)).exit_code == 0
    lp, _ = load_file(str(out))
    assert lp is not None and lp.plan.actions[0].title == "Café review" and lp.plan.owners[0].name == "Zoë Hart"
    wb = Workbook()
    ws = wb.active
    ws.append(["Action plan: owners, due dates and status"])
    ws.merge_cells("A1:D1")
    ws.append(["No.", "Action", "Owner", "Due"])
    ws.append(["1", "Do it", "Head of SEND", "TBC"])
    wb.save(tmp_path / "t.xlsx")
    guessed = cli("import", str(tmp_path / "t.xlsx"), "--guess").stdout
    assert "header_row = 2" in guessed and 'id = "No."' in guessed


def test_the_map_can_settle_status_words(cli, tmp_path: Path) -> None:
    source = tmp_path / "t.csv"
    source.write_text("Ref,Action,RAG\n1.1,Ask,Green\n1.2,Tell,Blue-ish\n", encoding="utf-8")
    settled = '[columns]\nid = "Ref"\ntitle = "Action"\nstatus = "RAG"\n[statuses]\n"Blue-ish" = "complete"\n'
    (tmp_path / "m.toml").write_text(settled)
    out = tmp_path / "p.yaml"
    assert cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "  Blue-ish: complete\n" in text and "  Green: on track  # check: guessed from the word\n" in text
    (tmp_path / "m.toml").write_text(settled.replace('"complete"', '"finished"'))
    result = cli("import", str(source), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 2 and "'finished' is not a state" in result.stderr


def test_a_priority_column_merged_down_and_a_step_column(cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Priority", "Ref", "Step", "Title", "Due"])
    ws.append(["Voice", "1.1", "", "Listen", "Nov-24"])
    ws.append([None, "1.1", "A", "Survey families", "Sep-24"])
    ws.append([None, "1.2", "", "Tell", "Dec-24"])
    ws.merge_cells("A2:A4")
    ws.append(["Health", "", "B", "A step with no action id", "Jan-25"])
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "m.toml").write_text(cli("import", str(tmp_path / "t.xlsx"), "--guess").stdout)
    out = tmp_path / "p.yaml"
    result = cli("import", str(tmp_path / "t.xlsx"), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    lp, _ = load_file(str(out))
    assert lp is not None
    assert [(a.id, a.priority) for a in lp.plan.actions] == [("1.1", "P1"), ("1.2", "P1")]
    assert lp.plan.priorities[0].title == "Voice"
    # a step row without an action id belongs to the action above it
    assert [(s.id, s.title) for s in lp.plan.actions[0].steps] == [("A", "Survey families")]
    assert [(s.id, s.due) for s in lp.plan.actions[1].steps] == [("B", "Jan-25")]


def test_word_tables_split_across_pages_are_read_and_a_table_without_the_headers_is_named(cli, tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    for rows in ([("1.1", "First", "TBC")], [("1.2", "Second", "Ongoing")]):
        table = doc.add_table(rows=1 + len(rows), cols=3)
        for i, text in enumerate(["Ref", "Action", "Due"]):
            table.cell(0, i).text = text
        for r, row in enumerate(rows, start=1):
            for i, text in enumerate(row):
                table.cell(r, i).text = text
    glossary = doc.add_table(rows=2, cols=2)
    glossary.cell(0, 0).text, glossary.cell(0, 1).text = "Term", "Meaning"
    doc.save(str(tmp_path / "p.docx"))
    (tmp_path / "m.toml").write_text('[columns]\nid = "Ref"\ntitle = "Action"\ndue = "Due"\n')
    out = tmp_path / "p.yaml"
    result = cli("import", str(tmp_path / "p.docx"), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 0
    assert "table 3: no header row matching the map; left out" in result.stderr
    lp, _ = load_file(str(out))
    assert lp is not None and [a.id for a in lp.plan.actions] == ["1.1", "1.2"]
    assert "# p.docx, table 2, row 2" in out.read_text()


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "1.1",
        "2024",
        "31 March 2024",
        "31/03/2024",
        "a: b",
        "x #y",
        "# x",
        "Line\nTwo",
        "- dash",
        "@at",
        "trailing ",
        "’quoted’",
        "O'Neill & Co",
        "tab\there",
        "null",
        "~",
        "[x]",
        "{y}",
        "* star",
        "bell\x07",
    ],
)
def test_scalars_read_back_as_written(text: str) -> None:
    from sendplan.render.plan_yaml import flow, scalar
    from sendplan.yamlio import read_yaml

    doc, problems = read_yaml(f"k: {scalar(text)}\nl: {flow([text, 'A.B'])}\n", "t.yaml")
    assert not problems
    assert str(doc.data["k"]) == text and [str(v) for v in doc.data["l"]] == [text, "A.B"]
