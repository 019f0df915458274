"""The sendplan command line: the typer app and its commands, registered from sendplan.commands."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands import crosswalk, diff, overdue, report, rules, schema, upcoming, update, validate

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


for command in (
    validate.validate,
    rules.rules,
    schema.schema,
    overdue.overdue,
    upcoming.upcoming,
    crosswalk.crosswalk,
    update.update,
    report.report,
    diff.diff,
):
    app.command()(command)
