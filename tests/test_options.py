"""Settings given badly are usage errors (exit 2) that say what is wrong, never "internal error" or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import sendplan.parallel
from sendplan.parallel import PARALLEL_BYTES, parallel_bytes
from tests.conftest import PLANS, ROOT

AS_OF = ["--as-of", "2025-01-01"]


# --- SENDPLAN_PARALLEL_BYTES -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "2MB", "0x10"])
@pytest.mark.parametrize("command", [["validate", *AS_OF], ["overdue", *AS_OF], ["report", *AS_OF, "-f", "md"]])
def test_a_bad_parallel_bytes_is_a_usage_error_naming_it(cli, monkeypatch, value, command):
    monkeypatch.setenv("SENDPLAN_PARALLEL_BYTES", value)
    result = cli(*command, str(PLANS), "--no-cache", "-j", "1")  # refused even where no worker would start
    assert result.exit_code == 2
    assert result.stderr == (
        f"sendplan: error: SENDPLAN_PARALLEL_BYTES={value!r}: give a whole number of bytes, 0 or more "
        f"(the default is {PARALLEL_BYTES}), or unset it\n"
    )
    assert result.stdout == ""


def test_a_bad_parallel_bytes_is_refused_by_the_program_too():
    """As run, where the variable was once read when sendplan.parallel was imported ("internal error")."""
    env = {**os.environ, "SENDPLAN_PARALLEL_BYTES": "abc"}
    result = subprocess.run(
        [sys.executable, "-m", "sendplan", "validate", str(PLANS), *AS_OF],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "SENDPLAN_PARALLEL_BYTES='abc': give a whole number of bytes" in result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("value", "expected"), [("", PARALLEL_BYTES), ("  ", PARALLEL_BYTES), ("0", 0), (" 5 ", 5)])
def test_parallel_bytes_unset_empty_or_a_number(monkeypatch, value, expected):
    monkeypatch.setenv("SENDPLAN_PARALLEL_BYTES", value)
    assert parallel_bytes() == expected


def test_parallel_bytes_is_read_when_wanted(monkeypatch, cli):
    """0 makes even the shipped plans (well under 2 MB) go to workers: the variable is read at the run, not at import."""
    monkeypatch.setenv("SENDPLAN_PARALLEL_BYTES", "0")
    started = []
    in_workers = sendplan.parallel._in_workers
    monkeypatch.setattr(sendplan.parallel, "_in_workers", lambda *a, **k: started.append(1) or in_workers(*a, **k))
    result = cli("validate", str(PLANS), *AS_OF, "--no-cache", "-j", "2")
    assert result.exit_code == 0
    assert started
    monkeypatch.delenv("SENDPLAN_PARALLEL_BYTES")
    started.clear()
    assert cli("validate", str(PLANS), *AS_OF, "--no-cache", "-j", "2").exit_code == 0
    assert not started


# --- choices -----------------------------------------------------------------------------------------------------


def _choice_options() -> list[tuple[str, str, list[str], bool]]:
    """(command, option, its choices, whether the command has --as-of) for every option of every command whose value
    is one of a set of words."""
    from enum import Enum

    import typer.main

    from sendplan.cli import COMMANDS, app

    group = typer.main.get_command(app)
    found = []
    for name, _ in COMMANDS:
        params = group.commands[name].params
        dated = any("--as-of" in param.opts for param in params)
        for param in params:
            annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
            if isinstance(annotation, type) and issubclass(annotation, Enum):
                found.append((name, param.opts[0], [member.value for member in annotation], dated))
    return found


CHOICES = _choice_options()


def test_the_choice_options_are_found():
    assert len(CHOICES) >= 9
    assert ("crosswalk", "--by", ["findings", "outcomes", "priorities", "sources"], True) in CHOICES


@pytest.fixture(params=["plain", "typer"])
def coercion(request, monkeypatch):
    """Each way an option's value is read: sendplan's plain coercion, and typer's own (pydantic's, whose message for
    a choice starts "Value error, ")."""
    import typer.core

    import sendplan.cli  # noqa: F401  (installs the plain coercion)

    if request.param == "typer":
        plain = typer.core._TyperParameter.get_runtime_param
        monkeypatch.setattr(typer.core._TyperParameter, "get_runtime_param", plain.__wrapped__)
    return request.param


@pytest.mark.parametrize(("command", "option", "choices", "dated"), CHOICES, ids=[f"{c[0]} {c[1]}" for c in CHOICES])
def test_a_bad_choice_is_refused_in_plain_words(cli, coercion, command, option, choices, dated):
    result = cli(command, *(AS_OF if dated else []), option, "bogus")
    assert result.exit_code == 2
    listed = ", ".join(repr(choice) for choice in choices)
    hint = f"'{option}' / '-f'" if option == "--format" else f"'{option}'"
    assert f"Error: Invalid value for {hint}: 'bogus' is not one of {listed}.\n" in result.stderr
    assert "Value error" not in result.stderr + result.stdout
