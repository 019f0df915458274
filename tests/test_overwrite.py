"""import -o, export -o and chase -o never replace what an officer may have filled in, unless --force."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PLANS

HULL = str(PLANS / "hull-2024-27.yaml")

MAP = """\
[plan]
id = "our-plan"
title = "Our plan"
area = "Somewhere"
kind = "improvement plan"

[columns]
id = "Ref"
title = "Action"
"""


def test_export_refuses_an_existing_file_unless_forced(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("tracker.xlsx", "tracker.csv", "dates.ics"):
        out = tmp_path / name
        out.write_text("an officer's own notes\n")
        result = cli("export", HULL, "-o", str(out), "--as-of", "2024-06-30")
        assert result.exit_code == 2
        assert "already exists; give --force" in result.stderr
        assert out.read_text() == "an officer's own notes\n"
        assert cli("export", HULL, "-o", str(out), "--as-of", "2024-06-30", "--force").exit_code == 0
        assert out.read_bytes() != b"an officer's own notes\n"


def test_import_refuses_an_existing_plan_unless_forced(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Ref,Action\n1.1,Listen to families\n")
    (tmp_path / "map.toml").write_text(MAP)
    out = tmp_path / "plan.yaml"
    out.write_text("# my plan\n")
    args = ("import", str(tracker), "--map", str(tmp_path / "map.toml"), "-o", str(out))
    result = cli(*args)
    assert result.exit_code == 2 and "already exists; give --force" in result.stderr
    assert out.read_text() == "# my plan\n"
    assert cli(*args, "--force").exit_code == 0
    assert "Listen to families" in out.read_text()


def test_chase_refuses_a_folder_with_an_earlier_run_and_force_removes_only_its_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "chase"
    args = ("chase", HULL, "--as-of", "2024-07-15", "-o", str(out))
    assert cli(*args).exit_code == 0
    first = sorted(p.name for p in out.iterdir())
    assert "chase-updates.xlsx" in first and len(first) > 1
    (out / "notes.md").write_text("# My own notes\n")  # named like a message, but not one
    (out / "README.txt").write_text("Progress update: kept\n")
    sheet = (out / "chase-updates.xlsx").read_bytes()
    result = cli(*args)
    assert result.exit_code == 2
    assert "earlier chase" in result.stderr and "--force" in result.stderr
    assert (out / "chase-updates.xlsx").read_bytes() == sheet
    stale = out / "someone-who-left.md"
    stale.write_text("# Progress update: Someone who left\n")
    assert cli(*args, "--force").exit_code == 0
    assert not stale.exists()  # an earlier message for an owner no longer chased is removed
    assert (out / "notes.md").read_text() == "# My own notes\n"
    assert (out / "README.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([*first, "notes.md", "README.txt"])


def test_chase_into_a_folder_of_other_files_is_fine(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "chase"
    out.mkdir()
    (out / "notes.md").write_text("# My own notes\n")
    assert cli("chase", HULL, "--as-of", "2024-07-15", "-o", str(out)).exit_code == 0
    assert (out / "notes.md").read_text() == "# My own notes\n"
