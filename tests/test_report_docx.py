"""sendplan report --format docx: Word headings as the Markdown's, repeating header rows, status words, hostile text."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from sendplan.report import build_report
from sendplan.report_travel import DIRECTIONS
from sendplan.template_filters import sentence_case
from tests.conftest import MINIMAL, ROOT
from tests.test_report import AS_OF, RICH, SHIPPED, SINCE

TEMPLATES = ["highlight", "report"]


def write_docx(cli, tmp_path: Path, *args: str) -> docx.document.Document:  # type: ignore[no-untyped-def]
    """Run sendplan report -o a .docx file and open what it wrote."""
    out = tmp_path / "paper.docx"
    result = cli("report", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return docx.Document(str(out))


def markdown_headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of each Markdown heading, with the md filter's escapes undone."""
    found = []
    for hashes, words in re.findall(r"^(#{1,6}) (.*)$", text, re.M):
        plain = re.sub(r"\\(.)", r"\1", words).replace("&lt;", "<").replace("&gt;", ">")
        found.append((len(hashes), plain))
    return found


def word_headings(document: docx.document.Document) -> list[tuple[int, str]]:
    """(level, text) of each Title (level 1) and Heading N (level N + 1) paragraph, as Markdown counts them."""
    found = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == "Title":
            found.append((1, paragraph.text))
        elif style.startswith("Heading "):
            found.append((int(style.split()[1]) + 1, paragraph.text))
    return found


