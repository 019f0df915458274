"""`sendplan upcoming`: what falls due next."""

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
    SendplanError,
    StatusOpt,
    Undated,
    exit_if_left_out,
    friendly,
    load_readable,
    open_cache,
    parse_as_of,
    parse_within,
    reading,
)


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
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    jobs: Jobs = None,
) -> None:
    """List what falls due next: actions and steps not complete whose deadline is within the window, soonest first.

    Example: sendplan upcoming plans --within 6w --as-of 2024-06-30
    """
    from datetime import date

    from sendplan.answers import Asked
    from sendplan.commands.listed import show_list
    from sendplan.listing import Filters

    filters = Filters(owner, priority, finding, outcome, plan, status)
    targets = paths or ["plans"]
    cache = open_cache(targets, cache_dir, no_cache)

    def make() -> Any:
        from sendplan.overdue import upcoming as find

        day = parse_as_of(as_of)
        if until and within:
            raise SendplanError("give --within or --until, not both")
        last = parse_as_of(until, "--until") if until else parse_within(within or "30d", day)
        if last < day:
            raise SendplanError(f"--until {until} is before --as-of {day.isoformat()}")
        read = reading(targets, cache_dir, no_cache, jobs, cache)
        plans, left_out = load_readable(targets, read)
        return (find(plans, day, last, filters), left_out), read.keys

    day = as_of if as_of is not None else ("today", date.today().isoformat())
    any_rows, left_out = show_list(
        Asked(cache, targets, repr(("upcoming", day, within, until, filters))), make, format, include_undated, colour
    )
    exit_if_left_out(left_out)
