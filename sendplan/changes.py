"""What changed in each plan between two versions of the plan files: actions, statuses, dates, owners, findings."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sendplan import dates
from sendplan.checks import run_checks
from sendplan.config import Config
from sendplan.load import LoadedPlan, collector_paused, load_bytes
from sendplan.model import Action, Measure, Revision, Step
from sendplan.problems import Problem
from sendplan.progress import owner_names, recorded_on
from sendplan.refs import squash
from sendplan.suppress import Suppression, apply_suppressions, read_suppressions
from sendplan.yamlio import comments_of

# Better is further along: off track < at risk < not started < on track < complete < embedded.
RANK = {"off track": 0, "at risk": 1, "not started": 2, "on track": 3, "complete": 4, "embedded": 5}
TEXT_FIELDS = ("title", "objective", "outcome")
UNMAPPED = "not a status word of the plan"


@dataclass
class Snapshot:
    """The plan files of one version, loaded and checked.

    Attributes:
        label: how the version is named to a reader ("board-2024-06 (1a2b3c4)", "working tree").
        when: the commit's date, or None for the working tree.
        plans: the plans that loaded, by plan id (the first file declaring an id wins).
        problems: validation findings, after settings and suppressions.
        files: every file read, and the plan id each declares (None when it did not load).
        commit: the full commit id, or None for the working tree.
        by_file: every plan that loaded, by file (a copy declaring an id already read is here, not in `plans`).
    """

    label: str
    when: date | None
    plans: dict[str, LoadedPlan] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str | None] = field(default_factory=dict)
    commit: str | None = None
    by_file: dict[str, LoadedPlan] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """An action or step added or removed."""

    id: str
    title: str


@dataclass(frozen=True)
class Reworded:
    """A text of an action or step that changed, with a word diff: ("=", "-" or "+", words)."""

    id: str
    field: str
    before: str
    after: str
    words: list[tuple[str, str]]


@dataclass(frozen=True)
class StatusChange:
    """A status word that changed; `direction` is better, worse, same state, or not comparable."""

    id: str
    title: str
    before: str | None
    after: str | None
    before_state: str
    after_state: str
    direction: str
    recorded: str


@dataclass(frozen=True)
class DateChange:
    """A due date (`field` "due") or revised due date ("revised") that changed; `days` later (+) or earlier (-)."""

    id: str
    title: str
    field: str
    before: str | None
    after: str | None
    before_deadline: date | None
    after_deadline: date | None
    days: int | None
    reason: str


@dataclass(frozen=True)
class OwnerChange:
    """Owners of an action or step that changed, by name."""

    id: str
    title: str
    before: list[str]
    after: list[str]


@dataclass(frozen=True)
class MeasureChange:
    """A measure whose latest actual figure moved."""

    id: str
    measure: str
    before: str | None
    after: str | None
    baseline: str | None
    target: str | None


@dataclass
class PlanDiff:
    """What changed in one plan, matched by plan id across the two versions (so a renamed file is followed).

    Attributes:
        plan: the plan id; title: its title (the newer one).
        state: changed, added, removed, or unreadable (the file is there but no longer loads).
        before_file, after_file: the file on each side (None where the plan is not there).
        added, removed: actions and steps added or removed.
        reworded, statuses, dates, owners, measures: what changed in the actions and steps both sides have.
        new_findings, resolved_findings: validation findings only in the newer or only in the older version.
    """

    plan: str
    title: str
    state: str
    before_file: str | None
    after_file: str | None
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    reworded: list[Reworded] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    dates: list[DateChange] = field(default_factory=list)
    owners: list[OwnerChange] = field(default_factory=list)
    measures: list[MeasureChange] = field(default_factory=list)
    new_findings: list[Problem] = field(default_factory=list)
    resolved_findings: list[Problem] = field(default_factory=list)

    @property
    def renamed(self) -> bool:
        """The plan's file moved between the versions."""
        return bool(self.before_file and self.after_file and self.before_file != self.after_file)

    @property
    def unchanged(self) -> bool:
        """Nothing a reader would see changed (a rename alone counts as a change)."""
        lists = (self.added, self.removed, self.reworded, self.statuses, self.dates, self.owners, self.measures)
        findings = self.new_findings or self.resolved_findings
        return self.state == "changed" and not self.renamed and not any(lists) and not findings


