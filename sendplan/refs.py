"""Resolving references: owners by id, initials or alias; findings, outcomes and priorities within and across plans."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sendplan.load import LoadedPlan
from sendplan.model import Finding, Outcome, Owner, Plan, Priority


def squash(text: str) -> str:
    """Initials or names without punctuation or case: "L:B", "L-B" and "l.b" all squash to "lb"."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def owner_label(owner: Owner) -> str:
    """How an owner is named to a reader: the person's name, else the role, else the team within its
    organisation ("City of York Council (Inclusion Service)"), else the organisation with any initials."""
    if owner.name or owner.role:
        return owner.name or owner.role or ""
    if owner.team and owner.organisation:
        return f"{owner.organisation} ({owner.team})"
    if owner.organisation and owner.initials:
        return f"{owner.organisation} ({owner.initials})"
    return owner.team or owner.organisation or owner.id


@dataclass
class OwnerMatch:
    """What an owner reference names.

    Attributes:
        owners: the owners it names: one when resolved, several when ambiguous, none when unknown.
        suggestions: close ids or initials, for an unknown reference.
        by_name: the reference is the owner's name or role ("Maxine Squire"), not an id, initials or alias.
    """

    owners: list[Owner] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    by_name: bool = False


def match_owner(ref: str, plan: Plan) -> OwnerMatch:
    """Resolve an owner reference: exact id first, then initials or alias (case-insensitive), then the one owner
    with that name or role (which is reported, so that the id is used)."""
    for owner in plan.owners:
        if owner.id == ref:
            return OwnerMatch([owner])
    lowered = ref.lower()
    named = [
        o for o in plan.owners if (o.initials or "").lower() == lowered or lowered in (a.lower() for a in o.aliases)
    ]
    if named:
        return OwnerMatch(named)
    spaced = " ".join(lowered.split())
    by_name = [o for o in plan.owners if spaced in (" ".join((o.name or "").lower().split()), (o.role or "").lower())]
    by_name = by_name if spaced else []
    if by_name:  # two owners of one name or role: ambiguous, as shared initials are
        return OwnerMatch(by_name, by_name=len(by_name) == 1)
    published = _NAME_AND_INITIALS.match(ref)  # "Maxine Squire (M.S)", as published plans print owners
    if published:
        inner = squash(published.group(2))
        by_initials = [o for o in plan.owners if inner and inner in (squash(o.initials or ""), squash(o.id))]
        if len(by_initials) > 1:  # shared initials: the name may tell them apart
            name = " ".join(published.group(1).lower().split())
            by_initials = [o for o in by_initials if " ".join((o.name or "").lower().split()) == name] or by_initials
        if by_initials:
            return OwnerMatch(by_initials, by_name=len(by_initials) == 1)
    squashed = squash(ref)
    suggestions = [o.id for o in plan.owners if squashed and squash(o.initials or o.id) == squashed]
    if not suggestions:
        suggestions = difflib.get_close_matches(ref, [o.id for o in plan.owners], n=2) or _close_owners(ref, plan)
    return OwnerMatch([], suggestions)


_NAME_AND_INITIALS = re.compile(r"^\s*(.*?)\s*\(([^()]+)\)\s*$")


def _close_owners(ref: str, plan: Plan) -> list[str]:
    """Ids of the owners whose id, initials, name, role, alias or initial-and-surname ("M.Squire") is close to
    `ref` (one letter off, a letter missing), best first."""
    forms: dict[str, str] = {}
    for owner in plan.owners:
        names = [owner.id, owner.initials, owner.name, owner.role, *owner.aliases]
        if owner.name and len(owner.name.split()) > 1:
            first, *_, last = owner.name.split()
            names += [f"{first[0]}.{last}", f"{first[0]} {last}", f"{first[0]}{last}"]
        for name in names:
            if name:
                forms.setdefault(" ".join(name.lower().split()), owner.id)
    close = difflib.get_close_matches(" ".join(ref.lower().split()), list(forms), n=4, cutoff=0.75)
    return list(dict.fromkeys(forms[form] for form in close))[:2]


def owner_hint(match: OwnerMatch, plan: Plan) -> str:
    """The hint for an owner not in the owners list: the close owner ("did you mean 'M.S' (Maxine Squire)?"),
    never "add the owner" when one is close, which leads officers to make a duplicate."""
    if not match.suggestions:
        return "add the owner under owners:, or correct the id"
    owners = {o.id: o for o in plan.owners}
    named = [
        f"'{ident}' ({owner_label(owners[ident])})"
        if ident in owners and owner_label(owners[ident]) != ident
        else f"'{ident}'"
        for ident in match.suggestions
    ]
    return f"did you mean {' or '.join(named)}? write the owner's id"


@dataclass
class PlanSet:
    """The plans checked together, so that "york-wsoa-2020:AFI3" can be followed.

    Attributes:
        plans: the loaded plans, in the order given.
        by_id: plans by their plan id (the first, where two share an id).
        as_of: the date statuses are checked against the calendar on; None to leave the calendar alone.
    """

    plans: list[LoadedPlan]
    by_id: dict[str, LoadedPlan] = field(default_factory=dict)
    as_of: date | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def once(self, name: str, work: Callable[[], Any]) -> Any:
        """Work out something about the whole set once, however many plans ask (e.g. which findings are addressed)."""
        if name not in self._memo:
            self._memo[name] = work()
        return self._memo[name]

    def __post_init__(self) -> None:
        for loaded in self.plans:
            self.by_id.setdefault(loaded.plan.plan.id, loaded)

    def target(self, ref: str, here: LoadedPlan) -> tuple[LoadedPlan | None, str]:
        """The plan a reference points into and the id within it; None when the named plan is not loaded."""
        if ":" in ref:
            plan_id, _, ident = ref.partition(":")
            return self.by_id.get(plan_id.strip()), ident.strip()
        return here, ref

    def finding(self, ref: str, here: LoadedPlan) -> Finding | None:
        """The finding a reference names, in this plan or the one it qualifies."""
        loaded, ident = self.target(ref, here)
        return next((f for f in loaded.plan.findings if f.id == ident), None) if loaded else None

    def outcome(self, ref: str, here: LoadedPlan) -> Outcome | None:
        """The outcome a reference names, in this plan or the one it qualifies."""
        loaded, ident = self.target(ref, here)
        return next((o for o in loaded.plan.outcomes if o.id == ident), None) if loaded else None

    def priority(self, ref: str, here: LoadedPlan) -> Priority | None:
        """The priority a reference names, in this plan or the one it qualifies."""
        loaded, ident = self.target(ref, here)
        return next((p for p in loaded.plan.priorities if p.id == ident), None) if loaded else None


def qualified(plan_id: str, ident: str) -> str:
    """The id as another plan would write it."""
    return f"{plan_id}:{ident}"
