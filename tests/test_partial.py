"""One mistake does not hide the rest: entries that fail the schema are reported and left out, the rest checked."""

from __future__ import annotations

from pathlib import Path

from sendplan.load import load_file, load_text
from sendplan.validate import validate
from tests.conftest import DATA, MINIMAL

ONE_OF_EACH = DATA / "partial" / "one-of-each.yaml"


def found(path: Path) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in validate([str(path)]).problems]


def line_of(text: str, path: Path) -> int:
    return next(n for n, row in enumerate(path.read_text().splitlines(), 1) if text in row)


def test_a_schema_error_and_one_error_of_each_later_kind_are_all_reported() -> None:
    result = validate([str(ONE_OF_EACH)])
    at = {(p.line, p.code) for p in result.problems}
    assert at == {
        (line_of("colur:", ONE_OF_EACH), "SP101"),
        (line_of("sourcs:", ONE_OF_EACH), "SP101"),
        (line_of("Nobody", ONE_OF_EACH), "SP202"),
        (line_of("31/11/2023", ONE_OF_EACH), "SP302"),
        (line_of("Amber", ONE_OF_EACH), "SP209"),
        (line_of("AFI9", ONE_OF_EACH), "SP207"),
        (line_of("Nobody", ONE_OF_EACH), "SP219"),
        (line_of("unsafe", ONE_OF_EACH), "SP206"),
        (line_of("DBV", ONE_OF_EACH), "SP210"),
        (line_of('priority: "7"', ONE_OF_EACH), "SP205"),
        (line_of('priority: "7"', ONE_OF_EACH) - 1, "SP201"),
    }
    assert [s.problem.code for s in result.suppressed] == ["SP306"]  # suppressions apply, and are counted


def test_references_to_an_entry_left_out_are_not_dangling() -> None:
    # "owners: [K.B, Nobody]" reports only Nobody (K.B is kept, its misspelt key dropped); AFI1 and "safe" are
    # served by action 1.1, kept without its misspelt key, so neither is reported as unanswered.
    codes = [code for _, code in found(ONE_OF_EACH)]
    assert codes.count("SP202") == 1 and "SP212" not in codes and "SP213" not in codes


def test_an_entry_left_out_keeps_its_number(tmp_path: Path) -> None:
    text = MINIMAL.replace('  - id: "1.1"', '  - id: "1.0"\n    title: t\n    steps: {a: b}\n  - id: "1.1"', 1)
    text = text.replace('  - id: "1.1"', '  - id: "1.2"', 1)
    text = text.replace('  - id: "1.0"', '  - id: "1.1"', 1)
    (tmp_path / "p.yaml").write_text(text)
    assert [code for _, code in found(tmp_path / "p.yaml")] == ["SP103"]  # no SP217 "1.1 is missing"


def test_a_bad_step_is_left_out_and_its_action_kept(tmp_path: Path) -> None:
    text = MINIMAL + "    steps:\n      - title: a\n        due: Nov-23\n      - title: b\n        owners: {a: b}\n"
    text = text.replace("owners: [M.S]", "owners: [Nobody]")
    (tmp_path / "p.yaml").write_text(text)
    assert sorted(code for _, code in found(tmp_path / "p.yaml")) == ["SP103", "SP202"]


def test_an_error_in_the_plan_block_still_stops_the_file(tmp_path: Path) -> None:
    text = MINIMAL.replace("  kind: strategic plan", "  kind: strategy").replace("owners: [M.S]", "owners: [Nobody]")
    (tmp_path / "p.yaml").write_text(text)
    assert [code for _, code in found(tmp_path / "p.yaml")] == ["SP104"]


def test_the_dates_of_an_entry_left_out_are_still_read(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", "due: 31/11/2023\n    steps: {a: b}")
    (tmp_path / "p.yaml").write_text(text)
    assert sorted(code for _, code in found(tmp_path / "p.yaml")) == ["SP103", "SP302"]


def test_other_commands_still_refuse_a_plan_with_a_schema_error() -> None:
    plan, problems = load_file(str(ONE_OF_EACH))
    assert plan is None and {p.code for p in problems} == {"SP101"}
    plan, _ = load_text(ONE_OF_EACH.read_text(), str(ONE_OF_EACH), partial=True)
    assert plan is not None and [a.id for a in plan.plan.actions] == ["1.1", "1.2", "1.2"]  # unknown keys dropped
    assert [o.id for o in plan.plan.owners] == ["M.S", "K.B"]


def test_a_misspelt_key_is_dropped_and_the_rest_of_its_entry_checked(tmp_path: Path) -> None:
    text = MINIMAL.replace("    owners: [M.S]", "    sourcs: [SEF]\n    owners: [nobody]")
    text = text.replace("due: Nov-23", "due: 31/11/2024").replace("status: On track", "status: Amber")
    (tmp_path / "p.yaml").write_text(text)
    at = found(tmp_path / "p.yaml")
    path = tmp_path / "p.yaml"
    assert (line_of("sourcs:", path), "SP101") in at
    assert (line_of("31/11/2024", path), "SP302") in at
    assert (line_of("Amber", path), "SP209") in at  # hidden until the key was fixed, before
    assert (line_of("nobody", path), "SP202") in at


def test_a_misspelt_key_in_a_step_keeps_the_step(tmp_path: Path) -> None:
    text = MINIMAL + "    steps:\n      - title: a\n        owners: [Nobody]\n        colur: red\n"
    (tmp_path / "p.yaml").write_text(text)
    assert sorted(code for _, code in found(tmp_path / "p.yaml")) == ["SP101", "SP202"]
