"""Whole answers of overdue and upcoming kept in the cache: a warm run reads no plan and imports no plan model,
and any change to the files or the question asked gives the answer of a fresh run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PLANS, ROOT

AS_OF = ["--as-of", "2024-06-30"]
HEAVY = (
    "pydantic",
    "ruamel.yaml",
    "sendplan.model",
    "sendplan.load",
    "sendplan.dates",
    "sendplan.checks",
    "sendplan.validate",
    "sendplan.overdue",
    "sendplan.parallel",
)


def test_a_warm_overdue_imports_no_plan_model_nor_parser(tmp_path: Path) -> None:
    program = (
        "import runpy, sys\n"
        "sys.argv = ['sendplan', 'overdue', 'plans', *sys.argv[2:], '--cache-dir', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('sendplan', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    for options in (AS_OF, [*AS_OF, "--owner", "Safeguarding", "--format", "json"]):
        command = [sys.executable, "-c", program, str(tmp_path / "cache"), *options]
        cold = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        warm = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        assert "sendplan.model" in cold.stderr, "the cold run should have read the plans"
        assert warm.stdout == cold.stdout and "30 June 2024" in warm.stdout
        assert warm.stderr.strip().splitlines()[-1] == "[]"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    copy = tmp_path / "plans"
    shutil.copytree(PLANS, copy)
    return copy


@pytest.fixture
def both(cli, tmp_path):  # type: ignore[no-untyped-def]
    """Run a command through the cache and afresh; give both results' (exit code, stdout, stderr)."""
    cache = str(tmp_path / "cache")

    def run(*args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
        kept, fresh = cli(*args, "--cache-dir", cache), cli(*args, "--no-cache")
        return (kept.exit_code, kept.stdout, kept.stderr), (fresh.exit_code, fresh.stdout, fresh.stderr)

    return run


def test_a_warm_answer_reads_no_plan(cli, plans, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from sendplan.commands import common

    cache = ["--cache-dir", str(tmp_path / "cache")]
    for command in (["overdue", str(plans), *AS_OF], ["upcoming", str(plans), *AS_OF, "--within", "3m"]):
        cold = cli(*command, *cache)
        monkeypatch.setattr(common, "load_readable", lambda *a: pytest.fail("a warm answer read the plans"))
        warm = cli(*command, *cache)
        monkeypatch.undo()
        assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)


def test_an_edited_or_removed_file_gives_the_fresh_answer(both, plans):  # type: ignore[no-untyped-def]
    command = ["overdue", str(plans), *AS_OF]
    before, fresh = both(*command)
    assert before == fresh and "Nov-23" in fresh[1]
    hull = plans / "hull-2024-27.yaml"
    hull.write_text(hull.read_text(encoding="utf-8").replace("due: Nov-23", "due: Nov-25", 1), encoding="utf-8")
    kept, fresh = both(*command)
    assert kept == fresh and kept != before
    (plans / "york-2023-25.yaml").unlink()
    kept, fresh = both(*command)
    assert kept == fresh and "york-2023-25" not in fresh[1]


@pytest.mark.parametrize(
    "variant",
    [
        ["--as-of", "2023-12-31"],
        ["--as-of", "March 2025"],
        [*AS_OF, "--owner", "Safeguarding"],
        [*AS_OF, "--plan", "york-2023-25"],
        [*AS_OF, "--status", "not recorded"],
        [*AS_OF, "--priority", "1"],
        [*AS_OF, "--owner", "nobody at all"],  # names nothing: an error, never kept
    ],
)
def test_another_question_gives_the_fresh_answer(both, plans, variant):  # type: ignore[no-untyped-def]
    first, _ = both("overdue", str(plans), *AS_OF)
    for command in (["overdue", str(plans), *variant], ["upcoming", str(plans), *variant, "--within", "6w"]):
        for _ in range(2):  # cold, then warm
            kept, fresh = both(*command)
            assert kept == fresh
    if variant[:2] != AS_OF or len(variant) > 2:
        kept, _ = both("overdue", str(plans), *variant)
        assert kept != first


def test_upcoming_windows_are_answered_apart(both, plans):  # type: ignore[no-untyped-def]
    for window in (["--within", "30d"], ["--within", "3m"], ["--until", "2025-03-31"], ["--within", "3m"]):
        kept, fresh = both("upcoming", str(plans), *AS_OF, *window)
        assert kept == fresh


def test_a_left_out_file_still_fails_warm(both, plans):  # type: ignore[no-untyped-def]
    (plans / "broken.yaml").write_text("plan:\n  id: x\n  title: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        kept, fresh = both("overdue", str(plans), *AS_OF)
        assert kept == fresh and fresh[0] == 2 and "broken.yaml" in fresh[2]
