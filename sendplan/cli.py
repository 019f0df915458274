"""The sendplan command line: thin typer commands that parse options, call one library function and render."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from sendplan.problems import SendplanError

app = typer.Typer(
    name="sendplan",
    help="Check, chase and report SEND improvement plans kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(function: F) -> F:
    """Turn SendplanError into one line on stderr and exit 2; never show a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SendplanError as error:
            typer.echo(f"sendplan: error: {error}", err=True)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug: say so plainly; SENDPLAN_DEBUG=1 shows the traceback
            if os.environ.get("SENDPLAN_DEBUG"):
                raise
            typer.echo(
                f"sendplan: internal error: {type(error).__name__}: {error} (set SENDPLAN_DEBUG=1 for details)",
                err=True,
            )
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def use_colour(choice: bool | None) -> bool:
    """Colour when asked, else when writing to a terminal and NO_COLOR is not set."""
    if choice is not None:
        return choice
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


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


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


Paths = Annotated[
    list[str] | None, typer.Argument(help="Plan files or folders (default: ./plans).", show_default=False)
]
Colour = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Colour the output (default: when a terminal).", show_default=False),
]


@app.command()
@friendly
def validate(
    paths: Paths = None,
    format: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text, json or github (workflow annotations).")
    ] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    colour: Colour = None,
) -> None:
    """Check plans: YAML syntax, schema, references, owners, dates and orphans.

    Prints one line per problem as FILE:LINE:COL: CODE message, with a hint below it.
    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or unreadable input.

    Example: sendplan validate plans/ --format github
    """
    from sendplan.render import problems as render
    from sendplan.validate import validate as run

    result = run(paths or ["plans"])
    if format is ProblemFormat.json:
        typer.echo(render.as_json(result.problems, result.files))
    elif format is ProblemFormat.github:
        if result.problems:
            typer.echo(render.as_github(result.problems))
        typer.echo(render.summary(result.problems, len(result.files)), err=True)
    else:
        coloured = use_colour(colour)
        typer.echo(render.as_text(result.problems, len(result.files), colour=coloured), color=coloured)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


@app.command()
@friendly
def rules() -> None:
    """List every rule code with its default severity and what it finds.

    Example: sendplan rules
    """
    from sendplan.rules import RULES

    for rule in RULES.values():
        typer.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary}")


@app.command()
@friendly
def schema(
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file instead of printing.")
    ] = None,
) -> None:
    """Print the JSON Schema of a plan file, for editors (yaml-language-server) and other tools.

    The repository keeps a copy in schema/plan.schema.json; plans point at it on their first line.

    Example: sendplan schema -o schema/plan.schema.json
    """
    from sendplan.schema import plan_schema
    from sendplan.writefile import write_atomically

    text = plan_schema()
    if output:
        write_atomically(output, text)
    else:
        typer.echo(text, nl=False)
