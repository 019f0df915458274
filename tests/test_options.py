"""Settings given badly are usage errors (exit 2) that say what is wrong, never "internal error" or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.parametrize(
    "command",
    [
        ["validate", *AS_OF],
        ["overdue", *AS_OF],
        ["upcoming", *AS_OF],
        ["crosswalk", *AS_OF],
        ["report", *AS_OF, "-f", "md"],
    ],
)
def test_a_bad_parallel_bytes_is_refused_when_the_cache_answers_too(cli, monkeypatch, tmp_path, command):
    """The same command, the same answer: not exit 0 from a warm cache and exit 2 from a cold one."""
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert cli(*command, str(PLANS), *cache).exit_code in (0, 1)  # warm now
    monkeypatch.setenv("SENDPLAN_PARALLEL_BYTES", "abc")
    result = cli(*command, str(PLANS), *cache)
    assert result.exit_code == 2
    assert "SENDPLAN_PARALLEL_BYTES='abc'" in result.stderr and result.stdout == ""


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


# --- --cache-dir and SENDPLAN_CACHE_DIR --------------------------------------------------------------------------


def _cache_dir_commands() -> list[str]:
    import typer.main

    from sendplan.cli import COMMANDS, app

    group = typer.main.get_command(app)
    return [name for name, _ in COMMANDS if any("--cache-dir" in p.opts for p in group.commands[name].params)]


CACHE_DIR_COMMANDS = _cache_dir_commands()


def test_the_commands_with_a_cache_are_found():
    assert {"validate", "overdue", "upcoming", "crosswalk", "report"} <= set(CACHE_DIR_COMMANDS)


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
@pytest.mark.parametrize("value", ["", " "])
@pytest.mark.parametrize("command", CACHE_DIR_COMMANDS)
def test_an_empty_cache_dir_is_a_usage_error(cli, tmp_path, monkeypatch, command, value, no_cache):
    monkeypatch.chdir(tmp_path)  # where an empty folder name would have put the cache
    monkeypatch.delenv("SENDPLAN_CACHE_DIR")
    result = cli(command, str(PLANS), *AS_OF, "--cache-dir", value, *no_cache)
    assert result.exit_code == 2
    assert (
        f"Error: Invalid value for '--cache-dir': {value!r} names no folder; give the folder to keep the cache in, "
        "or leave --cache-dir out\n"
    ) in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_cache_folder_refuses_an_empty_option_itself():
    from sendplan.cache import cache_folder
    from sendplan.problems import SendplanError

    with pytest.raises(SendplanError, match="--cache-dir '' names no folder"):
        cache_folder([str(PLANS)], "", None)


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_sendplan_cache_dir_is_unset(cli, tmp_path, monkeypatch, value):
    """As for any environment variable: the cache goes where it would without it (here, no settings file and no git
    repository above the plans: the current folder)."""
    from sendplan.cache import FOLDER, cache_folder

    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "plan.yaml").write_bytes(sorted(PLANS.glob("*.yaml"))[0].read_bytes())
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("SENDPLAN_CACHE_DIR", value)
    if any((parent / ".git").exists() for parent in tmp_path.parents):
        pytest.fail("the temporary folder is inside a git repository: the default cache would go there")
    assert cache_folder([str(plans)], None, None) == Path(FOLDER)
    result = cli("validate", str(plans), *AS_OF)
    assert result.exit_code in (0, 1), result.stderr
    assert "warning" not in result.stderr
    assert (work / FOLDER / "entries").is_dir()
