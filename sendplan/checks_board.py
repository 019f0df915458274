"""Rules for what a board paper reads beyond actions: risks, asks, mitigation and recovery dates."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sendplan import dates
from sendplan.load import LoadedPlan
from sendplan.model import Action, Measure, Step
from sendplan.problems import Problem
from sendplan.refs import PlanSet, match_owner, owner_hint, owner_label

if TYPE_CHECKING:  # yamlio imports ruamel.yaml, which cached plans do not need
    from sendplan.yamlio import Path


def check_risk_and_ask_actions(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP220: a risk or ask linked to an action that is not in the plan."""
    known = [a.id for a in lp.plan.actions]
    links: list[tuple[Path, str, str]] = []
    for r, risk in enumerate(lp.plan.risks):
        links += [(("risks", r, "actions", i), ref, f"risk {risk.id}") for i, ref in enumerate(risk.actions)]
    for k, ask in enumerate(lp.plan.asks):
        links += [(("asks", k, "actions", i), ref, f"ask {k + 1}") for i, ref in enumerate(ask.actions)]
    for path, ref, what in links:
        if ref not in known:
            close = difflib.get_close_matches(ref, known, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            yield lp.problem(
                path, "SP220", f"{what} names action '{ref}', which is not in this plan", hint + "use an action's id"
            )


def check_risk_owners(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP202 unknown risk owner; SP203 a risk owner that could name two owners; SP201 two risks share an id."""
    seen: set[str] = set()
    for r, risk in enumerate(lp.plan.risks):
        if risk.id in seen:
            yield lp.problem(
                ("risks", r, "id"), "SP201", f"risk id '{risk.id}' is used twice", "give each risk its own id"
            )
        seen.add(risk.id)
        if not risk.owner:
            continue
        match = match_owner(risk.owner, lp.plan)
        if not match.owners:
            message = f"risk {risk.id}'s owner '{risk.owner}' is not in the owners list"
            yield lp.problem(("risks", r, "owner"), "SP202", message, owner_hint(match, lp.plan))
        elif len(match.owners) > 1:
            names = ", ".join(f"{owner_label(o)} ({o.id})" for o in match.owners)
            message = f"risk {risk.id}'s owner '{risk.owner}' could be any of: {names}"
            yield lp.problem(("risks", r, "owner"), "SP203", message, "name the owner by id")


def _board_dates(lp: LoadedPlan) -> Iterator[tuple[Path, str]]:
    for k, ask in enumerate(lp.plan.asks):
        yield ("asks", k, "meeting"), ask.meeting
    for a, action in enumerate(lp.plan.actions):
        if action.recovery:
            yield ("actions", a, "recovery"), action.recovery
        yield from _actual_dates(("actions", a), action)
        for s, step in enumerate(action.steps):
            if step.recovery:
                yield ("actions", a, "steps", s, "recovery"), step.recovery
            yield from _actual_dates(("actions", a, "steps", s), step)


def _actual_dates(base: Path, item: Action | Step) -> Iterator[tuple[Path, str]]:
    for m, measure in enumerate(item.measures):
        if isinstance(measure, Measure):
            for n, actual in enumerate(measure.actuals):
                yield (*base, "measures", m, "actuals", n, "date"), actual.date


def check_board_dates(lp: LoadedPlan, ps: PlanSet) -> Iterator[Problem]:
    """SP301-SP303: a meeting, recovery or actual's date that cannot be read, does not exist or is ambiguous."""
    for path, phrase in _board_dates(lp):
        try:
            dates.parse(phrase, lp.plan.plan.years)
        except dates.DateError as error:
            yield lp.problem(path, error.code, error.message, error.hint)


BOARD_CHECKS = (check_risk_and_ask_actions, check_risk_owners, check_board_dates)
