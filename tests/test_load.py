"""Loading: YAML text -> located plan, or problems with the exact line and column; never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sendplan.load import find_plan_files, load_file, load_text
from sendplan.problems import SendplanError
from sendplan.yamlio import read_yaml
from tests.conftest import MINIMAL


def problems_of(text: str) -> list[tuple[int, int, str]]:
    """Problems of the YAML layer alone, before the schema."""
    _, problems = read_yaml(text, "p.yaml")
    return [(p.line, p.col, p.code) for p in problems]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's fast parser and with ruamel's pure one: both must agree."""
    monkeypatch.setenv("SENDPLAN_YAML_PARSER", request.param)
    return str(request.param)


def test_minimal_plan_loads(parser: str) -> None:
    plan, problems = load_text(MINIMAL, "p.yaml")
    assert problems == []
    assert plan is not None
    assert plan.plan.actions[0].id == "1.1"
    assert plan.at(("actions", 0, "due")) == (line_of(MINIMAL, "due: Nov-23"), 10)
    assert plan.at(("actions", 0, "due"), key=True) == (line_of(MINIMAL, "due: Nov-23"), 5)


def test_flow_list_with_qualified_ids_reads_as_yaml_1_2(parser: str) -> None:
    text = MINIMAL.replace("addresses: [AFI1]", "addresses: [other-plan:AFI3, AFI1]")
    plan, problems = load_text(text, "p.yaml")
    assert problems == [] and plan is not None
    assert plan.plan.actions[0].addresses == ["other-plan:AFI3", "AFI1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(1, 1, "SP009")]),
        ("# only a comment\n", [(1, 1, "SP009")]),
        ("plan:\n  id: [unclosed\n", [(2, 7, "SP001")]),  # where the bracket opened
        ("plan:\n\tid: x\n", [(2, 1, "SP002")]),
        ("plan:\n  title: Note: this\n", [(2, 14, "SP001")]),
        ("a: &x 1\nb: *x\n", [(1, 4, "SP004"), (2, 4, "SP004")]),
        ("a: !!python/object:os.system 1\n", [(1, 4, "SP005")]),
        ("%YAML 1.1\n---\na: 1\n", [(1, 1, "SP006")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "SP010")]),
        ("a: 1\na: 2\n", [(2, 1, "SP003")]),
        ("plan:\n  id: x\n  title Do it\n  area: y\n", [(3, 3, "SP001")]),  # the line missing ': ', not the next
        ("plan:\n  id: x\n  title:Do\n  area: y\n", [(3, 3, "SP001")]),
        ("actions:\n  - id: x\n    title Do it\n", [(3, 5, "SP001")]),
        ('actions:\n  - id "1.1a"\n    title: Do it\n', [(2, 5, "SP001")]),  # the item's key, not the key below
        ("impact:\n  - Children are safe\n    and well: always\n", [(3, 13, "SP001")]),  # a text with ': ' in it
    ],
)
def test_syntax_problems_are_located(parser: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    found = problems_of(text)
    assert found[: len(expected)] == expected


@pytest.mark.parametrize(
    ("value", "typed"),
    [
        ("!!str On track", "!!str"),
        ("! On track", "!"),
        ("!!timestamp 2024-01-01", "!!timestamp"),
        ("!!map {}", "!!map"),
    ],
)
def test_every_tag_is_refused_and_named_as_typed(value: str, typed: str) -> None:
    from sendplan.yamlio import read_yaml

    _, problems = read_yaml(MINIMAL.replace("status: On track", f"status: {value}"), "p.yaml")
    assert [(p.code, p.message) for p in problems] == [("SP005", f"tag {typed} is not allowed in a plan")]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_a_plan_file_must_be_a_block_of_keys(text: str) -> None:
    plan, problems = load_text(text, "p.yaml")
    assert plan is None and [(p.line, p.col, p.code) for p in problems] == [(1, 1, "SP103")]


def test_schema_problems_name_the_place_in_the_users_words() -> None:
    text = MINIMAL.replace("    due: Nov-23\n", "    dew: Nov-23\n").replace('  - id: "1.1"', "  - id: 0123")
    plan, problems = load_text(text, "p.yaml")
    assert plan is None
    by_code = {p.code: p for p in problems}
    assert (by_code["SP105"].line, by_code["SP105"].col) == (line_of(text, "id: 0123"), 9)
    assert '"0123"' in by_code["SP105"].hint
    assert (by_code["SP101"].line, by_code["SP101"].col) == (line_of(text, "dew:"), 5)
    assert "did you mean 'due'" in by_code["SP101"].hint


def test_list_where_map_belongs_and_wrong_type() -> None:
    text = "plan:\n  - id: demo\n" + MINIMAL[MINIMAL.index("statuses:") :].replace(
        "    owners: [M.S]", "    owners: M.S"
    )
    _, problems = load_text(text, "p.yaml")
    messages = [(p.line, p.code, p.message) for p in problems]
    assert any(code == "SP103" and "plan should be a block of keys" in msg for _, code, msg in messages)
    assert any(code == "SP103" and "owners should be a list" in msg for _, code, msg in messages)


def test_unknown_key_in_measure_block_is_reported_once() -> None:
    text = MINIMAL + "    measures:\n      - text: 90% of plans\n        tagret: 90%\n"
    _, problems = load_text(text, "p.yaml")
    assert [(p.line, p.code) for p in problems] == [(line_of(text, "tagret"), "SP101")]
    assert "target" in problems[0].hint


def test_missing_required_key_points_at_its_block() -> None:
    text = MINIMAL.replace("    title: Do the thing\n", "")
    _, problems = load_text(text, "p.yaml")
    assert [(p.line, p.col, p.code) for p in problems] == [(line_of(text, '- id: "1.1"'), 5, "SP102")]
    assert "action 1.1 has no 'title'" in problems[0].message


def test_invalid_unquoted_date_stays_text_and_is_not_a_crash() -> None:
    plan, problems = load_text(MINIMAL.replace("due: Nov-23", "due: 2023-02-30"), "p.yaml")
    assert problems == [] and plan is not None
    assert plan.plan.actions[0].due == "2023-02-30"  # the date check, not the loader, reports it


def test_binary_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"plan:\n  id: \x00\x01\x02")
    _, problems = load_file(str(path))
    assert [(p.line, p.col, p.code) for p in problems] == [(2, 7, "SP008")]


