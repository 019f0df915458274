"""sendplan diff: a copy is not a rename, a deleted file is removed, and every move of a date is listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_diff import BASE
from tests.test_git import run_git


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    run_git(root, "init", "-q", "-b", "main")
    (root / "plans" / "demo.yaml").write_text(BASE)
    (root / "plans" / "broken.yaml").write_text("plan: [unclosed\n")
    run_git(root, "add", ".")
    run_git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    return root


def plans(cli, *args: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    result = cli("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {p["plan"]: p for p in json.loads(result.stdout)["plans"]}


def test_a_copy_with_the_same_plan_id_is_not_a_rename(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (repo / "plans" / "a-copy.yaml").write_text(BASE)  # read first: it sorts before demo.yaml
    demo = plans(cli)["demo"]
    assert (demo["before_file"], demo["after_file"], demo["renamed"]) == ("plans/demo.yaml", "plans/demo.yaml", False)
    assert any(f["code"] == "SP216" for f in demo["new_findings"])  # the copy's duplicate id is what changed
    assert "renamed" not in cli("diff").stdout


def test_a_moved_plan_is_still_a_rename(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (repo / "plans" / "demo.yaml").rename(repo / "plans" / "moved.yaml")
    demo = plans(cli)["demo"]
    assert (demo["before_file"], demo["after_file"], demo["renamed"]) == ("plans/demo.yaml", "plans/moved.yaml", True)


def test_a_deleted_file_that_never_loaded_is_removed(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (repo / "plans" / "broken.yaml").unlink()
    broken = plans(cli)["plans/broken.yaml"]
    assert (broken["state"], broken["before_file"], broken["after_file"]) == ("removed", "plans/broken.yaml", None)
    text = cli("diff").stdout
    assert "removed: was plans/broken.yaml" in text and "cannot be read in one version" not in text


def test_a_file_that_still_does_not_load_says_so(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (repo / "plans" / "broken.yaml").write_text("plan: [still unclosed\n")
    assert "cannot be read in either version" in cli("diff").stdout


def test_two_rebaselines_list_both_moves(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = str(repo / "plans" / "demo.yaml")
    assert cli("rebaseline", plan, "1.2", "--due", "June 2024", "--reason", "Provider withdrew").exit_code == 0
    assert cli("rebaseline", plan, "1.2", "--due", "September 2024", "--reason", "Second provider late").exit_code == 0
    moves = [(d["field"], d["before"], d["after"], d["reason"]) for d in plans(cli)["demo"]["dates"]]
    assert moves == [
        ("revised", None, "June 2024", "Provider withdrew"),
        ("revised", "June 2024", "September 2024", "Second provider late"),
    ]
    text = cli("diff").stdout
    assert "1.2 revised due date: none → June 2024" in text
    assert "1.2 revised due date: June 2024 → September 2024" in text
