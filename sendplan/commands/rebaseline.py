"""`sendplan rebaseline`: record a revised due date beside the original, keeping every earlier revision."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.common import friendly


@friendly
def rebaseline(
    file: Annotated[str, typer.Argument(help="The plan file.")],
    action: Annotated[str, typer.Argument(help="The action's id, e.g. 3.4.")],
    due: Annotated[str, typer.Option("--due", help="The new due date, as the plan writes dates, e.g. 'March 2025'.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the date moved, as the board agreed it.")],
    agreed: Annotated[
        str | None, typer.Option("--agreed", help="When the change was agreed, as a date phrase (e.g. 'June 2024').")
    ] = None,
    step: Annotated[str | None, typer.Option("--step", help="Revise this step of the action (A, B ...).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
) -> None:
    """Record a revised due date on an action or step: `due` keeps the original, the revised date in force (if
    any) moves into `revisions:`, and a new `revised:` holds the date, the reason and when it was agreed.

    Lateness is worked out from the latest revision; reports show the original and how often the date moved.
    The file is changed by round trip (every byte outside the action kept), read back through the schema, and
    written atomically.

    Example: sendplan rebaseline plans/hull-2024-27.yaml 3.4 --due "March 2025" --reason "Provider withdrew" --agreed "June 2024"
    """
    from sendplan.rebaseline import rebaseline as revise
    from sendplan.writefile import write_atomically

    edit, count = revise(file, action, due, reason, agreed, step)
    if dry_run:
        typer.echo(edit.diff(), nl=False)
        return
    write_atomically(file, edit.after)
    where = f"{action}{' step ' + step if step else ''}"
    typer.echo(f"{file}: {where} now due {due!r} (its due date has moved {count} time{'s' * (count != 1)})")