@dataclass
class Comparison:
    """Two versions of the plan files and what changed in each plan.

    Attributes:
        before, after: the two versions.
        plans: one entry per plan id on either side, changed ones first in file order, then unchanged.
    """

    before: Snapshot
    after: Snapshot
    plans: list[PlanDiff]

    @property
    def changed(self) -> list[PlanDiff]:
        """The plans in which something changed."""
        return [p for p in self.plans if not p.unchanged]


def snapshot(
    label: str, when: date | None, files: dict[str, bytes], config: Config, commit: str | None = None
) -> Snapshot:
    """Load and check one version's files (name -> bytes) as `validate` would, without touching the disk."""
    side = Snapshot(label, when, commit=commit)
    loaded: list[LoadedPlan] = []
    found: list[Problem] = []
    with collector_paused():
        for name, data in files.items():
            lp, problems = load_bytes(data, name)
            found.extend(problems)
            side.files[name] = lp.plan.plan.id if lp else None
            if lp is not None:
                loaded.append(lp)
                side.plans.setdefault(lp.plan.plan.id, lp)
                side.by_file[name] = lp
        found.extend(run_checks(loaded))
    found = config.apply(found, {lp.file: lp.plan.plan.kind for lp in loaded})
    suppressions: list[Suppression] = []
    malformed: list[Problem] = []
    for name, data in files.items():
        text = data.decode("utf-8-sig", "replace")
        if "sendplan" in text:
            got, bad = read_suppressions(name, comments_of(text), text.splitlines())
            suppressions += got
            malformed += bad
    checked = {lp.file for lp in loaded}
    kept, _, unused = apply_suppressions(found, suppressions, lambda f, c: f in checked and config.reports(c))
    side.problems = kept + malformed + [p for p in unused if config.reports(p.code)]
    return side


def compare(before: Snapshot, after: Snapshot) -> Comparison:
    """Match plans by id across two versions and say what changed in each."""
    ids = list(dict.fromkeys([*after.plans, *before.plans]))
    broken = {name for side in (before, after) for name, plan_id in side.files.items() if plan_id is None}
    owner_of = {name: plan_id for side in (before, after) for name, plan_id in side.files.items() if plan_id}
    diffs: list[PlanDiff] = []
    for plan_id in ids:
        old, new = before.plans.get(plan_id), after.plans.get(plan_id)
        if old and new and new.file != old.file and old.file in after.by_file:
            kept = after.by_file[old.file]  # the old file is still there: a copy elsewhere is not a rename
            new = kept if kept.plan.plan.id == plan_id else new
        if old and new:
            diff = _plan_diff(old, new)
        elif new:
            state = "unreadable" if new.file in broken and new.file in before.files else "added"
            diff = PlanDiff(plan_id, _flat(new.plan.plan.title), state, None, new.file)
            diff.added = [] if state == "unreadable" else _items_of(new)
        else:
            assert old is not None
            state = "unreadable" if old.file in after.files else "removed"
            diff = PlanDiff(plan_id, _flat(old.plan.plan.title), state, old.file, None)
            diff.removed = [] if state == "unreadable" else _items_of(old)
        diffs.append(diff)
    by_plan = {d.plan: d for d in diffs}
    for name in sorted(broken - set(owner_of)):  # never loaded on either side: named by its file
        there = name in before.files, name in after.files
        state = "removed" if there == (True, False) else "unreadable"  # a file deleted is removed, read or not
        by_plan[name] = PlanDiff(name, name, state, name if there[0] else None, name if there[1] else None)
        diffs.append(by_plan[name])
    new_findings, resolved = _finding_changes(before.problems, after.problems, owner_of)
    for key, problems in new_findings.items():
        by_plan[key].new_findings = problems
    for key, problems in resolved.items():
        by_plan[key].resolved_findings = problems
    diffs.sort(key=lambda d: d.unchanged)
    return Comparison(before, after, diffs)


def _finding_changes(
    before: list[Problem], after: list[Problem], owner_of: dict[str, str]
) -> tuple[dict[str, list[Problem]], dict[str, list[Problem]]]:
    """Findings only after (new) and only before (resolved), per plan; a finding is its code and message, so
    one that only moved to another line is neither."""

    def key(p: Problem) -> tuple[str, str, str]:
        return owner_of.get(p.file, p.file), p.code, p.message

    def only(ours: list[Problem], theirs: list[Problem]) -> dict[str, list[Problem]]:
        left = Counter(key(p) for p in theirs)
        found: dict[str, list[Problem]] = {}
        for p in ours:
            k = key(p)
            if left[k]:
                left[k] -= 1
            else:
                found.setdefault(k[0], []).append(p)
        return found

    return only(after, before), only(before, after)


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def _ident(action: Action, step: Step | None) -> str:
    if step is None:
        return action.id
    return f"{action.id} {step.id or f'step {action.steps.index(step) + 1}'}"


