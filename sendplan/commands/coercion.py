"""Plain coercion of command-line values for typer, so that a run builds no pydantic TypeAdapter."""

from __future__ import annotations

import os
import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

# typer 0.2x from about 0.23 on coerces every parameter, even one left at its default None, through a pydantic
# TypeAdapter built when the command runs (typer.core._TyperParameter.get_runtime_param): importing pydantic's
# types and building ~15 adapters costs more than the rest of a warm `overdue`. For the simple types our commands
# use (str, bool, int with min/max, Enum choices, Path, lists of str or Path) the conversion is done here instead,
# with the messages pydantic gives (tests compare the two), less the "Value error, " it puts before a choice's.
# Anything else, and any value that is not the string or object expected, goes to typer's own coercion. Older
# typers (click types, no pydantic) are left alone.

_ASCII_SPACE = " \t\n\r\x0b\x0c"
# pydantic's lax str -> int: ASCII digits, single underscores between them, a sign, and a fraction of zeros.
_INTEGER = r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?"  # compiled (and cached by re) when first used
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def install() -> bool:
    """Give typer plain coercion for our simple parameter types; False (and nothing changed) if typer differs."""
    try:
        from typer import _coercion, _param_types, core
        from typer._click.exceptions import BadParameter

        parameter = core._TyperParameter
        original = parameter.get_runtime_param
        base = _coercion.RuntimeParam
        build = _coercion.build_runtime_param
        coerce_choice = _param_types.coerce_cli_choice
        coerce_path = _param_types.coerce_cli_path
        routes_to_path = _param_types.routes_to_path
    except (ImportError, AttributeError):
        return False
    if getattr(original, "_sendplan_plain", False):
        return True
    if not (
        isinstance(base, type) and callable(build) and "parameter_info" in getattr(base, "__dataclass_fields__", {})
    ):
        return False
    tools = _Tools(BadParameter, build, coerce_choice, coerce_path, routes_to_path, _escape())
    plain_class = _plain_class(base)

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            descriptor = getattr(self, "type_descriptor", None)
            converter = plain_converter(descriptor, tools) if descriptor is not None else None
            if converter is not None:
                self._runtime_param = plain_class(
                    parameter_info=descriptor.parameter_info,  # type: ignore[union-attr]
                    annotation=descriptor.annotation,  # type: ignore[union-attr]
                    converter=converter,
                    descriptor=descriptor,
                    tools=tools,
                )
        return original(self)

    get_runtime_param._sendplan_plain = True  # type: ignore[attr-defined]
    get_runtime_param.__wrapped__ = original  # type: ignore[attr-defined]
    parameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    return True


class _Tools:
    """The parts of typer the converters use, found once by install()."""

    def __init__(
        self, bad_parameter: Any, build: Any, coerce_choice: Any, coerce_path: Any, routes_to_path: Any, escape: Any
    ) -> None:
        self.bad_parameter = bad_parameter
        self.build = build
        self.coerce_choice = coerce_choice
        self.coerce_path = coerce_path
        self.routes_to_path = routes_to_path
        self.escape = escape


class _Unusual(Exception):
    """The value is not what the plain converter expects: typer's own coercion decides."""


def _escape() -> Any:
    try:
        from typer._click.utils import _escape_control_characters

        return _escape_control_characters
    except ImportError:
        return lambda text: text


def _plain_class(base: type) -> type:
    """A RuntimeParam of typer's whose conversion is a plain function, falling back to typer's own."""

    class PlainRuntimeParam(base):
        converter: Any
        descriptor: Any
        tools: Any

        def __init__(self, parameter_info: Any, annotation: Any, converter: Any, descriptor: Any, tools: Any) -> None:
            super().__init__(parameter_info=parameter_info, annotation=annotation)
            # typer's RuntimeParam is a frozen dataclass; these are ours, set as its own __init__ sets fields
            object.__setattr__(self, "converter", converter)
            object.__setattr__(self, "descriptor", descriptor)
            object.__setattr__(self, "tools", tools)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.converter(value, param, ctx)
            except _Unusual:
                return self.tools.build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            except ValueError as error:
                raise self.tools.bad_parameter(self.tools.escape(str(error)), ctx=ctx, param=param) from None

    return PlainRuntimeParam


def plain_converter(descriptor: Any, tools: _Tools) -> Any:
    """A function (value, param, ctx) -> value for this parameter, or None to leave it to typer."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
        return None
    if getattr(info, "click_type", None) is not None:
        return None
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        leaf = _leaf(item, info, tools)
        if leaf is None or not (item is str or _is_path(item, info, tools)):
            return None  # items that can fail: their messages are left to typer

        def each(value: Any, param: Any, ctx: Any) -> list[Any]:
            items = value if isinstance(value, (list, tuple)) else [value]
            return [leaf(one, param, ctx) for one in items]

        return each
    if get_origin(annotation) is not None:
        return None
    return _leaf(annotation, info, tools)


def _is_path(annotation: Any, info: Any, tools: _Tools) -> bool:
    return bool(tools.routes_to_path(annotation, info))


def _leaf(annotation: Any, info: Any, tools: _Tools) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(list(annotation), info, tools)
    if annotation is bool:
        return _boolean
    if annotation is str:
        return _text
    if annotation is int and not getattr(info, "clamp", False):
        return _integer(info.min, info.max)
    if _is_path(annotation, info, tools):
        return _path(annotation, info, tools)
    return None


def _choice(choices: list[Any], info: Any, tools: _Tools) -> Any:
    def choose(value: Any, param: Any, ctx: Any) -> Any:
        # typer's message as it is: not pydantic's "Value error, " before it (sendplan.cli strips that from
        # typer's own coercion too)
        return tools.coerce_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)

    return choose


def _boolean(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise _Unusual
    word = value.strip()
    if word == "":
        return False
    if word.lower() in _TRUE:
        return True
    if word.lower() in _FALSE:
        return False
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _text(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, str):
        return value
    raise _Unusual  # bytes and other objects: typer decodes them its own way


def _integer(low: Any, high: Any) -> Any:
    if not all(bound is None or (isinstance(bound, int) and not isinstance(bound, bool)) for bound in (low, high)):
        return None

    def integer(value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, str):
            text = value.strip(_ASCII_SPACE)
            if not re.fullmatch(_INTEGER, text):
                raise ValueError("Input should be a valid integer, unable to parse string as an integer")
            number = int(text.partition(".")[0].replace("_", ""))
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raise _Unusual
        if low is not None and number < low:
            raise ValueError(f"Input should be greater than or equal to {low}")
        if high is not None and number > high:
            raise ValueError(f"Input should be less than or equal to {high}")
        return number

    return integer


def _path(annotation: Any, info: Any, tools: _Tools) -> Any:
    path_type = getattr(info, "path_type", None)
    if path_type is None and isinstance(annotation, type) and issubclass(annotation, Path):
        path_type = annotation

    def path(value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, (str, os.PathLike)):
            raise _Unusual
        if isinstance(path_type, type) and issubclass(path_type, Path) and not isinstance(value, path_type):
            value = path_type(value)  # what pydantic's Path does with a string, without building its adapter
        return tools.coerce_path(value, info, path_type=path_type, param=param, ctx=ctx)

    return path
