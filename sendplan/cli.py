"""The sendplan command line: the typer app and its commands, registered from sendplan.commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from sendplan.commands import (
    chase,
    crosswalk,
    diff,
    export,
    fmt,
    import_,
    new,
    overdue,
    rebaseline,
    report,
    rules,
    schema,
    upcoming,
    update,
    validate,
)
from sendplan.commands.coercion import install

install()  # plain coercion for our simple option types: no pydantic TypeAdapter is built per run

app = typer.Typer(
    name="sendplan",
    help="Check, chase and report SEND improvement plans kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"sendplan {version('sendplan')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, chase and report SEND improvement plans kept as YAML."""


# In the order --help lists them: checking, chasing and reporting first, then editing, then the rest.
COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("validate", validate.validate),
    ("overdue", overdue.overdue),
    ("upcoming", upcoming.upcoming),
    ("crosswalk", crosswalk.crosswalk),
    ("report", report.report),
    ("chase", chase.chase),
    ("update", update.update),
    ("rebaseline", rebaseline.rebaseline),
    ("diff", diff.diff),
    ("export", export.export),
    ("import", import_.import_tracker),
    ("fmt", fmt.fmt),
    ("new", new.new),
    ("rules", rules.rules),
    ("schema", schema.schema),
]
for name, command in COMMANDS:
    app.command(name=name)(command)