def test_latin1_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("plan:\n  title: caf\u00e9\n".encode("latin-1"))
    _, problems = load_file(str(path))
    assert [(p.line, p.col, p.code) for p in problems] == [(2, 13, "SP008")]


def test_twenty_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("a: " + "x" * (20 * 1024 * 1024) + "\n")
    start = time.perf_counter()
    _, problems = load_file(str(path))
    assert time.perf_counter() - start < 1
    assert [p.code for p in problems] == ["SP007"]


def test_alias_bomb_is_refused_without_expansion() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    start = time.perf_counter()
    found = problems_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert found and {code for _, _, code in found} == {"SP004"}


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * 100 + "]" * 100 + "\n"
    assert [code for _, _, code in problems_of(text)] == ["SP007"]


def test_find_plan_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text(MINIMAL)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.yaml").write_text(MINIMAL)
    (tmp_path / "notes.txt").write_text("x")
    found = find_plan_files([str(tmp_path)])
    assert [Path(f).name for f in found] == ["a.yaml", "b.yml"]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SendplanError, match="no such file or folder"):
        find_plan_files([str(tmp_path / "nope")])
    with pytest.raises(SendplanError, match="no plan files"):
        find_plan_files([str(tmp_path)])


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(MINIMAL)

    def refuse(name: str, flags: int) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("sendplan.files.os.open", refuse)  # as root, chmod 000 does not refuse
    with pytest.raises(SendplanError, match="cannot read: permission denied"):
        load_file(str(path))


