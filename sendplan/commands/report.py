"""`sendplan report`: write the board paper in Markdown or HTML."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import (
    AsOf,
    CacheDir,
    Jobs,
    NoCache,
    Paths,
    SendplanError,
    exit_if_left_out,
    friendly,
    parse_as_of,
    reading,
)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


def _report_format(format: ReportFormat | None, output: str | None) -> ReportFormat:
    """--format as given, else from -o's suffix (.md or .markdown is Markdown), else HTML."""
    if format is not None:
        return format
    suffix = os.path.splitext(output or "")[1].lower()
    if suffix in (".md", ".markdown"):
        return ReportFormat.md
    if suffix in ("", ".html", ".htm"):
        return ReportFormat.html
    raise SendplanError(f"-o {output}: sendplan writes Markdown (.md) or HTML (.html), not {suffix}; or give --format")


@friendly
def report(
    paths: Paths = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="md or html (default: from -o's suffix, else html).", show_default=False),
    ] = None,
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Also list status updates, completions and revised dates recorded after this date."
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template", help="report or highlight, or a folder or file of your own templates (they override ours)."
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file instead of printing.")
    ] = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Write a board paper in Markdown or HTML: status, exceptions, actions, coverage, data quality.

    For each plan: a title block, status counts, the exceptions (at risk, off track or overdue), actions by
    priority, coverage of findings and outcomes, status over review points, measures, revised dates, what
    changed since --since, and validation problems. For several plans, a portfolio page comes first. HTML is
    one self-contained, accessible page that prints on A4.

    Example: sendplan report plans --as-of 2024-06-30 --since 2024-03-31 -o board-paper.html
    """
    from sendplan.render.report import render
    from sendplan.report import build_report
    from sendplan.writefile import write_atomically

    day = parse_as_of(as_of)
    after = None
    if since is not None:
        from sendplan.dates import DateError, as_of_date

        try:
            after = as_of_date(since, "financial")
        except DateError as error:
            raise SendplanError(f"--since {since!r}: {error.message}; {error.hint}") from None
    targets = paths or ["plans"]
    built = build_report(targets, day, after, reading(targets, cache_dir, no_cache, jobs))
    text = render(built, _report_format(format, output).value, template)
    if output:
        write_atomically(output, text)
    else:
        typer.echo(text, nl=False)
    exit_if_left_out(built.left_out)
