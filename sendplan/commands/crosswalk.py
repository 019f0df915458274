"""`sendplan crosswalk`: which actions serve which finding, outcome, priority or source."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import (
    AsOf,
    CacheDir,
    Jobs,
    NoCache,
    Paths,
    exit_if_left_out,
    friendly,
    load_readable,
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
    from sendplan.crosswalk import crosswalk as build
    from sendplan.render import crosswalk as render
    from sendplan.validate import load_context, missing_plan_ids

    targets = paths or ["plans"]
    read = reading(targets, cache_dir, no_cache, jobs)
    plans, left_out = load_readable(targets, read)
    context = load_context(plans, [lp.file for lp in plans], read)
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
    exit_if_left_out(left_out)
    if missing_plan_ids(plans, context):
        raise typer.Exit(2)
    if fail_on_gaps and cw.gaps:
        raise typer.Exit(1)
