"""The validate pipeline, top to bottom: find files, load, check, sort."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sendplan.checks import run_checks
from sendplan.config import Config, find_config
from sendplan.load import PLAN_SUFFIXES, LoadedPlan, collector_paused, find_plan_files, load_file
from sendplan.problems import Problem, count
from sendplan.suppress import Suppressed, Suppression, apply_suppressions, read_suppressions
from sendplan.yamlio import comments_of


@dataclass
class Validation:
    """The outcome of checking a set of plan files.

    Attributes:
        files: every file read.
        plans: the plans that passed the schema.
        problems: every problem found, sorted by file, line and column.
        suppressed: problems silenced by `# sendplan: ignore[...]` comments, with their reasons.
        config: the settings used.
    """

    files: list[str] = field(default_factory=list)
    plans: list[LoadedPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    config: Config = field(default_factory=Config)

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return count(self.problems, "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return count(self.problems, "warning")


def validate(paths: list[str], config: Config | None = None) -> Validation:
    """Check every plan under `paths`: syntax, schema, references, dates; then settings and suppressions.

    Raises SendplanError for paths that do not exist and for unreadable settings.
    """
    result = Validation(files=find_plan_files(paths), config=config or find_config(paths))
    found: list[Problem] = []
    with collector_paused():
        for file in result.files:
            plan, problems = load_file(file)
            found.extend(problems)
            if plan is not None:
                result.plans.append(plan)
        found.extend(run_checks(result.plans, load_context(result.plans, result.files)))
    kinds = {lp.file: lp.plan.plan.kind for lp in result.plans}
    found = result.config.apply(found, kinds)
    suppressions, malformed = _suppressions(result, {p.file for p in found})
    kept, result.suppressed, unused = apply_suppressions(found, suppressions)
    result.problems = kept + malformed + [p for p in unused if result.config.reports(p.code)]
    order = {file: index for index, file in enumerate(result.files)}
    result.problems.sort(key=lambda p: (order.get(p.file, 0), p.line, p.col, p.code))
    return result


def _suppressions(result: Validation, with_problems: set[str]) -> tuple[list[Suppression], list[Problem]]:
    """Suppressions in every file read: from the loaded plans' comments, or read again for files that failed."""
    loaded = {lp.file: lp for lp in result.plans}
    suppressions: list[Suppression] = []
    malformed: list[Problem] = []
    for file in result.files:
        if file in loaded:
            comments = loaded[file].doc.comments
            if not any("sendplan" in text for text in comments.values()):
                continue
            text = Path(file).read_text(encoding="utf-8-sig")
        elif file in with_problems:
            try:
                text = Path(file).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            comments = comments_of(text)
        else:
            continue
        found, bad = read_suppressions(file, comments, text.splitlines())
        suppressions += found
        malformed += bad
    return suppressions, malformed


def referenced_plan_ids(plans: list[LoadedPlan]) -> set[str]:
    """Plan ids named by qualified references ("york-wsoa-2020:AFI3") in these plans."""
    ids: set[str] = set()
    for lp in plans:
        plan = lp.plan
        refs = [r for p in plan.priorities for r in p.addresses]
        for action in plan.actions:
            refs += action.addresses + action.outcomes + ([action.priority] if action.priority else [])
            refs += [r for step in action.steps for r in step.addresses]
        ids.update(ref.partition(":")[0] for ref in refs if ":" in ref)
    return ids


def load_context(plans: list[LoadedPlan], files: list[str]) -> list[LoadedPlan]:
    """Plans that `plans` refer to but were not named: looked for beside the files named, then in ./plans.

    So `sendplan validate plans/york-2023-25.yaml` follows its links to the WSOA without being told where it is.
    Problems in these plans are not reported: they were not asked about.
    """
    wanted = referenced_plan_ids(plans) - {lp.plan.plan.id for lp in plans}
    if not wanted:
        return []
    folders = list(dict.fromkeys(str(Path(f).parent) for f in files)) + ["plans"]
    seen = {str(Path(f).resolve()) for f in files}
    found: list[LoadedPlan] = []
    for folder in folders:
        for candidate in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else []:
            if not wanted:
                return found
            if candidate.suffix not in PLAN_SUFFIXES or str(candidate.resolve()) in seen:
                continue
            seen.add(str(candidate.resolve()))
            loaded, _ = load_file(str(candidate))
            if loaded is not None and loaded.plan.plan.id in wanted:
                wanted.discard(loaded.plan.plan.id)
                found.append(loaded)
                wanted |= referenced_plan_ids([loaded]) - {lp.plan.plan.id for lp in [*plans, *found]}
    return found
