"""Files and folders -> located, typed plans, or problems saying exactly where and why they could not be read."""

from __future__ import annotations

import difflib
import gc
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sendplan.model import Plan
from sendplan.positions import Positions
from sendplan.problems import PlanFilesInvalid, Problem, SendplanError, Severity

if TYPE_CHECKING:  # yamlio imports ruamel.yaml: only a file not in the cache needs it
    from sendplan.parallel import Reading
    from sendplan.yamlio import Document, Path

PLAN_SUFFIXES = (".yaml", ".yml")
MAX_BYTES = 4 * 1024 * 1024  # a real plan is under 200 kB; national sets are many files, not one huge one
_UNFINISHED = {"SP001", "SP002", "SP007", "SP009"}  # YAML problems after which the data is incomplete


@dataclass
class LoadedPlan:
    """A plan that passed the schema, with where each of its parts stands in its file.

    Attributes:
        file: the file's path as the user named it.
        plan: the typed plan.
        positions: where each value and key of the file stands (the located data itself is not kept).
        comments: line -> text of each comment, for per-line suppressions.
    """

    file: str
    plan: Plan
    positions: Positions
    comments: dict[int, str] = field(default_factory=dict)

    def at(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Line and column of the nearest located part of `path` (of its key, when `key`)."""
        while path:
            found = self.positions.get(path, key)
            if found is not None:
                return found
            path = path[:-1]
        return self.positions.get(()) or (1, 1)

    def problem(
        self, path: Path, code: str, message: str, hint: str = "", severity: Severity = "error", key: bool = False
    ) -> Problem:
        """A problem located at `path` in this plan's file."""
        line, col = self.at(path, key)
        return Problem(self.file, line, col, code, message, hint, severity)


def find_plan_files(paths: list[str]) -> list[str]:
    """Plan files named by paths: files as given, folders searched recursively; raise SendplanError if none."""
    found: list[str] = []
    for name in paths:
        path = FsPath(name)
        try:
            path.resolve(strict=path.is_symlink())
        except (OSError, RuntimeError):
            raise SendplanError(f"{name}: cannot follow this path (a link that loops?)") from None
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in PLAN_SUFFIXES and p.is_file())
            inside = [p for p in inside if not any(part.startswith(".") for part in p.relative_to(path).parts)]
            if not inside:
                raise SendplanError(f"{name}: no plan files (*.yaml) in this folder")
            found.extend(str(p) for p in inside)
        elif path.is_file():
            found.append(name)
        elif path.exists():
            raise SendplanError(f"{name}: not a file or folder")
        else:
            raise SendplanError(f"{name}: no such file or folder")
    unique: dict[str, str] = {}
    for name in found:  # "plans/x.yaml", "./plans/x.yaml" and its absolute path are one file
        try:
            unique.setdefault(str(FsPath(name).resolve()), name)
        except (OSError, RuntimeError):
            raise SendplanError(f"{name}: cannot follow this path (a link that loops?)") from None
    return list(unique.values())


def load_paths(paths: list[str], reading: Reading | None = None) -> tuple[list[LoadedPlan], list[Problem]]:
    """Load every plan under `paths` (through the cache and worker processes `reading` names); problems of each
    file are collected, not raised."""
    from sendplan.parallel import load_files

    plans: list[LoadedPlan] = []
    problems: list[Problem] = []
    for plan, found in load_files(find_plan_files(paths), reading):
        problems.extend(found)
        if plan is not None:
            plans.append(plan)
    return plans, problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the block runs, then restore it."""
    # Loading makes millions of small objects and no garbage cycles worth collecting: at 15,000 actions the
    # collections that free nothing cost about a second.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was loaded lives until the command ends and holds no cycles: frozen, the collections after it
        # never walk it again (they cost a second at a national set).
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_readable(paths: list[str], reading: Reading | None = None) -> tuple[list[LoadedPlan], list[Problem]]:
    """The plans under `paths` that load, and the errors of those left out: files that are not valid plans, and
    a second file declaring a plan id already read (which would otherwise be counted twice)."""
    with collector_paused():
        plans, problems = load_paths(paths, reading)
    errors = [p for p in problems if p.severity == "error"]
    seen: dict[str, LoadedPlan] = {}
    kept: list[LoadedPlan] = []
    for lp in plans:
        first = seen.setdefault(lp.plan.plan.id, lp)
        if first is lp:
            kept.append(lp)
        else:
            message = f"plan id '{lp.plan.plan.id}' is also the id of {first.file}; this file is left out"
            errors.append(lp.problem(("plan", "id"), "SP216", message, "give each plan its own id"))
    return kept, errors


def load_plans(paths: list[str], reading: Reading | None = None) -> list[LoadedPlan]:
    """Load every plan under `paths` for a command that reads them; raise PlanFilesInvalid if any has errors."""
    with collector_paused():
        plans, problems = load_paths(paths, reading)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise PlanFilesInvalid(errors)
    return plans


def load_file(file: str) -> tuple[LoadedPlan | None, list[Problem]]:
    """Read one file into a LoadedPlan, or None with the problems that stopped it."""
    data, problems = read_plan_bytes(file)
    if data is None:
        return None, problems
    return load_bytes(data, file)


def read_plan_bytes(file: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a plan file, or None with the problem when it is too large to be a plan."""
    try:
        size = FsPath(file).stat().st_size
        if size > MAX_BYTES:
            message = (
                f"the file is {size / 1024 / 1024:.1f} MB; a plan file may be at most {MAX_BYTES // 1024 // 1024} MB"
            )
            return None, [Problem(file, 1, 1, "SP007", message, "split the plan into several files")]
        return FsPath(file).read_bytes(), []
    except OSError as error:
        raise SendplanError(f"{file}: cannot read: {error.strerror}") from None


