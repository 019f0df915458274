"""Files and folders -> located, typed plans, or problems saying exactly where and why they could not be read."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from sendplan.files import PLAN_SUFFIXES as PLAN_SUFFIXES  # re-exported: where callers have found them
from sendplan.files import collector_paused as collector_paused  # re-exported: where callers have found it
from sendplan.files import decode_plan, read_plan_bytes, walk_plan_files
from sendplan.files import find_plan_files as find_plan_files  # re-exported: where callers have found it
from sendplan.model import Plan
from sendplan.positions import Positions
from sendplan.problems import PlanFilesInvalid, Problem, Severity

if TYPE_CHECKING:  # yamlio imports ruamel.yaml: only a file not in the cache needs it
    from sendplan.parallel import Reading
    from sendplan.yamlio import Document, Path

_UNFINISHED = {"SP001", "SP002", "SP007", "SP009"}  # YAML problems after which the data is incomplete


@dataclass
class LeftOut:
    """Entries of a plan file that failed the schema: reported, and left out of the plan built from the rest.

    Attributes:
        doc: the file's data as read, entries and all, with their places (the plan's own `doc` has them removed).
        paths: where each entry left out stands in `doc`: ("actions", 3), ("actions", 5, "steps", 1), ("statuses", "X").
        names: per section (owners, priorities, outcomes, findings, actions, statuses, sources), the ids, initials,
            aliases, names and keys of the entries left out, so references to them are not reported as dangling.
        refs: what the entries left out pointed at (addresses, outcomes, priority), so the findings and outcomes
            they answer are not reported as unanswered.
    """

    doc: Document
    paths: list[Path]
    names: dict[str, set[str]]
    refs: set[str]


@dataclass
class LoadedPlan:
    """A plan that passed the schema, with where each of its parts stands in its file.

    Attributes:
        file: the file's path as the user named it.
        plan: the typed plan.
        positions: where each value and key of the file stands (the located data itself is not kept).
        comments: line -> text of each comment, for per-line suppressions.
        left_out: for a plan built in part, the entries that failed the schema and were left out.
        doc: the located data itself, kept only when asked for (by the commands that edit the file), never cached.
    """

    file: str
    plan: Plan
    positions: Positions
    comments: dict[int, str] = field(default_factory=dict)
    left_out: LeftOut | None = None
    doc: Document | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def plan_refs(self) -> frozenset[str]:
        """Plan ids named by the plan's qualified references ("york-wsoa-2020:AFI3"): worked out once, since the
        loader, the checks and the report each ask (the plan never changes once built)."""
        plan = self.plan
        refs = [r for p in plan.priorities for r in p.addresses]
        for action in plan.actions:
            refs += action.addresses
            refs += action.outcomes
            if action.priority:
                refs.append(action.priority)
            for step in action.steps:
                refs += step.addresses
                for measure in step.measures:
                    refs += getattr(measure, "addresses", ())
            for measure in action.measures:
                refs += getattr(measure, "addresses", ())  # as checks._finding_refs reads them
        return frozenset(ref.partition(":")[0] for ref in refs if ":" in ref)

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
        return curly_hint(Problem(self.file, line, col, code, message, hint, severity), _model_value(self.plan, path))


_CURLY = "\u201c\u201d\u2018\u2019"


def curly_hint(problem: Problem, value: Any) -> Problem:
    """The problem with the curly-quotes hint first when the value it is about is wrapped in Word's curly quotes
    (`\u201c1.1\u201d`), or starts or ends with one: YAML reads those as part of the text, so the id or owner is
    not found."""
    if not isinstance(value, str) or len(value) < 2:
        return problem
    if value[0] in _CURLY and value[-1] in _CURLY:
        hint = "retype the curly quotes (\u201c \u201d \u2018 \u2019) as straight quotes (\" or '), or delete them"
    elif value[0] in "\u201c\u2018":
        hint = f"the text starts with a curly quote ({value[0]}), as Word types it: delete it"
    elif value[-1] == "\u201d":  # not \u2019, which ends a word as an apostrophe too
        hint = f"the text ends with a curly quote ({value[-1]}), as Word types it: delete it"
    else:
        return problem
    return dataclasses.replace(problem, hint=f"{hint}; {problem.hint}" if problem.hint else hint)


def _model_value(model: Any, path: Path) -> Any:
    """The value at a data path in the built model (None where the path leads nowhere)."""
    for segment in path:
        if isinstance(segment, int):
            model = model[segment] if isinstance(model, list) and segment < len(model) else None
        elif isinstance(model, dict):
            model = model.get(segment)
        else:
            model = getattr(model, segment, None)
        if model is None:
            return None
    return model


def load_paths(
    paths: list[str], reading: Reading | None = None, partial: bool = False
) -> tuple[list[LoadedPlan], list[Problem]]:
    """Load every plan under `paths` (through the cache and worker processes `reading` names); problems of each
    file are collected, not raised."""
    from sendplan.parallel import load_files

    plans: list[LoadedPlan] = []
    files, problems = walk_plan_files(paths)  # paths in folders that had to be skipped: SP012, named, left out
    for plan, found in load_files(files, reading, partial):
        problems.extend(found)
        if plan is not None:
            plans.append(plan)
    return plans, problems


def load_readable(paths: list[str], reading: Reading | None = None) -> tuple[list[LoadedPlan], list[Problem]]:
    """The plans under `paths` that load, and the errors of those left out: files that are not valid plans (as
    well as the schema: a duplicate action id, an unknown owner or status word), and a second file declaring a
    plan id already read (which would otherwise be counted twice)."""
    from sendplan.validate import invalidating_problems

    with collector_paused():
        plans, problems = load_paths(paths, reading)
    errors = [p for p in problems if p.severity == "error"]
    doubtful = invalidating_problems(plans, reading)
    errors += doubtful
    in_doubt = {p.file for p in doubtful}
    seen: dict[str, LoadedPlan] = {}
    kept: list[LoadedPlan] = []
    for lp in [lp for lp in plans if lp.file not in in_doubt]:
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


def load_file(file: str, partial: bool = False) -> tuple[LoadedPlan | None, list[Problem]]:
    """Read one file into a LoadedPlan, or None with the problems that stopped it (SendplanError if unreadable).

    With `partial`, entries that fail the schema are reported and left out, and the plan is built from the rest
    (for `validate`, which checks all it can); without it, a file with any error gives no plan."""
    data = read_plan_bytes(file)
    if isinstance(data, Problem):
        return None, [data]
    return load_bytes(data, file, partial)


def load_bytes(data: bytes, file: str, partial: bool = False) -> tuple[LoadedPlan | None, list[Problem]]:
    """A file's bytes (from disk or from git) -> its LoadedPlan (or None) and its own problems: the unit the cache
    keeps and workers make."""
    text, problem = decode_plan(data, file)
    if problem:
        return None, [problem]
    return load_text(text, file, partial)


def load_text(
    text: str, file: str, partial: bool = False, keep_doc: bool = False
) -> tuple[LoadedPlan | None, list[Problem]]:
    """Read plan text into a LoadedPlan, or None with the problems that stopped it (see load_file for `partial`;
    with `keep_doc`, the located data is kept on the plan for an edit)."""
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
        built = _built_in_part(error, doc) if partial else None
        if built is None:
            return None, problems
        part, located, left_out = built
        return LoadedPlan(file, part, Positions.of(located), located.comments, left_out), problems
    if any(p.severity == "error" for p in problems) and not partial:
        return None, problems
    # The located data is dropped here: the model holds the values, Positions the places later stages name.
    return LoadedPlan(file, plan, Positions.of(doc), doc.comments, doc=doc if keep_doc else None), problems


ENTRY_LISTS = ("owners", "priorities", "outcomes", "findings", "actions")


def _built_in_part(error: ValidationError, doc: Document) -> tuple[Plan, Document, LeftOut] | None:
    """The plan without the entries that failed the schema, its data re-located, and what was left out; None when
    an error is outside any entry (in the plan block, or a whole section of the wrong kind)."""
    from sendplan.yamlio import Document

    bad: set[Path] = set()
    unknown: set[Path] = set()  # keys the schema does not know: dropped, their entry kept and checked
    for item in error.errors():
        path, rest = _walk(doc.data, tuple(item["loc"]))
        if item["type"] == "extra_forbidden" and not rest:
            unknown.add(path)
            continue
        entry = _entry_of(path)
        if entry is None:
            return None
        bad.add(entry)
    # a bad step inside a bad action goes with its action
    bad = {p for p in bad if not any(p[: len(q)] == q and p != q for q in bad)}
    unknown = {p for p in unknown if not any(p[: len(q)] == q for q in bad)}
    data = _without(doc.data, (), bad | unknown)
    try:
        plan = Plan.model_validate(data)
    except ValidationError:
        return None
    names: dict[str, set[str]] = defaultdict(set)
    refs: set[str] = set()
    for path in bad:
        entry = _get(doc.data, path)
        section = "steps" if "steps" in path else str(path[0])
        if isinstance(entry, dict):
            for key in ("id", "initials", "name", "role"):
                if isinstance(entry.get(key), str):
                    names[section].add(entry[key])
            names[section].update(a for a in entry.get("aliases", []) or [] if isinstance(a, str))
        if section in ("statuses", "sources"):
            names[section].add(str(path[1]))
        refs.update(_refs_in(entry))
    located = Document(
        data,
        _moved(doc.where, bad | unknown),
        _moved(doc.key_where, bad | unknown),
        _moved(doc.raw, bad | unknown),
        doc.comments,
    )
    return plan, located, LeftOut(doc, sorted(bad, key=str), dict(names), refs)


def _entry_of(path: Path) -> Path | None:
    """The entry a data path falls in: an action, a step, an owner ...; a key of statuses or sources."""
    if len(path) >= 4 and path[0] == "actions" and path[2] == "steps" and isinstance(path[3], int):
        return path[:4]
    if len(path) >= 2 and path[0] in ENTRY_LISTS and isinstance(path[1], int):
        return path[:2]
    if len(path) >= 2 and path[0] in ("statuses", "sources"):
        return path[:2]
    return None


def _without(value: Any, here: Path, bad: set[Path]) -> Any:
    """A copy of the data with the entries at `bad` removed (only the lists and blocks leading to them copied)."""
    if not any(p[: len(here)] == here and len(p) > len(here) for p in bad):
        return value
    if isinstance(value, list):
        return [_without(v, (*here, i), bad) for i, v in enumerate(value) if (*here, i) not in bad]
    if isinstance(value, dict):
        return {k: _without(v, (*here, k), bad) for k, v in value.items() if (*here, k) not in bad}
    return value


_T = typing.TypeVar("_T")


def _moved(table: dict[Path, _T], bad: set[Path]) -> dict[Path, _T]:
    """A path table re-keyed for the data without the entries at `bad`: later list items move up."""
    if not bad:
        return dict(table)
    lists: dict[Path, list[int]] = defaultdict(list)
    for path in bad:
        if isinstance(path[-1], int):
            lists[path[:-1]].append(path[-1])
    moved: dict[Path, _T] = {}
    for path, value in table.items():
        if any(path[: len(b)] == b for b in bad):
            continue
        new: list[Any] = []
        for k, segment in enumerate(path):
            gone = lists.get(path[:k]) if isinstance(segment, int) else None
            new.append(segment - sum(i < segment for i in gone) if gone and isinstance(segment, int) else segment)
        moved[tuple(new)] = value
    return moved


def _refs_in(entry: Any) -> Iterator[str]:
    """Every reference an entry makes: its addresses, outcomes and priority, its steps' and measures' too."""
    if isinstance(entry, dict):
        for key, value in entry.items():
            if key in ("addresses", "outcomes") and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif key == "priority" and isinstance(value, str):
                yield value
            elif isinstance(value, list | dict):
                yield from _refs_in(value)
    elif isinstance(entry, list):
        for value in entry:
            yield from _refs_in(value)


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
        problem = curly_hint(_schema_problem(item, path, rest, value, doc, file), value)
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
        hint = _type_hint(kind)
        plural = f"{field}s" if field and isinstance(value, list) else ""
        fields = getattr(_model_holding(tuple(item["loc"])), "model_fields", None) if plural else None
        if fields and plural in fields and plural not in (_get(doc.data, path[:-1]) or {}):
            hint = f"did you mean '{plural}:' (a list)? '{field}:' is {_WHAT[kind]}: {hint}"
        return Problem(file, line, col, "SP103", f"{where} should be {_WHAT[kind]}, not {got}", hint)
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
    if kind == "string_pattern_mismatch" and isinstance(value, str) and not value.strip():
        return Problem(file, line, col, "SP104", f"{where} is empty", "write the id, e.g. 1.1, AFI3 or K.McN")
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
        hint = "write the text" if _required(tuple(item["loc"])) else "write the text, or delete the key"
        return Problem(file, line, col, "SP104", f"{where} is empty", hint)
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
            singular = _singular(str(path[index - 1])) if index else "item"
            ident = current.get("id") if isinstance(current, dict) else None
            ident = getattr(ident, "text", ident)  # an unquoted 1.10 is named as written, not as the number 1.1
            if isinstance(ident, str) and ident.strip():
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


def _singular(word: str) -> str:
    """One of a plan's lists' items: priorities -> priority, statuses -> status, addresses -> address, actions ->
    action."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "uses")):
        return word[:-2]
    return word.removesuffix("s")


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


def _required(loc: tuple[Any, ...]) -> bool:
    """Whether the key at a pydantic location must be there (deleting it would only be another error)."""
    fields = getattr(_model_holding(loc), "model_fields", None)
    key = next((segment for segment in reversed(loc) if isinstance(segment, str)), None)
    return bool(fields and key in fields and fields[key].is_required())


def _model_holding(loc: tuple[Any, ...]) -> Any:
    """The model whose field the last key of a pydantic location is (walking the model, as _allowed_keys does)."""
    keys = [segment for segment in loc if isinstance(segment, str)]
    model: Any = Plan
    for segment in keys[:-1]:
        fields = getattr(model, "model_fields", None)
        if fields is None or segment not in fields:
            return None
        model = _inner_model(fields[segment].annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, dict, typing.Union, types.UnionType) or get_args(annotation):
        for arg in get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
