"""`sendplan update`: record a status update on an action or step."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.common import friendly, parse_as_of


@friendly
def update(
    file: Annotated[str, typer.Argument(help="The plan file to record the update in.")],
    action: Annotated[str, typer.Argument(help="The action's id, e.g. 3.4.")],
    status: Annotated[str, typer.Option("--status", help="The plan's status word, e.g. 'On track some concerns'.")],
    note: Annotated[str | None, typer.Option("--note", help="What was said about progress.")] = None,
    step: Annotated[str | None, typer.Option("--step", help="Record it on this step of the action (A, B ...).")] = None,
    when: Annotated[
        str | None, typer.Option("--date", help="The date of the update, as a phrase (default: --as-of, else today).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date the update this day when --date is not given (default today).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
) -> None:
    """Record a status update on an action or step: added to its updates in date order, and its status set to the
    new word when the update is the newest.

    The file is changed by round trip (comments, order, quotes and line breaks kept), read back through the
    schema, and written atomically; nothing is written if the change would make the file unreadable.

    Example: sendplan update plans/hull-2024-27.yaml 3.4 --status "On track no concerns" --note "Toolkit launched"
    """
    from sendplan.edit import record_update
    from sendplan.writefile import write_atomically

    phrase = when or parse_as_of(as_of).strftime("%d/%m/%Y")
    edit = record_update(file, action, status, phrase, note, step)
    if dry_run:
        typer.echo(edit.diff(), nl=False)
        return
    write_atomically(file, edit.after)
    typer.echo(f"{file}: recorded {status!r} on {action}{' step ' + step if step else ''} at {phrase}")
