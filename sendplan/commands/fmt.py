"""`sendplan fmt`: put plan files in the layout docs/plan-format.md gives, keeping every comment."""

from __future__ import annotations

from typing import Annotated

import typer

from sendplan.commands.common import Paths, friendly


@friendly
def fmt(
    paths: Paths = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; list the files that would change and exit 1 (for CI).")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show what would change in each file as a short diff (with --check).")
    ] = False,
) -> None:
    """Format plan files: keys in the order docs/plan-format.md gives, two-space indentation, ids YAML would
    misread quoted ("1.10", "0123", "yes"), no trailing spaces, one blank line between actions.

    Meaning and comments are kept: a comment above a key moves with the key, and an entry whose keys cannot be
    reordered with their comments keeps its order (fmt says so). Each file keeps its line endings (LF or CRLF)
    and byte-order mark. A file is written (atomically) only when its data reads back the same and every comment
    is still there. Exit status: 0 done (or nothing to change), 1 with --check when a file would change, 2 when a
    file cannot be read or formatted safely (it is left as it was).

    Example: sendplan fmt plans --check --diff
    """
    from sendplan.fmt import format_files
    from sendplan.load import find_plan_files

    files = find_plan_files(paths or ["plans"])
    done, failed = format_files(files, write=not check)
    changed = [result for result in done if result.changed]
    for result in changed:
        typer.echo(f"would reformat {result.file}" if check else f"reformatted {result.file}")
        if diff:
            typer.echo(result.diff(), nl=False)
    for result in done:
        for note in result.notes:
            typer.echo(note, err=True)
    for message in failed:
        typer.echo(message, err=True)
    left = len(files) - len(changed) - len({m.split(":", 1)[0] for m in failed})
    typer.echo(
        f"{len(changed)} file{'s' * (len(changed) != 1)} {'would change' if check else 'reformatted'}, "
        f"{left} already formatted",
        err=True,
    )
    if failed:
        typer.echo(
            f"sendplan: error: {len(failed)} problem{'s' * (len(failed) != 1)}; those files were not changed", err=True
        )
        raise typer.Exit(2)
    if check and changed:
        raise typer.Exit(1)
