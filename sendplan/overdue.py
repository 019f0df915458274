"""What is late and what falls due next: filtered, sorted rows and a summary, ready for any renderer."""

from __future__ import annotations

import difflib
from datetime import date

from sendplan.listing import TITLE_WIDTH, Filters, Listing, Row
from sendplan.load import LoadedPlan, collector_paused
from sendplan.model import STATES, Measure, Owner, Priority
from sendplan.problems import SendplanError
from sendplan.progress import Standing, standings
from sendplan.refs import match_owner, squash


def check_filters(plans: list[LoadedPlan], f: Filters) -> None:
    """Raise SendplanError for a filter that names nothing in these plans, rather than answer "nothing late"."""
    ids = [lp.plan.plan.id for lp in plans]

    def owners() -> list[Owner]:
        return [o for lp in plans for o in lp.plan.owners]

    def words() -> set[str]:
        return {w.lower() for lp in plans for w in lp.plan.statuses} | set(STATES) | {"not recorded"}

    # Each filter's names are gathered only when that filter is given: at a national set they cost a tenth of a second.
    checks = [
        ("--plan", f.plan, "plans", lambda: ids, lambda q: q.lower() in (i.lower() for i in ids)),
        (
            "--owner",
            f.owner,
            "owners",
            lambda: [o.id for o in owners()],
            lambda q: any(_owner_named(o, q) for o in owners()),
        ),
        (
            "--priority",
            f.priority,
            "priorities",
            lambda: [p.id for lp in plans for p in lp.plan.priorities],
            lambda q: any(_priority_named(p, q) for lp in plans for p in lp.plan.priorities),
        ),
        ("--status", f.status, "status words", lambda: sorted(words()), lambda q: q.lower() in words()),
        (
            "--finding",
            f.finding,
            "findings",
            lambda: sorted(_finding_keys(plans)),
            lambda q: _key_named(_finding_keys(plans), q),
        ),
        (
            "--outcome",
            f.outcome,
            "outcomes",
            lambda: sorted(_outcome_keys(plans)),
            lambda q: (
                _key_named(_outcome_keys(plans), q)
                or any(q.lower() in o.text.lower() for lp in plans for o in lp.plan.outcomes)
            ),
        ),
    ]
    for option, query, what, names, found in checks:
        if query is not None and not found(query):
            known = names()
            close = difflib.get_close_matches(query, known, n=1)
            more = f" and {len(known) - 12} more" if len(known) > 12 else ""
            hint = f"; did you mean {close[0]!r}?" if close else f"; {what} are: {', '.join(known[:12])}{more}"
            raise SendplanError(f"{option} {query!r} names nothing in these plans{hint}")


def _finding_keys(plans: list[LoadedPlan]) -> set[str]:
    """Qualified ids of every finding the plans define or their actions address."""
    keys = {f"{lp.plan.plan.id}:{f.id}".lower() for lp in plans for f in lp.plan.findings}
    for lp in plans:
        for action in lp.plan.actions:
            refs = [*action.addresses, *(r for step in action.steps for r in step.addresses)]
            keys |= {(r if ":" in r else f"{lp.plan.plan.id}:{r}").lower() for r in refs}
    return keys


def _outcome_keys(plans: list[LoadedPlan]) -> set[str]:
    """Qualified ids of every outcome the plans define or their actions serve."""
    keys = {f"{lp.plan.plan.id}:{o.id}".lower() for lp in plans for o in lp.plan.outcomes}
    for lp in plans:
        keys |= {(r if ":" in r else f"{lp.plan.plan.id}:{r}").lower() for a in lp.plan.actions for r in a.outcomes}
    return keys


def _key_named(keys: set[str], query: str) -> bool:
    wanted = query.lower()
    return wanted in keys if ":" in wanted else any(key.rpartition(":")[2] == wanted for key in keys)


def _owner_named(owner: Owner, query: str) -> bool:
    wanted = query.lower()
    exact = [owner.id, owner.initials or "", *owner.aliases]
    if any(x.lower() == wanted or (squash(x) and squash(x) == squash(query)) for x in exact):
        return True
    return any(w and wanted in w.lower() for w in (owner.name, owner.role, owner.team, owner.organisation))


def overdue(plans: list[LoadedPlan], as_of: date, filters: Filters) -> Listing:
    """Actions and steps past their deadline on `as_of` and not complete, most overdue first within each plan."""
    check_filters(plans, filters)
    with collector_paused():  # tens of thousands of new objects, no cycles: collections would free nothing
        chosen = [s for s in standings(plans, as_of) if matches(s, filters) and not s.closed]
        listing = Listing("overdue", as_of, open_items=len(chosen), plans=_with_actions(plans, filters))
        order = {lp.plan.plan.id: index for index, lp in enumerate(plans)}
        late = sorted(
            (s for s in chosen if s.overdue), key=lambda s: (order[s.lp.plan.plan.id], -(s.days_late or 0), s.path)
        )
        rows = _rows([s for s in chosen if s.overdue or s.undated or s.unreadable], as_of)
        listing.rows = [rows[id(s)] for s in late]
        listing.undated = [rows[id(s)] for s in chosen if s.undated]
        listing.unreadable = [rows[id(s)] for s in chosen if s.unreadable]
    return listing


