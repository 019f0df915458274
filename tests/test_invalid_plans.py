"""Read commands refuse a plan validate finds in doubt: a duplicate action id, an unknown owner or status word."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINIMAL

DOUBTFUL = {
    "duplicate action id": MINIMAL
    + '  - id: "1.1"\n    priority: "1"\n    title: Again\n    owners: [M.S]\n    due: Dec-23\n    addresses: [AFI1]\n',
    "unknown owner": MINIMAL.replace("owners: [M.S]", "owners: [Nobody]"),
    "unknown status word": MINIMAL.replace("status: On track", "status: Amber"),
}
COMMANDS = [
    ["overdue", "--as-of", "2024-01-31"],
    ["crosswalk", "--as-of", "2024-01-31"],
    ["report", "--as-of", "2024-01-31", "--format", "md"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("fault", list(DOUBTFUL))
def test_read_commands_exit_2_on_a_plan_in_doubt(cli, tmp_path: Path, command: list[str], fault: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "p.yaml").write_text(DOUBTFUL[fault])
    result = cli(command[0], str(tmp_path), *command[1:])
    assert result.exit_code == 2, result.stdout
    assert "p.yaml" in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_read_commands_answer_for_a_sound_plan(cli, tmp_path: Path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "p.yaml").write_text(MINIMAL)
    assert cli(command[0], str(tmp_path), *command[1:]).exit_code == 0


def test_a_suppressed_unknown_owner_does_not_put_the_plan_in_doubt(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace("owners: [M.S]", "owners: [Nobody]  # sendplan: ignore[SP202] a post not yet filled")
    (tmp_path / "p.yaml").write_text(text)
    assert cli("overdue", str(tmp_path), "--as-of", "2024-01-31").exit_code == 0


def test_validate_checks_statuses_against_the_calendar_only_with_as_of(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "p.yaml").write_text(MINIMAL.replace("    start: Feb-23\n", ""))  # due Nov-23, On track
    assert cli("validate", str(tmp_path)).exit_code == 0
    late = cli("validate", str(tmp_path), "--as-of", "2024-06-30", "--strict")
    assert late.exit_code == 1 and "SP316" in late.stdout and "213 days overdue" in late.stdout
    assert cli("validate", str(tmp_path), "--as-of", "2024-06-30").exit_code == 0  # a warning
    assert cli("validate", str(tmp_path), "--as-of", "someday").exit_code == 2


def test_an_empty_as_of_is_refused_by_validate_as_by_overdue(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "p.yaml").write_text(MINIMAL)
    for command in ("validate", "overdue"):
        result = cli(command, str(tmp_path), "--as-of", "")
        assert result.exit_code == 2 and "the date is empty" in result.output, command
