"""`sendplan overdue`: what is late, whose it is and by how long."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sendplan.commands.common import (
    AsOf,
    CacheDir,
    Colour,
    FindingOpt,
    FormatOpt,
    Jobs,
    ListFormat,
    NoCache,
    OutcomeOpt,
    OwnerOpt,
    Paths,
    PlanOpt,
    PriorityOpt,
    StatusOpt,
    Undated,
    exit_if_left_out,
    friendly,
    load_readable,
    open_cache,
    parse_as_of,
    reading,
)


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
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """List what is late: every action and step past its deadline and not complete, whose it is, by how long.

    Dates as plans write them are read by the rules in the README: a month is due on its last day, a financial
    year on 31 March, an academic year on 31 August; Ongoing and TBC are never overdue.

    Example: sendplan overdue plans --as-of 2024-06-30 --owner "Learning and Skills"
    """
    from datetime import date

    from sendplan.answers import Asked
    from sendplan.commands.listed import show_list
    from sendplan.listing import Filters

    filters = Filters(owner, priority, finding, outcome, plan, status)
    targets = paths or ["plans"]
    cache = open_cache(targets, cache_dir, no_cache)

    def make() -> Any:
        from sendplan.overdue import overdue as find

        day = parse_as_of(as_of)
        read = reading(targets, cache_dir, no_cache, jobs, cache)
        plans, left_out = load_readable(targets, read)
        return (find(plans, day, filters), left_out), read.keys

    day = as_of if as_of is not None else ("today", date.today().isoformat())
    any_rows, left_out = show_list(
        Asked(cache, targets, repr(("overdue", day, filters))), make, format, include_undated, colour
    )
    exit_if_left_out(left_out)
    if fail_if_any and any_rows:
        raise typer.Exit(1)
