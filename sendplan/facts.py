"""Per-file facts: a file's own problems and what the cross-plan checks read from it, kept in the cache per file."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sendplan.checks import Deferred, check_alone, check_dates_in_raw_data, one_per_missing_plan, referenced_refs
from sendplan.checks import _did_you_mean as did_you_mean
from sendplan.load import LoadedPlan, curly_hint
from sendplan.problems import Problem
from sendplan.suppress import Suppression, read_suppressions

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendplan.cache import Cache
    from sendplan.parallel import Reading

_SECTIONS = ("findings", "outcomes", "priorities")


@dataclass
class Facts:
    """What validate needs of one file, without its plan: all of it depends on the file alone (and the as-of date).

    Attributes:
        file: the file, as named.
        found: the loader's problems and those of the dates in entries that failed the schema.
        plan_id: the plan's id; None when no plan was built.
        kind: the plan's kind.
        plan_at: line and column of the plan's id, for SP216.
        ids: per section (findings, outcomes, priorities), the ids of the plan's entries, in order.
        checked: every check's problems on the plan alone, with Deferred ones where the other plans decide.
        local: per section (findings, outcomes), ids this plan points at in itself (unqualified references).
        far: per section, (plan id, id) pairs this plan points at through qualified references.
        plan_refs: plan ids named by qualified references (validate.referenced_plan_ids).
        suppressions: the file's suppressions and SP401 problems; None when the file's text cannot be read.
    """

    file: str
    found: list[Problem]
    plan_id: str | None = None
    kind: str = ""
    plan_at: tuple[int, int] = (1, 1)
    ids: dict[str, list[str]] = field(default_factory=dict)
    checked: list[Problem] = field(default_factory=list)
    local: dict[str, set[str]] = field(default_factory=dict)
    far: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    plan_refs: set[str] = field(default_factory=set)
    suppressions: tuple[list[Suppression], list[Problem]] | None = None


def own_problems(file: str, plan: LoadedPlan | None, problems: list[Problem]) -> list[Problem]:
    """A file's problems from loading it, and those of the dates in what failed the schema."""
    found = list(problems)
    if plan is not None:
        if plan.left_out:  # the entries left out still have their dates checked
            found.extend(check_dates_in_raw_data(file, plan.left_out.doc, plan.left_out.paths))
    elif problems and all(p.code.startswith("SP1") for p in problems if p.severity == "error"):
        found.extend(_dates_of_unschemaed(file))
    return found


def facts_of(file: str, plan: LoadedPlan | None, problems: list[Problem], as_of: date | None) -> Facts:
    """The facts of one file, from its reading."""
    facts = Facts(file, own_problems(file, plan, problems))
    if plan is None:
        facts.suppressions = _suppressions_of_unread(file)
        return facts
    facts.plan_id = plan.plan.plan.id
    facts.kind = plan.plan.plan.kind
    facts.plan_at = plan.at(("plan", "id"))
    facts.ids = {section: [entry.id for entry in getattr(plan.plan, section)] for section in _SECTIONS}
    facts.checked = check_alone(plan, as_of)
    for section in ("findings", "outcomes"):
        refs = referenced_refs(plan, section)
        facts.local[section] = {ref for ref in refs if ":" not in ref}
        facts.far[section] = {_split(ref) for ref in refs if ":" in ref}
    from sendplan.validate import referenced_plan_ids

    facts.plan_refs = referenced_plan_ids([plan])
    text = Path(file).read_text(encoding="utf-8-sig")
    facts.suppressions = read_suppressions(file, plan.comments, text.splitlines()) if "sendplan" in text else ([], [])
    return facts


def facts_name(cache: Cache, key: str, day: str) -> str:
    """The name, in a pack, of the facts of the file whose bytes have cache key `key`, checked on `day`."""
    return cache.key("<facts>", f"{key}\0{day}".encode())


def made_facts(
    day: str, cache: Cache | None, file: str, key: str | None, result: tuple[LoadedPlan | None, list[Problem]]
) -> Facts:
    """The facts of one file's reading, made where the file is read: in a worker process or the command's own
    (parallel.each_file). They are kept in the cache in the set's pack only (file_facts): an entry of their own
    for each file would cost a file made on disk (about 0.5 ms here, a fifth of a file's facts), and facts not in
    a pack are made again from the reading the cache keeps, without parsing the file."""
    return facts_of(file, result[0], result[1], date.fromisoformat(day) if day else None)


def made_facts_and_more(
    day: str,
    also: Callable[[LoadedPlan, list[Problem]], object],
    cache: Cache | None,
    file: str,
    key: str | None,
    result: tuple[LoadedPlan | None, list[Problem]],
) -> tuple[Facts, object]:
    """The facts of one file's reading and what `also` makes of its plan (Reading.also), made together."""
    from sendplan.parallel import also_of

    return made_facts(day, cache, file, key, result), also_of(also, cache, file, key, result)