def upcoming(plans: list[LoadedPlan], as_of: date, until: date, filters: Filters) -> Listing:
    """Actions and steps not complete whose deadline falls from `as_of` to `until`, soonest first."""
    check_filters(plans, filters)
    with collector_paused():
        chosen = [s for s in standings(plans, as_of) if matches(s, filters) and not s.closed]
        listing = Listing("upcoming", as_of, open_items=len(chosen), plans=_with_actions(plans, filters), until=until)
        soon = [s for s in chosen if s.deadline and as_of <= s.deadline <= until and not s.overdue]
        soon.sort(key=lambda s: (s.deadline, s.lp.plan.plan.id, s.path))
        wanted = {id(s) for s in soon}
        rows = _rows([s for s in chosen if id(s) in wanted or s.undated or s.unreadable], as_of)
        listing.rows = [rows[id(s)] for s in soon]
        listing.undated = [rows[id(s)] for s in chosen if s.undated]
        listing.unreadable = [rows[id(s)] for s in chosen if s.unreadable]
    return listing


def _rows(found: list[Standing], as_of: date) -> dict[int, Row]:
    """The row of each standing listed, made in plan order: each file's positions are opened once, not once per list."""
    return {id(s): to_row(s, as_of) for s in found}


def shorten(text: str, width: int = TITLE_WIDTH) -> str:
    """Cut text at a word boundary to at most `width` characters, marking the cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


def to_row(s: Standing, as_of: date) -> Row:
    """A standing as a plain row."""
    days = (as_of - s.deadline).days if s.deadline else None
    return Row(
        plan=s.lp.plan.plan.id,
        id=s.item_id,
        title=shorten(s.title),
        full_title=s.title,
        owners=[o.label for o in s.owners],
        ambiguous_owner=any(o.ambiguous for o in s.owners),
        due=s.due or "",
        revised=s.revised,
        deadline=s.deadline,
        days=days,
        status=s.status or "not recorded",
        state=s.state,
        file=s.lp.file,
        line=s.lp.at(s.path)[0],
        unreadable=s.unreadable,
        moves=s.moves,
        due_at=s.lp.at((*s.path, "revised", "due") if s.revised else (*s.path, "due")) if s.unreadable else None,
    )


def matches(s: Standing, f: Filters) -> bool:
    """Whether a standing passes every filter given."""
    return all(
        (
            f.plan is None or f.plan.lower() in (s.lp.plan.plan.id.lower(), squash(s.lp.file.rsplit("/", 1)[-1][:-5])),
            f.owner is None or _owner_matches(s, f.owner),
            f.priority is None or _priority_matches(s, f.priority),
            f.finding is None or _finding_matches(s, f.finding),
            f.outcome is None or _outcome_matches(s, f.outcome),
            f.status is None
            or f.status.lower()
            in ((s.status or "").lower(), s.state.lower(), "not recorded" if s.status is None else ""),
        )
    )


def _owner_matches(s: Standing, query: str) -> bool:
    wanted = query.lower()
    refs = (s.step.owners if s.step and s.step.owners else s.action.owners) or []
    for ref in refs:
        if ref.lower() == wanted or squash(ref) == squash(query):
            return True
        if any(_owner_named(owner, query) for owner in match_owner(ref, s.lp.plan).owners):
            return True
    return False


def _priority_named(priority: Priority, query: str) -> bool:
    return query.lower() == priority.id.lower() or query.lower() in priority.title.lower()


def _priority_matches(s: Standing, query: str) -> bool:
    priority = next((p for p in s.lp.plan.priorities if p.id == s.action.priority), None)
    return bool(priority and _priority_named(priority, query))


def _finding_matches(s: Standing, query: str) -> bool:
    """A finding named with its plan ("york-wsoa-2020:AFI1") matches that plan's finding however the action names
    it; a bare id ("AFI1") matches that id in any plan."""
    refs = list(s.action.addresses)
    refs += [r for m in s.action.measures if isinstance(m, Measure) for r in m.addresses]
    if s.step is not None:
        refs += s.step.addresses
    plan_id = s.lp.plan.plan.id
    qualified = [(ref if ":" in ref else f"{plan_id}:{ref}").lower() for ref in refs]
    wanted = query.lower()
    if ":" in wanted:
        return wanted in qualified
    return any(ref.rpartition(":")[2] == wanted for ref in qualified)


def _outcome_matches(s: Standing, query: str) -> bool:
    wanted = query.lower()
    for ref in s.action.outcomes:
        if ref.lower() == wanted or ref.rpartition(":")[2].lower() == wanted:
            return True
        outcome = next((o for o in s.lp.plan.outcomes if o.id == ref), None)
        if outcome and wanted in outcome.text.lower():
            return True
    return False


def _with_actions(plans: list[LoadedPlan], f: Filters) -> int:
    """Plans that hold actions and pass --plan (reference lists hold none and are not counted)."""
    return sum(1 for lp in plans if lp.plan.actions and (f.plan is None or f.plan.lower() == lp.plan.plan.id.lower()))
