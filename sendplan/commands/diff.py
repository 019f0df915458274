"""`sendplan diff`: what changed in each plan between two revisions, or since a revision."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import Colour, SendplanError, friendly, use_colour


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@friendly
def diff(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            help="[REV_A] [REV_B] [PATH ...]: up to two revisions (tag, branch, commit), then plan files or "
            "folders (default ./plans).",
            show_default=False,
            metavar="[REV_A] [REV_B] [PATH ...]",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare from the last commit made on or before this date (ISO or a phrase)."),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text (coloured in a terminal), markdown or json.")
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when any plan changed (as git diff --exit-code).")
    ] = False,
    colour: Colour = None,
) -> None:
    """Show what changed in each plan between two versions kept in git.

    With no revision: the last commit (HEAD) against the working tree. With one: that revision against the
    working tree; with two: the first against the second. Per plan: actions added, removed or reworded (a word
    diff), status changes and whether they are better or worse, due dates moved (in days), revised dates,
    owners, measures whose actual moved, and validation findings new and resolved. Plans are matched by plan id,
    so a renamed file is followed. Old versions are read with `git show`; nothing is checked out.

    Example: sendplan diff board-2024-06 plans
    """
    from sendplan.compare import diff as compare
    from sendplan.render import changes as render

    after = None
    if since is not None:
        from sendplan.dates import DateError, as_of_date

        try:
            after = as_of_date(since, "financial")
        except DateError as error:
            raise SendplanError(f"--since {since!r}: {error.message}; give a date such as 2024-03-31") from None
    comparison = compare(arguments or [], after, since or "")
    if format is DiffFormat.json:
        text = render.as_json(comparison) + "\n"
    elif format is DiffFormat.markdown:
        text = render.as_markdown(comparison)
    elif use_colour(colour):
        import shutil

        text = render.as_rich(comparison, width=shutil.get_terminal_size().columns)
    else:
        text = render.as_plain(comparison)
    typer.echo(text, nl=False, color=format is DiffFormat.text and use_colour(colour))
    if exit_code and comparison.changed:
        raise typer.Exit(1)