def table_text(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def tables_headed(document: docx.document.Document, first: list[str]) -> list[list[list[str]]]:
    """The tables whose header row begins with `first`."""
    return [t for t in map(table_text, document.tables) if t[0][: len(first)] == first]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("path", SHIPPED)
def test_headings_follow_the_markdown_report(cli, monkeypatch, tmp_path: Path, path: str, template: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    args = [path, "--as-of", AS_OF, "--since", SINCE, "--template", template]
    markdown = cli("report", *args, "--format", "md")
    assert markdown.exit_code == 0, markdown.stderr
    document = write_docx(cli, tmp_path, *args, "--format", "docx")
    expected = markdown_headings(markdown.stdout)
    assert word_headings(document) == expected
    assert [p.style.name for p in document.paragraphs].count("Title") == 1
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title == expected[0][1]
    assert document.core_properties.subject and document.core_properties.subject in expected[0][1]
    assert document.tables, "a board paper without a table"
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr is not None and rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(r.trPr is None or r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
        assert all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows)


def test_a_folder_gets_the_highlight_paper_and_one_plan_the_full_report(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    folder = write_docx(cli, tmp_path, "plans", "--as-of", AS_OF)
    assert folder.paragraphs[0].text.startswith("SEND improvement plans: highlight report")
    one = write_docx(cli, tmp_path, "plans/hull-2024-27.yaml", "--as-of", AS_OF)  # the .docx suffix picks Word
    assert ": progress report, 30 June 2024" in one.paragraphs[0].text
    assert "Coverage of findings and outcomes" in [text for _, text in word_headings(one)]


@pytest.mark.parametrize("template", TEMPLATES)
def test_exception_rows_carry_status_words_and_days_late(cli, monkeypatch, tmp_path: Path, template: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30), date(2024, 3, 31))
    document = write_docx(cli, tmp_path, "plans", "--as-of", AS_OF, "--since", SINCE, "--template", template)
    if template == "highlight":
        tables = tables_headed(document, ["Id", "Action", "Owner", "Status", "Days late"])
        shown = [e for plan in report.plans for e in plan.headline_exceptions]
    else:
        tables = tables_headed(document, ["Id", "Action", "Owners", "Due (as written)", "Status", "Why listed"])
        shown = [e for plan in report.plans for e in plan.exceptions]
    rows = [row for table in tables for row in table[1:]]
    assert len(rows) == len(shown) > 0
    late = 0
    for row, flagged in zip(rows, shown, strict=True):
        item = flagged.item
        assert row[0] == item.id
        assert row[3 if template == "highlight" else 4].startswith(sentence_case(item.status))
        if item.days_late:
            late += 1
            if template == "highlight":
                assert row[4] == str(item.days_late)
            else:
                assert f"{item.days_late} days overdue" in row[5] or f"{item.days_late} day overdue" in row[5]
            if item.contradiction:
                assert item.contradiction in row[3 if template == "highlight" else 4]
        assert any(row[-1].endswith(" " + word) for word in DIRECTIONS), row[-1]
    assert late > 0


def test_status_fills_always_sit_behind_a_word(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    document = write_docx(cli, tmp_path, "plans", "--as-of", AS_OF, "--template", "report")
    filled = [
        cell
        for table in document.tables
        for cell in table._tbl.iter(qn("w:tc"))
        if cell.find(f".//{qn('w:shd')}") is not None
    ]
    assert filled, "no status cell has a fill"
    for cell in filled:
        assert "".join(cell.itertext()).strip(), "a coloured cell with no word in it"


def test_kpi_figures_are_in_a_table(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No sparkline image in Word: each KPI's figures, against target and direction are words in its row."""
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30))
    document = write_docx(cli, tmp_path, "plans", "--as-of", AS_OF, "--template", "report")
    kpis = tables_headed(document, ["Id", "Measure", "Baseline", "Target", "Latest", "Against target"])
    rows = [row for table in kpis for row in table[1:]]
    every = [k for plan in report.plans for k in plan.kpis]
    assert len(rows) == len(every) > 0
    for row, k in zip(rows, every, strict=True):
        assert row[0] == k.item and row[7] == (", ".join(p.figure.text for p in k.trend) or "No figures")
    assert all(re.match(r"(Met|Not met|No data)\b", row[5]) for row in rows)
    assert all(any(row[6].endswith(word) for word in DIRECTIONS) for row in rows)


HOSTILE = RICH.replace(
    'title: "Rich <script>alert(1)</script> & | plan {{ x }} 🚀"',
    'title: "Rich <script>alert(1)</script> & | plan {{ x }} \\x1b[31m\\x07\\x0c\\x7f\\x9b 🚀"',
).replace('name: "Maxine <Squire>"', 'name: "Maxine <Squire> \\x00\\x08 ]]> &amp;"')


@pytest.mark.parametrize("template", TEMPLATES)
def test_hostile_plan_text_is_literal_and_the_file_opens(cli, write_plan, tmp_path: Path, template: str) -> None:  # type: ignore[no-untyped-def]
    assert "\\x1b" in HOSTILE and "\\x00" in HOSTILE
    plan = write_plan(HOSTILE)
    document = write_docx(cli, tmp_path, str(plan), "--as-of", AS_OF, "--since", "2024-04-01", "--template", template)
    title = document.paragraphs[0].text
    assert title.startswith("Rich <script>alert(1)</script> & | plan {{ x }} ␛[31m␇")
    assert "␛" in title  # shown as a symbol, as every renderer shows control characters
    assert document.core_properties.title == title
    everything = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", everything)
    assert "Maxine <Squire> ␀␈ ]]> &amp;" in everything
    with zipfile.ZipFile(tmp_path / "paper.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "{{ x }}" in xml  # no template engine ever saw it


def test_long_titles_and_many_files_are_cut_in_the_properties_only(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Word's core properties hold 255 characters; the paper's own title is never cut."""
    long = "A very long plan title " * 20
    for n in range(3):
        text = MINIMAL.replace("id: demo", f"id: demo{n}").replace("title: Demo plan", f"title: {long}{n}")
        (tmp_path / f"plan-with-a-long-file-name-number-{n:04d}.yaml").write_text(text, encoding="utf-8")
    document = write_docx(
        cli, tmp_path, str(tmp_path / "plan-with-a-long-file-name-number-0000.yaml"), "--as-of", AS_OF
    )
    assert document.paragraphs[0].text.startswith(long.strip() + " 0: progress report")
    assert len(document.core_properties.title) <= 255 and document.core_properties.title.endswith("…")
    assert long.strip()[:200] in document.core_properties.title
    several = write_docx(cli, tmp_path, str(tmp_path), "--as-of", AS_OF)
    assert len(several.core_properties.comments) <= 255


def test_the_same_input_gives_the_same_bytes(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (first, second):
        assert cli("report", "plans", "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_docx_without_o_exits_2_and_writes_nothing(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = cli("report", "plans", "--as-of", AS_OF, "--format", "docx")
    assert result.exit_code == 2
    assert "give -o FILE.docx" in result.stderr
    assert result.stdout == ""


def test_a_template_of_your_own_is_refused_for_docx(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    (tmp_path / "report.md.j2").write_text("# Ours\n", encoding="utf-8")
    out = tmp_path / "paper.docx"
    result = cli("report", "plans", "--as-of", AS_OF, "--template", str(tmp_path), "-o", str(out))
    assert result.exit_code == 2
    assert "does not use templates of your own" in result.stderr
    assert not out.exists()


def test_an_unwritable_output_exits_2(cli, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = cli("report", "plans", "--as-of", AS_OF, "-o", str(tmp_path / "missing" / "paper.docx"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
