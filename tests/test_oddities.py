"""Odd YAML and odd files: core-schema numbers, keys that are not words, tabs, loops, FIFOs, deep nesting."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sendplan.files import find_plan_files, read_plan_bytes, read_plan_text, walk_plan_files
from sendplan.problems import PlanFilesInvalid, Problem, SendplanError
from sendplan.yamlio import MAX_DEPTH, read_yaml, too_deep
from tests.conftest import MINIMAL
from tests.every_command import run_every

QUICK = ("validate", "overdue", "update")  # the corpus test runs every command; these cover the three code paths
TITLE_LINE = MINIMAL[: MINIMAL.index("title: Do the thing")].count("\n") + 1


def _replace_value(text: str, line_start: str, value: str) -> str:
    at = text.index(line_start)
    end = text.index("\n", at)
    return text[:at] + line_start.split(":")[0] + ": " + value + text[end:]


@pytest.mark.parametrize("value", ["0x1F", "0o17", ".inf", "-.inf", ".nan", "9" * 400])
@pytest.mark.parametrize("field", ["  id: demo", "    name: Maxine Squire", "    due: Nov-23", "    status: On track"])
def test_core_schema_numbers_are_findings_in_every_command(tmp_path: Path, value: str, field: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(_replace_value(MINIMAL, field, value), encoding="utf-8")
    outcomes = run_every(path, tmp_path, QUICK)
    assert not [o for o in outcomes if o.broke], [o.output for o in outcomes if o.broke]
    validate = outcomes[0]
    errors = validate.exit_code == 1
    line = MINIMAL[: MINIMAL.index(field)].count("\n") + 1
    assert not errors or f"plan.yaml:{line}:" in validate.output  # a finding on the line, or accepted as text
    assert field.startswith("    name") or errors  # an id, a date or a status word can never be a number


@pytest.mark.parametrize(
    ("key", "what"),
    [
        ("[a]: b", "a list"),
        ("? {a: b}", "a block of keys"),
        ("{id: x}: v", "a block of keys"),
        ("? [a, b]\n: c", "a list"),
        ("? - a\n  - b\n: c", "a list"),
        ("*k : v", "an alias"),
        (": v", "no key"),
    ],
)
@pytest.mark.parametrize("place", ["top", "plan", "owner"])
def test_keys_that_are_not_words_are_located_findings(tmp_path: Path, key: str, what: str, place: str) -> None:
    if place == "top":
        text, line = key + "\n" + MINIMAL, 1
    else:
        anchor = "  area: Demo\n" if place == "plan" else "    name: Maxine Squire\n"
        indent = anchor[: len(anchor) - len(anchor.lstrip())]
        text = MINIMAL.replace(anchor, anchor + indent + key.replace("\n", "\n" + indent) + "\n", 1)
        line = MINIMAL[: MINIMAL.index(anchor)].count("\n") + 2
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    outcomes = run_every(path, tmp_path, QUICK)
    assert not [o for o in outcomes if o.broke], [o.output for o in outcomes if o.broke]
    assert outcomes[0].exit_code == 1
    assert f"plan.yaml:{line}:" in outcomes[0].output and "SP011" in outcomes[0].output
    assert what in outcomes[0].output


@pytest.mark.parametrize(
    "title", ["Do\tthe thing", "Do the thing\t", "\tDo the thing", "Do the thing\t# a comment", '"Do\tthe thing"']
)
def test_validate_and_update_agree_on_tabs(tmp_path: Path, title: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL.replace("title: Do the thing", "title: " + title), encoding="utf-8")
    validate, update = run_every(path, tmp_path, ("validate", "update"))
    assert not validate.broke and not update.broke, (validate.output, update.output)
    if validate.exit_code == 0:  # what validate accepts, update reads (it may still refuse to re-layout)
        assert "cannot read" not in update.output and "SP002" not in update.output
    else:
        assert "SP002" in validate.output and f"plan.yaml:{TITLE_LINE}:" in validate.output
        assert update.exit_code == 2


def test_unquoted_text_with_a_tab_is_reported_on_its_line() -> None:
    _, problems = read_yaml(MINIMAL.replace("title: Do the thing", "title: Do\tthe thing"), "p.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("SP002", TITLE_LINE, 14)]


def test_a_link_that_loops_named_on_the_command_line(tmp_path: Path, cli) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for command in (["validate"], ["overdue", "--as-of", "2024-06-30"], ["report", "--as-of", "2024-06-30"]):
        result = cli(*command, str(loop))
        assert result.exit_code == 2
        assert "loop.yaml" in result.stderr and "loops" in result.stderr and "internal" not in result.stderr
    result = cli("update", str(loop), "1.1", "--status", "Done", "--date", "30/06/2024")
    assert result.exit_code == 2 and "loops" in result.stderr


def test_a_fifo_is_refused_without_waiting(tmp_path: Path, cli) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cli("validate", str(fifo))
    assert result.exit_code == 2 and "FIFO" in result.stderr
    with pytest.raises(SendplanError, match="FIFO"):
        read_plan_bytes(str(fifo))  # opened without blocking: no writer ever comes
    result = cli("update", str(fifo), "1.1", "--status", "Done", "--date", "30/06/2024")
    assert result.exit_code == 2 and "FIFO" in result.stderr
    assert time.monotonic() - started < 5


def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(SendplanError, match="a device"):
        read_plan_text(str(link))


def test_read_plan_text_gives_the_read_commands_findings(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"plan:\n  id: \xff\n")
    with pytest.raises(PlanFilesInvalid) as raised:
        read_plan_text(str(path))
    assert [(p.code, p.line, p.col) for p in raised.value.problems] == [("SP008", 2, 7)]
    path.write_bytes(b"\xef\xbb\xbfplan: x\n")
    assert read_plan_text(str(path)) == "plan: x\n"
    big = read_plan_bytes(str(path), limit=4)
    assert isinstance(big, Problem) and big.code == "SP007"


def test_every_skipped_path_in_a_folder_is_named_and_exit_2(tmp_path: Path, cli) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    os.mkfifo(plans / "pipe.yaml")
    (plans / "loop.yaml").symlink_to(plans / "loop.yaml")
    (plans / "back").symlink_to(plans)  # a folder link back up the tree
    (plans / "nowhere.yaml").symlink_to(plans / "missing.yaml")
    (plans / "README.md").write_text("not a plan")
    with pytest.raises(SendplanError) as raised:
        find_plan_files([str(plans)])
    message = str(raised.value)
    for name in (
        "pipe.yaml (a named pipe (FIFO))",
        "loop.yaml (a link that loops)",
        "back (a link back",
        "nowhere.yaml",
    ):
        assert name in message
    assert "good.yaml" not in message and "README" not in message
    for command in (["validate"], ["overdue", "--as-of", "2024-06-30"], ["crosswalk"]):
        result = cli(*command, str(plans))
        assert result.exit_code == 2 and "pipe.yaml" in result.stderr and "no problems" not in result.stdout


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        (["validate"], "2 errors, 0 warnings in 1 file"),  # the skipped paths (SP012); good.yaml is clean
        (["overdue", "--as-of", "2024-06-30"], "1.1  213 days late  Nov-23"),
        (["upcoming", "--as-of", "2023-10-15", "--within", "2m"], "1.1"),
        (["crosswalk", "--as-of", "2024-06-30"], "AFI1  Leaders should do better."),
        (["report", "--format", "md", "--as-of", "2024-06-30"], "# Demo plan: progress report, 30 June 2024"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_skipped_paths_are_named_and_the_readable_plans_still_answered(
    tmp_path: Path, cli, command: list[str], answer: str
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    os.mkfifo(plans / "pipe.yaml")
    (plans / "loop.yaml").symlink_to(plans / "loop.yaml")
    result = cli(*command, str(plans))
    assert result.exit_code == 2  # the answer is incomplete
    assert answer in result.stdout, result.stdout
    named = [line for line in result.stderr.splitlines() if "cannot be read, so it is left out" in line]
    assert any("pipe.yaml" in line and line.endswith("a named pipe (FIFO)") for line in named), result.stderr
    assert any("loop.yaml" in line and line.endswith("a link that loops") for line in named), result.stderr
    assert "good.yaml" not in result.stderr


def test_a_folder_holding_only_unreadable_paths_is_not_called_empty(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    files, skipped = walk_plan_files([str(tmp_path)])
    assert files == [] and [(p.code, p.line, p.file) for p in skipped] == [("SP012", 0, str(tmp_path / "pipe.yaml"))]


def test_an_unreadable_subfolder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = tmp_path / "plans"
    (plans / "locked").mkdir(parents=True)
    (plans / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    real = os.scandir

    def scandir(path: object) -> object:  # as root, chmod 000 does not refuse: refuse as the kernel would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr("sendplan.files.os.scandir", scandir)
    with pytest.raises(SendplanError, match=r"locked \(permission denied\)"):
        find_plan_files([str(plans)])


def test_hidden_folders_are_passed_over_silently(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    (plans / ".git").mkdir(parents=True)
    os.mkfifo(plans / ".git" / "pipe.yaml")
    (plans / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    assert find_plan_files([str(plans)]) == [str(plans / "a.yaml")]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,
        "{" * 10_000,
        "a: " + "[" * 10_000,
        "- " * 5_000,
        "".join(" " * i + "-\n" for i in range(0, 280, 2)),
        "".join(" " * i + f"k{i}:\n" for i in range(140)),
        "[" * 5000 + "]" * 5000,
    ],
    ids=["flow-lists", "flow-maps", "under-a-key", "compact-items", "block-items", "block-keys", "balanced"],
)
def test_deep_nesting_is_refused_quickly(text: str) -> None:
    started = time.monotonic()
    _, problems = read_yaml(text, "deep.yaml")
    assert time.monotonic() - started < 0.5
    assert [p.code for p in problems] == ["SP007"] and f"more than {MAX_DEPTH} levels" in problems[0].message


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
@pytest.mark.parametrize("prefix", ["", "a: ", "a:\n  b: ", "- ", "a:\n  - "])
def test_the_depth_scan_agrees_with_the_reader(depth: int, prefix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = prefix + "[" * depth + "]" * depth + "\n"
    scanned = too_deep(text) is not None
    monkeypatch.setattr("sendplan.yamlio.too_deep", lambda text: None)
    _, problems = read_yaml(text, "x.yaml")
    assert scanned == any(p.code == "SP007" for p in problems)


def test_brackets_in_text_are_not_nesting() -> None:
    texts = [
        "note: |\n  " + "[" * 40 + "\n  more\n",
        "note: x" + "[" * 40 + "\n",  # a plain scalar in block context holds [ as text
        'note: "' + "[" * 40 + '"\n',
        "tags: ['" + "[" * 40 + "']\n",
        "a: 1  # " + "[" * 40 + "\n",
    ]
    for text in texts:
        assert too_deep(text) is None, text


# --- syntax errors in plain words, at the line to change ------------------------------------------------------------

_JARGON = (
    "while parsing",
    "while scanning",
    "<block end>",
    "<scalar>",
    "token",
    "stream",
    "mapping values",
    "expected",
)


def _syntax(text: str) -> Problem:
    _, problems = read_yaml(text, "p.yaml")
    assert len(problems) == 1, problems
    return problems[0]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_quote_left_open_is_reported_where_it_opened() -> None:
    text = MINIMAL.replace("status: On track", "status: 'On track some concerns").replace(
        "    sources: [SEF]", "    sources: [SEF]\n    note: The board's view"
    )
    problem = _syntax(text)
    assert (problem.line, problem.col) == (_line_of(text, "status: 'On"), 13)
    assert "apostrophe (') that is not closed on this line" in problem.message
    assert "''" in problem.hint
    double = MINIMAL.replace("status: On track", 'status: "On track')
    problem = _syntax(double)
    assert problem.line == _line_of(double, 'status: "On') and "double quote" in problem.message


@pytest.mark.parametrize(
    ("title", "column", "hint"),
    [
        ("'Communicate the LAP's agreed timescales'", 32, "''"),
        ('"Communicate "agreed" timescales"', 25, "'...'"),
    ],
)
def test_a_quote_inside_the_same_quotes_is_said_to_close_the_text_early(title: str, column: int, hint: str) -> None:
    text = MINIMAL.replace("title: Do the thing", f"title: {title}")
    problem = _syntax(text)
    assert (problem.line, problem.col) == (_line_of(text, title), column)
    assert "ends early" in problem.message and f"column {column} closes it" in problem.message
    assert "line up" not in problem.message and "column" not in problem.hint and hint in problem.hint


def test_a_quoted_text_over_two_lines_is_not_blamed() -> None:
    text = MINIMAL.replace("title: Do the thing", "title: 'Do the\n      thing'").replace(
        "status: On track", "status: 'On track"
    )
    assert _syntax(text).line == _line_of(text, "status: 'On")


def test_a_key_indented_one_space_too_far() -> None:
    text = MINIMAL.replace("    owners: [M.S]", "     owners: [M.S]")
    problem = _syntax(text)
    assert problem.line == _line_of(text, "     owners")
    assert problem.message.startswith("the indentation does not match the keys above")
    assert "'title' on line" in problem.message and "4 spaces in" in problem.hint


def test_text_holding_a_colon_is_told_to_be_quoted() -> None:
    problem = _syntax("plan:\n  title: Note: this\n")
    assert (problem.line, problem.col) == (2, 14) and "double quotes" in problem.hint


def test_curly_quotes_get_their_own_hint() -> None:
    problem = _syntax(MINIMAL.replace("title: Do the thing", "title: \u201cDo: the thing\u201d"))
    assert "curly quotes" in problem.message and "straight quotes" in problem.hint


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("owners: [M.S]", "owners: ['M.S\u2019]", "a list in [brackets] is not closed"),  # straight, then Word's
        ("owners: [M.S]", "owners:\n      - 'M.S\u2019", "opens with an apostrophe"),
    ],
)
def test_a_quote_closed_by_a_curly_one_is_named_in_the_hint(old: str, new: str, said: str) -> None:
    text = MINIMAL.replace(old, new).replace("sources: [SEF]", "sources: ['SEF']")  # a straight quote further on
    problem = _syntax(text)
    assert said in problem.message
    assert problem.hint.startswith("this line has a curly quote (\u2019), as Word types it")
    assert problem.line == _line_of(text, "M.S\u2019")


def test_an_unclosed_bracket_is_reported_where_it_opened() -> None:
    problem = _syntax(MINIMAL.replace("owners: [M.S]", "owners: [M.S"))
    assert (problem.line, problem.col) == (_line_of(MINIMAL, "owners: [M.S]"), 13)
    assert "not closed" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL.replace("    owners: [M.S]", "   owners: [M.S]"),
        MINIMAL.replace("  - id: M.S\n", "   - id: M.S\n"),
        MINIMAL.replace('  - id: "1.1"', '  id: "1.1"'),
        MINIMAL.replace("title: Do the thing", "title: @thing"),
        MINIMAL.replace("title: Do the thing", "title: *thing"),
        MINIMAL.replace("owners: [M.S]", "owners: {M.S"),
        MINIMAL.replace("title: Do the thing", "title: 'Do the thing' and more"),
        "plan:\n\tid: x\n",
        "a: b\n  c: d\n",
        "- a\nb: c\n",
    ],
)
def test_every_syntax_message_is_plain_and_the_parser_words_are_kept(text: str) -> None:
    problem = _syntax(text)
    assert problem.code in ("SP001", "SP002", "SP004")
    assert not any(word in problem.message + problem.hint for word in _JARGON), problem
    if problem.code != "SP004":
        assert problem.detail.startswith("the YAML parser says:")


def test_validate_verbose_shows_the_parser_words(tmp_path: Path, cli) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("plan:\n  title: Note: this\n", encoding="utf-8")
    plain = cli("validate", str(path))
    verbose = cli("validate", "--verbose", str(path))
    assert plain.exit_code == verbose.exit_code == 1
    assert "mapping values are not allowed" not in plain.stdout
    assert "detail: the YAML parser says: mapping values are not allowed here" in verbose.stdout


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        (["validate"], "1 error, 0 warnings in 1 file"),  # the locked file (SP012); good.yaml is clean
        (["overdue", "--as-of", "2024-06-30"], "1.1  213 days late  Nov-23"),
        (["crosswalk", "--as-of", "2024-06-30"], "AFI1  Leaders should do better."),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_a_locked_plan_file_in_a_folder_is_left_out_and_named_and_the_rest_answered(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch, command: list[str], answer: str
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (plans / "locked.yaml").write_text(MINIMAL.replace("id: demo", "id: locked"), encoding="utf-8")
    real = os.access

    def access(path: object, mode: int) -> bool:  # as root, chmod 000 does not refuse: refuse as the kernel would
        return False if str(path).endswith("locked.yaml") else real(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr("sendplan.files.os.access", access)
    for options in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")], ["--cache-dir", str(tmp_path / "cache")]):
        result = cli(*command, str(plans), *options)
        assert result.exit_code == 2, result.stderr  # the answer is incomplete
        assert answer in result.stdout, result.stdout
        assert f"{plans / 'locked.yaml'}" in result.stderr and "permission denied" in result.stderr
        assert "Traceback" not in result.stderr