def file_facts(files: list[str], keys: list[str], reading: Reading, as_of: date | None) -> list[Facts]:
    """Each file's facts, from the cache, or made from its reading (which the cache may also hold).

    The facts of every file checked through this cache on the same day are kept together in one entry (a "pack"),
    so after an edit, or with a plan added, the unchanged files' facts come from one read of the cache and only
    the new ones are made. A pack keeps what it knows of files outside this run's set while they exist (a run
    over one plan does not cost the whole folder's facts), and the newest facts of each file in the set."""
    import os
    from functools import partial

    from sendplan.parallel import each_file

    cache = reading.cache
    assert cache is not None
    day = as_of.isoformat() if as_of else ""
    names = [facts_name(cache, key, day) for key in keys]
    pack_key = cache.key("<facts of a set>", day.encode())
    pack = cache.get(pack_key)
    packed: dict[str, object] = pack if isinstance(pack, dict) else {}
    kept: dict[int, Facts] = {}
    for index, (file, name) in enumerate(zip(files, names, strict=True)):
        hit = packed.get(name)
        if isinstance(hit, Facts) and hit.file == file:
            kept[index] = hit
    missing = [index for index in range(len(files)) if index not in kept]
    also = reading.also
    if also is None:
        kept.update(
            zip(missing, each_file([files[i] for i in missing], reading, partial(made_facts, day)), strict=True)
        )
    else:  # what also makes of each plan is made with its facts, where the file is read
        made = each_file([files[i] for i in missing], reading, partial(made_facts_and_more, day, also))
        for index, (facts, more) in zip(missing, made, strict=True):
            kept[index] = facts
            reading.made[files[index]] = more
    if missing:
        named = set(files)
        together = {
            name: facts
            for name, facts in packed.items()
            if isinstance(facts, Facts) and facts.file not in named and os.path.exists(facts.file)
        }
        together.update((name, kept[index]) for index, name in enumerate(names))
        cache.put(pack_key, pickle.dumps(together, pickle.HIGHEST_PROTOCOL))
    return [kept[index] for index in range(len(files))]


def cross_checks(facts: list[Facts]) -> list[Problem]:
    """The checks' problems over the whole set, as run_checks gives them, from the files' facts alone."""
    planned = [f for f in facts if f.plan_id is not None]
    by_id: dict[str, Facts] = {}
    for f in planned:
        by_id.setdefault(f.plan_id or "", f)
    problems: list[Problem] = []
    for f in planned:  # check_plan_ids
        first = by_id[f.plan_id or ""]
        if first is not f:
            message = f"plan id '{f.plan_id}' is also the id of {first.file}"
            problems.append(
                curly_hint(Problem(f.file, *f.plan_at, "SP216", message, "give each plan its own id"), f.plan_id)
            )
    answered = {section: _answered(planned, by_id, section) for section in ("findings", "outcomes")}
    for f in planned:
        for problem in f.checked:
            settled = _settle(problem, by_id, answered) if isinstance(problem, Deferred) else problem
            if settled is not None:
                problems.append(settled)
    return one_per_missing_plan(problems)


def _answered(planned: list[Facts], by_id: dict[str, Facts], section: str) -> set[tuple[str, str]]:
    """(plan id, id) of everything the plans point at in `section` (checks._referenced)."""
    found: set[tuple[str, str]] = set()
    for f in planned:
        found.update((f.plan_id or "", ident) for ident in f.local.get(section, ()))
        found.update(pair for pair in f.far.get(section, ()) if pair[0] in by_id)
    return found


def _settle(d: Deferred, by_id: dict[str, Facts], answered: dict[str, set[tuple[str, str]]]) -> Problem | None:
    """The problem a Deferred one turns out to be, now the other plans are known; None when there is none."""
    if d.section in ("addressed", "served"):
        pairs = answered["findings" if d.section == "addressed" else "outcomes"]
        if (d.plan_id, d.ref) in pairs:
            return None
        return Problem(d.file, d.line, d.col, d.code, d.message, d.hint, d.severity, d.detail)
    plan_id, ident = _split(d.ref)
    target = by_id.get(plan_id)
    if target is None:
        message = f"'{d.ref}' names plan '{d.ref.partition(':')[0]}'"
        return curly_hint(Problem(d.file, d.line, d.col, "SP208", message, ""), d.value)
    known = target.ids.get(d.section, [])
    if ident in known:
        return None
    if d.section == "priorities":
        message, hint = d.message, d.hint
    elif d.section == "findings":
        message = f"finding '{d.ref}' does not exist"
        hint = did_you_mean(ident, known) + (
            "findings are: " + ", ".join(known) if known else "this plan lists no findings"
        )
    else:
        message = f"outcome '{d.ref}' does not exist"
        hint = did_you_mean(ident, known) + "outcomes are: " + ", ".join(known)
    return curly_hint(Problem(d.file, d.line, d.col, d.code, message, hint), d.value)


def _split(ref: str) -> tuple[str, str]:
    plan_id, _, ident = ref.partition(":")
    return plan_id.strip(), ident.strip()


def _dates_of_unschemaed(file: str) -> list[Problem]:
    """Date problems in a file that read as YAML but failed the schema (read again: such files are rare)."""
    from sendplan.yamlio import read_yaml

    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    doc, _ = read_yaml(text, file)
    return check_dates_in_raw_data(file, doc)


def _suppressions_of_unread(file: str) -> tuple[list[Suppression], list[Problem]] | None:
    """The suppressions in a file no plan was built from (validate._suppressions reads them only if it has problems)."""
    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    from sendplan.yamlio import comments_of

    return read_suppressions(file, comments_of(text), text.splitlines())
