"""sendplan report: golden board papers, HTML structure, Markdown tables, escaping, colour contrast, templates."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sendplan.report import build_report
from sendplan.template_filters import STATE_FILLS, long_date
from tests.conftest import MINIMAL, ROOT, dedent

AS_OF = "2024-06-30"
SINCE = "2024-03-31"
SHIPPED = ["plans/york-2023-25.yaml", "plans/hull-2024-27.yaml", "plans/york-wsoa-2020.yaml", "plans"]

# A plan with review points, updates, a revised date, a measure with an actual figure, and hostile text.
RICH = """\
plan:
  id: rich
  title: "Rich <script>alert(1)</script> & | plan {{ x }} 🚀"
  area: "Area & <b>bold</b>"
  kind: improvement plan
  years: financial
  period: April 2023 to March 2025
  board: "Board | with pipe"
  review_points: [May 2024, June 2024]
statuses:
  Green: on track
  Amber: at risk
  Red: off track
  Done: complete
owners:
  - id: M.S
    name: "Maxine <Squire>"
    initials: M.S
priorities:
  - id: "1"
    title: "Voice | and <i>choice</i>"
findings:
  - id: AFI1
    text: "Leaders should do better {{ x }}."
  - id: AFI2
    title: Nobody serves this
    text: Gap finding.
actions:
  - id: "1.1"
    priority: "1"
    title: "Do the <script>thing</script> | now\\n and then {{ x }} 🚀"
    owners: [M.S]
    start: Feb-23
    due: Nov-23
    revised: {due: Sep-24, reason: "Delayed by <staff> | changes", agreed: 15 April 2024}
    addresses: [AFI1]
    measures:
      - text: "EHCPs in 20 weeks | <b>x</b>"
        baseline: 28%
        target: 50%
        actual: 41%
        actuals:
          - {date: December 2023, value: 30%, note: "Before <the> panel"}
          - {date: March 2024, value: 35%}
        by: March 2025
    mitigation: "Weekly panel <review> | agency staff"
    recovery: Sep-24
    updates:
      - {date: May 2024, status: Amber, note: "Slipping <because> | reasons"}
      - {date: 20 June 2024, status: Red, note: "Off & away"}
  - id: "1.2"
    priority: "1"
    title: Finish it
    owners: [M.S]
    due: Jun-24
    addresses: [AFI1]
    updates:
      - {date: May 2024, status: Green}
      - {date: 10 June 2024, status: Done, note: Finished}
  - id: "1.3"
    priority: "1"
    title: Old late one
    owners: [M.S]
    due: Jan-24
    status: Green
    addresses: [AFI1]
asks:
  - {text: "Agree <extra> funding | now", kind: decision, meeting: 24 July 2024, actions: ["1.1"]}
risks:
  - {id: R1, text: "Staff <leave>", owner: M.S, rating: High, actions: ["1.1", "1.3"]}
