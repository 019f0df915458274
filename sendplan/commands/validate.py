"""`sendplan validate`: check plans and report every problem as FILE:LINE:COL: CODE message."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import (
    CacheDir,
    Colour,
    Jobs,
    NoCache,
    Paths,
    SendplanError,
    exit_if_skipped,
    friendly,
    parse_as_of,
    reading,
    use_colour,
)


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


@friendly
def validate(
    paths: Paths = None,
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (workflow annotations), gitlab (Code Quality report) or sarif (code scanning).",
        ),
    ] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    select: Annotated[
        str | None, typer.Option("--select", help="Only these rules: codes or prefixes, comma-separated (SP2,SP301).")
    ] = None,
    ignore: Annotated[str | None, typer.Option("--ignore", help="Never these rules: codes or prefixes.")] = None,
    show_suppressed: Annotated[
        bool, typer.Option("--show-suppressed", help="Also list problems silenced by # sendplan: ignore[...].")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Also check statuses against the calendar on this date: on track but overdue (SP316).",
            show_default=False,
        ),
    ] = None,
    colour: Colour = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also show details, such as the YAML parser's own words.")
    ] = False,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Check plans: YAML syntax, schema, references, owners, dates and orphans.

    Prints one line per problem as FILE:LINE:COL: CODE message, with a hint below it.
    Settings come from sendplan.toml or [tool.sendplan] in pyproject.toml beside the plans or above them.
    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or unreadable input (a path in a
    folder that cannot be read is named, and the rest still checked).

    Example: sendplan validate plans/ --format github
    """
    from sendplan.config import find_config
    from sendplan.render import problems as render
    from sendplan.validate import validate as run

    targets = paths or ["plans"]
    config = find_config(targets)
    config.select = _code_list(select, "--select") if select else config.select
    config.ignore = config.ignore + (_code_list(ignore, "--ignore") if ignore else [])
    result = run(
        targets, config, parse_as_of(as_of) if as_of is not None else None, reading(targets, cache_dir, no_cache, jobs)
    )
    if format is ProblemFormat.json:
        typer.echo(render.as_json(result.problems, result.files, result.suppressed))
    elif format is ProblemFormat.github:
        if result.problems:
            typer.echo(render.as_github(result.problems))
        typer.echo(render.summary(result.problems, len(result.files), len(result.suppressed)), err=True)
    elif format in (ProblemFormat.gitlab, ProblemFormat.sarif):
        typer.echo(
            render.as_gitlab(result.problems) if format is ProblemFormat.gitlab else render.as_sarif(result.problems)
        )
        typer.echo(render.summary(result.problems, len(result.files), len(result.suppressed)), err=True)
    else:
        coloured = use_colour(colour)
        text = render.as_text(
            result.problems,
            len(result.files),
            colour=coloured,
            suppressed=result.suppressed,
            show_suppressed=show_suppressed,
            verbose=verbose,
        )
        typer.echo(text, color=coloured)
    exit_if_skipped(result.skipped)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


def _code_list(text: str, option: str) -> list[str]:
    from sendplan.rules import RULES

    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    for code in codes:
        if not any(rule.startswith(code) for rule in RULES):
            raise SendplanError(f"{option} {code}: matches no rule; `sendplan rules` lists them")
    return codes
