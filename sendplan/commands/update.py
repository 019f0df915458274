"""`sendplan update`: record a status update on an action or step, or every update a returned sheet holds."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sendplan.edit import Edit

from sendplan.commands.common import friendly, parse_as_of
from sendplan.problems import SendplanError


@friendly
def update(
    file: Annotated[
        str | None,
        typer.Argument(help="The plan file to record the update in (with --from: optional).", show_default=False),
    ] = None,
    action: Annotated[str | None, typer.Argument(help="The action's id, e.g. 3.4 (not with --from).")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="The plan's status word, in any case, e.g. 'on track some concerns'.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was said about progress (kept as typed).")] = None,
    step: Annotated[str | None, typer.Option("--step", help="Record it on this step of the action (A, B ...).")] = None,
    when: Annotated[
        str | None,
        typer.Option("--date", help="The date of the update, as a phrase (default: --as-of, else today)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date the update this day when --date is not given (default today).")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--from", help="Apply every filled-in row of a returned update sheet (.xlsx or .csv)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
) -> None:
    """Record a status update on an action or step: added to its updates in date order, and its status set to the
    new word when the update is the newest. Without --date the day is written in the style the plan's updates use.

    Only the lines of the action change; every other byte (comments, quotes, line endings) is kept. The result is
    read back and compared with the intended data, then written atomically under a lock, keeping the file's owner
    and mode; nothing is written if anything fails. With --from, every row of the sheet is checked first and all
    are written at once, or none. A sheet from `sendplan chase` covers several plans: with FILE, rows for other
    plans are left alone (and counted); without FILE, each row goes to the file its File column names (or the
    plan its Plan column names, in ./plans), every file checked before any is written.

    Example: sendplan update plans/hull-2024-27.yaml 3.4 --status "On track no concerns" --note "Toolkit launched"
    """
    from sendplan.edit import Change, save

    today = parse_as_of(as_of)
    if sheet is not None:
        if action is not None or status is not None or note is not None or step is not None or when is not None:
            raise SendplanError(
                "--from takes the updates from the sheet: give no ACTION, --status, --note, --step or --date"
            )
        _apply_sheet(sheet, file, today, dry_run)
        return
    if file is None:
        raise SendplanError("give the plan FILE, e.g. update plans/hull-2024-27.yaml 3.4 --status 'On track'")
    if action is None or status is None:
        raise SendplanError("give the ACTION and --status, e.g. update FILE 3.4 --status 'On track', or --from SHEET")
    edit, notes = save(file, [Change(action, status, when, note, step)], today, dry_run)
    if dry_run:
        typer.echo(edit.diff(), nl=False)
        return
    if not edit.recorded and edit.already:
        notes = [*notes, f"{file}: unchanged: every update given is already recorded"]
    for line in notes:
        typer.echo(line, err=True)
    _say(edit)


def _say(edit: Edit) -> None:
    """One line per update: recorded, or already recorded and not added again."""
    for action_id, step_id, word, phrase in edit.already:
        said = repr(word) if word else "a note"
        where = f"{action_id}{' step ' + step_id if step_id else ''}"
        typer.echo(f"{edit.file}: already recorded: {said} on {where} at {phrase}; not added again")
    for action_id, step_id, word, phrase in edit.recorded:
        said = repr(word) if word else "a note"
        typer.echo(f"{edit.file}: recorded {said} on {action_id}{' step ' + step_id if step_id else ''} at {phrase}")


def _apply_sheet(sheet: str, file: str | None, today: date, dry_run: bool) -> None:
    from sendplan.sheetapply import apply_sheet

    applied = apply_sheet(sheet, file, today, dry_run)
    left_alone = applied.other_plans
    other = f"; {left_alone} row{'s' * (left_alone != 1)} for other plans left alone" if left_alone else ""
    if not applied.edits:
        unchanged = f"{file} is unchanged" if file else "no plan is changed"
        said = f"no row for {file}'s plan" if left_alone else "no row"
        typer.echo(f"{sheet}: {said} has a new status or a note; {unchanged}{other}")
        return
    for edit in applied.edits:
        if dry_run:
            typer.echo(edit.diff(), nl=False)
    for line in applied.notes:
        typer.echo(line, err=True)
    if dry_run:
        return
    for edit in applied.edits:
        _say(edit)
    if other:
        typer.echo(other.removeprefix("; ").capitalize())