"""


def run_report(cli, *args: str) -> str:  # type: ignore[no-untyped-def]
    """The report's text; the command must succeed."""
    result = cli("report", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


# --- golden board papers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("path", SHIPPED)
def test_golden_reports(cli, golden, monkeypatch, path: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """One plan gets the full report by default; a folder of plans the highlight paper."""
    monkeypatch.chdir(ROOT)
    text = run_report(cli, path, "--format", fmt, "--as-of", AS_OF, "--since", SINCE)
    golden(f"report/{Path(path).stem}.{fmt}", text)


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(("path", "template"), [("plans", "report"), ("plans/hull-2024-27.yaml", "highlight")])
def test_golden_other_template(cli, golden, monkeypatch, path: str, template: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    text = run_report(cli, path, "--format", fmt, "--as-of", AS_OF, "--since", SINCE, "--template", template)
    golden(f"report/{Path(path).stem}-{template}.{fmt}", text)


# --- HTML structure ------------------------------------------------------------------------------------------------


class Structure(HTMLParser):
    """What an accessibility reviewer checks by eye, collected while parsing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[int] = []
        self.th_without_scope: list[int] = []
        self.tables_without_caption = 0
        self.scripts = 0
        self.external: list[str] = []
        self.landmarks: list[str] = []
        self.ids: list[str] = []
        self.references: list[str] = []
        self.svgs: list[dict[str, str | None]] = []
        self._tables: list[bool] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._in.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th" and not a.get("scope"):
            self.th_without_scope.append(self.getpos()[0])
        if tag == "table":
            self._tables.append(False)
        if tag == "caption" and self._tables:
            self._tables[-1] = True
        if tag == "script":
            self.scripts += 1
        if tag in ("header", "main", "footer", "nav"):
            self.landmarks.append(tag)
        if tag == "svg":
            self.svgs.append({"role": a.get("role"), "labelledby": a.get("aria-labelledby")})
        for key in ("src", "href", "xlink:href", "action", "poster"):
            value = a.get(key) or ""
            if re.match(r"\s*(https?:)?//", value, re.I):
                self.external.append(value)
            if key == "href" and value.startswith("#"):
                self.references.append(value[1:])
        self.external += re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", a.get("style") or "", re.I)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        for ref in (a.get("aria-labelledby") or "").split():
            self.references.append(ref)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._tables and not self._tables.pop():
            self.tables_without_caption += 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.external += re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", data, re.I)
            self.external += re.findall(r"@import", data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def check_structure(html: str) -> None:
    """The accessibility and self-containment rules every HTML report follows."""
    s = structure(html)
    assert s.lang == "en-GB"
    assert s.headings.count(1) == 1 and s.headings[0] == 1
    for before, after in zip(s.headings, s.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{after} follows h{before}"
    assert s.th_without_scope == [], "th without scope on lines " + ", ".join(map(str, s.th_without_scope[:5]))
    assert s.tables_without_caption == 0
    assert s.scripts == 0
    assert s.external == []
    assert {"header", "main", "footer"} <= set(s.landmarks)
    assert len(s.ids) == len(set(s.ids)), "duplicate ids"
    assert set(s.references) <= set(s.ids), set(s.references) - set(s.ids)
    assert 'class="sp-skip-link"' in html and 'href="#main"' in html
    for svg in s.svgs:
        assert svg["role"] == "img" and svg["labelledby"]
    assert "@page" in html and "size: A4" in html and "table-header-group" in html


@pytest.mark.parametrize("path", SHIPPED)
def test_html_structure(cli, monkeypatch, path: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    check_structure(run_report(cli, path, "--format", "html", "--as-of", AS_OF, "--since", SINCE))


def test_html_structure_with_charts_and_review_points(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    html = run_report(cli, str(write_plan(RICH)), "--format", "html", "--as-of", AS_OF, "--since", "2024-04-01")
    check_structure(html)
    assert html.count("<svg") == 3  # the status distribution, status over review points, and a KPI sparkline
    for chart in re.findall(r"<svg.*?</svg>", html, re.S):
        assert "<title id=" in chart and "<desc id=" in chart


# --- Markdown ------------------------------------------------------------------------------------------------------


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row, splitting at pipes that are not escaped."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def check_markdown(text: str) -> None:
    """GitHub-flavoured tables: a blank line before each, a delimiter row, the same cell count on every row."""
    lines = text.split("\n")
    assert "<" not in text.replace("&lt;", ""), "raw HTML in Markdown"
    index = 0
    while index < len(lines):
        if not lines[index].startswith("|"):
            index += 1
            continue
        assert index > 0 and lines[index - 1] == "", f"no blank line before the table at line {index + 1}"
        width = len(cells(lines[index]))
        assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[index + 1]), lines[index + 1]
        while index < len(lines) and lines[index].startswith("|"):
            assert len(cells(lines[index])) == width, lines[index]
            index += 1


@pytest.mark.parametrize("path", SHIPPED)
def test_markdown_tables_are_well_formed(cli, monkeypatch, path: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    check_markdown(run_report(cli, path, "--format", "md", "--as-of", AS_OF, "--since", SINCE))


# --- hostile text --------------------------------------------------------------------------------------------------


def test_plan_text_is_escaped_in_html(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    html = run_report(cli, str(write_plan(RICH)), "--format", "html", "--as-of", AS_OF)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ x }}" in html  # plan text is data, never a template
    assert "Off &amp; away" in html and "🚀" in html
    assert "Maxine &lt;Squire&gt;" in html and "<b>" not in html


def test_plan_text_is_escaped_in_markdown(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    text = run_report(cli, str(write_plan(RICH)), "--format", "md", "--as-of", AS_OF, "--since", "2024-04-01")
    check_markdown(text)
    assert "<script" not in text
    assert "Do the &lt;script&gt;thing&lt;/script&gt; \\| now and then {{ x }} 🚀" in text  # newline folded
    assert "| Delayed by &lt;staff&gt; \\| changes |" in text


# --- what the sections say -----------------------------------------------------------------------------------------


def test_sections_of_a_plan_with_updates(write_plan) -> None:  # type: ignore[no-untyped-def]
    report = build_report([str(write_plan(RICH))], date(2024, 6, 30), date(2024, 4, 1))
    (plan,) = report.plans
    assert not report.portfolio
    assert dict(plan.summary.states) == {
        "complete": 1,
        "embedded": 0,
        "on track": 1,
        "at risk": 0,
        "off track": 1,
        "not started": 0,
    }
    assert [(e.item.id, e.reason) for e in plan.exceptions] == [("1.3", "151 days overdue"), ("1.1", "off track")]
    assert plan.exceptions[1].item.note == "Off & away" and plan.exceptions[1].item.note_date == "20 June 2024"
    assert plan.exceptions[1].item.revised == "Sep-24" and plan.exceptions[1].item.due == "Nov-23"
    assert plan.review is not None
    assert [row.cells for row in plan.review.rows] == [
        [("Amber", "at risk"), ("Red", "off track")],
        [("Green", "on track"), ("Done", "complete")],
        [("not recorded", "not recorded"), ("not recorded", "not recorded")],
    ]
    assert [(m.baseline, m.target, m.by, m.actual) for m in plan.measures] == [("28%", "50%", "March 2025", "41%")]
    assert [(r.original, r.revised, r.agreed) for r in plan.revisions] == [("Nov-23", "Sep-24", "15 April 2024")]
    assert plan.changes is not None
    assert [(c.when, c.item, c.kind) for c in plan.changes.rows] == [
        ("15 April 2024", "1.1", "Due date revised"),
        ("May 2024", "1.1", "Status update"),
        ("May 2024", "1.2", "Status update"),
        ("10 June 2024", "1.2", "Completed"),
        ("20 June 2024", "1.1", "Status update"),
    ]
    assert plan.changes.undated == 1  # 1.3's status has no date
    (findings,) = plan.findings
    assert [(r.id, r.actions, r.gap) for r in findings.rows] == [("AFI1", 3, False), ("AFI2", 0, True)]
    assert [p.code for p in plan.problems] == ["SP212"]


def test_review_points_with_nothing_recorded_say_so(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    text = run_report(cli, "plans/york-wsoa-2020.yaml", "--format", "md", "--as-of", AS_OF)
    section = text.split("## Status over review points", 1)[1].split("\n## ", 1)[0]
    assert "No status was recorded at any of the 5 review points (May 2020 to May 2021)" in section
    # The text says so, and the table in which every cell would read "Not recorded" is left out.
    assert "Not recorded |" not in section and "| Id | Action |" not in section


def test_since_with_nothing_recorded_says_so(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    text = run_report(cli, str(write_plan(MINIMAL)), "--format", "md", "--as-of", AS_OF, "--since", "2024-01-01")
    assert "Nothing was recorded after 1 January 2024: no status updates, completions or revised due dates." in text
    assert "## Since" not in run_report(cli, str(write_plan(MINIMAL)), "--format", "md", "--as-of", AS_OF)


def test_a_folder_gets_a_portfolio_and_reference_lists_no_section(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30))
    assert report.portfolio
    assert [p.heading.id for p in report.plans] == ["hull-2024-27", "york-2023-25", "york-wsoa-2020"]
    assert len(report.exceptions) == sum(len(p.exceptions) for p in report.plans)
    york = report.plans[1]
    assert [t.source for t in york.findings] == ["york-wsoa-2020", "york-inspection-learning-2024"]
    gaps = [r.id for t in york.findings for r in t.rows if r.gap]
    assert gaps == ["IL5"]


def test_dates_read_as_a_board_paper_writes_them() -> None:
    assert long_date(date(2024, 6, 30)) == "30 June 2024"
    assert long_date(date(2024, 3, 1)) == "1 March 2024"


# --- colour contrast (axe does not check SVG fills) ----------------------------------------------------------------


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_arithmetic() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#1d70b8", "#ffffff"), 2) == 5.17


def test_every_chart_fill_has_3_to_1_against_white(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    for state, fill in STATE_FILLS.items():
        assert contrast(fill, "#ffffff") >= 3, state
    html = run_report(cli, str(write_plan(RICH)), "--format", "html", "--as-of", AS_OF)
    fills = set(re.findall(r'fill="(#[0-9a-fA-F]{6})"', "".join(re.findall(r"<svg.*?</svg>", html, re.S))))
    assert len(fills) >= 5
    for fill in fills:
        assert contrast(fill, "#ffffff") >= 3, fill


def test_tag_text_has_4_5_to_1_on_its_background() -> None:
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    tags = re.findall(r"\.sp-tag--([a-z-]+) \{ color: (#[0-9a-f]{6}); background-color: (#[0-9a-f]{6});", css)
    assert {name for name, _, _ in tags} >= {s.replace(" ", "-") for s in STATE_FILLS} | {"overdue", "gap"}
    for name, text, background in tags:
        assert contrast(text, background) >= 4.5, name


# --- templates -----------------------------------------------------------------------------------------------------


def test_a_user_folder_overrides_templates_by_name(cli, write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan(MINIMAL)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.css").write_text("body { color: #0b0c0c; } /* our house style */\n", encoding="utf-8")
    (mine / "plan.md.j2").write_text(
        "{% macro plan_section(plan, report, h) %}Our own section for {{ plan.heading.title|md }}.{% endmacro %}\n",
        encoding="utf-8",
    )
    html = run_report(cli, str(plan), "--format", "html", "--as-of", AS_OF, "--template", str(mine))
    assert "/* our house style */" in html and ".sp-tag--on-track" not in html
    text = run_report(cli, str(plan), "--format", "md", "--as-of", AS_OF, "--template", str(mine))
    assert "Our own section for Demo plan." in text and "## Summary" not in text


def test_a_user_file_template_can_use_ours(cli, write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "short.md.j2"
    mine.write_text(
        '{% import "plan.md.j2" as s %}{% for plan in report.plans %}{{ s.summary(plan, report, 1) }}{% endfor %}\n',
        encoding="utf-8",
    )
    text = run_report(cli, str(write_plan(MINIMAL)), "--format", "md", "--as-of", AS_OF, "--template", str(mine))
    assert text.startswith("# Summary\n")


def test_the_highlight_report(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    plan = str(write_plan(MINIMAL))
    html = run_report(cli, plan, "--as-of", AS_OF, "--template", "highlight")
    check_structure(html)
    assert "highlight report" in html and "Actions by priority" not in html
    text = run_report(cli, plan, "--format", "md", "--as-of", AS_OF, "--template", "highlight")
    assert text.startswith("# Demo plan: highlight report, 30 June 2024\n")
    check_markdown(text)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("plan.html.j2", "{% macro plan_section(plan, report, h) %}\n{% if %}\n{% endmacro %}\n", "plan.html.j2:2"),
        ("report.html.j2", "<p>fine</p>\n<p>{{ report.no_such_thing }}</p>\n", "report.html.j2:2"),
        ("base.html.j2", "{{ report.as_of|long_date }}\n{{ report|no_such_filter }}\n", "base.html.j2:2"),
    ],
)
def test_a_broken_template_is_named_with_its_line(cli, write_plan, tmp_path: Path, name, text, where) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / name).write_text(text, encoding="utf-8")
    result = cli("report", str(write_plan(MINIMAL)), "--as-of", AS_OF, "--template", str(tmp_path / "broken"))
    assert result.exit_code == 2
    assert where in result.stderr and "template error" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unknown_template_name_exits_2(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", str(write_plan(MINIMAL)), "--as-of", AS_OF, "--template", "fancy")
    assert result.exit_code == 2 and "report, highlight" in result.stderr


# --- the command ---------------------------------------------------------------------------------------------------


def test_output_file_is_written_and_its_suffix_picks_the_format(cli, write_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = str(write_plan(MINIMAL))
    missing = cli("report", plan, "--as-of", AS_OF, "-o", str(tmp_path / "out" / "paper.md"))
    assert missing.exit_code == 2 and "the folder" in missing.stderr and "does not exist" in missing.stderr
    (tmp_path / "out").mkdir()
    result = cli("report", plan, "--as-of", AS_OF, "-o", str(tmp_path / "out" / "paper.md"))
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "out" / "paper.md").read_text(encoding="utf-8").startswith("# Demo plan: progress report")
    assert cli("report", plan, "--as-of", AS_OF, "-o", str(tmp_path / "paper.html")).exit_code == 0
    assert (tmp_path / "paper.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.rglob("*.tmp")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-07-01"], "--since 2024-07-01 is after --as-of 2024-06-30"),
        (["--since", "someday"], "--since 'someday'"),
        (["--format", "pdf"], "pdf"),
        (["-o", "paper.pdf"], "writes Markdown (.md) or HTML (.html), not .pdf"),
        (["-o", "/"], "is a folder"),
    ],
)
def test_bad_options_exit_2(cli, write_plan, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", str(write_plan(MINIMAL)), "--as-of", AS_OF, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_an_unreadable_plan_exits_2_naming_it(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("title: Demo plan", "title: [unclosed"))
    result = cli("report", str(path), "--as-of", AS_OF)
    assert result.exit_code == 2 and str(path) in result.stderr


def test_only_reference_lists_exit_2(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = cli("report", "plans/frameworks", "--as-of", AS_OF)
    assert result.exit_code == 2 and "no plans to report" in result.stderr


def test_the_same_input_gives_the_same_bytes(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    plan = str(write_plan(dedent(RICH)))
    first = run_report(cli, plan, "--as-of", AS_OF)
    assert first == run_report(cli, plan, "--as-of", AS_OF)


def test_a_plan_that_cannot_be_read_is_named_and_the_rest_reported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "good.yaml").write_text(MINIMAL)
    (tmp_path / "bad.yaml").write_text(
        MINIMAL.replace("id: demo", "id: other").replace("title: Do the thing", "titel: x")
    )
    result = cli("report", str(tmp_path), "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 2
    assert "1 plan file(s) could not be read and are not in this report" in result.stdout
    assert "Demo plan" in result.stdout
    assert "SP101 unknown key 'titel'" in result.stderr and "left out of the answer;" in result.stderr


def test_every_action_of_the_ambition_plan_is_named_in_the_report(cli) -> None:  # type: ignore[no-untyped-def]
    from sendplan.load import load_file

    path = ROOT / "tests" / "data" / "valid" / "york-ambition-2022.yaml"
    loaded, _ = load_file(str(path))
    assert loaded is not None
    result = cli("report", str(path), "--as-of", "2023-06-30", "--format", "md")
    assert result.exit_code == 0, result.stderr
    missing = [a.id for a in loaded.plan.actions if " ".join(a.title.split()) not in result.stdout]
    assert missing == []
    by_steps = [a.id for a in loaded.plan.actions if not a.due and a.steps]
    assert len(by_steps) == 19  # the plan dates these actions by their steps alone: each has its own row
    rows = [line.split(" | ")[0][2:] for line in result.stdout.splitlines() if "| (by its steps) |" in line]
    assert sorted(rows) == sorted(by_steps)
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 4.4 |"))
    assert "(OA5)" in row


def test_since_a_revision_committed_after_as_of_names_the_revision_its_date_and_the_way_out(
    cli, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.test_git import run_git

    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    run_git(root, "init", "-q", "-b", "main")
    (root / "plans" / "demo.yaml").write_text(MINIMAL)
    run_git(root, "add", ".")
    run_git(root, "commit", "-q", "-m", "first", when="2024-08-01T12:00:00")
    monkeypatch.chdir(root)
    result = cli("report", "plans", "--as-of", AS_OF, "--since", "HEAD", "--format", "md")
    assert result.exit_code != 0
    message = " ".join(result.stderr.split())
    assert "--since HEAD: that revision was committed on 2024-08-01, after --as-of 2024-06-30" in message
    assert "name a revision committed on or before 2024-06-30" in message and "give --since as a date" in message
    assert "--since 2024-08-01 is after" not in message


def test_a_plan_whose_period_has_ended_says_so_in_its_title_block_and_the_front_sheet(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30))
    ended = {plan.heading.id: plan.heading.ended for plan in report.plans}
    assert ended == {"hull-2024-27": "", "york-2023-25": "", "york-wsoa-2020": "Plan period ended September 2021"}
    front = run_report(cli, "plans", "--as-of", AS_OF, "--format", "html")
    assert front.count("Plan period ended September 2021") == 2  # the front sheet's row and the plan's title block
    single = run_report(cli, "plans/york-wsoa-2020.yaml", "--as-of", AS_OF, "--format", "html")
    assert "(Plan period ended September 2021)" in single
    assert build_report(["plans/york-wsoa-2020.yaml"], date(2021, 9, 30)).plans[0].heading.ended == ""


def test_source_file_names_are_only_in_the_title_blocks_small_print(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    html = run_report(cli, "plans/hull-2024-27.yaml", "--as-of", AS_OF, "--format", "html")
    (where,) = re.findall(r".{60}002_3d465bae1b1fbacb\.txt", html)
    assert 'class="sp-secondary sp-small">(file ' in where
    assert "Hull SEND Strategic Plan 2024-2027</" not in html or "(002_" not in html


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("template", ["highlight", "report"])
def test_the_papers_prose_has_no_cli_options_and_says_what_it_counts(cli, monkeypatch, fmt: str, template: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    text = run_report(cli, "plans", "--as-of", AS_OF, "--since", SINCE, "--format", fmt, "--template", template)
    for option in ("--since", "--template", "--as-of", "--format"):
        assert option not in text, option
    assert "Of which overdue" not in text and "Overdue (any status)" in text
    assert "no earlier review point and no" not in text
    assert "counting actions and steps" in text.lower()  # the RAG table counts actions and steps
    if template == "report":
        assert "counting actions." in text or "counting actions</caption>" in text  # the coverage tables, actions
        # Rule codes come after the problem in words.
        if fmt == "html":
            assert re.search(
                r'<th scope="col">Problem</th>(<th scope="col">[^<]*</th>)+<th scope="col">Rule code</th>', text
            )
    bare = re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt", text)
    assert len(bare) == (3 if template == "report" else 0)  # one per title block's small print, none elsewhere


def test_a_plan_left_out_is_named_at_the_top_of_every_paper(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    hull = folder / "hull-2024-27.yaml"
    hull.write_text(hull.read_text(encoding="utf-8").replace("    sources: [", "    sourcs: [", 1), encoding="utf-8")
    for template in ("highlight", "report"):
        for format in ("md", "html"):
            result = cli("report", str(folder), "--as-of", "2024-06-30", "--template", template, "-f", format)
            assert result.exit_code == 2
            head = result.stdout[: result.stdout.index("hull") + 200] if "hull" in result.stdout else ""
            assert "could not be read and are not in this" in head and str(hull) in head, (template, format)


def test_a_second_file_with_a_plan_id_already_read_is_left_out_of_the_paper(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    shutil.copy(folder / "york-2023-25.yaml", folder / "york-copy.yaml")
    result = cli("report", str(folder), "--as-of", "2024-06-30", "-f", "md")
    assert result.exit_code == 2
    assert "3 plans hold 101 actions and steps" in result.stdout  # counted once, not 4 plans
    assert "york-copy.yaml" in result.stdout.split("## ", 1)[0]  # named at the top, before the first section


def test_the_calendar_rule_in_the_paper_is_worked_out_on_the_papers_date(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder)
    (tmp_path / "sendplan.toml").write_text("calendar = true\n", encoding="utf-8")
    result = cli("report", str(folder), "--as-of", "2024-06-30", "--template", "report", "-f", "md")
    assert "on 30 Jun 2024" in result.stdout or "on 30 June 2024" in result.stdout
    assert "Dec 2026" not in result.stdout and "December 2026" not in result.stdout
