"""`sendplan import`: an officer's tracker (Excel, CSV or a Word table) as a plan file."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.common import Force, friendly, refuse_existing


@friendly
def import_tracker(
    file: Annotated[str, typer.Argument(help="The tracker: .xlsx, .csv or .docx.")],
    map: Annotated[str | None, typer.Option("--map", help="The TOML map: which column holds which field.")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="The plan file to write.")] = None,
    guess: Annotated[bool, typer.Option("--guess", help="Print a starting map guessed from the headers.")] = False,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The workbook's sheet (name or number), or the Word table's number.")
    ] = None,
    force: Force = False,
) -> None:
    """Import a tracker as a plan: each row an action (or, with a step column, a step of the action above), a
    merged heading row the priority of the rows below it, Excel dates written as "31 March 2024" and text dates
    kept as typed; owners and status words collected with ids, the status words' states guessed and marked
    `check`. Each action's comment names its row. A row that cannot be read is named on stderr, left out and
    noted at the top of the plan (exit 1); then run `sendplan validate` on the plan. An existing -o file is
    replaced only with --force.

    Example: sendplan import tracker.xlsx --guess > tracker.toml; sendplan import tracker.xlsx --map tracker.toml -o plans/ours.yaml
    """
    from sendplan.importer import guess_map, import_tracker
    from sendplan.importmap import read_map
    from sendplan.problems import SendplanError
    from sendplan.writefile import write_atomically

    if guess:
        typer.echo(guess_map(file, sheet), nl=False)
        return
    if map is None or output is None:
        raise SendplanError("give --map MAP.toml and -o PLAN.yaml (or --guess to print a starting map)")
    result = import_tracker(file, read_map(map), sheet, map)
    refuse_existing(output, force)  # after the tracker is read: its problems are worth knowing first
    write_atomically(output, result.text)
    for note in result.notes:
        typer.echo(f"{file}: {note}", err=True)
    for left in result.left_out:
        typer.echo(f"{file}: {left}", err=True)
    steps = f" and {result.steps} steps" if result.steps else ""
    typer.echo(f"{output}: {result.actions} actions{steps}, {result.owners} owners; check it with sendplan validate")
    if result.left_out:
        raise typer.Exit(1)
