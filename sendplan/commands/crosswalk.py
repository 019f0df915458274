"""`sendplan crosswalk`: which actions serve which finding, outcome, priority or source."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from sendplan.commands.common import (
    AsOf,
    CacheDir,
    Jobs,
    NoCache,
    Paths,
    exit_if_left_out,
    friendly,
    open_cache,
    parse_as_of,
    reading,
)


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
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """Show which actions serve which finding, outcome, priority or source, and which nothing serves.

    A matrix of actions (grouped by priority) against the columns, each cell the action's status as of
    --as-of, then the coverage of each column with a GAP flag where no action serves it. Links into other
    plans ("york-wsoa-2020:AFI3") are followed; plans they name are found beside the files given.

    Example: sendplan crosswalk plans --by outcomes --invert
    """
    from datetime import date

    from sendplan.answers import Asked
    from sendplan.crosswalk_answer import is_shown

    targets = paths or ["plans"]
    cache = open_cache(targets, cache_dir, no_cache)

    def make() -> Any:
        from sendplan.crosswalk_answer import shown

        read = reading(targets, cache_dir, no_cache, jobs, cache)
        return shown(targets, lambda: parse_as_of(as_of), by.value, format.value, invert, read)

    day = as_of if as_of is not None else ("today", date.today().isoformat())
    question = repr(("crosswalk", day, by.value, format.value, invert))
    (text, missing, left_out, gaps), _ = Asked(cache, targets, question).answer("", make, is_shown)
    typer.echo(text, nl=not text.endswith("\n"))
    for plan_id in missing:
        typer.echo(f"sendplan: error: plan '{plan_id}' is referred to but not found beside the files given", err=True)
    exit_if_left_out(left_out)
    if missing:
        raise typer.Exit(2)
    if fail_on_gaps and gaps:
        raise typer.Exit(1)
