"""`sendplan new`: start a plan from a commented skeleton that validates as it stands."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.common import friendly


@friendly
def new(
    file: Annotated[str, typer.Argument(help="The plan file to create, e.g. plans/hull-2025-28.yaml.")],
    id: Annotated[str, typer.Option("--id", help="The plan's id: short, no spaces, e.g. hull-2025-28.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="What kind of plan it is: operational plan, strategic plan, written statement of action, "
            "improvement plan, reference list or other (any case).",
        ),
    ],
    title: Annotated[str | None, typer.Option("--title", help="The plan's title as published.")] = None,
) -> None:
    """Create a plan file from a commented skeleton: the schema modeline on line 1, status words for the kind, one
    owner, priority, finding and action to copy. It validates as it stands; an existing file is never replaced.

    Example: sendplan new plans/hull-2025-28.yaml --id hull-2025-28 --kind "strategic plan" --title "Hull SEND plan"
    """
    from sendplan.skeleton import plan_kind, write_new

    chosen = plan_kind(kind)
    write_new(file, id, chosen, title)
    typer.echo(f"{file}: new {chosen}; fill it in, then run: sendplan validate {file}")
