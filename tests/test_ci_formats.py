"""validate --format gitlab and --format sarif: valid against the published schemas (tests/schemas/)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import DATA, MINIMAL

SCHEMAS = Path(__file__).resolve().parent / "schemas"
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}  # GitLab's Code Quality documentation


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def run(cli, *args: str) -> tuple[int, object]:  # type: ignore[no-untyped-def]
    result = cli("validate", *args)
    return result.exit_code, json.loads(result.stdout)


def test_gitlab_report_of_the_as_published_plans_is_valid(cli) -> None:  # type: ignore[no-untyped-def]
    code, report = run(cli, str(DATA / "as-published"), "--format", "gitlab")
    _, plain = run(cli, str(DATA / "as-published"), "--format", "json")
    assert code == 1 and isinstance(report, list) and isinstance(plain, dict)
    validator = jsonschema.Draft7Validator(schema("gitlab-codeclimate.json"))
    for issue in report:
        validator.validate(issue)
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["location"]["lines"]["begin"] >= 1
        assert not issue["location"]["path"].startswith(("/", "./"))
    expected = [(p["code"], p["file"], max(p["line"], 1)) for p in plain["problems"]]
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in report] == [
        (c, str(Path(f).relative_to(Path.cwd())) if Path(f).is_absolute() else f, line) for c, f, line in expected
    ]
    assert len({i["fingerprint"] for i in report}) == len(report)
    assert {i["severity"] for i in report} == {"major", "minor"}  # errors and warnings both present


def test_the_gitlab_schema_check_can_fail() -> None:
    validator = jsonschema.Draft7Validator(schema("gitlab-codeclimate.json"))
    assert not validator.is_valid({"description": "x", "fingerprint": "y", "severity": "major"})  # no location
    assert not validator.is_valid(
        {"description": "x", "fingerprint": "y", "severity": "major", "location": {"lines": {"begin": "1"}}}
    )


def test_fingerprints_are_stable_when_lines_move(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.yaml"
    broken = MINIMAL.replace("addresses: [AFI1]", "addresses: [AFI9]")
    plan.write_text(broken, encoding="utf-8")
    _, before = run(cli, str(plan), "--format", "gitlab")
    plan.write_text("# a comment\n# and another\n" + broken, encoding="utf-8")
    _, after = run(cli, str(plan), "--format", "gitlab")
    assert isinstance(before, list) and isinstance(after, list)
    assert [i["check_name"] for i in after] == [i["check_name"] for i in before] == ["SP212", "SP207"]
    for moved, was in zip(after, before, strict=True):
        assert moved["location"]["lines"]["begin"] == was["location"]["lines"]["begin"] + 2
        assert moved["fingerprint"] == was["fingerprint"]
    plan.write_text(broken.replace("AFI9", "AFI8"), encoding="utf-8")  # another problem: another fingerprint
    _, other = run(cli, str(plan), "--format", "gitlab")
    assert isinstance(other, list) and other[1]["fingerprint"] != before[1]["fingerprint"]
    assert other[0]["fingerprint"] == before[0]["fingerprint"]


def test_a_clean_plan_gives_an_empty_gitlab_report(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    assert run(cli, str(plan), "--format", "gitlab") == (0, [])


def test_sarif_log_of_the_as_published_plans_is_valid(cli) -> None:  # type: ignore[no-untyped-def]
    code, log = run(cli, str(DATA / "as-published"), "--format", "sarif")
    _, plain = run(cli, str(DATA / "as-published"), "--format", "json")
    assert code == 1 and isinstance(log, dict) and isinstance(plain, dict)
    jsonschema.Draft4Validator(schema("sarif-schema-2.1.0.json")).validate(log)
    assert log["version"] == "2.1.0"
    [sarif_run] = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert len(results) == len(plain["problems"]) > 0
    for result, problem in zip(results, plain["problems"], strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == problem["code"]
        assert result["level"] == problem["severity"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (problem["line"], problem["column"])
        assert result["message"]["text"].startswith(problem["message"])


def test_the_sarif_schema_check_can_fail(cli) -> None:  # type: ignore[no-untyped-def]
    _, log = run(cli, str(DATA / "as-published"), "--format", "sarif")
    assert isinstance(log, dict)
    validator = jsonschema.Draft4Validator(schema("sarif-schema-2.1.0.json"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(log)
    del log["version"]
    assert not validator.is_valid(log)


@pytest.mark.parametrize("format", ["gitlab", "sarif"])
def test_summary_goes_to_stderr(cli, format: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(DATA / "as-published"), "--format", format)
    assert "errors" in result.stderr and "errors," not in result.stdout
