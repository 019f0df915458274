"""The README and --help stay honest: every command documented, CI runs the README's test command."""

from __future__ import annotations

import re

from sendplan.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]


def test_every_command_is_in_the_readme() -> None:
    for name in commands():
        assert f"`sendplan {name}" in README, name


def test_every_command_has_help_with_an_example(cli) -> None:  # type: ignore[no-untyped-def]
    for name in commands():
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example: sendplan" in result.stdout, name


def test_readme_first_screen_has_the_two_setup_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:30])
    blocks = re.findall(r"^    (python3 -m venv .+)$", first_screen, re.MULTILINE)
    assert len(blocks) == 2
    assert blocks[0].endswith("sendplan overdue plans")
    assert "pytest" in blocks[1]


def test_ci_runs_the_readmes_test_command() -> None:
    test_command = re.findall(r"^    (python3 -m venv .+pytest)$", README, re.MULTILINE)[0]
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_docs_links_resolve() -> None:
    for target in re.findall(r"\]\(((?:docs|schema)/[^)]+)\)", README):
        assert (ROOT / target).exists(), target
