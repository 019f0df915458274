"""The sendplan command line: the typer app and its commands, registered from sendplan.commands."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.coercion import install
from sendplan.commands.lazy import LazyGroup

# The version pyproject.toml gives (tests/test_startup.py keeps them in step): `--version` then needs no
# importlib.metadata, which alone costs a fifth of typer's import.
VERSION = "0.1.0"

install()  # plain coercion for our simple option types: no pydantic TypeAdapter is built per run

# In the order --help lists them: checking, chasing and reporting first, then editing, then the rest. Each is
# "module:function" under sendplan.commands, imported and turned into a click command only when it is run (or
# when --help lists them all): building all fifteen cost more than typer's own import.
COMMANDS: list[tuple[str, str]] = [
    ("validate", "validate:validate"),
    ("overdue", "overdue:overdue"),
    ("upcoming", "upcoming:upcoming"),
    ("crosswalk", "crosswalk:crosswalk"),
    ("report", "report:report"),
    ("chase", "chase:chase"),
    ("update", "update:update"),
    ("rebaseline", "rebaseline:rebaseline"),
    ("diff", "diff:diff"),
    ("export", "export:export"),
    ("import", "import_:import_tracker"),
    ("fmt", "fmt:fmt"),
    ("new", "new:new"),
    ("rules", "rules:rules"),
    ("schema", "schema:schema"),
]

app = typer.Typer(
    name="sendplan",
    help="Check, chase and report SEND improvement plans kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=LazyGroup.of(COMMANDS, package="sendplan.commands"),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sendplan {VERSION}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, chase and report SEND improvement plans kept as YAML."""
