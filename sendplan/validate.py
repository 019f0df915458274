"""The validate pipeline, top to bottom: find files, load, check, sort."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from sendplan.config import Config, find_config
from sendplan.files import MAX_BYTES, PLAN_SUFFIXES, collector_paused, walk_plan_files
from sendplan.problems import Problem, count, problems_only
from sendplan.suppress import Suppressed, Suppression, apply_suppressions, read_suppressions

if TYPE_CHECKING:
    from sendplan.load import LoadedPlan  # the plan model: a warm answer never needs it
    from sendplan.parallel import Reading


@dataclass
class Validation:
    """The outcome of checking a set of plan files.

    Attributes:
        files: every file read.
        problems: every problem found, sorted by file, line and column.
        suppressed: problems silenced by `# sendplan: ignore[...]` comments, with their reasons.
        skipped: an SP012 problem for each path in a folder that could not be read, and so was not checked.
        config: the settings used.
        later: reads the plans when `plans` (the plans built, entries that failed the schema left out) is first
            asked for, where the answer came from the cache without them.
        made: what `reading.also` made of each plan built, by file, where it was made for every file read (in
            the process that read it: a worker, or this one); else None.
    """

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    later: Callable[[], list[LoadedPlan]] | None = field(default=None, repr=False)
    made: dict[str, object] | None = field(default=None, repr=False)
    _plans: list[LoadedPlan] = field(default_factory=list, repr=False)

    @property
    def plans(self) -> list[LoadedPlan]:
        """The plans built; read only when first asked for where the answer came from the cache (`later`)."""
        if self.later is not None:
            load, self.later = self.later, None
            with collector_paused():
                self._plans = load()
        return self._plans

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return count(self.problems, "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return count(self.problems, "warning")

    @property
    def doubtful(self) -> set[str]:
        """The files with an error that makes their plan itself doubtful."""
        return {p.file for p in self.problems if p.severity == "error" and is_invalidating(p.code)}

    @property
    def trusted(self) -> list[LoadedPlan]:
        """The plans other commands may answer from: none of their errors makes the plan itself doubtful."""
        doubtful = self.doubtful
        return [lp for lp in self.plans if lp.file not in doubtful]


# Errors after which a plan cannot be read as meant: syntax, schema (entries left out), two actions with one id,
# an owner or a status word that is not in the plan, a second file declaring a plan id already read. Other commands refuse such a plan (exit 2), as before the
# schema was read in part.
_INVALIDATING = ("SP0", "SP1", "SP201", "SP202", "SP209", "SP216")


def is_invalidating(code: str) -> bool:
    """Whether an error of this rule leaves the plan in doubt for commands other than validate."""
    return code.startswith(_INVALIDATING)


def invalidating_problems(plans: list[LoadedPlan], reading: Reading | None = None) -> list[Problem]:
    """The errors that leave these plans in doubt (duplicate ids, unknown owners or status words), after the
    plans' own suppressions: what read commands check before answering from a plan. Each plan's own findings
    are kept in the cache with the file when `reading` has one, so a warm read checks no plan again."""
    from sendplan.checks import check_plan_ids

    found = [p for p in check_plan_ids(plans) if is_invalidating(p.code)]
    alone = _doubts_alone(plans, reading)
    for lp in plans:
        found += [p for p in alone[lp.file] if p.severity == "error" and is_invalidating(p.code)]
    if not found:
        return []
    suppressions, _ = _suppressions([lp.file for lp in plans], plans, {p.file for p in found})
    kept, _, _ = apply_suppressions(found, suppressions)
    return kept


def _doubts_alone(plans: list[LoadedPlan], reading: Reading | None) -> dict[str, list[Problem]]:
    """What the checks that put a plan in doubt find in each plan alone (before suppressions), by file.

    With a cache, they are kept in one entry for every file checked through it (a "pack", as facts.file_facts
    keeps facts): a run over 450 new plans writes one file, not 450 (a file made costs about 1 ms here, twice
    the checks), and after an edit only the changed plan is checked. The pack keeps what it knows of files
    outside the set while they exist."""
    import os
    import pickle

    cache = reading.cache if reading is not None else None
    keys = reading.keys if reading is not None else {}
    if cache is None:
        return {lp.file: _doubts_found(lp) for lp in plans}
    pack_key = cache.key("<doubts of a set>", b"")
    pack = cache.get(pack_key)
    packed: dict[str, object] = pack if isinstance(pack, dict) else {}
    names = {lp.file: cache.key("<doubts>", keys[lp.file].encode()) for lp in plans if lp.file in keys}
    found: dict[str, list[Problem]] = {}
    made = False
    for lp in plans:
        hit = packed.get(names.get(lp.file, ""))
        if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == lp.file and problems_only(hit[1]):
            found[lp.file] = hit[1]
        else:
            found[lp.file] = _doubts_found(lp)
            made = made or lp.file in names
    if made:
        together = {
            name: value
            for name, value in packed.items()
            if isinstance(value, tuple) and value and value[0] not in names and os.path.exists(value[0])
        }
        together.update((name, (file, found[file])) for file, name in names.items())
        cache.put(pack_key, pickle.dumps(together, pickle.HIGHEST_PROTOCOL))
    return found


def _doubts_found(lp: LoadedPlan) -> list[Problem]:
    """What the checks that put a plan in doubt find in it alone."""
    from sendplan.checks import check_duplicate_ids, check_owner_refs, check_status_words
    from sendplan.refs import PlanSet

    plan_set = PlanSet([lp])
    return [p for check in (check_duplicate_ids, check_owner_refs, check_status_words) for p in check(lp, plan_set)]


def validate(
    paths: list[str], config: Config | None = None, as_of: date | None = None, reading: Reading | None = None
) -> Validation:
    """Check every plan under `paths`: syntax, schema, references, dates; then settings and suppressions.

    Statuses are checked against the calendar (SP316) only on `as_of`, or today when the settings ask for it.
    `reading` names the cache and worker processes to read the files with. Raises SendplanError for paths that
    do not exist and for unreadable settings.
    """
    from sendplan.parallel import load_files, run_checks_once

    files, skipped = walk_plan_files(paths)
    result = Validation(files=files, skipped=skipped, config=config or find_config(paths))
    if as_of is None and result.config.calendar:
        as_of = date.today()
    with collector_paused():
        if reading is not None and reading.cache is not None and _from_cache(result, as_of, reading):
            return result
        from sendplan.facts import own_problems

        found: list[Problem] = []
        for file, (plan, problems) in zip(result.files, load_files(result.files, reading, partial=True), strict=True):
            found.extend(own_problems(file, plan, problems))
            if plan is not None:
                result.plans.append(plan)
        if reading is not None and reading.also is not None and all(f in reading.made for f in result.files):
            result.made = _made_of_plans(result.files, reading)
        context = load_context(result.plans, result.files, reading)
        found.extend(run_checks_once(result.plans, context, reading, as_of))
    kinds = {lp.file: lp.plan.plan.kind for lp in result.plans}
    found = result.config.apply(found, kinds)
    suppressions, malformed = _suppressions(result.files, result.plans, {p.file for p in found})
    _finish(result, found, suppressions, malformed, {lp.file for lp in result.plans})
    _in_order(result)
    return result


def _finish(
    result: Validation,
    found: list[Problem],
    suppressions: list[Suppression],
    malformed: list[Problem],
    checked: set[str],
) -> None:
    """Apply the suppressions and put the problems in order (of file, line, column and code)."""
    # An unused suppression is only worth reporting where its checks ran: not in a file that stopped at the
    # schema, nor for rules the settings switch off.
    kept, result.suppressed, unused = apply_suppressions(
        found, suppressions, lambda file, code: file in checked and result.config.reports(code)
    )
    result.problems = kept + malformed + [p for p in unused if result.config.reports(p.code)]


def _in_order(result: Validation) -> None:
    # Skipped paths are never switched off or suppressed: the answer leaves them out.
    result.problems += result.skipped
    order = {file: index for index, file in enumerate(result.files)}
    result.problems.sort(key=lambda p: (order.get(p.file, 0), p.line, p.col, p.code))


def _from_cache(result: Validation, as_of: date | None, reading: Reading) -> bool:
    """Answer from the cache: the whole answer kept for these files' contents, settings and date, or else the
    cross-plan checks run on each file's cached facts (only the files that changed are read). False when the
    set names plans outside it (their files are looked for beside it: validate's full path does that)."""
    import pickle

    from sendplan.parallel import file_keys, load_files

    cache = reading.cache
    assert cache is not None
    keys = file_keys(result.files, reading)
    if keys is None:
        return False
    named = "\0".join(keys)  # each key names its file too, and is of one length: the list reads one way only
    named += f"\2{as_of.isoformat() if as_of else ''}\2{result.config!r}"
    answer_key = cache.key("<validate>", named.encode("utf-8", "surrogatepass"))
    files = result.files
    result.later = lambda: [lp for lp, _ in load_files(files, reading, partial=True) if lp is not None]
    kept = cache.get(answer_key)
    if _is_answer(kept):
        reading.forget()
        result.problems, result.suppressed = kept
        _in_order(result)
        _make_also(result, reading)
        return True
    from sendplan.facts import cross_checks, file_facts

    facts = file_facts(result.files, keys, reading, as_of)
    reading.forget()
    ids = {f.plan_id for f in facts if f.plan_id is not None}
    if any(f.plan_refs - ids for f in facts):
        result.later = None
        return False
    found = [p for f in facts for p in f.found] + cross_checks(facts)
    found = result.config.apply(found, {f.file: f.kind for f in facts if f.plan_id is not None})
    with_problems = {p.file for p in found}
    suppressions: list[Suppression] = []
    malformed: list[Problem] = []
    for f in facts:
        if f.suppressions is not None and (f.plan_id is not None or f.file in with_problems):
            suppressions += f.suppressions[0]
            malformed += f.suppressions[1]
    _finish(result, found, suppressions, malformed, {f.file for f in facts if f.plan_id is not None})
    cache.put(answer_key, pickle.dumps((result.problems, result.suppressed), pickle.HIGHEST_PROTOCOL))
    _in_order(result)
    _make_also(result, reading)
    return True


def _make_also(result: Validation, reading: Reading) -> None:
    """What `reading.also` makes of each plan, in `result.made`: made with the facts of the files checked afresh
    (facts.file_facts), and here for the others, from the readings the cache keeps (in workers, if many).

    Where `reading.also_named` names what it makes, what was made here is kept in the cache in one entry (a
    pack, as facts are), so that after the next edit only the edited plan's is made again. There is one such
    pack in a cache, for the latest thing named (a report's sections for one date: 14 MB at 450 plans, so not
    one a day). A run that made everything with the facts (a cold one) keeps no pack: it would cost that run
    the pickling of every plan's, for a run that may never come."""
    import pickle
    from functools import partial

    from sendplan.parallel import also_of, each_file

    if reading.also is None:
        return
    rest = [file for file in result.files if file not in reading.made]
    cache = reading.cache
    named = reading.also_named
    pack_key = cache.key("<made of a set>", b"") if cache is not None and named and rest else None
    names: dict[str, str] = {}
    if cache is not None and pack_key is not None:
        pack = cache.get(pack_key)
        packed = pack[1] if isinstance(pack, tuple) and len(pack) == 2 and pack[0] == named else {}
        packed = packed if isinstance(packed, dict) else {}
        names = {f: cache.key("<made>", reading.keys[f].encode()) for f in result.files if f in reading.keys}
        for file in rest:
            hit = packed.get(names.get(file, ""))
            if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == file:
                reading.made[file] = hit[1]
        rest = [file for file in rest if file not in reading.made]
    reading.made.update(zip(rest, each_file(rest, reading, partial(also_of, reading.also)), strict=True))
    if cache is not None and pack_key is not None and rest:
        kept = {names[f]: (f, reading.made[f]) for f in result.files if f in names}
        cache.put(pack_key, pickle.dumps((named, kept), pickle.HIGHEST_PROTOCOL))
    result.made = _made_of_plans(result.files, reading)


def _made_of_plans(files: list[str], reading: Reading) -> dict[str, object]:
    """What `reading.also` made of each file a plan was built from."""
    return {file: reading.made[file] for file in files if reading.made[file] is not None}


def _is_answer(value: object) -> TypeGuard[tuple[list[Problem], list[Suppressed]]]:
    """Whether an unpickled entry has the shape of a kept answer."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], list)
        and all(type(p) is Problem for p in value[0])
        and isinstance(value[1], list)
        and all(isinstance(s, Suppressed) for s in value[1])
    )


def _suppressions(
    files: list[str], plans: list[LoadedPlan], with_problems: set[str]
) -> tuple[list[Suppression], list[Problem]]:
    """Suppressions in every file read: from the loaded plans' comments, or read again for files that failed."""
    loaded = {lp.file: lp for lp in plans}
    suppressions: list[Suppression] = []
    malformed: list[Problem] = []
    for file in files:
        if file in loaded:
            comments = loaded[file].comments
            text = Path(file).read_text(encoding="utf-8-sig")
            if "sendplan" not in text:
                continue
        elif file in with_problems:
            try:
                text = Path(file).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            from sendplan.yamlio import comments_of

            comments = comments_of(text)
        else:
            continue
        found, bad = read_suppressions(file, comments, text.splitlines())
        suppressions += found
        malformed += bad
    return suppressions, malformed


def referenced_plan_ids(plans: list[LoadedPlan]) -> set[str]:
    """Plan ids named by qualified references ("york-wsoa-2020:AFI3") in these plans."""
    return set().union(*(lp.plan_refs for lp in plans))


def missing_plan_ids(plans: list[LoadedPlan], context: list[LoadedPlan]) -> set[str]:
    """Plan ids referred to by `plans` that neither they nor `context` provide."""
    return referenced_plan_ids(plans) - {lp.plan.plan.id for lp in [*plans, *context]}


def load_context(plans: list[LoadedPlan], files: list[str], reading: Reading | None = None) -> list[LoadedPlan]:
    """Plans that `plans` refer to ("york-wsoa-2020:AFI3") but that were not named: looked for in the folders of
    the files named and in their subfolders two levels down (plans/frameworks/), never above them.

    So `sendplan validate plans/york-2023-25.yaml` follows its links to the WSOA beside it. Only files whose plan
    block declares a wanted id are read in full; problems in them are not reported: they were not asked about.
    """
    from sendplan.parallel import load_files

    wanted = referenced_plan_ids(plans) - {lp.plan.plan.id for lp in plans}
    if not wanted:
        return []
    seen = {str(Path(f).resolve()) for f in files}
    found: list[LoadedPlan] = []
    for folder in dict.fromkeys(Path(f).parent for f in files):
        for candidate in _nearby_plan_files(folder):
            if not wanted:
                return found
            if str(candidate.resolve()) in seen or _declared_id(candidate) not in wanted:
                continue
            seen.add(str(candidate.resolve()))
            loaded, _ = next(load_files([str(candidate)], reading))
            if loaded is not None and loaded.plan.plan.id in wanted:
                wanted.discard(loaded.plan.plan.id)
                found.append(loaded)
                wanted |= referenced_plan_ids([loaded]) - {lp.plan.plan.id for lp in [*plans, *found]}
    return found


def _nearby_plan_files(folder: Path, depth: int = 2) -> list[Path]:
    """Plan files in a folder and its subfolders to `depth`, skipping hidden folders and virtual environments."""
    found: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith(".") or entry.name in ("node_modules", "venv", "__pycache__"):
            continue
        if entry.is_file() and entry.suffix in PLAN_SUFFIXES:
            found.append(entry)
        elif entry.is_dir() and depth > 0:
            found.extend(_nearby_plan_files(entry, depth - 1))
    return found


_PLAN_ID = re.compile(r"^plan:\s*\n(?:[ \t]+.*\n|\s*\n|#.*\n)*?[ \t]+id:[ \t]*[\"']?([^\s\"'#]+)", re.MULTILINE)


def _declared_id(path: Path) -> str | None:
    """The id in a file's plan block, read cheaply from the first few kilobytes without parsing the YAML."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        with path.open(encoding="utf-8", errors="replace") as stream:
            head = stream.read(8192)
    except OSError:
        return None
    match = _PLAN_ID.search(head)
    return match.group(1) if match else None
