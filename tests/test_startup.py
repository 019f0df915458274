"""Start-up: plain option coercion says what typer's own (pydantic) coercion says, and a warm run imports little."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.core
from hypothesis import given
from hypothesis import strategies as st
from typer import _coercion as typer_coercion
from typer.testing import CliRunner

from sendplan.commands import coercion
from tests.conftest import property_settings

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


# What start-up never imports: none of these is needed to parse the command line, find the settings and the
# cache, or print a plain list.
STARTUP_NEVER = (
    "ruamel.yaml",
    "pydantic",
    "typer._adapters",
    "jinja2",
    "rich",  # only for a coloured terminal table
    "tomllib",  # only when a pyproject.toml might hold [tool.sendplan], or sendplan.toml is read
    "json",  # only for --format json
    "csv",  # only for --format csv
    "importlib.metadata",  # --version is sendplan.cli.VERSION
    "sendplan.config",  # the settings' rules: finding the settings file is sendplan.settings alone
    "sendplan.rules",
    "sendplan.model",
    "sendplan.load",
    "sendplan.yamlio",
)
# A warm `overdue` answers from one cache entry: no plan is read, and no other command is imported or built.
WARM_NEVER = (
    *STARTUP_NEVER,
    "sendplan.overdue",
    "sendplan.parallel",
    "pydantic.plugin._loader",
    "sendplan.commands.report",
    "sendplan.commands.validate",
    "_hashlib",  # OpenSSL: the cache's keys and signatures are BLAKE2, without hashlib or hmac
    "hmac",
    "secrets",  # the cache's key and temporary files are made only when it is written
    "tempfile",
    "pickle",  # the C unpickler alone reads an entry
)


def _imported(args: list[str], names: tuple[str, ...], cache: Path | None = None) -> tuple[str, list[str]]:
    """Run `sendplan ARGS` (with its own cache) in a fresh interpreter: its output, and which of `names` it
    imported."""
    program = (
        "import runpy, sys\n"
        "names, sys.argv = sys.argv[1].split(), ['sendplan', *sys.argv[2:]]\n"
        "try:\n"
        "    runpy.run_module('sendplan', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
        "print(sorted(m for m in names if m in sys.modules), file=sys.stderr)\n"
    )
    extra = ["--cache-dir", str(cache)] if cache else []
    done = subprocess.run(
        [sys.executable, "-c", program, " ".join(names), *args, *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout, ast.literal_eval(done.stderr.strip().splitlines()[-1])


def test_a_warm_overdue_imports_only_what_it_needs(tmp_path: Path) -> None:
    """No YAML parser, pydantic, settings reader, JSON or CSV writer, rich or templates on a warm `overdue` of
    the shipped plans; the same text as the cold run that filled the cache."""
    args = ["overdue", "plans", "--as-of", "2024-06-30"]
    cold, _ = _imported(args, WARM_NEVER, tmp_path / "cache")
    warm, imported = _imported(args, WARM_NEVER, tmp_path / "cache")
    assert warm == cold and "overdue as of 30 June 2024" in warm
    assert imported == []


VALIDATE_WARM_NEVER = (
    "ruamel.yaml",
    "pydantic",
    "sendplan.model",
    "sendplan.load",
    "sendplan.yamlio",
    "jinja2",
    "rich",
    "tomllib",
    "json",
    "_hashlib",
)


def test_a_warm_validate_imports_no_model(tmp_path: Path) -> None:
    """A warm `validate` of the shipped plans answers from the cache without the plan model or a YAML parser."""
    cold, _ = _imported(["validate", "plans"], VALIDATE_WARM_NEVER, tmp_path / "cache")
    warm, imported = _imported(["validate", "plans"], VALIDATE_WARM_NEVER, tmp_path / "cache")
    assert warm == cold and "checked" in warm
    assert imported == []


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["overdue", "--help"], ["validate", "--help"]], ids=" ".join
)
def test_version_and_help_import_only_typer_and_the_commands(args: list[str]) -> None:
    out, imported = _imported(args, STARTUP_NEVER)
    assert out and imported == []


def test_the_version_is_the_one_installed_and_in_pyproject() -> None:
    import tomllib
    from importlib.metadata import version

    from sendplan.cli import VERSION

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert VERSION == project["version"] == version("sendplan")


SENDPLAN_TABLES = [
    "[tool.sendplan]\nignore = []\n",
    "[tool . sendplan]\nignore = []\n",
    '[ "tool" . "sendplan" ]\n',
    "[tool.'sendplan']\n",
    "['tool'.sendplan.severity]\nSP301 = 'warning'\n",
    "[[tool.sendplan]]\nx = 1\n",
    "[tool]\nsendplan = { ignore = [] }\n",
    '[tool]\n"sendplan".ignore = []\n',
    "  [ tool ]  # settings\r\nsendplan.ignore = []\r\n",
    "tool.sendplan.ignore = []\n",
    "tool = { sendplan = { ignore = [] } }\n",
    '"tool" = { "sendplan" = {} }\n',
    '[tool."\\u0073endplan"]\n',
    '["\\u0074ool".sendplan]\n',
    '[tool."send\\U00000070lan"]\n',
    'tool = "sendplan"\n',  # not a table, but tomllib's answer is what counts
    '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n\n[tool.sendplan]\nselect = ["SP2"]\n',
]
OTHER_TABLES = [
    '[project]\nname = "sendplan"\n\n[project.scripts]\nsendplan = "sendplan.cli:app"\n',
    "[tool.ruff]\nline-length = 100\n[tool.mypy]\nstrict = true\n",
    "[tool.sendplanner]\nx = 1\n",
    "[tool]\nother = 1\n",
    "[tools.sendplan]\nx = 1\n",
    "# [tool.sendplan] is where settings go\n[project]\nname = 'x'\n",
    '[project]\ndescription = "see tool.sendplan"\n',
    "",
]


@pytest.mark.parametrize("text", SENDPLAN_TABLES + OTHER_TABLES)
def test_a_pyproject_holds_sendplan_settings_as_tomllib_reads_it(tmp_path: Path, text: str) -> None:
    import tomllib

    from sendplan.settings import find_settings_file, has_tool_table

    path = tmp_path / "pyproject.toml"
    path.write_bytes(text.encode())
    expected = "sendplan" in tomllib.loads(text).get("tool", {})
    assert expected == (text in SENDPLAN_TABLES)
    assert has_tool_table(path) == expected
    assert find_settings_file([str(tmp_path)]) == (path if expected else None)


def test_sendplan_own_pyproject_is_not_parsed_to_find_the_settings() -> None:
    """The repository's pyproject.toml has no [tool.sendplan]: finding that needs no TOML parser."""
    program = (
        "import sys\n"
        "from sendplan.settings import find_settings_file\n"
        "print(find_settings_file(['plans']), 'tomllib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["None", "False"]


PIECES = ["a", "bc", " ", "  ", "\t", "\n", "\r", "\x0b", "-", "\xa0", "\u3000", "\x85", "\x1b", "é", "x" * 9]


@given(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.integers(1, 30),
    st.integers(0, 6),
)
@property_settings(400)
def test_wrap_is_textwrap(text: str, width: int, indent: int) -> None:
    """The short cut for a line that fits gives what textwrap gives."""
    import textwrap

    from sendplan.render.listing_text import wrap

    if width <= indent:
        return
    pad = " " * indent
    options = {"initial_indent": pad, "subsequent_indent": pad, "break_on_hyphens": False}
    assert wrap(text, width, indent) == (textwrap.wrap(text, width, **options) or [pad])


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
