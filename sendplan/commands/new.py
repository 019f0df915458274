"""`sendplan new`: start a plan from a commented skeleton that validates as it stands."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendplan.commands.common import friendly


class Kind(StrEnum):
    operational = "operational plan"
    strategic = "strategic plan"
    wsoa = "written statement of action"
    improvement = "improvement plan"
    reference = "reference list"
    other = "other"


@friendly
def new(
    file: Annotated[str, typer.Argument(help="The plan file to create, e.g. plans/hull-2025-28.yaml.")],
    id: Annotated[str, typer.Option("--id", help="The plan's id: short, no spaces, e.g. hull-2025-28.")],
    kind: Annotated[Kind, typer.Option("--kind", help="What kind of plan it is.")],
    title: Annotated[str | None, typer.Option("--title", help="The plan's title as published.")] = None,
) -> None:
    """Create a plan file from a commented skeleton: the schema modeline on line 1, status words for the kind, one
    owner, priority, finding and action to copy. It validates as it stands; an existing file is never replaced.

    Example: sendplan new plans/hull-2025-28.yaml --id hull-2025-28 --kind "strategic plan" --title "Hull SEND plan"
    """
    from sendplan.skeleton import write_new

    write_new(file, id, kind.value, title)
    typer.echo(f"{file}: new {kind.value}; fill it in, then run: sendplan validate {file}")
