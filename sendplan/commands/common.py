"""What the commands share: the error handler, colour choice, common options and option parsers."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from sendplan.problems import SendplanError

F = TypeVar("F", bound=Callable[..., Any])


def friendly(function: F) -> F:
    """Turn SendplanError into one line on stderr and exit 2; never show a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SendplanError as error:
            from sendplan.safetext import visible

            for problem in getattr(error, "problems", []):
                where = f"{problem.file}:{problem.line}:{problem.col}: {problem.code} {problem.message}"
                typer.echo(visible(where, newlines=False), err=True)
            typer.echo(visible(f"sendplan: error: {error}"), err=True)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except OverflowError:
            typer.echo("sendplan: error: a date is out of range (years run to 9999)", err=True)
            raise typer.Exit(2) from None
        except UnicodeDecodeError as error:
            typer.echo(f"sendplan: error: a file is not UTF-8 text: {error.reason} at byte {error.start}", err=True)
            raise typer.Exit(2) from None
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


Paths = Annotated[
    list[str] | None, typer.Argument(help="Plan files or folders (default: ./plans).", show_default=False)
]
Colour = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Colour the output (default: when a terminal).", show_default=False),
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def parse_as_of(text: str | None, option: str = "--as-of") -> date:
    """--as-of: an ISO date or a plan phrase; today when not given (the only place sendplan reads the clock)."""
    from sendplan.dates import DateError, as_of_date

    if text is None:
        return date.today()
    try:
        return as_of_date(text, "financial")
    except DateError as error:
        hint = "give a date such as 2024-06-30, 30/06/2024 or June 2024"
        raise SendplanError(f"{option} {text!r}: {error.message}; {hint}") from None


def parse_within(text: str, start: date) -> date:
    """--within: days, weeks or calendar months from `start`: 30d, 6w, 3m (3m from 31 Dec is 31 March)."""
    import re
    from datetime import timedelta

    from sendplan.dates import add_months

    match = re.fullmatch(r"\s*(\d+)\s*(d|day|days|w|week|weeks|m|month|months)?\s*", text.lower())
    if not match:
        raise SendplanError(f"--within {text!r}: write a number of days, weeks or months, e.g. 30d, 6w, 3m")
    number, unit = int(match[1]), (match[2] or "d")[0]
    try:
        if unit == "m":
            return add_months(start, number)
        return start + timedelta(days=number * (7 if unit == "w" else 1))
    except (OverflowError, ValueError):
        raise SendplanError(f"--within {text!r} reaches past the year 9999") from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Work out lateness as of this date (ISO or a phrase; default today).", show_default=False
    ),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option("--owner", help="Only these owners: initials, alias, or part of a name, role or organisation."),
]
PriorityOpt = Annotated[str | None, typer.Option("--priority", help="Only this priority (id or part of its title).")]
FindingOpt = Annotated[str | None, typer.Option("--finding", help="Only actions addressing this finding, e.g. AFI2.")]
OutcomeOpt = Annotated[str | None, typer.Option("--outcome", help="Only actions serving this outcome (id or words).")]
PlanOpt = Annotated[str | None, typer.Option("--plan", help="Only this plan (plan id).")]
StatusOpt = Annotated[
    str | None, typer.Option("--status", help="Only this status: the plan's word, a state, or 'not recorded'.")
]
FormatOpt = Annotated[
    ListFormat, typer.Option("--format", "-f", help="table (plain text when piped), json, csv or markdown.")
]
Undated = Annotated[bool, typer.Option("--include-undated", help="Also list ongoing and to-be-confirmed items.")]


Force = Annotated[bool, typer.Option("--force", help="Replace the output if it exists already.")]


def refuse_existing(output: str, force: bool) -> None:
    """Refuse to replace an existing output file (an officer may have filled it in) unless --force is given."""
    from pathlib import Path

    if not force and (Path(output).exists() or Path(output).is_symlink()):
        raise SendplanError(f"{output}: already exists; give --force to replace it, or choose another name")


def load_readable(paths: list[str]) -> tuple[list[Any], list[Any]]:
    from sendplan.load import load_readable

    return load_readable(paths)


def exit_if_left_out(problems: list[Any]) -> None:
    """Say which plan files were left out and why, then exit 2: the answer above is incomplete."""
    if not problems:
        return
    from sendplan.safetext import visible

    for problem in problems:
        where = f"{problem.file}:{problem.line}:{problem.col}: {problem.code} {problem.message}"
        typer.echo(visible(where, newlines=False), err=True)
    files = len({p.file for p in problems})
    typer.echo(
        f"sendplan: error: {files} plan file{'s' * (files != 1)} could not be read and {'are' if files != 1 else 'is'} "
        "left out of the answer above; run `sendplan validate` for details",
        err=True,
    )
    raise typer.Exit(2)


def terminal_width(default: int = 100) -> int:
    """COLUMNS when set, else the width of the terminal on stdout or stderr, else `default` (never the data's)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            return os.get_terminal_size(stream.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            continue
    return default


def show(listing: Any, format: ListFormat, include_undated: bool, colour: bool | None) -> None:
    from sendplan.render import listing as render

    for row in listing.unreadable:  # never silently undated: these may be late
        phrase = row.revised or row.due
        typer.echo(f"{row.file}:{row.line}: {row.id} has a due date that cannot be read: {phrase!r}", err=True)

    if format is ListFormat.json:
        text = render.as_json(listing, include_undated)
    elif format is ListFormat.csv:
        text = render.as_csv(listing, include_undated)
    elif format is ListFormat.markdown:
        text = render.as_markdown(listing, include_undated)
    elif use_colour(colour):
        text = render.as_rich(listing, include_undated, width=terminal_width())
    else:
        text = render.as_plain(listing, include_undated, width=terminal_width())
    typer.echo(text, nl=False, color=format is ListFormat.table and use_colour(colour))