def test_both_parsers_read_every_shipped_plan_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml (with ':' hidden) and ruamel's YAML 1.2 parser must give the same data, lines and columns."""
    from tests.conftest import DATA, PLANS

    for path in [*PLANS.rglob("*.yaml"), *(p for p in DATA.rglob("*.yaml") if "invalid" not in p.parts)]:
        text = path.read_text()
        monkeypatch.setenv("SENDPLAN_YAML_PARSER", "pure")
        slow, slow_problems = read_yaml(text, str(path))
        monkeypatch.setenv("SENDPLAN_YAML_PARSER", "c")
        fast, fast_problems = read_yaml(text, str(path))
        assert (fast.data, fast.where, fast.key_where) == (slow.data, slow.where, slow.key_where), path
        assert fast_problems == slow_problems


def test_colon_inside_words_is_kept() -> None:
    _, problems = read_yaml("a: [plan:AFI3, 'p:q', http://x.org]\nb: key:value\n", "p.yaml")
    doc, _ = read_yaml("a: [plan:AFI3, 'p:q', http://x.org]\nb: key:value\n", "p.yaml")
    assert problems == [] and doc.data == {"a": ["plan:AFI3", "p:q", "http://x.org"], "b": "key:value"}


def test_an_alias_bomb_is_reported_in_four_lines_not_thousands() -> None:
    lines = ['a0: &a0 ["x", "x"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    found = problems_of("\n".join(lines) + "\n")
    assert len(found) == 4 and {code for _, _, code in found} == {"SP004"}


def test_empty_text_is_named_empty_and_a_long_date_says_how_long() -> None:
    """Text and date phrases are checked for length by pydantic-core itself (model.Text): an empty one is named
    empty, with what to write, and one too long says the limit in characters."""
    text = MINIMAL.replace("    title: Do the thing\n", '    title: ""\n').replace(
        "    due: Nov-23\n", f"    due: Nov-23\n    recovery: {'x' * 201}\n"
    )
    _, problems = load_text(text, "p.yaml", partial=True)
    by_line = {p.line: p for p in problems}
    empty = by_line[line_of(text, 'title: ""')]
    assert (empty.code, empty.message) == ("SP104", "action 1.1, title is empty")
    assert empty.hint == "write the text"  # a title must be there: deleting it is no fix (tests/test_checks.py)
    long = by_line[line_of(text, "recovery: x")]
    assert (long.code, long.message) == ("SP104", "action 1.1, recovery: String should have at most 200 characters")


@pytest.mark.parametrize(
    ("line", "said", "fix"),
    [
        ("  title Do the thing", "no ': ' after its key 'title'", "title: Do the thing"),
        ("  title:Do", "no space after the colon, so 'title' is not read as a key", "title: Do"),
        ("  url https://example.org", "no ': ' after its key 'url'", "url: https://example.org"),
    ],
)
def test_a_missing_colon_is_named_on_its_own_line_with_the_line_as_it_should_be(
    parser: str, line: str, said: str, fix: str
) -> None:
    _, problems = load_text(f"plan:\n  id: x\n{line}\n  area: y\n", "p.yaml")
    (problem,) = problems
    assert (problem.line, problem.code) == (3, "SP001")
    assert said in problem.message
    assert problem.hint == f"write a colon and a space after the key: {fix}"


def test_a_list_item_whose_key_lacks_its_colon_is_named_on_its_own_line(parser: str) -> None:
    _, problems = load_text('actions:\n  - id "1.1a"\n    priority: "1"\n    title: Do it\n', "p.yaml")
    (problem,) = problems
    assert (problem.line, problem.col) == (2, 5)
    assert "no ': ' after its key 'id'" in problem.message
    assert problem.hint == 'write a colon and a space after the key: id: "1.1a"'
