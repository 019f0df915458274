"""Start-up: plain option coercion says what typer's own (pydantic) coercion says, and a warm run imports little."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.core
from typer import _coercion as typer_coercion
from typer.testing import CliRunner

from sendplan.commands import coercion

ROOT = Path(__file__).resolve().parent.parent

NUMBERS = [
    "2",
    " 2 ",
    "+2",
    "-2",
    "2_0",
    "_2",
    "2_",
    "2__0",
    "\uff12",
    "\u0663",
    "0x10",
    "1.5",
    "2.0",
    "2.",
    "2.00",
    "-2.0",
    "1_000.0",
    "1e3",
    "",
    " ",
    "00012",
    "-0",
    "9" * 30,
    "1 2",
    "\t3\n",
    "+-1",
    "0",
    "1",
    "7",
    "--3",
]
WORDS = ["yes", "Y", "on", "OFF", "1", "0", "true", "False", "2", "", " t ", "n", "No", "maybe", "\u0131"]


def _pydantic(annotation: object, value: object) -> tuple[str, object]:
    from typing import Annotated

    from pydantic import Field, TypeAdapter, ValidationError

    adapter = TypeAdapter(Annotated[annotation, Field(ge=1)] if annotation is int else annotation)
    try:
        return "ok", adapter.validate_python(value)
    except ValidationError as error:
        return "error", error.errors()[0]["msg"]


def _plain(convert: object, value: object) -> tuple[str, object]:
    try:
        return "ok", convert(value, None, None)  # type: ignore[operator]
    except ValueError as error:
        return "error", str(error)


@pytest.mark.parametrize("text", NUMBERS)
def test_integers_read_as_pydantic_reads_them(text: str) -> None:
    assert _plain(coercion._integer(1, None), text) == _pydantic(int, text)


@pytest.mark.parametrize("text", WORDS)
def test_booleans_read_as_typer_and_pydantic_read_them(text: str) -> None:
    expected = ("ok", False) if text.strip() == "" else _pydantic(bool, text.strip())  # typer strips first
    assert _plain(coercion._boolean, text) == expected


def test_an_upper_bound_is_kept() -> None:
    assert _plain(coercion._integer(None, 4), "5") == ("error", "Input should be less than or equal to 4")
    assert _plain(coercion._integer(None, 4), "4") == ("ok", 4)


BAD_VALUES = [
    ["overdue", "plans", "--jobs", "x"],
    ["overdue", "plans", "--jobs", "0"],
    ["overdue", "plans", "-j", "1.5"],
    ["overdue", "plans", "--format", "bogus"],
    ["overdue", "plans", "--format", "JSON"],
    ["validate", "plans", "--format", "nope"],
    ["crosswalk", "plans", "--by", "nope"],
    ["upcoming", "plans", "--as-of", "2024-06-30", "--format", "csv", "--jobs", " 1 "],
    ["overdue", "plans", "--as-of", "2024-06-30", "--jobs", "+1", "--no-color", "-f", "json"],
]


@pytest.fixture
def typer_own_coercion(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the CLI with typer's own coercion (pydantic adapters), as before sendplan's was installed."""
    plain = typer.core._TyperParameter.get_runtime_param
    monkeypatch.setattr(typer.core._TyperParameter, "get_runtime_param", plain.__wrapped__)
    yield


