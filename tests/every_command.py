"""Run every command that reads a plan over one file, in-process, and say whether any of them broke."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

AS_OF = "2024-06-30"


def commands(path: str, copy: str) -> dict[str, list[str]]:
    """The argument lists, one per command; `update` gets a copy so the file under test stays as it was."""
    return {
        "validate": ["validate", path],
        "overdue": ["overdue", path, "--as-of", AS_OF],
        "upcoming": ["upcoming", path, "--as-of", AS_OF],
        "crosswalk": ["crosswalk", path, "--as-of", AS_OF],
        "report": ["report", path, "--as-of", AS_OF, "--format", "md"],
        "update": ["update", copy, "1.1", "--status", "On track", "--date", "30/06/2024"],
    }


@dataclass
class Outcome:
    """How one command ended on one file."""

    command: str
    exit_code: int
    output: str

    @property
    def broke(self) -> bool:
        """An internal error, a traceback, or an exit code that is none of 0, 1, 2."""
        return (
            self.exit_code not in (0, 1, 2)
            or "internal error" in self.output
            or "Traceback" in self.output
            or self.output.startswith("Error")  # typer's own usage error would be a wrong argument list here
        )


_RUNNER = CliRunner()
_BUILT: dict[int, object] = {}


def _built(app: object) -> object:
    """The click command typer builds from the app, built once: typer's runner rebuilds it on every call, which
    is two thirds of the time of a run over a small file."""
    import typer.main

    if id(app) not in _BUILT:
        _BUILT[id(app)] = typer.main.get_command(app)  # type: ignore[arg-type]
    return _BUILT[id(app)]


@contextmanager
def _built_once() -> Iterator[None]:
    import typer.testing

    original = typer.testing._get_command
    typer.testing._get_command = _built  # type: ignore[assignment]
    try:
        yield
    finally:
        typer.testing._get_command = original


def run_every(path: Path, work: Path, only: tuple[str, ...] = ()) -> list[Outcome]:
    """Every command over `path` (a file or folder); `work` is a folder for update's copy."""
    from sendplan.cli import app

    copy = work / ("update-copy" + "".join(path.suffixes[-1:]))
    if path.is_file() and not path.is_symlink():
        shutil.copyfile(path, copy)
    else:
        copy = path
    outcomes = []
    for name, args in commands(str(path), str(copy)).items():
        if only and name not in only:
            continue
        with _built_once():
            result = _RUNNER.invoke(app, args, catch_exceptions=True)
        output = result.stdout + result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            output += f"\nTraceback: {type(result.exception).__name__}: {result.exception}"
        outcomes.append(Outcome(name, result.exit_code, output))
    return outcomes
