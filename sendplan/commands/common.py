"""What the commands share: the error handler, colour choice, common options and option parsers."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from sendplan.problems import SendplanError

F = TypeVar("F", bound=Callable[..., Any])


def friendly(function: F) -> F:
    """Turn SendplanError into one line on stderr and exit 2; never show a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return _run(*args, **kwargs)
        finally:
            _say_unwritten()

    def _run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = function(*args, **kwargs)
            sys.stdout.flush()  # here, not at interpreter exit, so a closed pipe is met below
            return result
        except BrokenPipeError:
            stop_quietly_on_closed_pipe()
        except SendplanError as error:
            from sendplan.safetext import visible

            for problem in getattr(error, "problems", []):
                where = f"{problem.file}:{problem.line}:{problem.col}: {problem.code} {problem.message}"
                typer.echo(visible(where, newlines=False), err=True)
            typer.echo(visible(f"sendplan: error: {error}"), err=True)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except OverflowError:
            typer.echo("sendplan: error: a date is out of range (years run to 9999)", err=True)
            raise typer.Exit(2) from None
        except UnicodeDecodeError as error:
            typer.echo(f"sendplan: error: a file is not UTF-8 text: {error.reason} at byte {error.start}", err=True)
            raise typer.Exit(2) from None
        except Exception as error:  # a bug: say so plainly; SENDPLAN_DEBUG=1 shows the traceback
            if os.environ.get("SENDPLAN_DEBUG"):
                raise
            typer.echo(
                f"sendplan: internal error: {type(error).__name__}: {error} (set SENDPLAN_DEBUG=1 for details)",
                err=True,
            )
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


# What a shell reports for a tool stopped by SIGPIPE (128 + 13), as `yes | head -1` is under `set -o pipefail`.
CLOSED_PIPE_EXIT = 141


def stop_quietly_on_closed_pipe() -> NoReturn:
    """The reader of our output has gone (`sendplan overdue | head -1`): stop without a word, as Unix tools do."""
    # Python's docs (signal module, "Note on SIGPIPE"): point stdout at devnull, so that the flush Python makes at
    # interpreter exit does not fail again with "Exception ignored ... BrokenPipeError".
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (captured in tests): nothing left to flush
        pass
    raise typer.Exit(CLOSED_PIPE_EXIT)


def use_colour(choice: bool | None) -> bool:
    """Colour when asked, else when writing to a terminal and NO_COLOR is not set."""
    if choice is not None:
        return choice
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


Paths = Annotated[
    list[str] | None, typer.Argument(help="Plan files or folders (default: ./plans).", show_default=False)
]
Colour = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Colour the output (default: when a terminal).", show_default=False),
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def parse_as_of(text: str | None, option: str = "--as-of") -> date:
    """--as-of: an ISO date or a plan phrase; today when not given (the only place sendplan reads the clock)."""
    from sendplan.dates import DateError, as_of_date

    if text is None:
        return date.today()
    try:
        return as_of_date(text, "financial")
    except DateError as error:
        hint = "give a date such as 2024-06-30, 30/06/2024 or June 2024"
        raise SendplanError(f"{option} {text!r}: {error.message}; {hint}") from None


def parse_within(text: str, start: date) -> date:
    """--within: days, weeks or calendar months from `start`: 30d, 6w, 3m (3m from 31 Dec is 31 March)."""
    import re
    from datetime import timedelta

    from sendplan.dates import add_months

    match = re.fullmatch(r"\s*(\d+)\s*(d|day|days|w|week|weeks|m|month|months)?\s*", text.lower())
    if not match:
        raise SendplanError(f"--within {text!r}: write a number of days, weeks or months, e.g. 30d, 6w, 3m")
    number, unit = int(match[1]), (match[2] or "d")[0]
    try:
        if unit == "m":
            return add_months(start, number)
        return start + timedelta(days=number * (7 if unit == "w" else 1))
    except (OverflowError, ValueError):
        raise SendplanError(f"--within {text!r} reaches past the year 9999") from None


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Work out lateness as of this date (ISO or a phrase; default today).", show_default=False
    ),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option("--owner", help="Only these owners: initials, alias, or part of a name, role or organisation."),
]
PriorityOpt = Annotated[str | None, typer.Option("--priority", help="Only this priority (id or part of its title).")]
FindingOpt = Annotated[str | None, typer.Option("--finding", help="Only actions addressing this finding, e.g. AFI2.")]
OutcomeOpt = Annotated[str | None, typer.Option("--outcome", help="Only actions serving this outcome (id or words).")]
PlanOpt = Annotated[str | None, typer.Option("--plan", help="Only this plan (plan id).")]
StatusOpt = Annotated[
    str | None, typer.Option("--status", help="Only this status: the plan's word, a state, or 'not recorded'.")
]
FormatOpt = Annotated[
    ListFormat, typer.Option("--format", "-f", help="table (plain text when piped), json, csv or markdown.")
]
Undated = Annotated[bool, typer.Option("--include-undated", help="Also list ongoing and to-be-confirmed items.")]


def _cache_dir_given(value: str | None) -> str | None:
    """--cache-dir: a folder; an empty one (`--cache-dir "$DIR"` with DIR unset) is refused, not read as the
    default."""
    if value is not None and not value.strip():
        raise typer.BadParameter(
            f"{value!r} names no folder; give the folder to keep the cache in, or leave --cache-dir out"
        )
    return value


CacheDir = Annotated[
    str | None,
    typer.Option(
        "--cache-dir",
        help="Keep the cache here (default: $SENDPLAN_CACHE_DIR, else .sendplan_cache/ beside the settings).",
        show_default=False,
        callback=_cache_dir_given,
    ),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Read every file afresh; neither read nor write the cache.")]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes to read files with (default: the usable cores; at most twice those, one per two files).",
        show_default=False,
    ),
]


