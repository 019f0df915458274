"""Shared test helpers: the repository root, plan text builders, and running the CLI."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands run by tests keep their cache in a temporary folder, never .sendplan_cache/ in the repository."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SENDPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("sendplan-cache")))
        yield


MINIMAL = """\
plan:
  id: demo
  title: Demo plan
  area: Demo
  kind: strategic plan
  years: financial
statuses:
  On track: on track
  Done: complete
sources:
  SEF: self-evaluation
owners:
  - id: M.S
    name: Maxine Squire
    initials: M.S
priorities:
  - id: "1"
    title: Voice
outcomes:
  - id: safe
    text: I am safe
findings:
  - id: AFI1
    text: Leaders should do better.
actions:
  - id: "1.1"
    priority: "1"
    title: Do the thing
    owners: [M.S]
    start: Feb-23
    due: Nov-23
    status: On track
    outcomes: [safe]
    addresses: [AFI1]
    sources: [SEF]
"""


def dedent(text: str) -> str:
    """Inline YAML in tests is written indented; plans are not."""
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write_plan(tmp_path: Path):
    """Write plan text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli():
    """Run the typer app in-process: cli(args) -> result with exit_code, stdout, stderr."""
    from sendplan.cli import app

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def golden():
    """Compare text with tests/golden/NAME; SENDPLAN_UPDATE_GOLDEN=1 pytest rewrites the files instead.

    Refresh after a deliberate change, then read the diff (git diff tests/golden) before committing it.
    """
    import os

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("SENDPLAN_UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: run SENDPLAN_UPDATE_GOLDEN=1 pytest"
        assert text == path.read_text(encoding="utf-8")

    return check


def property_settings(examples: int) -> Any:
    """Hypothesis settings for this suite: a fixed example count (sized for CI), reproducible, no database."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
