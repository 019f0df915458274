"""Integrity rules over loaded plans: each check is a small pure function returning problems, listed in CHECKS."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sendplan import dates
from sendplan.checks_board import BOARD_CHECKS
from sendplan.load import LoadedPlan, _model_value
from sendplan.model import STATES, Action, Measure, Step
from sendplan.problems import Problem
from sendplan.progress import recorded_on, standings
from sendplan.refs import PlanSet, match_owner, owner_hint, owner_label, squash

if TYPE_CHECKING:  # yamlio imports ruamel.yaml, which cached plans do not need
    from sendplan.yamlio import Document, Path

Check = Callable[[LoadedPlan, PlanSet], Iterable[Problem]]


def _left_out(lp: LoadedPlan, section: str) -> set[str]:
    """Ids, names and keys of the entries of a section that failed the schema: references to them are not dangling."""
    return lp.left_out.names.get(section, set()) if lp.left_out else set()


# Characters Word and web pages paste that look like a space (_SPACE_LIKE) or like nothing: named, as the texts
# look alike.
_SPACE_LIKE = "\u00a0\u2007\u202f"
_INVISIBLE = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
}


def _plain_spaces(text: str) -> str:
    """The text with each space-like character a plain space and each zero-width one gone."""
    return " ".join("".join(" " if ch in _SPACE_LIKE else "" if ch in _INVISIBLE else ch for ch in text).split())


def _did_you_mean(ref: str, choices: Iterable[str]) -> str:
    listed = list(choices)
    odd = [name for ch, name in _INVISIBLE.items() if ch in ref]
    if odd:
        plain = _plain_spaces(ref)
        same = next((choice for choice in listed if choice == plain), None)
        if same is not None:  # 'On track' with a non-breaking space: the two print alike, so say what differs
            return f"it holds {', '.join(odd)}, pasted from Word or a web page: retype it as '{same}'; "
    close = difflib.get_close_matches(ref, listed, n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'? " if close else ""


def check_duplicate_ids(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP201: two entries of one kind share an id."""
    plan = lp.plan
    sections: dict[str, list[Any]] = {
        "actions": plan.actions,
        "owners": plan.owners,
        "priorities": plan.priorities,
        "outcomes": plan.outcomes,
        "findings": plan.findings,
    }
    for section, entries in sections.items():
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.id in seen:
                singular = section[:-1] if section != "priorities" else "priority"
                first = lp.at((section, seen[entry.id], "id"))[0]
                yield lp.problem(
                    (section, index, "id"),
                    "SP201",
                    f"{singular} id '{entry.id}' is used twice (first on line {first})",
                    "give each its own id; renumber in the order of the table and keep the printed number in published_id",
                )
            else:
                seen[entry.id] = index
    for a, action in enumerate(plan.actions):
        steps: set[str] = set()
        for s, step in enumerate(action.steps):
            if step.id and step.id in steps:
                yield lp.problem(
                    ("actions", a, "steps", s, "id"),
                    "SP201",
                    f"step id '{step.id}' is used twice in action {action.id}",
                    "letter the steps A, B, C ...",
                )
            steps.add(step.id or "")


