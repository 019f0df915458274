"""`sendplan rules`: list every rule code with its severity and summary."""

from __future__ import annotations

import typer

from sendplan.commands.common import friendly


@friendly
def rules() -> None:
    """List every rule code with its default severity and what it finds.

    Example: sendplan rules
    """
    from sendplan.rules import RULES

    for rule in RULES.values():
        typer.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary}")