def load_bytes(data: bytes, file: str) -> tuple[LoadedPlan | None, list[Problem]]:
    """A file's bytes -> its LoadedPlan (or None) and its own problems: the unit the cache keeps and workers make."""
    text, problem = _decode(data, file)
    if problem:
        return None, [problem]
    return load_text(text, file)


def load_text(text: str, file: str) -> tuple[LoadedPlan | None, list[Problem]]:
    """Read plan text into a LoadedPlan, or None with the problems that stopped it."""
    from sendplan.yamlio import read_yaml

    doc, problems = read_yaml(text, file)
    if doc.data is None or any(p.code in _UNFINISHED for p in problems):
        return None, problems  # the YAML was not read to the end: schema errors on a part would mislead
    if not isinstance(doc.data, dict):
        what = _describe(doc.data)
        problems.append(
            Problem(
                file,
                1,
                1,
                "SP103",
                f"a plan file holds a block of keys (plan:, actions: ...), not {what}",
                "start from a plan in plans/",
            )
        )
        return None, problems
    try:
        plan = Plan.model_validate(doc.data)
    except ValidationError as error:
        problems.extend(_schema_problems(error, doc, file))
        return None, problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    # The located data is dropped here: the model holds the values, Positions the places later stages name.
    return LoadedPlan(file, plan, Positions.of(doc), doc.comments), problems