def check_numbering(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP217 (warning): numbered actions skip a number ("4.3" then "4.5": is 4.4 missing or misprinted?)."""
    last: dict[str, int] = {}
    for a, action in enumerate(lp.plan.actions):
        match = re.fullmatch(r"(\d+)\.(\d+)", action.id)
        if not match:
            continue
        group, number = match[1], int(match[2])
        before = last.get(group)
        if before is not None and any(f"{group}.{n}" in _left_out(lp, "actions") for n in range(before + 1, number)):
            before = number - 1  # the number is there, in an action that failed the schema
        if before is not None and number > before + 1:
            missing = ", ".join(f"{group}.{n}" for n in range(before + 1, number))
            yield lp.problem(
                ("actions", a, "id"),
                "SP217",
                f"action {action.id} follows {group}.{before}: {missing} is missing",
                "check the numbering against the published table; a misprinted number shows as a duplicate nearby",
                "warning",
            )
        last[group] = max(number, before or 0)


def check_owned(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP215 (warning): an action with no owner, on it or on every one of its steps."""
    for a, action in enumerate(lp.plan.actions):
        if not action.owners and not (action.steps and all(step.owners for step in action.steps)):
            at = ("actions", a, "owners")
            yield lp.problem(
                at if lp.positions.get(at) is not None else ("actions", a, "id"),
                "SP215",
                f"action {action.id} has no owner",
                "name who leads it under owners:; a board cannot hold an unowned action to account",
                "warning",
            )


def check_plan_ids(plans: list[LoadedPlan]) -> Iterator[Problem]:
    """SP216: two files declare the same plan id."""
    seen: dict[str, LoadedPlan] = {}
    for lp in plans:
        ident = lp.plan.plan.id
        if ident in seen:
            yield lp.problem(
                ("plan", "id"),
                "SP216",
                f"plan id '{ident}' is also the id of {seen[ident].file}",
                "give each plan its own id",
            )
        else:
            seen[ident] = lp


def _owner_refs(lp: LoadedPlan) -> Iterator[tuple[Path, str]]:
    for p, priority in enumerate(lp.plan.priorities):
        for i, ref in enumerate(priority.lead):
            yield ("priorities", p, "lead", i), ref
    for a, action in enumerate(lp.plan.actions):
        for i, ref in enumerate(action.owners):
            yield ("actions", a, "owners", i), ref
        for s, step in enumerate(action.steps):
            for i, ref in enumerate(step.owners):
                yield ("actions", a, "steps", s, "owners", i), ref


def check_owner_refs(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP202 unknown owner; SP203 a reference by initials or alias that names two owners."""
    left_out = _left_out(lp, "owners")
    for path, ref in _owner_refs(lp):
        match = match_owner(ref, lp.plan)
        if not match.owners and ref in left_out:
            continue
        if not match.owners:
            yield lp.problem(path, "SP202", f"owner '{ref}' is not in the owners list", owner_hint(match, lp.plan))
        elif len(match.owners) > 1:
            names = ", ".join(f"{owner_label(o)} ({o.id})" for o in match.owners)
            yield lp.problem(path, "SP203", f"owner '{ref}' could be any of: {names}", "name the owner by id")
        elif match.by_name:
            owner = match.owners[0]
            yield lp.problem(
                path,
                "SP219",
                f"owner '{ref}' is named by {'name' if owner.name else 'role'}; the owners list has them as {owner.id}",
                f"write '{owner.id}' (the owner's id), so that a change of name or post is made in one place",
                "warning",
            )


def check_shared_initials(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP204 (warning): two owners have the same initials, so initials alone cannot name either."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, owner in enumerate(lp.plan.owners):
        if owner.initials and squash(owner.initials):
            groups[squash(owner.initials)].append(index)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        owners = [lp.plan.owners[i] for i in indexes]
        names = ", ".join(f"{owner_label(o)} ({o.initials})" for o in owners)
        for index in indexes[1:]:
            yield lp.problem(
                ("owners", index, "initials"),
                "SP204",
                f"initials {lp.plan.owners[index].initials} are shared by {names}",
                "refer to these owners by id (" + ", ".join(o.id for o in owners) + "), never by initials",
                "warning",
            )


def _capitals(text: str) -> str:
    text = re.sub(r"^(cllr|dr|mr|mrs|ms|miss|prof)\.?\s+", "", text, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return "".join(word[0].upper() + re.sub(r"[^A-Z]", "", word[1:]) for word in words)


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def check_initials_match_names(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP214 (warning): an owner's initials are not the initials of their name (P.H for Phil Mettam)."""
    for index, owner in enumerate(lp.plan.owners):
        if not owner.initials or not owner.name:
            continue
        initials = _capitals(owner.initials.replace(".", " ").replace(":", " "))
        name = _capitals(owner.name)
        if initials and name and (initials[0] != name[0] or not _is_subsequence(initials, name)):
            yield lp.problem(
                ("owners", index, "initials"),
                "SP214",
                f"initials {owner.initials} do not match the name {owner.name}",
                "correct the initials, and keep the printed form in aliases if the source uses it",
                "warning",
            )


def _finding_refs(lp: LoadedPlan) -> Iterator[tuple[Path, str]]:
    for p, priority in enumerate(lp.plan.priorities):
        for i, ref in enumerate(priority.addresses):
            yield ("priorities", p, "addresses", i), ref
    for a, action in enumerate(lp.plan.actions):
        for i, ref in enumerate(action.addresses):
            yield ("actions", a, "addresses", i), ref
        for m, measure in enumerate(action.measures):
            for i, ref in enumerate(getattr(measure, "addresses", [])):
                yield ("actions", a, "measures", m, "addresses", i), ref
        for s, step in enumerate(action.steps):
            for i, ref in enumerate(step.addresses):
                yield ("actions", a, "steps", s, "addresses", i), ref
            for m, measure in enumerate(step.measures):
                for i, ref in enumerate(getattr(measure, "addresses", [])):
                    yield ("actions", a, "steps", s, "measures", m, "addresses", i), ref


def _unknown_target(lp: LoadedPlan, ps: PlanSet, path: Path, ref: str, code: str) -> Problem | None:
    """A reference whose plan is not loaded (SP208), or a qualified one with nothing on one side of its colon."""
    if ":" not in ref:  # this plan's own: always loaded (PlanSet.target)
        return None
    plan_id, colon, ident = (part.strip() for part in ref.partition(":"))
    if colon and not plan_id:
        example = ident or "AFI1"
        hint = f"write '{example}' for this plan's, or 'plan-id:{example}' for another plan's"
        return lp.problem(path, code, f"reference '{ref}' has no plan id before the colon", hint)
    if colon and not ident:
        hint = f"write the id after the colon, e.g. '{plan_id}:AFI1'"
        return lp.problem(path, code, f"reference '{ref}' names no id after the colon", hint)
    if colon and isinstance(ps, OneFile):  # which plan it names is settled with the others (sendplan/facts.py)
        return _deferred(lp, path, code, ref)
    target, _ = ps.target(ref, lp)
    if target is None:
        plan_id = ref.partition(":")[0]
        return lp.problem(
            path,
            "SP208",
            f"'{ref}' names plan '{plan_id}'",
            "",
        )
    return None


@dataclass(frozen=True)
class Deferred(Problem):
    """A problem that depends on the other plans of the set, found while checking one plan alone: settled by
    sendplan/facts.py once every plan's facts are known (kept, dropped or reworded); never reported as it is.

    Attributes:
        section: what it is about: findings, outcomes or priorities (a qualified reference); addressed or
            served (a finding or outcome no action of this plan answers).
        ref: the reference as written, or the id of the finding or outcome.
        plan_id: the id of the plan it was found in.
        value: the value at its place in the model, for the curly-quotes hint.
    """

    section: str = ""
    ref: str = ""
    plan_id: str = ""
    value: Any = None


class OneFile(PlanSet):
    """One plan checked alone: what needs the other plans is yielded as Deferred problems."""


def _deferred(lp: LoadedPlan, path: Path, code: str, ref: str) -> Deferred:
    """A qualified reference, to be followed once the other plans are known; a priority's words are this plan's."""
    line, col = lp.at(path)
    message, hint = "", ""
    if code == "SP205":
        known = [p.id for p in lp.plan.priorities]
        message = f"priority '{ref}' does not exist"
        hint = _did_you_mean(ref, known) + "priorities are: " + ", ".join(known)
    section = {"SP205": "priorities", "SP206": "outcomes", "SP207": "findings"}[code]
    value = _model_value(lp.plan, path)
    return Deferred(lp.file, line, col, code, message, hint, "error", "", section, ref, lp.plan.plan.id, value)


def check_finding_refs(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP207: a reference to a finding that does not exist (SP208 when its plan is not loaded)."""
    left_out = _left_out(lp, "findings")
    for path, ref in _finding_refs(lp):
        if ref in left_out:
            continue
        if (problem := _unknown_target(lp, ps, path, ref, "SP207")) is not None:
            yield problem
        elif ps.finding(ref, lp) is None:
            target, ident = ps.target(ref, lp)
            known = [f.id for f in target.plan.findings] if target else []
            hint = _did_you_mean(ident, known) + (
                "findings are: " + ", ".join(known) if known else "this plan lists no findings"
            )
            yield lp.problem(path, "SP207", f"finding '{ref}' does not exist", hint)


def check_outcome_refs(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP206: a reference to an outcome statement that does not exist."""
    for a, action in enumerate(lp.plan.actions):
        for i, ref in enumerate(action.outcomes):
            path = ("actions", a, "outcomes", i)
            if ref in _left_out(lp, "outcomes"):
                continue
            if (problem := _unknown_target(lp, ps, path, ref, "SP206")) is not None:
                yield problem
            elif ps.outcome(ref, lp) is None:
                target, ident = ps.target(ref, lp)
                known = [o.id for o in target.plan.outcomes] if target else []
                yield lp.problem(
                    path,
                    "SP206",
                    f"outcome '{ref}' does not exist",
                    _did_you_mean(ident, known) + "outcomes are: " + ", ".join(known),
                )


def check_priority_refs(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP205: an action names a priority that does not exist."""
    known = [p.id for p in lp.plan.priorities]
    for a, action in enumerate(lp.plan.actions):
        if action.priority is None or action.priority in _left_out(lp, "priorities"):
            continue
        path = ("actions", a, "priority")
        if (problem := _unknown_target(lp, ps, path, action.priority, "SP205")) is not None:
            yield problem
        elif ps.priority(action.priority, lp) is None:
            yield lp.problem(
                path,
                "SP205",
                f"priority '{action.priority}' does not exist",
                _did_you_mean(action.priority, known) + "priorities are: " + ", ".join(known),
            )


def _status_places(lp: LoadedPlan) -> Iterator[tuple[Path, str]]:
    for a, action in enumerate(lp.plan.actions):
        yield from _own_statuses(("actions", a), action)
        for s, step in enumerate(action.steps):
            yield from _own_statuses(("actions", a, "steps", s), step)


def _own_statuses(base: Path, item: Action | Step) -> Iterator[tuple[Path, str]]:
    if item.status:
        yield (*base, "status"), item.status
    for u, update in enumerate(item.updates):
        if update.status:
            yield (*base, "updates", u, "status"), update.status


def check_status_words(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP209: a status word that is not in the plan's statuses (nor a canonical state)."""
    words = set(lp.plan.statuses) | set(STATES) | _left_out(lp, "statuses")
    for path, word in _status_places(lp):
        if word not in words:
            choices = list(lp.plan.statuses) or list(STATES)
            yield lp.problem(
                path,
                "SP209",
                f"status '{word}' is not one of the plan's status words",
                _did_you_mean(word, choices) + "use one of: " + ", ".join(choices) + "; or add it under statuses:",
            )


def check_source_tags(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP210: a source tag the plan's sources list does not define."""
    for a, action in enumerate(lp.plan.actions):
        for i, tag in enumerate(action.sources):
            if tag not in lp.plan.sources and tag not in _left_out(lp, "sources"):
                findings = [f.id for f in lp.plan.findings]
                hint = (
                    "it names a finding: list it under addresses: instead. "
                    if tag in findings
                    else _did_you_mean(tag, lp.plan.sources)
                )
                yield lp.problem(
                    ("actions", a, "sources", i),
                    "SP210",
                    f"source '{tag}' is not in the plan's sources",
                    hint + "add it under sources: with its meaning",
                )


def _date_places(lp: LoadedPlan) -> Iterator[tuple[Path, str, bool]]:
    """Every date phrase in a plan: (path, phrase, is it a due date)."""
    info = lp.plan.plan
    for key in ("period", "published"):
        if getattr(info, key):
            yield ("plan", key), getattr(info, key), False
    for i, point in enumerate(info.review_points):
        yield ("plan", "review_points", i), point, False
    for f, finding in enumerate(lp.plan.findings):
        if finding.date:
            yield ("findings", f, "date"), finding.date, False
    for a, action in enumerate(lp.plan.actions):
        yield from _item_dates(("actions", a), action)
        for s, step in enumerate(action.steps):
            yield from _item_dates(("actions", a, "steps", s), step)


def _item_dates(base: Path, item: Action | Step) -> Iterator[tuple[Path, str, bool]]:
    if item.start:
        yield (*base, "start"), item.start, False
    if item.due:
        yield (*base, "due"), item.due, True
    for r, revision in enumerate(item.revisions):  # the history: read, but not warned about as a deadline
        yield (*base, "revisions", r, "due"), revision.due, False
        if revision.agreed:
            yield (*base, "revisions", r, "agreed"), revision.agreed, False
    if item.revised:
        yield (*base, "revised", "due"), item.revised.due, True
        if item.revised.agreed:
            yield (*base, "revised", "agreed"), item.revised.agreed, False
    for u, update in enumerate(item.updates):
        yield (*base, "updates", u, "date"), update.date, False
    for m, measure in enumerate(item.measures):
        if isinstance(measure, Measure) and measure.by:
            yield (*base, "measures", m, "by"), measure.by, True


def check_dates(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP301-SP307: date phrases that cannot be read, do not exist, are ambiguous, or are odd (warnings)."""
    for path, phrase, is_due in _date_places(lp):
        try:
            when = dates.parse(phrase, lp.plan.plan.years)
        except dates.DateError as error:
            yield lp.problem(path, error.code, error.message, error.hint)
            continue
        if when.note and (is_due or when.note.code == "SP305"):
            yield lp.problem(path, when.note.code, f"{when.note.message}: '{phrase}'", when.note.hint, "warning")


def _when(phrase: str | None, lp: LoadedPlan) -> dates.When | None:
    if not phrase:
        return None
    try:
        return dates.parse(phrase, lp.plan.plan.years)
    except dates.DateError:
        return None  # reported by check_dates


def _work_items(lp: LoadedPlan) -> Iterator[tuple[Path, Action, Action | Step]]:
    """Every action, then each of its steps: (where it stands, its action, the action or step)."""
    for a, action in enumerate(lp.plan.actions):
        yield ("actions", a), action, action
        for s, step in enumerate(action.steps):
            yield ("actions", a, "steps", s), action, step


def check_update_history(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP311 (warning): updates out of date order; SP312 (warning): `status:` is not the newest update's status."""
    for base, action, item in _work_items(lp):
        days = [(u, _when(u.date, lp)) for u in item.updates]
        ends = [(i, w.end) for i, (_, w) in enumerate(days) if w and w.end]
        for (_, before), (i, after) in zip(ends, ends[1:], strict=False):
            if after < before:
                yield lp.problem(
                    (*base, "updates", i, "date"),
                    "SP311",
                    f"update {item.updates[i].date} comes after a later one in {_name(action, item)}",
                    "keep updates oldest first (sendplan update does), so the newest is last",
                    "warning",
                )
        worded = [(day, i) for i, day in ends if item.updates[i].status]
        newest = max(worded, default=None)  # on the same day the later in the list is newer, as progress reads it
        word = item.updates[newest[1]].status if newest else None
        if item.status and word and item.status != word:
            yield lp.problem(
                (*base, "status"),
                "SP312",
                f"{_name(action, item)} has status '{item.status}' but its newest update says '{word}'",
                "make status: the newest update's word, or record the change as an update",
                "warning",
            )


def _name(action: Action, item: Action | Step) -> str:
    """ "action 2.1", "action 2.1 step B", or "action 2.1 step 2" for an unlettered step."""
    if item is action:
        return f"action {action.id}"
    return _step_name(action, next(i for i, step in enumerate(action.steps) if step is item))


def _step(action: Action, index: int) -> str:
    """A step as every rule names it: by its id when it has one ("step B"), else by its place ("step 2")."""
    return f"step {action.steps[index].id or index + 1}"


def _step_name(action: Action, index: int) -> str:
    """ "action 2.1 step B", or "action 2.1 step 2" for a step with no id."""
    return f"action {action.id} {_step(action, index)}"


def check_date_order(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP310: an action or step due before it starts."""
    for base, action, item in _work_items(lp):
        start = _when(item.start, lp)
        if start is None or start.start is None:
            continue
        for key, phrase in (("due",), item.due), (("revised", "due"), item.revised.due if item.revised else None):
            due = _when(phrase, lp)
            if due and due.deadline and due.deadline < start.start:
                yield lp.problem(
                    (*base, *key),
                    "SP310",
                    f"{_name(action, item)} is due {phrase} ({due.deadline:%d %b %Y}) before it starts {item.start}",
                    "correct the start or the due date; if the date moved, keep the original and add revised:",
                )


def _plan_begins(lp: LoadedPlan) -> tuple[date, str] | None:
    """The first day the plan's dates can fall on: its publication or the start of its period, whichever is later,
    with words saying which."""
    info = lp.plan.plan
    marks = []
    published, period = _when(info.published, lp), _when(info.period, lp)
    if published and published.start:
        marks.append((published.start, f"before the plan was published ({info.published})"))
    if period and period.start:
        marks.append((period.start, f"before the plan's period starts ({info.period})"))
    return max(marks) if marks else None


def _deadline(phrase: str | None, lp: LoadedPlan) -> date | None:
    when = _when(phrase, lp)
    return when.deadline if when else None


def _year_meant(phrase: str, begins: date, before: date | None, after: date | None, lp: LoadedPlan) -> str | None:
    """The phrase with its year moved on, where that falls between the dated steps around it (which must exist)."""
    years = set(re.findall(r"(?<!\d)(\d{4})(?!\d)", phrase))
    if len(years) != 1 or (before is None and after is None):
        return None
    (year,) = years
    for ahead in (1, 2, 3):
        moved = re.sub(rf"(?<!\d){year}(?!\d)", str(int(year) + ahead), phrase)
        deadline = _deadline(moved, lp)
        if deadline is not None and deadline >= begins:
            fits = (before is None or before <= deadline) and (after is None or deadline <= after)
            return moved if fits else None
    return None


def _before_own_start(item: Action | Step, deadline: date, lp: LoadedPlan) -> bool:
    """Due before its own start: SP310 says so, and the plan's dates need not say it again."""
    start = _when(item.start, lp)
    return bool(start and start.start and deadline < start.start)


def check_plan_time(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP313 (warning): a due date before the plan was published or its period starts; SP315 (warning): dated
    steps of one action that run backwards. A step already reported by SP313 does not count for SP315, and a date
    before its own start is left to SP310."""
    begins = _plan_begins(lp)
    for a, action in enumerate(lp.plan.actions):
        deadline = _deadline(action.due, lp)
        if begins and deadline and deadline < begins[0] and not _before_own_start(action, deadline, lp):
            yield lp.problem(
                ("actions", a, "due"),
                "SP313",
                f"action {action.id} is due {action.due}, {begins[1]}",
                "correct the year; if the work was done before the plan began, say so in a note",
                "warning",
            )
        dated = [(s, d) for s, step in enumerate(action.steps) if (d := _deadline(step.due, lp)) is not None]
        early = {s for s, d in dated if begins and d < begins[0] and not _before_own_start(action.steps[s], d, lp)}
        kept = [(s, d) for s, d in dated if s not in early]
        for s in sorted(early):
            assert begins is not None
            phrase = action.steps[s].due or ""
            before = next((d for t, d in reversed(kept) if t < s), None)
            after = next((d for t, d in kept if t > s), None)
            meant = _year_meant(phrase, begins[0], before, after, lp)
            hint = f"perhaps {meant} was meant, as the steps around it suggest; " if meant else ""
            yield lp.problem(
                ("actions", a, "steps", s, "due"),
                "SP313",
                f"{_step_name(action, s)} is due {phrase}, {begins[1]}",
                hint + "correct the year; if the work was done before the plan began, say so in a note",
                "warning",
            )
        latest: tuple[int, date] | None = None
        for s, d in kept:
            if latest is not None and d < latest[1] and not _side_by_side(action.steps[latest[0]], action.steps[s], lp):
                yield lp.problem(
                    ("actions", a, "steps", s, "due"),
                    "SP315",
                    f"{_step_name(action, s)} is due {action.steps[s].due}, before {_step(action, latest[0])} "
                    f"above it ({action.steps[latest[0]].due})",
                    "correct the date, or put the steps in the order they are due",
                    "warning",
                )
            elif latest is None or d > latest[1]:
                latest = (s, d)


def check_after_period(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP317 (warning): an action or step due more than a year after the plan's period ends (Nov 2042 in a 2024-27
    plan): a year mistyped. Work that runs a few months past the period, as plans often print, is left alone."""
    info = lp.plan.plan
    period = _when(info.period, lp)
    if period is None or period.deadline is None:
        return
    limit = period.deadline.replace(year=period.deadline.year + 1, day=min(period.deadline.day, 28))
    for base, action, item in _work_items(lp):
        for key, phrase in (("due",), item.due), (("revised", "due"), item.revised.due if item.revised else None):
            deadline = _deadline(phrase, lp)
            if deadline and deadline > limit:
                yield lp.problem(
                    (*base, *key),
                    "SP317",
                    f"{_name(action, item)} is due {phrase}, more than a year after the plan's period ends ({info.period})",
                    "correct the year; if the work runs on past the plan, say so in a note",
                    "warning",
                )


def _side_by_side(earlier: Step, later: Step, lp: LoadedPlan) -> bool:
    """A later step that starts no later than an earlier one runs beside it, not after it: either may end first."""
    first, second = _when(earlier.start, lp), _when(later.start, lp)
    return bool(first and second and first.start and second.start and second.start <= first.start)


def check_dated(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP314 (warning): an action with no date at all: no due date (or an empty one), no revised date, no dated
    step; and, in an action dated only by its steps, a step with no date of its own (it has none to inherit).

    Ongoing, recurring and to-be-confirmed phrases are dates for this rule: they say when, in their way."""
    hint = "write when it is due (31 March 2024), or Ongoing, Annually or TBC"
    for a, action in enumerate(lp.plan.actions):
        if action.due or action.revised:
            continue
        undated = [s for s, step in enumerate(action.steps) if not (step.due or step.revised)]
        if len(undated) == len(action.steps):
            yield lp.problem(
                _due_or_id(lp, ("actions", a)),
                "SP314",
                f"action {action.id} has no due date, and none of its steps has one",
                hint + "; or give its steps their dates",
                "warning",
            )
            continue
        for s in undated:
            yield lp.problem(
                _due_or_id(lp, ("actions", a, "steps", s)),
                "SP314",
                f"{_step_name(action, s)} has no due date, and its action has none for it to take",
                hint,
                "warning",
            )


def _due_or_id(lp: LoadedPlan, base: Path) -> Path:
    """Where to report a missing date: at an empty `due:` if there is one, else at the item's first key."""
    if lp.positions.get((*base, "due")) is not None:
        return (*base, "due")
    return (*base, "id") if lp.positions.get((*base, "id")) is not None else (*base, "title")


_CALM = frozenset({"not started", "on track"})


def check_status_calendar(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP316 (warning), only when a date to check against is given: a status of not started or on track on an item
    past its deadline; or an action with updates but none since the latest review point that has passed."""
    if ps.as_of is None:
        return
    as_of = ps.as_of
    points = [w for w in (_when(p, lp) for p in lp.plan.plan.review_points) if w and w.end and w.end <= as_of]
    review = max(points, key=lambda w: w.end or as_of, default=None)
    for standing in standings([lp], as_of):
        item = standing.step or standing.action
        if standing.step is not None and not (item.status or item.updates):
            continue  # a step with no status of its own echoes its action's, which is reported once, there
        status_at = (*standing.path, "status") if item.status else standing.path
        if standing.overdue and standing.state in _CALM:
            yield lp.problem(
                status_at,
                "SP316",
                f"{_name(standing.action, item)} is '{standing.status}' but was due {standing.revised or standing.due}: "
                f"{standing.days_late} day{'s' * (standing.days_late != 1)} overdue on {as_of:%d %b %Y}",
                "record an update with the status it has now, or a revised due date with its reason",
                "warning",
            )
            continue
        if review is None or standing.closed or not item.updates or review.start is None:
            continue
        days = [d for d in (recorded_on(u, lp) for u in item.updates) if d is not None]
        if days and max(days) < review.start:
            yield lp.problem(
                (*standing.path, "updates", len(item.updates) - 1),
                "SP316",
                f"{_name(standing.action, item)} has had no update since the review point {review.text}",
                "record the status it had at that review point as an update",
                "warning",
            )


def check_orphan_actions(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP211: an action linked to no priority and no finding."""
    for a, action in enumerate(lp.plan.actions):
        step_links = any(step.addresses for step in action.steps)
        if not action.priority and not action.addresses and not step_links:
            yield lp.problem(
                ("actions", a, "id"),
                "SP211",
                f"action {action.id} is linked to no priority and no finding",
                "add priority: or addresses: so the board can see what the action is for",
            )


def check_actions_address_findings(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP218: an action that addresses no finding (required of written statements of action by default)."""
    for a, action in enumerate(lp.plan.actions):
        if not action.addresses and not any(step.addresses for step in action.steps):
            yield lp.problem(
                ("actions", a, "id"),
                "SP218",
                f"action {action.id} addresses no finding",
                "add addresses: with the finding it answers",
            )


def _referenced(ps: PlanSet, refs_of: Callable[[LoadedPlan], Iterable[str]]) -> set[tuple[str, str]]:
    """(plan id, id) of everything the plans of the set point at through `refs_of`, qualified or not."""
    found: set[tuple[str, str]] = set()
    for lp in ps.plans:
        for ref in [*refs_of(lp), *(lp.left_out.refs if lp.left_out else ())]:
            target, ident = ps.target(ref, lp)
            if target is not None:
                found.add((target.plan.plan.id, ident))
    return found


def _finding_refs_of(lp: LoadedPlan) -> Iterator[str]:
    return (ref for _, ref in _finding_refs(lp))


def _outcome_refs_of(lp: LoadedPlan) -> Iterator[str]:
    return (ref for action in lp.plan.actions for ref in action.outcomes)


def check_unaddressed_findings(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP212: a finding of a plan that no action of any plan checked addresses (reference lists excepted)."""
    if lp.plan.plan.kind == "reference list":
        return
    alone = isinstance(ps, OneFile)
    addressed = set() if alone else ps.once("addressed", lambda: _referenced(ps, _finding_refs_of))
    for f, finding in enumerate(lp.plan.findings):
        if alone or (lp.plan.plan.id, finding.id) not in addressed:
            problem = lp.problem(
                ("findings", f, "id"),
                "SP212",
                f"no action addresses finding {finding.id}" + (f" ({finding.title})" if finding.title else ""),
                f"add {finding.id} to the addresses: of the actions that answer it, or add an action",
            )
            yield _later(problem, "addressed", finding.id, lp) if alone else problem


def check_unserved_outcomes(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP213 (warning): an outcome statement no action serves."""
    if lp.plan.plan.kind == "reference list":
        return
    alone = isinstance(ps, OneFile)
    served = set() if alone else ps.once("served", lambda: _referenced(ps, _outcome_refs_of))
    for o, outcome in enumerate(lp.plan.outcomes):
        if alone or (lp.plan.plan.id, outcome.id) not in served:
            problem = lp.problem(
                ("outcomes", o, "id"),
                "SP213",
                f"no action serves outcome '{outcome.text}'",
                f"add {outcome.id} to the outcomes: of the actions that serve it",
                "warning",
            )
            yield _later(problem, "served", outcome.id, lp) if alone else problem


def _later(problem: Problem, section: str, ident: str, lp: LoadedPlan) -> Deferred:
    """The problem, to be reported only if no plan of the set answers `ident` of this plan."""
    p = problem
    return Deferred(
        p.file, p.line, p.col, p.code, p.message, p.hint, p.severity, p.detail, section, ident, lp.plan.plan.id
    )


def referenced_refs(lp: LoadedPlan, section: str) -> list[str]:
    """The references to findings (section "findings") or outcomes ("outcomes") a plan makes, entries left out too."""
    refs = _finding_refs_of(lp) if section == "findings" else _outcome_refs_of(lp)
    return [*refs, *(lp.left_out.refs if lp.left_out else ())]


DATE_KEYS = frozenset({"due", "start", "date", "by", "period", "published", "agreed"})


def check_dates_in_raw_data(file: str, doc: Document, within: list[Path] | None = None) -> list[Problem]:
    """SP301-SP305 in a file (or in the entries `within` it) that failed the schema: its date phrases read from the
    raw data, so one run shows the impossible dates beside the misspelt keys."""
    data = doc.data if isinstance(doc.data, dict) else {}
    plan = data.get("plan")
    years = plan.get("years") if isinstance(plan, dict) and plan.get("years") in ("financial", "academic") else None
    problems: list[Problem] = []

    def visit(value: Any, path: Path) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in DATE_KEYS and isinstance(inner, str):
                    phrase(inner, (*path, key))
                elif key == "review_points" and isinstance(inner, list):
                    for i, point in enumerate(inner):
                        if isinstance(point, str):
                            phrase(point, (*path, key, i))
                else:
                    visit(inner, (*path, key))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                visit(inner, (*path, i))

    def phrase(text: str, path: Path) -> None:
        if not text and path[-1] == "due":
            return  # an empty due is no due date: SP314's, when the entry is built
        try:
            dates.parse(text, years)
        except dates.DateError as error:
            line, col = doc.where.get(path, (1, 1))
            problems.append(Problem(file, line, col, error.code, error.message, error.hint))

    if within is None:
        visit(data, ())
    for path in within or []:
        entry: Any = data
        for segment in path:
            entry = entry[segment]
        visit(
            {path[-1]: entry} if isinstance(path[-1], str) else entry, path[:-1] if isinstance(path[-1], str) else path
        )
    return problems


CHECKS: tuple[Check, ...] = (
    check_duplicate_ids,
    check_numbering,
    check_owner_refs,
    check_owned,
    check_shared_initials,
    check_initials_match_names,
    check_priority_refs,
    check_outcome_refs,
    check_finding_refs,
    check_status_words,
    check_source_tags,
    check_dates,
    check_date_order,
    check_plan_time,
    check_after_period,
    check_dated,
    check_update_history,
    check_status_calendar,
    check_orphan_actions,
    check_actions_address_findings,
    check_unaddressed_findings,
    check_unserved_outcomes,
    *BOARD_CHECKS,  # risks, asks, recovery dates: sendplan/checks_board.py
)


def check_alone(lp: LoadedPlan, as_of: date | None = None) -> list[Problem]:
    """Every check on one plan by itself, in the order run_checks makes them; what needs the other plans of the
    set is left as Deferred problems (sendplan/facts.py settles them)."""
    plan_set = OneFile([lp], as_of=as_of)
    return [problem for check in CHECKS for problem in check(lp, plan_set)]


def run_checks(
    plans: list[LoadedPlan],
    context: list[LoadedPlan] | None = None,
    checks: tuple[Check, ...] = CHECKS,
    as_of: date | None = None,
) -> list[Problem]:
    """Every problem every check finds in `plans`; `context` plans are only followed by references. Statuses are
    checked against the calendar only when `as_of` is given."""
    plan_set = PlanSet([*plans, *(context or [])], as_of=as_of)
    problems = list(check_plan_ids(plans))
    for lp in plans:
        for check in checks:
            problems.extend(check(lp, plan_set))
    return one_per_missing_plan(problems)


def one_per_missing_plan(problems: list[Problem]) -> list[Problem]:
    """A plan that is not there is reported once per file, at its first reference, with how many there are."""
    missing: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    kept: list[Problem] = []
    for problem in problems:
        if problem.code == "SP208":
            plan_id = problem.message.split("names plan '", 1)[1].split("'", 1)[0]
            missing[(problem.file, plan_id)].append(problem)
        else:
            kept.append(problem)
    for (_, plan_id), found in missing.items():
        first = min(found, key=lambda p: (p.line, p.col))
        more = f"; {len(found) - 1} more reference{'s' * (len(found) > 2)} to it in this file" if len(found) > 1 else ""
        message = f"plan '{plan_id}' is not among the plans checked (first named here{more})"
        hint = f"check the plan id; put {plan_id}'s file in this folder or one below it, or name it too: sendplan validate FILE FILE"
        kept.append(Problem(first.file, first.line, first.col, "SP208", message, hint))
    return kept