def _work(lp: LoadedPlan) -> dict[str, Action | Step]:
    """Actions and steps by the id a reader uses ("2.1", "2.1 B")."""
    found: dict[str, Action | Step] = {}
    for action in lp.plan.actions:
        found.setdefault(action.id, action)
        for step in action.steps:
            found.setdefault(_ident(action, step), step)
    return found


def _items_of(lp: LoadedPlan) -> list[Item]:
    return [Item(ident, _flat(item.title)) for ident, item in _work(lp).items()]


def _plan_diff(old: LoadedPlan, new: LoadedPlan) -> PlanDiff:
    diff = PlanDiff(new.plan.plan.id, _flat(new.plan.plan.title), "changed", old.file, new.file)
    before, after = _work(old), _work(new)
    diff.added = [Item(i, _flat(item.title)) for i, item in after.items() if i not in before]
    diff.removed = [Item(i, _flat(item.title)) for i, item in before.items() if i not in after]
    for ident, item in after.items():
        was = before.get(ident)
        if was is None:
            continue
        title = _flat(item.title)
        for name in TEXT_FIELDS:
            a, b = _flat(getattr(was, name, None)), _flat(getattr(item, name, None))
            if a != b:
                diff.reworded.append(Reworded(ident, name, a, b, word_diff(a, b)))
        status = _status_change(ident, title, old, was, new, item)
        if status:
            diff.statuses.append(status)
        diff.dates.extend(_date_changes(ident, title, old, was, new, item))
        owners_before = sorted(o.label for o in owner_names(old, was.owners))
        owners_after = sorted(o.label for o in owner_names(new, item.owners))
        if owners_before != owners_after:
            diff.owners.append(OwnerChange(ident, title, owners_before, owners_after))
        diff.measures.extend(_measure_changes(ident, was, item))
    return diff


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words kept ("="), taken out ("-") and put in ("+"), in reading order."""
    a, b = before.split(), after.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", " ".join(b[j1:j2])))
    return parts


def _status_now(item: Action | Step, lp: LoadedPlan) -> tuple[str | None, str]:
    """The status word in force (the `status:` written, else the newest dated update's) and when it was recorded."""
    newest: tuple[date, int, str, str] | None = None
    for index, update in enumerate(item.updates):
        day = recorded_on(update, lp)
        if update.status and day is not None and (newest is None or (day, index) >= newest[:2]):
            newest = (day, index, update.status, update.date)
    if item.status:
        same = newest is not None and squash(newest[2]) == squash(item.status)
        return item.status, newest[3] if same and newest else ""
    return (newest[2], newest[3]) if newest else (None, "")


def state_of(word: str | None, lp: LoadedPlan) -> str:
    """The canonical state a status word maps to in this plan (case and spacing aside); 'not recorded' for no
    word, UNMAPPED for a word the plan's `statuses` do not list."""
    if not word:
        return "not recorded"
    statuses = lp.plan.statuses
    if word in statuses:
        return statuses[word]
    wanted = squash(word)
    return next((state for text, state in statuses.items() if squash(text) == wanted), UNMAPPED)


def direction(before: str, after: str) -> str:
    """Better, worse or same state, from two canonical states; not comparable if either is not a state."""
    if before not in RANK or after not in RANK:
        return "not comparable"
    if before == after:
        return "same state"
    return "better" if RANK[after] > RANK[before] else "worse"


def _status_change(
    ident: str, title: str, old: LoadedPlan, was: Action | Step, new: LoadedPlan, item: Action | Step
) -> StatusChange | None:
    word_before, _ = _status_now(was, old)
    word_after, recorded = _status_now(item, new)
    if squash(word_before or "") == squash(word_after or ""):
        return None
    state_before, state_after = state_of(word_before, old), state_of(word_after, new)
    return StatusChange(
        ident, title, word_before, word_after, state_before, state_after, direction(state_before, state_after), recorded
    )


def deadline(phrase: str | None, lp: LoadedPlan) -> date | None:
    """The last day a date phrase can be met; None for recurring, open, unreadable or absent phrases."""
    if not phrase:
        return None
    try:
        return dates.parse(phrase, lp.plan.plan.years).deadline
    except dates.DateError:
        return None


def _days(a: date | None, b: date | None) -> int | None:
    return (b - a).days if a and b else None


def _date_changes(
    ident: str, title: str, old: LoadedPlan, was: Action | Step, new: LoadedPlan, item: Action | Step
) -> list[DateChange]:
    found = []
    if _flat(was.due) != _flat(item.due):
        a, b = deadline(was.due, old), deadline(item.due, new)
        found.append(DateChange(ident, title, "due", was.due, item.due, a, b, _days(a, b), ""))
    moves = _new_revisions(was, item)
    if moves:  # each move made between the versions, the earlier ones now kept in `revisions:`
        earlier = was.revised.due if was.revised else None
        for revision in moves:
            a = deadline(earlier or was.due, old if earlier is None or revision is moves[0] else new)
            b = deadline(revision.due, new)
            reason = _flat(revision.reason)
            found.append(DateChange(ident, title, "revised", earlier, revision.due, a, b, _days(a, b), reason))
            earlier = revision.due
        return found
    revised_before = was.revised.due if was.revised else None
    revised_after = item.revised.due if item.revised else None
    if _flat(revised_before) != _flat(revised_after):
        a = deadline(revised_before or was.due, old)  # what was in force before: the old revision, else the due date
        b = deadline(revised_after or item.due, new)
        reason = _flat(item.revised.reason) if item.revised else ""
        found.append(DateChange(ident, title, "revised", revised_before, revised_after, a, b, _days(a, b), reason))
    return found


def _new_revisions(was: Action | Step, item: Action | Step) -> list[Revision]:
    """The revisions made between the versions, oldest first, when the newer history extends the older one."""
    before = [*was.revisions, *([was.revised] if was.revised else [])]
    after = [*item.revisions, *([item.revised] if item.revised else [])]
    if len(after) <= len(before) or any(_flat(a.due) != _flat(b.due) for a, b in zip(before, after, strict=False)):
        return []
    return after[len(before) :]


def _measure_changes(ident: str, was: Action | Step, item: Action | Step) -> list[MeasureChange]:
    before = {squash(m.text): m for m in was.measures if isinstance(m, Measure)}
    found = []
    for measure in item.measures:
        if not isinstance(measure, Measure):
            continue
        old = before.get(squash(measure.text))
        if old is not None and _flat(old.actual) != _flat(measure.actual):
            found.append(
                MeasureChange(ident, _flat(measure.text), old.actual, measure.actual, measure.baseline, measure.target)
            )
    return found


def as_report_rows(comparison: Comparison) -> dict[str, Any]:
    """Per plan id, the report's "since" section (report_detail.Changes) made from this comparison."""
    from sendplan.report_detail import Changes

    since = comparison.before.when or date.min
    return {diff.plan: Changes(since, _report_rows(diff, since), 0) for diff in comparison.plans}


def _report_rows(diff: PlanDiff, since: date) -> list[Any]:
    from sendplan.report_detail import Change

    rows: list[Change] = []

    def row(ident: str, title: str, kind: str, detail: str, when: str = "") -> None:
        rows.append(Change(since, when or "-", ident, title, kind, detail))

    for item in diff.added:
        row(item.id, item.title, "Action added", "")
    for item in diff.removed:
        row(item.id, item.title, "Action removed", "")
    for r in diff.reworded:
        row(r.id, r.after, "Reworded", f"{r.field} was: {r.before}")
    for s in diff.statuses:
        kind = "Completed" if s.after_state in ("complete", "embedded") else "Status update"
        row(
            s.id,
            s.title,
            kind,
            f"{s.before or 'not recorded'} to {s.after or 'not recorded'} ({s.direction})",
            s.recorded,
        )
    for d in diff.dates:
        kind = "Due date changed" if d.field == "due" else "Due date revised"
        moved = f", {d.days} days later" if d.days and d.days > 0 else f", {-d.days} days earlier" if d.days else ""
        reason = f": {d.reason}" if d.reason else ""
        row(d.id, d.title, kind, f"{d.before or 'no date'} to {d.after or 'no date'}{moved}{reason}")
    for o in diff.owners:
        row(o.id, o.title, "Owners changed", f"{'; '.join(o.before) or 'none'} to {'; '.join(o.after) or 'none'}")
    for m in diff.measures:
        row(m.id, m.measure, "Measure moved", f"actual {m.before or 'none'} to {m.after or 'none'}")
    return rows
