"""`sendplan schema`: print or write the JSON Schema of a plan file."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.common import friendly


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
