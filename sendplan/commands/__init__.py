"""The commands, one module each; `sendplan.cli` registers them with typer."""
