"""`sendplan report`: write the board paper in Markdown, HTML or Word."""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

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
    open_cache,
    parse_as_of,
    reading,
)

if TYPE_CHECKING:
    from sendplan.report_detail import Changes


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"


def _report_format(format: ReportFormat | None, output: str | None) -> ReportFormat:
    """--format as given, else from -o's suffix (.md or .markdown is Markdown, .docx Word), else HTML."""
    suffix = os.path.splitext(output or "")[1].lower()
    chosen = format
    if chosen is None and suffix in (".md", ".markdown"):
        chosen = ReportFormat.md
    elif chosen is None and suffix == ".docx":
        chosen = ReportFormat.docx
    elif chosen is None and suffix in ("", ".html", ".htm"):
        chosen = ReportFormat.html
    elif chosen is None:
        raise SendplanError(
            f"-o {output}: sendplan writes Markdown (.md) or HTML (.html), not {suffix} (and Word: .docx); "
            "or give --format"
        )
    if chosen is ReportFormat.docx and not output:
        raise SendplanError("--format docx writes a Word file, not text: give -o FILE.docx")
    return chosen


@friendly
def report(
    paths: Paths = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html or docx (Word; needs -o) (default: from -o's suffix, else html).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Direction of travel since this date; also list what changed after it (status updates, completions, "
            "revised dates), or since this git revision (a tag such as board-2024-06: what `sendplan diff` finds).",
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            help="highlight (the default for several plans) or report (the default for one), or a folder or file of your own templates (they override ours; Markdown and HTML only, not docx).",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file instead of printing.")
    ] = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Write a board paper in Markdown, HTML or Word: position, RAG and direction of travel, exceptions, KPIs, asks.

    For several plans, the highlight paper: a front sheet, then one A4 page per plan with its position, RAG by
    priority with direction of travel (since --since, else the last review point), the exceptions with
    mitigation and recovery dates, KPIs against target, asks and risks. For one plan, or with --template
    report, every section: status counts, exceptions, actions by priority, coverage, status over review points,
    measures, revised dates, what changed since --since, asks, risks and validation problems. HTML is one
    self-contained, accessible page that prints on A4. Word (--format docx, or -o FILE.docx) has the same
    sections with Word's Title and Heading styles (the navigation pane lists them), tables whose header row
    repeats on each page, status words in the cells, and KPI figures in a table (no sparkline image); copy it
    into a committee template or attach that template's styles. Templates of your own do not apply to Word.

    Example: sendplan report plans --as-of 2024-06-30 --since 2024-03-31 -o board-paper.html

    Example: sendplan report plans --template report -o board-paper.docx
    """
    from sendplan.answers import Asked
    from sendplan.report_answer import is_shown, template_kind
    from sendplan.report_templates import library_stamp

    targets = paths or ["plans"]
    try:
        chosen: ReportFormat | None = _report_format(format, output)
    except SendplanError:
        chosen = None  # said below, in the order it always has been
    cache = open_cache(targets, cache_dir, no_cache) if chosen is not None else None

    def make() -> Any:
        from sendplan.report_answer import shown

        day = parse_as_of(as_of)
        after: date | None = None
        changes: dict[str, Changes] | None = None
        if since is not None:
            from sendplan.dates import DateError, as_of_date

            try:
                after = as_of_date(since, "financial")
            except DateError as error:
                after, changes = _since_revision(since, targets, error.message)
                _check_revision_date(since, after, day)
        kind = _report_format(format, output)
        read = reading(targets, cache_dir, no_cache, jobs, cache)
        return shown(targets, day, after, changes, kind.value, template, read)

    day = as_of if as_of is not None else ("today", date.today().isoformat())
    libraries = ("docx", "lxml") if chosen is ReportFormat.docx else ("jinja2", "markupsafe")
    question = repr(("report", day, since, chosen, template, template_kind(template), library_stamp(libraries)))
    (written, left_out, _, _), _ = Asked(cache, targets, question).answer("", make, is_shown)
    if isinstance(written, bytes) and output:
        from sendplan.writefile import write_bytes_atomically

        write_bytes_atomically(output, written)
    elif output:
        from sendplan.writefile import write_atomically

        write_atomically(output, str(written))
    else:
        typer.echo(written, nl=False)
    exit_if_left_out(left_out)


def _since_revision(since: str, paths: list[str], not_a_date: str) -> tuple[date, dict[str, Changes]]:
    """--since naming a git revision: its commit date, and per plan what changed since it (as `sendplan diff`)."""
    from sendplan import git
    from sendplan.changes import as_report_rows
    from sendplan.compare import diff

    try:
        commit = git.resolve(git.find_root("."), since)
    except SendplanError as error:
        raise SendplanError(
            f"--since {since!r}: neither a date ({not_a_date}; give one such as 2024-03-31) nor a git revision: {error}"
        ) from None
    return commit.when, as_report_rows(diff([commit.sha, *paths]))


def _check_revision_date(since: str, after: date, as_of: date) -> None:
    """A revision committed after --as-of cannot be the earlier date: say which commit it is, and what to do."""
    if after > as_of:
        raise SendplanError(
            f"--since {since}: that revision was committed on {after.isoformat()}, after --as-of {as_of.isoformat()}, "
            "so there is nothing to compare with; name a revision committed on or before "
            f"{as_of.isoformat()} (a tag such as board-2024-06), give --since as a date, or move --as-of on"
        )
