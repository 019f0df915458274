"""`sendplan chase`: a message per owner about what is overdue, due soon or not updated, and an update sheet."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import AsOf, Paths, exit_if_left_out, friendly, load_readable, parse_as_of


class MessageFormat(StrEnum):
    md = "md"
    txt = "txt"


@friendly
def chase(
    paths: Paths = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before", help="Ask about what falls due by this date (default: each plan's next review point)."
        ),
    ] = None,
    as_of: AsOf = None,
    output: Annotated[str, typer.Option("--output", "-o", help="The folder to write the messages into.")] = "",
    format: Annotated[MessageFormat, typer.Option("--format", "-f", help="md (Markdown) or txt.")] = MessageFormat.md,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier run's messages and sheet in the folder.")
    ] = False,
) -> None:
    """Chase owners: for each owner, what is overdue, what falls due by --before (else the plan's next review
    point) and what has had no update since the last review point, as one message per owner (a file each,
    named for the owner) and an update sheet, chase-updates.xlsx, with a row per item and blank "New status"
    (a drop-down of the plan's own status words), "Note" and "Update date" columns for `sendplan update --from`.
    A folder holding an earlier run's messages or sheet (which an owner may have filled in) is refused unless
    --force is given; then only the files chase wrote are removed first.

    Example: sendplan chase plans --as-of 2024-06-30 --before 2024-07-31 -o chase/
    """
    from pathlib import Path

    from sendplan.chase import chase as work_out
    from sendplan.problems import SendplanError
    from sendplan.render.chase import SHEET_NAME, earlier_run, file_names, message
    from sendplan.render.xlsx import update_sheet
    from sendplan.updatesheet import sheet_rows
    from sendplan.writefile import write_atomically, write_bytes_atomically

    if not output:
        raise SendplanError("give the folder to write the messages into with -o, e.g. -o chase/")
    day = parse_as_of(as_of)
    until = parse_as_of(before, "--before") if before else None
    if until is not None and until < day:
        raise SendplanError(f"--before {before!r} is before the as-of date {day.isoformat()}")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise SendplanError(f"{output}: is a file; -o names the folder to write the messages into")
    if not folder.parent.is_dir():
        raise SendplanError(f"{output}: the folder {folder.parent} does not exist")
    earlier = earlier_run(folder) if folder.is_dir() else []
    if earlier and not force:
        names = ", ".join(p.name for p in earlier[:3]) + (f" and {len(earlier) - 3} more" if len(earlier) > 3 else "")
        raise SendplanError(
            f"{output}: holds an earlier chase's files ({names}); an owner may have filled in {SHEET_NAME}: "
            "give --force to replace them, or choose another folder"
        )
    plans, left_out = load_readable(paths or ["plans"])
    found = work_out(plans, day, until)
    folder.mkdir(exist_ok=True)
    for old in earlier:  # only what chase wrote: its sheet and messages by name and first line
        old.unlink(missing_ok=True)
    for entry, name in zip(found.owners, file_names(found.owners, format.value), strict=True):
        write_atomically(folder / name, message(entry, found, format is MessageFormat.md))
    write_bytes_atomically(folder / SHEET_NAME, update_sheet(sheet_rows(found), found.words))
    typer.echo(f"{output}: {len(found.owners)} messages and {SHEET_NAME} ({len(found.items)} items to chase)")
    for plan_id, window in found.windows.items():
        if window is None and any(lp.plan.actions for lp in plans if lp.plan.plan.id == plan_id):
            typer.echo(
                f"{plan_id}: no review point after the as-of date; give --before to ask what falls due", err=True
            )
    exit_if_left_out(left_out)
