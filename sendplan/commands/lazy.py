"""A typer group whose commands are imported and built only when asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup


class LazyCommands(MutableMapping[str, Any]):
    """Command name -> click command, each made on first use from a "module:function" target."""

    def __init__(self, makers: dict[str, Callable[[], Any]], made: dict[str, Any]) -> None:
        self._makers = dict(makers)
        self._made = dict(made)
        for name in made:
            self._makers.setdefault(name, lambda: None)

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            self._made[name] = self._makers[name]()  # KeyError for a name we do not know, as a dict
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._makers.setdefault(name, lambda: command)
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._makers[name]
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __contains__(self, name: object) -> bool:
        return name in self._makers


def make_command(name: str, target: str, package: str) -> Any:
    """The click command typer makes for the function at `target` ("module:function" within `package`)."""
    module, _, function = target.partition(":")
    single = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
    single.command(name=name)(getattr(importlib.import_module(f"{package}.{module}"), function))
    return typer.main.get_command(single)


class LazyGroup(TyperGroup):
    """typer's group, with commands that are made only when run, listed or helped."""

    targets: list[tuple[str, str]] = []
    package = ""

    @classmethod
    def of(cls, targets: list[tuple[str, str]], package: str) -> type[LazyGroup]:
        """A LazyGroup class for these (name, "module:function") commands."""
        return type("LazyGroup", (cls,), {"targets": list(targets), "package": package})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        makers = {name: _maker(name, target, self.package) for name, target in self.targets}
        self.commands = LazyCommands(makers, dict(self.commands))

    def list_commands(self, ctx: Any) -> list[str]:
        """The names in the order given, without making the commands."""
        return list(self.commands)


def _maker(name: str, target: str, package: str) -> Callable[[], Any]:
    return lambda: make_command(name, target, package)
