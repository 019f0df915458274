"""The pre-commit hooks, end to end through the real pre-commit package: a bad plan blocks the commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def environment(home: Path, store: Path | None = None) -> dict[str, str]:
    """A git and pre-commit environment of our own: no user or system settings, our own hook store, and fixed
    commit dates (so the same files make the same commit)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Officer",
        GIT_AUTHOR_EMAIL="officer@example.org",
        GIT_COMMITTER_NAME="Officer",
        GIT_COMMITTER_EMAIL="officer@example.org",
        GIT_AUTHOR_DATE="2000-01-01T00:00:00+0000",
        GIT_COMMITTER_DATE="2000-01-01T00:00:00+0000",
        PRE_COMMIT_HOME=str(store or home / "pre-commit-store"),
    )
    return env


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def hook_repo(pytestconfig: pytest.Config) -> tuple[Path, str, Path]:
    """A local git repository of this checkout's files (no network: pre-commit installs the hooks from it), its
    commit, and pre-commit's store.

    Both live in pytest's cache folder: the same files make the same commit, so pre-commit reuses the environment
    it installed for them on an earlier run, and installs afresh (about a minute) whenever a file changes.
    """
    assert pytestconfig.cache is not None
    base = pytestconfig.cache.mkdir("sendplan-pre-commit")
    store = base / "store"
    env = environment(base, store)
    repo = base / "sendplan"
    shutil.rmtree(repo, ignore_errors=True)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in [*tracked.decode().split("\0"), ".pre-commit-hooks.yaml"]:
        if name and not name.startswith(("tests/", "benchmarks/")) and (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    for args in (["git", "init", "-q", "-b", "main"], ["git", "add", "."], ["git", "commit", "-q", "-m", "sendplan"]):
        assert run(args, repo, env).returncode == 0
    sha = run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()
    return repo, sha, store


def test_the_manifest_is_valid_and_defines_both_hooks() -> None:
    result = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert re.search(r"- id: sendplan-validate\n(?:  .*\n)*?  entry: sendplan validate\n", text)
    assert re.search(r"- id: sendplan-fmt\n(?:  .*\n)*?  entry: sendplan fmt --check\n", text)
    validate_block = text.split("- id: sendplan-fmt")[0]
    assert "pass_filenames: false" in validate_block and "language: python" in validate_block


def test_the_readmes_config_is_valid(tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", README, re.DOTALL)
    assert block, "the README shows an officer's .pre-commit-config.yaml"
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(block.group(1))
    result = subprocess.run([*PRE_COMMIT, "validate-config", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "id: sendplan-validate" in block.group(1) and "id: sendplan-fmt" in block.group(1)


def test_a_bad_or_unformatted_plan_blocks_the_commit_and_a_good_one_passes(
    hook_repo: tuple[Path, str, Path], tmp_path: Path
) -> None:
    hooks, sha, store = hook_repo
    env = environment(tmp_path, store)
    plans = tmp_path / "plans-repo"
    (plans / "plans").mkdir(parents=True)
    assert run(["git", "init", "-q"], plans, env).returncode == 0
    (plans / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {sha}\n    hooks:\n      - id: sendplan-validate\n      - id: sendplan-fmt\n"
    )  # both hooks share the one environment pre-commit installs for the repository: the fmt hook adds seconds
    installed = run([*PRE_COMMIT, "install"], plans, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (plans / "plans" / "demo.yaml").write_text(MINIMAL)
    run(["git", "add", "."], plans, env)
    good = run(["git", "commit", "-m", "a good plan"], plans, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"sendplan validate\.+Passed", good.stdout + good.stderr)
    assert re.search(r"sendplan fmt\.+Passed", good.stdout + good.stderr)

    # A valid plan, badly formatted (the plan's id moved below its title): the fmt hook alone blocks the commit.
    unformatted = MINIMAL.replace("  id: demo\n  title: Demo plan\n", "  title: Demo plan\n  id: demo\n")
    assert unformatted != MINIMAL
    (plans / "plans" / "demo.yaml").write_text(unformatted)
    run(["git", "add", "."], plans, env)
    messy = run(["git", "commit", "-m", "a messy plan"], plans, env)
    assert messy.returncode != 0
    output = messy.stdout + messy.stderr
    assert re.search(r"sendplan validate\.+Passed", output) and re.search(r"sendplan fmt\.+Failed", output)
    assert "would reformat plans/demo.yaml" in output
    assert (plans / "plans" / "demo.yaml").read_text() == unformatted  # --check: the officer's file is not changed

    (plans / "plans" / "demo.yaml").write_text(MINIMAL.replace("addresses: [AFI1]", "addresses: [AFI9]"))
    run(["git", "add", "."], plans, env)
    bad = run(["git", "commit", "-m", "a bad plan"], plans, env)
    assert bad.returncode != 0
    output = bad.stdout + bad.stderr
    assert re.search(r"sendplan validate\.+Failed", output)
    assert "plans/demo.yaml:" in output and "SP207 finding 'AFI9' does not exist" in output
    log = run(["git", "log", "--format=%s"], plans, env).stdout
    assert log == "a good plan\n"  # neither the messy nor the bad commit was made
