"""Properties (hypothesis): odd YAML in every field, mutated shipped plans, the date grammar, and safe output.

Example counts are fixed here and recorded in docs/reliability.md; `derandomize` keeps CI runs repeatable.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from sendplan import dates
from sendplan.template_filters import long_date
from tests.conftest import MINIMAL, PLANS, property_settings
from tests.every_command import run_every

EXAMPLES = {"fields": 500, "mutations": 50, "dates": 500, "output": 10}


def _settings(name: str) -> Any:
    return property_settings(EXAMPLES[name])


_WORK = Path(tempfile.mkdtemp(prefix="sendplan-properties-"))


def _commands_over(text: str, name: str, every: bool) -> list[int]:
    """Exit codes of validate (and, when `every` or the file is valid, the commands that render a plan)."""
    path = _WORK / name
    path.write_text(text, encoding="utf-8")
    first = run_every(path, _WORK, ("validate",))
    outcomes = first
    if every or first[0].exit_code == 0:
        outcomes = first + run_every(path, _WORK, ("overdue", "crosswalk", "report", "update"))
    for outcome in outcomes:
        assert not outcome.broke, (outcome.command, outcome.output[-2000:])
    return [o.exit_code for o in outcomes]


# --- every YAML 1.2 core-schema scalar and every odd key, in every field of a real plan ------------------------------

REAL = (PLANS / "york-wsoa-2020.yaml").read_text(encoding="utf-8")
_FIELD = re.compile(r"^( *)(- +)?([A-Za-z][\w ]*?):(?: (.*))?$")
FIELDS = [index for index, line in enumerate(REAL.splitlines()) if _FIELD.match(line)]
SCALARS = [
    *("~", "null", "Null", "NULL", ""),
    *("true", "True", "TRUE", "false", "False", "FALSE"),
    *("0", "-19", "+12", "0o17", "0x1F", "0123", "1_000", "0b101"),
    *("1.5", "-.5", "1e3", "-1E+3", "1.10", "1e400", "9" * 40),
    *(".inf", "-.inf", "+.inf", ".Inf", "-.INF", ".nan", ".NaN", ".NAN"),
    *("yes", "no", "on", "off", "2024-03-31", "2024-02-30", "0000-01-01", "12:30:00", "2001-12-14t21:59:43.10-05:00"),
    *("''", '""', "'0x1F'", '"\\t"', '"\\x1b[2J"', '"\\u202e"', "[]", "{}", "[a, b]", "{a: b}", "[.inf, ~]"),
    *("*a", "&a x", "!!str 1", "!!int 3", "!!float .inf", "!!null ~", "!x y", "? x", "- x", "|", ">-"),
]
KEYS = ["[a]", "{a: b}", "*k", "? x\n:", "~", "null", '""', "''", "1", "1.5", "true", ".inf", "0x1F", "&k a", "!!str k"]


@_settings("fields")
@given(line=st.sampled_from(FIELDS), value=st.sampled_from(SCALARS), key=st.none() | st.sampled_from(KEYS))
def test_any_core_schema_scalar_or_odd_key_in_any_field(line: int, value: str, key: str | None) -> None:
    lines = REAL.splitlines()
    match = _FIELD.match(lines[line])
    assert match
    indent, dash, name = match[1], match[2] or "", match[3]
    if key is not None:
        name = key.replace("\n", "\n" + indent + " " * len(dash))
    lines[line] = f"{indent}{dash}{name}: {value}".rstrip()
    assert _exit_code_of("\n".join(lines) + "\n") in (0, 1, 2)


def _exit_code_of(text: str) -> int:
    """What `validate` would exit with, through the same pipeline in-process (no file, so 500 examples of a
    real plan run in seconds): loading, every check, the overdue listing and the problem renderer. Any
    exception but SendplanError (exit 2) is an internal error and fails the property."""
    from sendplan.checks import run_checks
    from sendplan.load import load_text
    from sendplan.overdue import Filters, overdue
    from sendplan.problems import SendplanError
    from sendplan.render.listing import as_plain
    from sendplan.render.problems import as_text

    try:
        plan, problems = load_text(text, "field.yaml")
        if plan is not None:
            problems += run_checks([plan])
            as_plain(overdue([plan], date(2021, 6, 30), Filters()), include_undated=True)
        as_text(problems, 1)
    except SendplanError:
        return 2
    return 1 if plan is None or any(p.severity == "error" for p in problems) else 0


# --- mutations of the shipped plans ---------------------------------------------------------------------------------

SHIPPED = {path.name: path.read_text(encoding="utf-8") for path in sorted(PLANS.glob("*.yaml"))}


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))]
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "replace", "truncate"]))
        line = lines[at]
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], line
        elif kind == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + line
        elif kind == "dedent":
            lines[at] = line[draw(st.integers(1, 3)) :]
        elif kind == "replace" and ": " in line:
            lines[at] = line.split(": ", 1)[0] + ": " + draw(st.sampled_from(SCALARS))
        elif kind == "truncate":
            lines[at] = line[: draw(st.integers(0, max(len(line) - 1, 0)))]
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@_settings("mutations")
@given(text=mutated())
def test_mutated_shipped_plans_never_break_a_command(text: str) -> None:
    assert set(_commands_over(text, "mutated.yaml", every=True)) <= {0, 1, 2}


# --- the date grammar -----------------------------------------------------------------------------------------------

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
_MONTHS += ["November", "December"]


@_settings("dates")
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.from_regex(r"[0-9A-Za-z/ -]{0,20}"))
def test_the_date_grammar_never_raises_anything_but_a_date_error(text: str) -> None:
    for years in (None, "financial", "academic"):
        try:
            when = dates.parse(text, years)  # type: ignore[arg-type]
        except dates.DateError as error:
            assert error.code.startswith("SP3") and error.message
        else:
            assert when.end is None or when.start is None or when.start <= when.end


@_settings("dates")
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_a_rendered_date_reads_back_as_the_same_day(day: date) -> None:
    for phrase in (long_date(day), day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day} {_MONTHS[day.month - 1]}"):
        if phrase.count(" ") == 1:
            phrase += f" {day.year}"
        when = dates.parse(phrase)
        assert (when.start, when.end) == (day, day), phrase
    month = dates.parse(f"{_MONTHS[day.month - 1]} {day.year}")
    assert month.start == day.replace(day=1) and month.end == dates.last_day(day.year, day.month)


# --- plan text never comes out live ---------------------------------------------------------------------------------

PAYLOADS = [
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x1b[31mred",
    "\x9b31m",
    "\x07\x08\x7f",
    "\r\x0bover",
    "[x](javascript:alert(1))",
    "![img](http://example.invalid/x.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*'7' }}",
    "{% if true %}EVALUATED{% endif %}",
    "[bold red]rich[/]",
    "[link=https://example.invalid]here[/link]",
    "| cell | break |",
    '=HYPERLINK("http://example.invalid")',
]
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # any control character but tab and newline
_TEMPLATE = re.compile("7777777|(?<!%})(?<!%25})EVALUATED")  # template syntax evaluated (%25: GitHub escapes %)
_HTML = [re.compile(r"<script|<img|href=.javascript")]  # raw HTML: live in Markdown and in HTML
_MARKDOWN = [
    re.compile(r"(?<!\\)\[x(?<!\\)\]\(javascript"),  # a Markdown link
    re.compile(r"(?<!\\)!(?<!\\)\[img"),  # a Markdown image
    *_HTML,
]
_LIVE_IN = {"text": [], "md": _MARKDOWN, "html": _HTML}


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, control characters written as escapes."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


@_settings("output")
@example(payload="".join(PAYLOADS))
@given(payload=st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=3).map("".join))
def test_plan_text_never_comes_out_live(payload: str) -> None:
    text = MINIMAL.replace("title: Do the thing", "title: " + _quoted("Do " + payload))
    text = text.replace("    name: Maxine Squire", "    name: " + _quoted(payload))
    text = text.replace("    due: Nov-23", "    due: Nov-23\n    note: " + _quoted(payload))
    path = _WORK / "live.yaml"
    path.write_text(text, encoding="utf-8")
    unknown = _WORK / "unknown.yaml"  # a finding that quotes plan text
    unknown.write_text(text.replace("    owners: [M.S]", "    owners: [" + _quoted(payload) + "]"), encoding="utf-8")
    from typer.testing import CliRunner

    from sendplan.cli import app

    p, u, day = str(path), str(unknown), ["--as-of", "2024-06-30"]
    runs = [
        (["overdue", p, *day, "--no-color"], "text"),
        (["overdue", p, *day, "-f", "markdown"], "md"),
        (["overdue", p, *day, "-f", "csv"], "text"),
        (["overdue", p, *day, "-f", "json"], "text"),
        (["crosswalk", p, *day], "text"),
        (["crosswalk", p, *day, "--invert"], "text"),
        (["crosswalk", p, *day, "-f", "markdown"], "md"),
        (["crosswalk", p, *day, "-f", "csv"], "text"),
        (["report", p, *day, "-f", "md"], "md"),
        (["report", p, *day, "-f", "html"], "html"),
        (["validate", u], "text"),
        (["validate", u, "-f", "json"], "text"),
        (["validate", u, "-f", "github"], "text"),
    ]
    runner = CliRunner()
    for args, kind in runs:
        result = runner.invoke(app, args, catch_exceptions=False)
        output = result.stdout + result.stderr
        assert result.exit_code in (0, 1), (args, output)
        for live in [_CONTROL, _TEMPLATE, *_LIVE_IN[kind]]:
            found = live.search(output)
            assert found is None, (args, found, output[max(found.start() - 80, 0) : found.end() + 80])
    coloured = runner.invoke(app, ["overdue", p, *day, "--color"], env={"COLUMNS": "3000"})
    for control in ("\x1b]", "\x07", "\x9b", "\x1b[2J", "\r"):  # colour codes are ours; none of the plan's
        assert control not in coloured.stdout, control
    assert "\x1b]8;" not in coloured.stdout  # a [link=...] in a plan never becomes a live terminal hyperlink
    if "[bold red]rich[/]" in payload and re.search(r"\brich\b", coloured.stdout):
        assert "[/" in coloured.stdout  # rich markup in a plan is shown as text: its closing tag is still there
