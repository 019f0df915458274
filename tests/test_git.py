"""sendplan/git.py: finding the repository, resolving revisions, listing and reading files at a revision."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from sendplan import git
from sendplan.problems import SendplanError


def run_git(repo: Path, *args: str, when: str = "2024-03-01T12:00:00") -> str:
    """Run git in `repo` with a fixed author, committer and date (so --since has something to find)."""
    env = {
        "GIT_AUTHOR_NAME": "Officer",
        "GIT_AUTHOR_EMAIL": "officer@example.org",
        "GIT_COMMITTER_NAME": "Officer",
        "GIT_COMMITTER_EMAIL": "officer@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "HOME": str(repo),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "plans" / ".hidden").mkdir(parents=True)
    run_git(root, "init", "-q", "-b", "main")
    (root / "plans" / "a.yaml").write_text("plan: one\n")
    (root / "plans" / "notes.txt").write_text("not a plan\n")
    (root / "plans" / ".hidden" / "b.yaml").write_text("plan: hidden\n")
    run_git(root, "add", ".")
    run_git(root, "commit", "-q", "-m", "first", when="2024-03-01T12:00:00")
    run_git(root, "tag", "board-2024-03")
    (root / "plans" / "a.yaml").write_text("plan: two\n")
    run_git(root, "commit", "-q", "-am", "second", when="2024-04-15T09:00:00")
    return root


def test_find_root_from_a_subfolder(repo: Path) -> None:
    assert git.find_root(repo / "plans").resolve() == repo.resolve()


def test_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    with pytest.raises(SendplanError, match="not inside a git repository"):
        git.find_root(outside)


def test_resolve_a_tag_a_branch_and_a_commit(repo: Path) -> None:
    tag = git.resolve(repo, "board-2024-03")
    assert tag.subject == "first" and tag.when == date(2024, 3, 1)
    assert tag.label == f"board-2024-03 ({tag.sha[:7]})"
    assert git.resolve(repo, "main").subject == "second"
    assert git.resolve(repo, tag.sha[:10]).sha == tag.sha
    assert git.resolve(repo, "HEAD~1").sha == tag.sha


@pytest.mark.parametrize("rev", ["no-such-tag", "--output=/tmp/x", "HEAD~9"])
def test_unknown_revisions_are_clear_errors(repo: Path, rev: str) -> None:
    with pytest.raises(SendplanError, match="revision|names no commit"):
        git.resolve(repo, rev)


def test_a_repository_without_commits(tmp_path: Path) -> None:
    run_git(tmp_path, "init", "-q")
    with pytest.raises(SendplanError, match="no commits yet"):
        git.resolve(tmp_path, "HEAD")


def test_last_commit_on_or_before_a_date(repo: Path) -> None:
    assert git.last_commit_before(repo, date(2024, 3, 31), "2024-03-31").subject == "first"
    assert git.last_commit_before(repo, date(2024, 4, 15), "2024-04-15").subject == "second"
    with pytest.raises(SendplanError, match="no commit was made on or before 2024-02-01"):
        git.last_commit_before(repo, date(2024, 2, 1), "2024-02-01")


def test_list_files_takes_plan_suffixes_and_skips_hidden_folders(repo: Path) -> None:
    head = git.resolve(repo, "HEAD")
    assert git.list_files(repo, head, ["plans"], (".yaml", ".yml")) == ["plans/a.yaml"]
    assert git.exists(repo, head, "plans") and git.exists(repo, head, "plans/a.yaml")
    assert not git.exists(repo, head, "plans/missing.yaml")


def test_read_gives_the_bytes_at_that_revision(repo: Path) -> None:
    assert git.read(repo, git.resolve(repo, "board-2024-03"), "plans/a.yaml") == b"plan: one\n"
    assert git.read(repo, git.resolve(repo, "HEAD"), "plans/a.yaml") == b"plan: two\n"


def test_read_a_path_not_in_the_revision_or_too_large(repo: Path) -> None:
    head = git.resolve(repo, "HEAD")
    with pytest.raises(SendplanError, match=r"plans/gone.yaml is not in HEAD \("):
        git.read(repo, head, "plans/gone.yaml")
    with pytest.raises(SendplanError, match="larger than"):
        git.read(repo, head, "plans/a.yaml", limit=3)


def test_read_many_reads_several_files_in_one_batch(repo: Path) -> None:
    (repo / "plans" / "c.yaml").write_bytes(b"plan: three\n\x00binary\n")
    run_git(repo, "add", ".")
    run_git(repo, "commit", "-q", "-m", "third", when="2024-05-01T09:00:00")
    head = git.resolve(repo, "HEAD")
    assert git.read_many(repo, head, ["plans/a.yaml", "plans/c.yaml"]) == {
        "plans/a.yaml": b"plan: two\n",
        "plans/c.yaml": b"plan: three\n\x00binary\n",
    }
    assert git.read_many(repo, head, []) == {}
    with pytest.raises(SendplanError, match="plans/gone.yaml is not in HEAD"):
        git.read_many(repo, head, ["plans/a.yaml", "plans/gone.yaml"])
    with pytest.raises(SendplanError, match="larger than"):
        git.read_many(repo, head, ["plans/a.yaml"], limit=3)
