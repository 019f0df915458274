"""The cross-walk as printed, with what its command says after it: the answer kept whole in the cache.

Nothing here imports the plan model until a cross-walk is made, so a kept answer is read back without it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeGuard

from sendplan.problems import Problem

if TYPE_CHECKING:
    from sendplan.parallel import Reading

Shown = tuple[str, list[str], list[Problem], bool]  # the text, plan ids named but not found, files left out, gaps?


def shown(
    paths: list[str], as_of: Callable[[], date], by: str, format: str, invert: bool, reading: Reading
) -> tuple[Shown, dict[str, str]]:
    """The cross-walk of the plans under `paths` as `format` prints it (as of the date `as_of` gives, worked out
    once the plans are read), and the cache key of each file read for it; no keys (so it is not kept) when the
    plans name plans outside the files given, since which files those are rests on what else is in their folders."""
    from sendplan.crosswalk import crosswalk
    from sendplan.load import load_readable
    from sendplan.render import crosswalk as render
    from sendplan.validate import load_context, missing_plan_ids, referenced_plan_ids

    plans, left_out = load_readable(paths, reading)
    context = load_context(plans, [lp.file for lp in plans], reading)
    cw = crosswalk(plans, as_of(), by, context)  # type: ignore[arg-type]
    if format == "json":
        text = render.as_json(cw)
    elif format == "csv":
        text = render.as_csv(cw)
    elif format == "markdown":
        text = render.as_markdown(cw, invert)
    else:
        text = render.as_inverted(cw) if invert else render.as_matrix(cw)
    missing = sorted(missing_plan_ids(plans, context))
    closed = not referenced_plan_ids(plans) - {lp.plan.plan.id for lp in plans}
    return (text, missing, left_out, bool(cw.gaps)), (reading.keys if closed else {})


def is_shown(value: Any) -> TypeGuard[Shown]:
    """Whether an unpickled entry has the shape of a printed cross-walk."""
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], list)
        and all(isinstance(i, str) for i in value[1])
        and isinstance(value[2], list)
        and all(isinstance(p, Problem) for p in value[2])
        and isinstance(value[3], bool)
    )