def _decode(data: bytes, file: str) -> tuple[str, Problem | None]:
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        return "", Problem(
            file, line, col, "SP008", "the file holds binary data, not text", "a plan is a UTF-8 text file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        hint = "save the file as UTF-8 (in Word or Excel exports, choose UTF-8)"
        return "", Problem(file, line, col, "SP008", "the file is not UTF-8 text", hint)
    return text, None


# --- schema errors -------------------------------------------------------------------------------------------------

_WHAT = {
    "dict_type": "a block of keys",
    "model_type": "a block of keys",
    "model_attributes_type": "a block of keys",
    "list_type": "a list",
    "string_type": "text",
    "bool_type": "true or false",
}


def _schema_problems(error: ValidationError, doc: Document, file: str) -> list[Problem]:
    problems: dict[tuple[Path, str], Problem] = {}
    for item in error.errors():
        loc = tuple(item["loc"])
        path, rest = _walk(doc.data, loc)
        value = _get(doc.data, path)
        if rest == ("<other branch>",) and not (isinstance(value, list) and item["type"] == "string_type"):
            continue  # of "text or a block", only the branch that fits the data speaks (a list gets one message)
        problem = _schema_problem(item, path, rest, value, doc, file)
        problems.setdefault((path, problem.code + problem.message), problem)
    return sorted(problems.values(), key=lambda p: (p.line, p.col, p.code))


def _schema_problem(item: Any, path: Path, rest: Path, value: Any, doc: Document, file: str) -> Problem:
    kind = item["type"]
    where = _label(doc.data, path)
    field = str(path[-1]) if path and isinstance(path[-1], str) else ""
    line, col = doc.where.get(path, (1, 1))
    if kind == "extra_forbidden":
        line, col = doc.key_where.get(path, (line, col))
        allowed = _allowed_keys(tuple(item["loc"])[:-1])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        hint += f"keys here: {', '.join(allowed)}" if allowed else ""
        return Problem(file, line, col, "SP101", f"unknown key '{field}' in {_label(doc.data, path[:-1])}", hint)
    if kind == "missing":
        missing = str(item["loc"][-1])
        line, col = doc.key_where.get(path, (line, col))
        return Problem(file, line, col, "SP102", f"{where} has no '{missing}'", f"add '{missing}:' to it")
    from sendplan.yamlio import Number

    if isinstance(value, Number) and kind in ("string_type", "literal_error"):
        text = doc.raw.get(path, str(value))
        return Problem(
            file,
            line,
            col,
            "SP105",
            f"{field or 'value'} {text} is read as a number, not as written",
            f'put it in quotes: "{text}"',
        )
    if kind in _WHAT:
        got = _describe(value)
        return Problem(file, line, col, "SP103", f"{where} should be {_WHAT[kind]}, not {got}", _type_hint(kind))
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return Problem(
            file,
            line,
            col,
            "SP104",
            f"{where} is '{value}'; it must be one of {expected}",
            "use one of the words listed",
        )
    if kind == "string_pattern_mismatch":
        return Problem(
            file,
            line,
            col,
            "SP104",
            f"{where} '{value}' is not an id: ids have no spaces or colons",
            "use letters, digits, dots and hyphens, e.g. 1.1, AFI3, K.McN",
        )
    if kind == "string_too_short":
        return Problem(file, line, col, "SP104", f"{where} is empty", "write the text, or delete the key")
    return Problem(file, line, col, "SP104", f"{where}: {item['msg']}", "see docs/plan-format.md")


def _type_hint(kind: str) -> str:
    if kind == "list_type":
        return "write a list: each item on its own line starting with '- ', or [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write keys under it, each on its own line, indented: 'key: value'"
    return "write the text after the key; quote it if it contains ': '"


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[Path, Path]:
    """Follow a pydantic error location through the data; return the path found and the segments left over.

    Pydantic adds segments that are not in the data (union branches such as 'constrained-str' or 'Measure');
    they are passed over, and a trailing key that is not in the data (a missing key) is returned as left over.
    """
    path: Path = ()
    rest: Path = ()
    current = data
    for segment in loc:
        if (
            isinstance(current, dict)
            and segment in current
            or isinstance(current, list)
            and isinstance(segment, int)
            and segment < len(current)
        ):
            current = current[segment]
            path = (*path, segment)
        else:
            rest = (*rest, segment)
            block_branch = isinstance(segment, str) and segment[:1].isupper()  # "Measure"
            text_branch = isinstance(segment, str) and "str" in segment and not block_branch  # "...constrained-str]"
            if block_branch or text_branch:
                branch = _get(data, path)
                if block_branch != isinstance(branch, dict):
                    rest = ("<other branch>",)  # this union branch does not fit the data: its errors are noise
                    return path, rest
    return path, rest


def _get(data: Any, path: Path) -> Any:
    for segment in path:
        data = data[segment]
    return data


def _label(data: Any, path: Path) -> str:
    """Name a place the way an officer would: "action 2.1, owners" rather than actions[3].owners."""
    if not path:
        return "the plan file"
    words: list[str] = []
    current: Any = data
    for index, segment in enumerate(path):
        current = current[segment] if isinstance(current, dict | list) else None  # type: ignore[index]
        if isinstance(segment, int):
            singular = str(path[index - 1]).rstrip("s") if index else "item"
            ident = current.get("id") if isinstance(current, dict) else None
            ident = getattr(ident, "text", ident)  # an unquoted 1.10 is named as written, not as the number 1.1
            if isinstance(ident, str):
                words[-1:] = [f"{singular} {ident}"]
            else:
                words[-1:] = [
                    f"{singular} {segment + 1}"
                    if singular in ("action", "step", "owner")
                    else f"{path[index - 1]} item {segment + 1}"
                ]
        else:
            words.append(str(segment))
    return ", ".join(words)


def _describe(value: Any) -> str:
    from sendplan.yamlio import Number

    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, Number):
        return f"the number {value.text}"
    return f"the text '{value}'"


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the model takes at a pydantic location (walking the model, not the data)."""
    model: Any = Plan
    for segment in loc:
        if isinstance(segment, int):
            continue
        fields = getattr(model, "model_fields", None)
        if fields is None or segment not in fields:
            continue
        model = _inner_model(fields[segment].annotation)
        if model is None:
            return []
    return list(model.model_fields) if model is not None and hasattr(model, "model_fields") else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, dict, typing.Union, types.UnionType) or get_args(annotation):
        for arg in get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
