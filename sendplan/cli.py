"""The sendplan command line: thin typer commands that parse options, call one library function and render."""

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

app = typer.Typer(
    name="sendplan",
    help="Check, chase and report SEND improvement plans kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(function: F) -> F:
    """Turn SendplanError into one line on stderr and exit 2; never show a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SendplanError as error:
            for problem in getattr(error, "problems", []):
                typer.echo(f"{problem.file}:{problem.line}:{problem.col}: {problem.code} {problem.message}", err=True)
            typer.echo(f"sendplan: error: {error}", err=True)
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


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"sendplan {version('sendplan')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, chase and report SEND improvement plans kept as YAML."""


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


Paths = Annotated[
    list[str] | None, typer.Argument(help="Plan files or folders (default: ./plans).", show_default=False)
]
Colour = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Colour the output (default: when a terminal).", show_default=False),
]


@app.command()
@friendly
def validate(
    paths: Paths = None,
    format: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text, json or github (workflow annotations).")
    ] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    select: Annotated[
        str | None, typer.Option("--select", help="Only these rules: codes or prefixes, comma-separated (SP2,SP301).")
    ] = None,
    ignore: Annotated[str | None, typer.Option("--ignore", help="Never these rules: codes or prefixes.")] = None,
    show_suppressed: Annotated[
        bool, typer.Option("--show-suppressed", help="Also list problems silenced by # sendplan: ignore[...].")
    ] = False,
    colour: Colour = None,
) -> None:
    """Check plans: YAML syntax, schema, references, owners, dates and orphans.

    Prints one line per problem as FILE:LINE:COL: CODE message, with a hint below it.
    Settings come from sendplan.toml or [tool.sendplan] in pyproject.toml beside the plans or above them.
    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or unreadable input.

    Example: sendplan validate plans/ --format github
    """
    from sendplan.config import find_config
    from sendplan.render import problems as render
    from sendplan.validate import validate as run

    targets = paths or ["plans"]
    config = find_config(targets)
    config.select = _code_list(select, "--select") if select else config.select
    config.ignore = config.ignore + (_code_list(ignore, "--ignore") if ignore else [])
    result = run(targets, config)
    if format is ProblemFormat.json:
        typer.echo(render.as_json(result.problems, result.files, result.suppressed))
    elif format is ProblemFormat.github:
        if result.problems:
            typer.echo(render.as_github(result.problems))
        typer.echo(render.summary(result.problems, len(result.files), len(result.suppressed)), err=True)
    else:
        coloured = use_colour(colour)
        text = render.as_text(
            result.problems,
            len(result.files),
            colour=coloured,
            suppressed=result.suppressed,
            show_suppressed=show_suppressed,
        )
        typer.echo(text, color=coloured)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


def _code_list(text: str, option: str) -> list[str]:
    from sendplan.rules import RULES

    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    for code in codes:
        if not any(rule.startswith(code) for rule in RULES):
            raise SendplanError(f"{option} {code}: matches no rule; `sendplan rules` lists them")
    return codes


@app.command()
@friendly
def rules() -> None:
    """List every rule code with its default severity and what it finds.

    Example: sendplan rules
    """
    from sendplan.rules import RULES

    for rule in RULES.values():
        typer.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary}")


@app.command()
@friendly
def schema(
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file instead of printing.")
    ] = None,
) -> None:
    """Print the JSON Schema of a plan file, for editors (yaml-language-server) and other tools.

    The repository keeps a copy in schema/plan.schema.json; plans point at it on their first line.

    Example: sendplan schema -o schema/plan.schema.json
    """
    from sendplan.schema import plan_schema
    from sendplan.writefile import write_atomically

    text = plan_schema()
    if output:
        write_atomically(output, text)
    else:
        typer.echo(text, nl=False)


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


def _load_readable(paths: list[str]) -> tuple[list[Any], list[Any]]:
    from sendplan.load import load_readable

    return load_readable(paths)


def _left_out(problems: list[Any]) -> None:
    """Say which plan files were left out and why, then exit 2: the answer above is incomplete."""
    if not problems:
        return
    for problem in problems:
        typer.echo(f"{problem.file}:{problem.line}:{problem.col}: {problem.code} {problem.message}", err=True)
    files = len({p.file for p in problems})
    typer.echo(
        f"sendplan: error: {files} plan file{'s' * (files != 1)} could not be read and {'are' if files != 1 else 'is'} "
        "left out of the answer above; run `sendplan validate` for details",
        err=True,
    )
    raise typer.Exit(2)


def _show(listing: Any, format: ListFormat, include_undated: bool, colour: bool | None) -> None:
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
        import shutil

        text = render.as_rich(listing, include_undated, width=shutil.get_terminal_size().columns)
    else:
        text = render.as_plain(listing, include_undated)
    typer.echo(text, nl=False, color=format is ListFormat.table and use_colour(colour))


