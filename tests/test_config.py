"""Repository settings and per-line suppressions, each with a passing and a failing case."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sendplan.config import Config, find_config, read_config
from sendplan.problems import SendplanError
from sendplan.validate import validate
from tests.conftest import MINIMAL

UNADDRESSED = MINIMAL.replace("addresses: [AFI1]", "addresses: []")  # SP212: AFI1 has no action


def codes_in(folder: Path) -> list[str]:
    return [p.code for p in validate([str(folder)]).problems]


def test_defaults_require_findings_to_be_addressed(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(UNADDRESSED)
    assert codes_in(tmp_path) == ["SP212"]


def test_sendplan_toml_beside_the_plans_changes_severity(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(UNADDRESSED)
    (tmp_path / "sendplan.toml").write_text('[severity]\nSP212 = "warning"\n')
    result = validate([str(tmp_path)])
    assert [(p.code, p.severity) for p in result.problems] == [("SP212", "warning")]
    assert result.errors == 0


def test_pyproject_tool_table_ignores_a_rule(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.yaml").write_text(UNADDRESSED)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.sendplan]\nignore = ["SP21"]\n')
    assert codes_in(plans) == []


def test_select_reports_only_the_chosen_rules(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(UNADDRESSED.replace("due: Nov-23", "due: 31/11/2023"))
    (tmp_path / "sendplan.toml").write_text('select = ["SP3"]\n')
    assert codes_in(tmp_path) == ["SP302"]


def test_required_links_by_plan_kind(tmp_path: Path) -> None:
    plan = MINIMAL.replace('    priority: "1"\n', "", 1).replace(
        "addresses: [AFI1]",
        'addresses: [AFI1]\n  - id: "1.2"\n    priority: "1"\n    title: t\n    owners: [M.S]\n    due: TBC  # sendplan: ignore[SP306] t',
    )
    (tmp_path / "p.yaml").write_text(plan)
    assert codes_in(tmp_path) == []  # a strategic plan's action may sit under a priority only
    (tmp_path / "p.yaml").write_text(plan.replace("kind: strategic plan", "kind: written statement of action"))
    assert codes_in(tmp_path) == ["SP218"]  # a WSOA's actions must each address a finding
    (tmp_path / "sendplan.toml").write_text('[require]\n"written statement of action" = ["finding-action"]\n')
    assert codes_in(tmp_path) == []


def test_a_plan_kind_need_not_date_its_actions(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(MINIMAL.replace("    due: Nov-23\n", ""))
    assert codes_in(tmp_path) == ["SP314"]
    (tmp_path / "sendplan.toml").write_text('[require]\n"strategic plan" = ["finding-action"]\n')
    assert codes_in(tmp_path) == []


def test_calendar_setting_checks_statuses_against_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Today(date):
        @classmethod
        def today(cls) -> date:
            return date(2024, 1, 31)

    monkeypatch.setattr("sendplan.validate.date", Today)
    (tmp_path / "p.yaml").write_text(MINIMAL.replace("    start: Feb-23\n", ""))  # due Nov-23, On track
    assert codes_in(tmp_path) == []
    (tmp_path / "sendplan.toml").write_text("calendar = true\n")
    assert codes_in(tmp_path) == ["SP316"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('select = ["XX9"]\n', "matches no rule"),
        ('colour = "red"\n', "unknown setting colour"),
        ('selct = ["SP2"]\n', "did you mean 'select'"),
        ('[require]\n"strategic plna" = []\n', "did you mean 'strategic plan'"),
        ('[require]\n"strategic plan" = ["action-findng"]\n', "'action-findng'"),
        ('[severity]\nSP212 = "fatal"\n', "use 'error' or 'warning'"),
        ('[severity]\nSP999 = "error"\n', "unknown rule SP999"),
        ('[require]\n"strategic plan" = ["everything"]\n', "it lists some of"),
        ("select = [\n", "cannot read settings"),
        ('calendar = "yes"\n', "use true or false"),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, settings: str, message: str) -> None:
    (tmp_path / "sendplan.toml").write_text(settings)
    with pytest.raises(SendplanError, match=message):
        read_config(tmp_path / "sendplan.toml", table=None)


def test_a_broken_pyproject_with_sendplan_settings_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.sendplan\nignore = []\n")
    with pytest.raises(SendplanError, match="cannot read settings"):
        find_config([str(tmp_path)])


def test_no_settings_means_defaults(tmp_path: Path) -> None:
    assert find_config([str(tmp_path)]).file is None
    assert Config().required("written statement of action") >= {"SP218", "SP212"}


def test_suppression_silences_its_line_with_a_reason(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", "due: TBC  # sendplan: ignore[SP306] the board has not set a date")
    (tmp_path / "p.yaml").write_text(text)
    result = validate([str(tmp_path)])
    assert result.problems == []
    (silenced,) = result.suppressed
    assert silenced.problem.code == "SP306" and silenced.reason == "the board has not set a date"


@pytest.mark.parametrize("value", ['"TBC"', "'TBC'"])
def test_suppression_after_a_quoted_value_is_applied(tmp_path: Path, value: str) -> None:
    text = MINIMAL.replace("due: Nov-23", f"due: {value}  # sendplan: ignore[SP306] the board has not set a date")
    text = text.replace("title: Do the thing", "title: The children's thing")  # an apostrophe opens no quote
    (tmp_path / "p.yaml").write_text(text)
    result = validate([str(tmp_path)])
    assert result.problems == [] and [s.problem.code for s in result.suppressed] == ["SP306"]


def test_a_hash_inside_quoted_text_is_not_a_suppression(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", 'due: TBC\n    note: "see # sendplan: ignore[SP306] in the docs"')
    (tmp_path / "p.yaml").write_text(text)
    assert codes_in(tmp_path) == ["SP306"]


def test_suppression_on_its_own_line_silences_the_next(tmp_path: Path) -> None:
    text = MINIMAL.replace("    due: Nov-23", "    # sendplan: ignore[SP306] not yet agreed\n    due: TBC")
    (tmp_path / "p.yaml").write_text(text)
    assert codes_in(tmp_path) == []


def test_suppression_of_another_code_does_not_silence(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", "due: TBC  # sendplan: ignore[SP307] wrong code")
    (tmp_path / "p.yaml").write_text(text)
    assert sorted(codes_in(tmp_path)) == ["SP306", "SP402"]  # the warning stays, the suppression is unused


@pytest.mark.parametrize(
    "comment",
    [
        "# sendplan: ignore[SP306]",
        "# sendplan: ignore[SP999] a reason",
        "# sendplan: ignroe[SP306] typo",
        "# sendplan: ignore[] why",
    ],
)
def test_malformed_suppression_is_a_finding(tmp_path: Path, comment: str) -> None:
    text = MINIMAL.replace("due: Nov-23", f"due: TBC  {comment}")
    (tmp_path / "p.yaml").write_text(text)
    found = validate([str(tmp_path)]).problems
    assert "SP401" in [p.code for p in found]
    (problem,) = [p for p in found if p.code == "SP401"]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "sendplan:" in row)
    assert problem.line == line and "write: # sendplan: ignore[" in problem.hint


def test_unused_suppression_is_reported(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", "due: Nov-23  # sendplan: ignore[SP306] stale")
    (tmp_path / "p.yaml").write_text(text)
    assert codes_in(tmp_path) == ["SP402"]


def test_suppression_works_in_a_file_with_schema_errors(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    title: Do the thing\n",
        "    title: Do the thing\n    colour: red  # sendplan: ignore[SP101] kept for the old tool\n",
    )
    (tmp_path / "p.yaml").write_text(text)
    result = validate([str(tmp_path)])
    assert result.problems == [] and [s.problem.code for s in result.suppressed] == ["SP101"]


def test_cli_show_suppressed_and_select(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: TBC  # sendplan: ignore[SP306] not set"))
    quiet = cli("validate", str(path))
    assert quiet.stdout.strip() == "1 file checked: no problems (1 suppressed; --show-suppressed lists them)"
    shown = cli("validate", str(path), "--show-suppressed")
    assert "SP306 suppressed: the date is to be confirmed" in shown.stdout and "reason: not set" in shown.stdout
    assert shown.stdout.splitlines()[-1] == "1 file checked: no problems (1 suppressed)"  # listed above already
    assert cli("validate", str(path), "--select", "XX").exit_code == 2


def test_shipped_plans_suppress_only_with_reasons() -> None:
    result = validate(["plans"])
    assert result.problems == []
    assert {s.problem.code for s in result.suppressed} == {"SP204", "SP306", "SP307"}
    assert all(len(s.reason) > 20 for s in result.suppressed)


def test_codes_may_be_separated_by_spaces(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", "due: TBC  # sendplan: ignore[SP306 SP307] not agreed yet")
    (tmp_path / "p.yaml").write_text(text)
    assert codes_in(tmp_path) == ["SP402"]  # SP306 silenced; SP307 silences nothing and is reported


def test_unused_suppressions_of_rules_switched_off_are_not_reported(tmp_path: Path) -> None:
    text = MINIMAL.replace("due: Nov-23", "due: TBC  # sendplan: ignore[SP306] not set")
    (tmp_path / "p.yaml").write_text(text)
    (tmp_path / "sendplan.toml").write_text('ignore = ["SP3"]\n')
    assert codes_in(tmp_path) == []


def test_dates_are_checked_in_a_file_that_fails_the_schema(tmp_path: Path) -> None:
    text = MINIMAL.replace("    status: On track", "    stauts: On track").replace("due: Nov-23", "due: 31/09/2025")
    (tmp_path / "p.yaml").write_text(text)
    found = [(p.code, p.line) for p in validate([str(tmp_path)]).problems]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "31/09/2025" in row)
    assert ("SP302", line) in found and "SP101" in [code for code, _ in found]


def test_the_documented_example_settings_file_reads_as_it_says(tmp_path: Path) -> None:
    """The example in docs/configuration.md, copied as it stands, is a settings file sendplan accepts."""
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "sendplan.toml").write_text(example)
    config = read_config(tmp_path / "sendplan.toml", None)
    assert config.calendar is False
    assert config.severity["SP204"] == "error"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '[rules]\nSP101 = "loud"\nx = = 1\n',
            "sendplan.toml:3:5: cannot read settings: Invalid value; correct the TOML",
        ),
        ("select = [\n", "sendplan.toml: cannot read settings: Invalid value at the end of the file; correct the TOML"),
    ],
)
def test_settings_that_are_not_toml_are_named_at_their_line_and_column(tmp_path: Path, text: str, said: str) -> None:
    (tmp_path / "sendplan.toml").write_text(text)
    with pytest.raises(SendplanError) as raised:
        read_config(tmp_path / "sendplan.toml", table=None)
    assert str(raised.value) == f"{tmp_path}/{said} there (docs/configuration.md)"
    (tmp_path / "sendplan.toml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.sendplan]\n" + text)
    with pytest.raises(SendplanError, match=r"pyproject\.toml(:\d+:\d+)?: cannot read settings: .*correct the TOML"):
        find_config([str(tmp_path)])
