"""The sendplan command line: the typer app and its commands, registered from sendplan.commands."""

from __future__ import annotations

import sys
from typing import Annotated, Any, NoReturn

# The exit code of a run ended by Ctrl-C, as a shell reports a tool ended by SIGINT (128 + 2).
INTERRUPTED_EXIT = 130


def interrupted() -> NoReturn:
    """End a run stopped by Ctrl-C: one line on stderr and exit code 130, never a traceback."""
    try:
        sys.stderr.write("sendplan: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError, KeyboardInterrupt):  # no stderr left, or a second Ctrl-C
        pass
    # CPython marks a KeyboardInterrupt "unhandled" when it leaves an exec of text (as dataclasses make methods,
    # while typer is imported), caught or not, and then ends the process by SIGINT rather than with this code
    # (measured: 1 start-up interrupt in 6); each exec of text clears that mark.
    exec("None")
    raise SystemExit(INTERRUPTED_EXIT)


try:  # Ctrl-C while Python imports typer (most of the start-up) ends the run as it would later
    import typer

    from sendplan.commands.coercion import install
    from sendplan.commands.lazy import LazyGroup
except KeyboardInterrupt:
    interrupted()

# The version pyproject.toml gives (tests/test_startup.py keeps them in step): `--version` then needs no
# importlib.metadata, which alone costs a fifth of typer's import.
VERSION = "0.1.0"

install()  # plain coercion for our simple option types: no pydantic TypeAdapter is built per run

# In the order --help lists them: checking, chasing and reporting first, then editing, then the rest. Each is
# "module:function" under sendplan.commands, imported and turned into a click command only when it is run (or
# when --help lists them all): building all fifteen cost more than typer's own import.
COMMANDS: list[tuple[str, str]] = [
    ("validate", "validate:validate"),
    ("overdue", "overdue:overdue"),
    ("upcoming", "upcoming:upcoming"),
    ("crosswalk", "crosswalk:crosswalk"),
    ("report", "report:report"),
    ("chase", "chase:chase"),
    ("update", "update:update"),
    ("rebaseline", "rebaseline:rebaseline"),
    ("diff", "diff:diff"),
    ("export", "export:export"),
    ("import", "import_:import_tracker"),
    ("fmt", "fmt:fmt"),
    ("new", "new:new"),
    ("rules", "rules:rules"),
    ("schema", "schema:schema"),
]


class Group(LazyGroup):
    """The command group: a Ctrl-C while a command is parsed or run ends it with `interrupted` (typer alone would
    exit 130 without a word)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            interrupted()

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()
        except typer.BadParameter as error:  # a command's option refused (its options are read here)
            error.message = plain_message(error.message)
            raise


# What pydantic puts before a validator's ValueError, as typer's own coercion of a choice reports it:
# "Invalid value for '--by': Value error, 'x' is not one of ...".
_PYDANTIC_PREFIX = "Value error, "


def plain_message(message: str) -> str:
    """An option's error message without pydantic's "Value error, " before it."""
    return message.removeprefix(_PYDANTIC_PREFIX)


class App(typer.Typer):
    """The typer app: a Ctrl-C while typer builds the command group ends the run as one while it runs."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            hand_back_swallowed_interrupts()
            return super().__call__(*args, **kwargs)
        except KeyboardInterrupt:
            interrupted()


def hand_back_swallowed_interrupts() -> None:
    """A Ctrl-C that lands while Python runs a __del__ or a weakref callback (an import's module lock, say, or
    inside pydantic-core) raises KeyboardInterrupt where Python can only print "Exception ignored ..." with a
    traceback and carry on, as if no Ctrl-C had come. Hand such an interrupt back to the main thread instead, to
    end the run as any other. For a run of the program only: the tests' own process keeps its hook."""
    previous = sys.unraisablehook
    if getattr(previous, "_sendplan", False):
        return
    import threading
    import time

    hooks_running = [0]

    def again() -> None:
        # Raising it from the hook itself would only be swallowed again: from a thread of its own, once the main
        # thread has left the hook, it comes at the main thread's next step.
        while hooks_running[0]:
            time.sleep(0.001)
        import _thread

        _thread.interrupt_main()

    def hook(unraisable: Any) -> None:
        if not (isinstance(unraisable.exc_type, type) and issubclass(unraisable.exc_type, KeyboardInterrupt)):
            previous(unraisable)
            return
        hooks_running[0] += 1
        try:
            threading.Thread(target=again, name="sendplan-interrupt", daemon=True).start()
        finally:
            hooks_running[0] -= 1  # the last step: nothing after it where the interrupt could come

    hook._sendplan = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


app = App(
    name="sendplan",
    help="Check, chase and report SEND improvement plans kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=Group.of(COMMANDS, package="sendplan.commands"),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sendplan {VERSION}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, chase and report SEND improvement plans kept as YAML."""