def _run(args: list[str]) -> tuple[int, str, str]:
    from sendplan.cli import app

    result = CliRunner().invoke(app, [*args, "--no-cache"], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def plain_answers() -> dict[str, tuple[int, str, str]]:
    from sendplan.cli import app  # noqa: F401  (installs the plain coercion)

    assert getattr(typer.core._TyperParameter.get_runtime_param, "_sendplan_plain", False)
    return {" ".join(args): _run(args) for args in BAD_VALUES}


@pytest.mark.parametrize("args", BAD_VALUES, ids=" ".join)
def test_options_read_and_refused_as_typer_does(
    args: list[str], plain_answers: dict[str, tuple[int, str, str]], typer_own_coercion: None
) -> None:
    assert plain_answers[" ".join(args)] == _run(args)


def test_bad_values_exit_2_with_a_clear_message(plain_answers: dict[str, tuple[int, str, str]]) -> None:
    code, _, err = plain_answers["overdue plans --jobs x"]
    assert code == 2
    assert "Invalid value for '--jobs' / '-j': Input should be a valid integer" in err
    code, _, err = plain_answers["overdue plans --format bogus"]
    assert code == 2
    assert "'bogus' is not one of 'table', 'json', 'csv', 'markdown'." in err


def _helps() -> dict[str, str]:
    from sendplan.cli import COMMANDS, app

    runner = CliRunner()
    return {name: runner.invoke(app, [*name.split(), "--help"]).stdout for name in ["", *(n for n, _ in COMMANDS)]}


@pytest.fixture(scope="module")
def plain_helps() -> dict[str, str]:
    return _helps()


def test_help_is_unchanged(plain_helps: dict[str, str], typer_own_coercion: None) -> None:
    assert all(plain_helps.values())
    assert plain_helps == _helps()


def test_values_the_plain_path_does_not_expect_go_to_typer(typer_own_coercion: None) -> None:
    """A float where an int is wanted (say from a default) is decided by typer's own coercion, not refused."""
    from typer._coercion import resolve_type_descriptor
    from typer.models import OptionInfo

    info = OptionInfo(min=1)
    descriptor = resolve_type_descriptor(int, info)
    tools = _tools()
    converter = coercion.plain_converter(descriptor, tools)
    param = coercion._plain_class(typer_coercion.RuntimeParam)(
        parameter_info=info, annotation=int, converter=converter, descriptor=descriptor, tools=tools
    )
    assert param._coerce_value(3.0, param=None, ctx=None) == 3  # pydantic's answer for 3.0
    with pytest.raises(typer.BadParameter, match="fractional part"):
        param._coerce_value(2.5, param=None, ctx=None)


def _tools() -> coercion._Tools:
    from typer import _coercion, _param_types
    from typer._click.exceptions import BadParameter

    return coercion._Tools(
        BadParameter,
        _coercion.build_runtime_param,
        _param_types.coerce_cli_choice,
        _param_types.coerce_cli_path,
        _param_types.routes_to_path,
        lambda text: text,
    )


def test_a_path_option_is_read_without_pydantic(tmp_path: Path) -> None:
    from typer._coercion import resolve_type_descriptor
    from typer.models import OptionInfo

    info = OptionInfo(exists=True)
    converter = coercion.plain_converter(resolve_type_descriptor(Path, info), _tools())
    assert converter(str(tmp_path), None, None) == tmp_path
    with pytest.raises(typer.BadParameter, match="does not exist"):
        converter(str(tmp_path / "missing"), None, None)
    listing = coercion.plain_converter(resolve_type_descriptor(list[Path], info), _tools())
    assert listing((str(tmp_path),), None, None) == [tmp_path]


def test_types_it_does_not_know_are_left_to_typer() -> None:
    from datetime import datetime
    from typing import Literal

    from typer._coercion import resolve_type_descriptor
    from typer.models import OptionInfo

    for annotation, info in [
        (float, OptionInfo()),
        (datetime, OptionInfo()),
        (Literal["a", "b"], OptionInfo()),
        (list[int], OptionInfo()),
        (int, OptionInfo(min=1, clamp=True)),
        (str, OptionInfo(parser=str.upper)),
    ]:
        assert coercion.plain_converter(resolve_type_descriptor(annotation, info), _tools()) is None


def test_an_unexpected_typer_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typer without the private parts (older: click types, no pydantic) keeps its own coercion."""
    monkeypatch.delattr(typer.core, "_TyperParameter")
    assert coercion.install() is False
    monkeypatch.undo()
    monkeypatch.delattr(typer_coercion, "RuntimeParam")
    assert coercion.install() is False


def test_a_run_without_the_plain_coercion_still_works(typer_own_coercion: None) -> None:
    code, out, _ = _run(["overdue", "plans", "--as-of", "2024-06-30", "--jobs", "1"])
    assert code == 0 and "overdue as of 30 June 2024" in out


WARM_NEVER = (
    "ruamel.yaml",
    "typer._adapters",
    "pydantic.plugin._loader",
    "jinja2",
    "sendplan.yamlio",
    "sendplan.commands.report",  # other commands are neither imported nor built
    "sendplan.commands.validate",
)


def test_a_warm_overdue_imports_only_what_it_needs(tmp_path: Path) -> None:
    """No YAML parser, no pydantic adapters or plugin scan, no templates on a warm `overdue` of the shipped plans."""
    program = (
        "import runpy, sys\n"
        "sys.argv = ['sendplan', 'overdue', 'plans', '--as-of', '2024-06-30', '--cache-dir', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('sendplan', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
        f"print(sorted(m for m in {WARM_NEVER!r} if m in sys.modules), file=sys.stderr)\n"
    )
    command = [sys.executable, "-c", program, str(tmp_path / "cache")]
    cold = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    warm = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert warm.stdout == cold.stdout and "overdue as of 30 June 2024" in warm.stdout
    assert warm.stderr.strip().splitlines()[-1] == "[]"


def test_commands_are_listed_in_order_and_typos_suggested(cli) -> None:  # type: ignore[no-untyped-def]
    from sendplan.cli import COMMANDS

    listed = cli("--help").stdout
    positions = [listed.index(f"  {name} ") for name, _ in COMMANDS]
    assert positions == sorted(positions)
    typo = cli("overdu")
    assert typo.exit_code == 2 and "No such command 'overdu'. Did you mean 'overdue'?" in typo.stderr


def test_a_command_is_built_once_when_asked_for() -> None:
    from sendplan.commands.lazy import LazyCommands

    made: list[str] = []
    commands = LazyCommands({"a": lambda: made.append("a") or "A", "b": lambda: "B"}, {})
    assert list(commands) == ["a", "b"] and "a" in commands and made == []
    assert commands["a"] == commands.get("a") == "A" and made == ["a"]
    assert commands.get("c") is None