@app.command()
@friendly
def overdue(
    paths: Paths = None,
    as_of: AsOf = None,
    owner: OwnerOpt = None,
    priority: PriorityOpt = None,
    finding: FindingOpt = None,
    outcome: OutcomeOpt = None,
    plan: PlanOpt = None,
    status: StatusOpt = None,
    format: FormatOpt = ListFormat.table,
    include_undated: Undated = False,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="Exit 1 when anything is overdue (for CI).")
    ] = False,
    colour: Colour = None,
) -> None:
    """List what is late: every action and step past its deadline and not complete, whose it is, by how long.

    Dates as plans write them are read by the rules in the README: a month is due on its last day, a financial
    year on 31 March, an academic year on 31 August; Ongoing and TBC are never overdue.

    Example: sendplan overdue plans --as-of 2024-06-30 --owner "Learning and Skills"
    """
    from sendplan.overdue import Filters
    from sendplan.overdue import overdue as find

    day = parse_as_of(as_of)
    filters = Filters(owner, priority, finding, outcome, plan, status)
    plans, left_out = _load_readable(paths or ["plans"])
    listing = find(plans, day, filters)
    _show(listing, format, include_undated, colour)
    _left_out(left_out)
    if fail_if_any and (listing.rows or listing.unreadable):
        raise typer.Exit(1)


@app.command()
@friendly
def upcoming(
    paths: Paths = None,
    within: Annotated[str | None, typer.Option("--within", help="How far ahead: 30d, 6w, 3m (default 30d).")] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Look ahead to this date instead (ISO or a phrase).")
    ] = None,
    as_of: AsOf = None,
    owner: OwnerOpt = None,
    priority: PriorityOpt = None,
    finding: FindingOpt = None,
    outcome: OutcomeOpt = None,
    plan: PlanOpt = None,
    status: StatusOpt = None,
    format: FormatOpt = ListFormat.table,
    include_undated: Undated = False,
    colour: Colour = None,
) -> None:
    """List what falls due next: actions and steps not complete whose deadline is within the window, soonest first.

    Example: sendplan upcoming plans --within 6w --as-of 2024-06-30
    """
    from sendplan.overdue import Filters
    from sendplan.overdue import upcoming as find

    day = parse_as_of(as_of)
    if until and within:
        raise SendplanError("give --within or --until, not both")
    last = parse_as_of(until, "--until") if until else parse_within(within or "30d", day)
    if last < day:
        raise SendplanError(f"--until {until} is before --as-of {day.isoformat()}")
    filters = Filters(owner, priority, finding, outcome, plan, status)
    plans, left_out = _load_readable(paths or ["plans"])
    _show(find(plans, day, last, filters), format, include_undated, colour)
    _left_out(left_out)


class CrosswalkBy(StrEnum):
    findings = "findings"
    outcomes = "outcomes"
    priorities = "priorities"
    sources = "sources"


class CrosswalkFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command()
@friendly
def crosswalk(
    paths: Paths = None,
    by: Annotated[
        CrosswalkBy, typer.Option("--by", help="Columns: findings, outcomes, priorities or sources.")
    ] = CrosswalkBy.findings,
    invert: Annotated[bool, typer.Option("--invert", help="List, per column, the actions that serve it.")] = False,
    as_of: AsOf = None,
    format: Annotated[
        CrosswalkFormat, typer.Option("--format", "-f", help="table, markdown, csv or json.")
    ] = CrosswalkFormat.table,
    fail_on_gaps: Annotated[bool, typer.Option("--fail-on-gaps", help="Exit 1 when a column has no action.")] = False,
) -> None:
    """Show which actions serve which finding, outcome, priority or source, and which nothing serves.

    A matrix of actions (grouped by priority) against the columns, each cell the action's status as of
    --as-of, then the coverage of each column with a GAP flag where no action serves it. Links into other
    plans ("york-wsoa-2020:AFI3") are followed; plans they name are found beside the files given.

    Example: sendplan crosswalk plans --by outcomes --invert
    """
    from sendplan.crosswalk import crosswalk as build
    from sendplan.render import crosswalk as render
    from sendplan.validate import load_context, missing_plan_ids

    targets = paths or ["plans"]
    plans, left_out = _load_readable(targets)
    context = load_context(plans, [lp.file for lp in plans])
    cw = build(plans, parse_as_of(as_of), by.value, context)
    if format is CrosswalkFormat.json:
        text = render.as_json(cw)
    elif format is CrosswalkFormat.csv:
        text = render.as_csv(cw)
    elif format is CrosswalkFormat.markdown:
        text = render.as_markdown(cw, invert)
    else:
        text = render.as_inverted(cw) if invert else render.as_matrix(cw)
    typer.echo(text, nl=not text.endswith("\n"))
    for plan_id in sorted(missing_plan_ids(plans, context)):
        typer.echo(f"sendplan: error: plan '{plan_id}' is referred to but not found beside the files given", err=True)
    _left_out(left_out)
    if missing_plan_ids(plans, context):
        raise typer.Exit(2)
    if fail_on_gaps and cw.gaps:
        raise typer.Exit(1)


@app.command()
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


@app.command()
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
    built = build_report(paths or ["plans"], day, after)
    text = render(built, _report_format(format, output).value, template)
    if output:
        write_atomically(output, text)
    else:
        typer.echo(text, nl=False)
    _left_out(built.left_out)
