"""The command line, in-process through typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sendplan.rules import RULES
from tests.conftest import MINIMAL, PLANS, ROOT


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("sendplan 0.")


def test_validate_clean_plan_exits_0(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL)
    result = cli("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 file checked: no problems"


def test_validate_reports_file_line_col_code(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("owners: [M.S]", "owners: [L:B]"))
    result = cli("validate", str(path), "--no-color")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    line = next(n for n, row in enumerate(MINIMAL.splitlines(), 1) if "owners: [M.S]" in row)
    assert first == f"{path}:{line}:14: SP202 owner 'L:B' is not in the owners list"
    assert result.stdout.splitlines()[1].startswith("    hint: ")
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings in 1 file"


def test_warnings_pass_unless_strict(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: TBC"))
    assert cli("validate", str(path)).exit_code == 0
    assert cli("validate", str(path), "--strict").exit_code == 1


def test_json_format_is_stable(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: 31/11/2023"))
    result = cli("validate", str(path), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["summary"] == {"files": 1, "errors": 1, "warnings": 0, "suppressed": 0}
    (problem,) = document["problems"]
    assert set(problem) == {"file", "line", "column", "code", "severity", "message", "hint"}
    assert (problem["code"], problem["severity"]) == ("SP302", "error")


def test_github_format(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: TBC"))
    result = cli("validate", str(path), "--format", "github")
    line = next(n for n, row in enumerate(MINIMAL.splitlines(), 1) if "due: Nov-23" in row)
    assert result.stdout.startswith(f"::warning file={path},line={line},col=10,title=SP306::")


def test_colour_only_when_asked_or_a_terminal(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: TBC"))
    assert "\033[" not in cli("validate", str(path)).stdout
    assert "\033[33m" in cli("validate", str(path), "--color").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/place"], "no/such/place: no such file or folder"),
        (["validate", "--format", "xml", "plans"], "Invalid value"),
        (["overdo"], "No such command"),
    ],
)
def test_usage_and_unreadable_input_exit_2(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_empty_folder_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 2 and "no plan files" in result.stderr


def test_rules_lists_every_code(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules")
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(RULES)


def test_schema_matches_the_committed_copy(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schema")
    committed = (ROOT / "schema" / "plan.schema.json").read_text()
    assert result.stdout == committed, "run: sendplan schema -o schema/plan.schema.json"


def test_plans_point_editors_at_the_schema() -> None:
    for plan in PLANS.rglob("*.yaml"):
        first = plan.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), plan
        target = (plan.parent / first.split("$schema=")[1]).resolve()
        assert target == (ROOT / "schema" / "plan.schema.json").resolve(), plan


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sendplan", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_subprocess_validate_shipped_plans() -> None:
    result = run("validate", "plans")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("4 files checked: no problems")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02\xff",
        b"plan:\n\tid: x\n",
        b"a: &x [1]\nb: *x\n",
        b"- just\n- a list\n",
        b"%YAML 1.1\n---\na: 1\n",
    ],
)
def test_subprocess_bad_input_never_tracebacks(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{path}:")


def test_overdue_start_up_stays_lean() -> None:
    """Piped `overdue` imports neither rich nor jinja2, nor any HTTP client."""
    code = (
        "import sys\n"
        "from sendplan.cli import app\n"
        "try:\n    app(['overdue', 'plans', '--as-of', '2024-06-30'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'jinja2', 'http.client', 'urllib.request') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout[-500:] + result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("overdue", "plans", "--as-of", "2025-06-30"),
        ("validate", "plans"),
        ("crosswalk", "plans", "--as-of", "2025-06-30"),
    ],
)
def test_a_closed_pipe_stops_quietly(args: tuple[str, ...]) -> None:
    """`sendplan overdue | head -1`: the reader has gone before anything is written; no error, no traceback."""
    reader, writer = os.pipe()
    os.close(reader)  # every write to `writer` now fails with EPIPE, however little is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sendplan", *args], cwd=ROOT, stdout=writer, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(writer)
    assert result.stderr.decode() == ""  # neither "internal error" nor Python's "Exception ignored" at exit
    assert result.returncode == 141  # what a shell reports for a tool stopped by SIGPIPE