def reading(paths: list[str], cache_dir: str | None, no_cache: bool, jobs: int | None, cache: Any = None) -> Any:
    """The cache (`cache`, when already opened) and worker processes the options name, for the plans at `paths`."""
    from sendplan.parallel import Reading, usable_cores

    _check_environment()  # however much there is to read
    if cache is None and not no_cache:
        cache = _open_cache(paths, cache_dir)
    if cache is None:
        return Reading(None, jobs or usable_cores())
    read, cache.unheld = cache.unheld, {}  # the files answers.Asked read: not read and hashed again
    return Reading(cache, jobs or usable_cores(), dict(cache.keyed), read)


def _check_environment() -> None:
    """A bad SENDPLAN_PARALLEL_BYTES is a usage error for every command that reads plans, whatever it reads."""
    from sendplan.environ import PARALLEL_BYTES, parallel_bytes

    parallel_bytes(PARALLEL_BYTES)


def open_cache(paths: list[str], cache_dir: str | None, no_cache: bool) -> Any:
    """The cache the options name, or None; None too when the settings cannot be read (`reading` says why, where
    it always has)."""
    _check_environment()  # even when the cache answers
    if no_cache:
        return None
    try:
        return _open_cache(paths, cache_dir)
    except SendplanError:
        return None


def _open_cache(paths: list[str], cache_dir: str | None) -> Any:
    from sendplan.cache import Cache, cache_dir_named, cache_folder
    from sendplan.settings import find_settings_file  # not sendplan.config: no TOML reader, no rules

    settings = find_settings_file(paths)
    try:
        settings_bytes = settings.read_bytes() if settings else b""
    except OSError:
        settings_bytes = b""
    cache = Cache(cache_folder(paths, cache_dir, str(settings) if settings else None), settings_bytes)
    reason = cache.unusable()
    if reason is None:
        if cache_dir or cache_dir_named():
            _NAMED.append(cache)
        return cache
    if cache_dir or cache_dir_named():  # named by the user: say why it is not used
        _warn_once(cache.folder, f"{reason}; reading without it")
    return None


_WARNED: set[str] = set()
_NAMED: list[Any] = []  # the caches opened in folders the user named (--cache-dir, SENDPLAN_CACHE_DIR)


def _say_unwritten() -> None:
    """Say, once, that a cache folder the user named could not be written (the answer was read without it)."""
    while _NAMED:
        cache = _NAMED.pop()
        if cache.failed:
            _warn_once(cache.folder, f"{cache.failed}; read without it")


def _warn_once(folder: Any, why: str) -> None:
    """Say why a cache folder the user named is not used, once a process."""
    if str(folder) not in _WARNED:
        _WARNED.add(str(folder))
        typer.echo(f"sendplan: warning: cache folder {folder}: {why}", err=True)


Force = Annotated[bool, typer.Option("--force", help="Replace the output if it exists already.")]


def refuse_existing(output: str, force: bool) -> None:
    """Refuse to replace an existing output file (an officer may have filled it in) unless --force is given."""
    from pathlib import Path

    if not force and (Path(output).exists() or Path(output).is_symlink()):
        raise SendplanError(f"{output}: already exists; give --force to replace it, or choose another name")


def load_readable(paths: list[str], reading: Any = None) -> tuple[list[Any], list[Any]]:
    from sendplan.load import load_readable

    return load_readable(paths, reading)


def exit_if_left_out(problems: list[Any]) -> None:
    """Say which plan files were left out and why, then exit 2: the answer above is incomplete."""
    if not problems:
        return
    from sendplan.safetext import visible

    for problem in problems:
        where = f"{problem.file}:{problem.line}:{problem.col}: {problem.code} {problem.message}"
        typer.echo(visible(where, newlines=False), err=True)
    files = len({p.file for p in problems})
    typer.echo(
        f"sendplan: error: {files} plan file{'s' * (files != 1)} could not be read and {'are' if files != 1 else 'is'} "
        "left out of the answer; run `sendplan validate` for details",
        err=True,
    )
    raise typer.Exit(2)


def exit_if_skipped(skipped: list[Any]) -> None:
    """Name on stderr each path a folder walk had to skip, then exit 2: the answer above leaves them out."""
    if not skipped:
        return
    from sendplan.safetext import visible

    for problem in skipped:
        typer.echo(visible(f"sendplan: error: {problem.file}: {problem.message}", newlines=False), err=True)
    raise typer.Exit(2)


def terminal_width(default: int = 100) -> int:
    """COLUMNS when set, else the width of the terminal on stdout or stderr, else `default` (never the data's)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            return os.get_terminal_size(stream.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            continue
    return default


def show(listing: Any, format: ListFormat, include_undated: bool, colour: bool | None) -> None:
    from sendplan.render import listing as render

    for row in listing.unreadable:  # never silently undated: these may be late
        typer.echo(render.unreadable_line(row, row.revised or row.due), err=True)

    if format is ListFormat.json:
        text = render.as_json(listing, include_undated)
    elif format is ListFormat.csv:
        text = render.as_csv(listing, include_undated)
    elif format is ListFormat.markdown:
        text = render.as_markdown(listing, include_undated)
    elif use_colour(colour):
        text = render.as_rich(listing, include_undated, width=terminal_width())
    else:
        text = render.as_plain(listing, include_undated, width=terminal_width())
    typer.echo(text, nl=False, color=format is ListFormat.table and use_colour(colour))
