"""`sendplan export`: the plans as an Excel tracker, a CSV file or a calendar of deadlines."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import (
    AsOf,
    Force,
    Paths,
    exit_if_left_out,
    friendly,
    load_readable,
    parse_as_of,
    refuse_existing,
)


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    ics = "ics"


@friendly
def export(
    paths: Paths = None,
    format: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="xlsx, csv or ics (default: from the -o file's extension)."),
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="The file to write.")] = "",
    as_of: AsOf = None,
    force: Force = False,
) -> None:
    """Export the plans: an Excel tracker (a sheet of actions and steps in RAG colours with the status word, and
    a sheet of updates), the same rows as CSV, or an iCalendar file with one all-day event per dated action and
    step on its deadline (stable UIDs, so importing it again updates the events rather than duplicating them).

    An existing -o file is replaced only with --force. --as-of picks the deadline in force for recurring actions and stamps the calendar (default today).

    Example: sendplan export plans --format xlsx -o tracker.xlsx
    """
    from datetime import UTC, datetime, time
    from pathlib import Path

    from sendplan import export as rows
    from sendplan.problems import SendplanError
    from sendplan.writefile import write_atomically, write_bytes_atomically

    if not output:
        example = {"csv": "plans.csv", "ics": "deadlines.ics"}.get(format.value if format else "", "tracker.xlsx")
        raise SendplanError(f"give the file to write with -o, e.g. -o {example}")
    chosen = format or next((f for f in ExportFormat if Path(output).suffix.lower() == f".{f.value}"), None)
    if chosen is None:
        raise SendplanError(f"{output}: say which format with --format xlsx, csv or ics")
    refuse_existing(output, force)
    day = parse_as_of(as_of)
    plans, left_out = load_readable(paths or ["plans"])
    if chosen is ExportFormat.xlsx:
        from sendplan.render.xlsx import tracker

        sheets = rows.update_rows(plans), rows.finding_rows(plans), rows.plan_rows(plans)
        write_bytes_atomically(output, tracker(rows.action_rows(plans), *sheets))
        what = "actions, steps and findings of"
    elif chosen is ExportFormat.csv:
        from sendplan.render.tracker import as_csv

        write_atomically(output, as_csv(rows.action_rows(plans)))
        what = "actions and steps of"
    else:
        from sendplan.render.ics import as_ics

        stamp = datetime.combine(day, time(), UTC) if as_of else datetime.now(UTC)
        found = rows.events(plans, day)
        write_atomically(output, as_ics(found, stamp))
        what = f"{len(found)} dated deadlines from"
    typer.echo(f"{output}: wrote {what} {len(plans)} plan{'s' * (len(plans) != 1)}")
    exit_if_left_out(left_out)
