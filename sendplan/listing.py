"""The overdue and upcoming lists as plain data: what the user narrowed them to, their rows and summary.

Nothing here imports the plan model, so a list kept whole in the cache is read back without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

TITLE_WIDTH = 70


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the list to; empty fields match everything.

    Attributes:
        owner: initials, alias, id, or part of a name, role, team or organisation.
        priority: a priority id or part of its title.
        finding: a finding id ("AFI2" or "york-wsoa-2020:AFI2").
        outcome: an outcome id or part of its text ("I am safe").
        plan: a plan id.
        status: a status word as written, a canonical state, or "not recorded".
    """

    owner: str | None = None
    priority: str | None = None
    finding: str | None = None
    outcome: str | None = None
    plan: str | None = None
    status: str | None = None


@dataclass(slots=True)  # not frozen: four times as quick to make (a national set makes thousands)
class Row:
    """One line of the overdue or upcoming list (never changed once made).

    Attributes:
        plan: the plan id.
        id: the action id, with the step letter for a step ("2.1 B").
        title: the title, shortened at a word to TITLE_WIDTH characters.
        full_title: the title in full.
        owners: owner names; an ambiguous reference shows every owner it could be.
        ambiguous_owner: some owner reference names more than one person.
        due: the due date as written.
        revised: the revised due date as written, if re-baselined.
        deadline: the deadline in force (ISO date), or None when undated.
        days: days overdue (positive) or days until due (zero or negative), None when undated.
        status: the status word as written, or "not recorded".
        state: the canonical state.
        file: the plan file; line: the line of the action or step.
        unreadable: its due date is written but cannot be read.
        moves: how many times its due date was revised.
        due_at: line and column of the due date in force as written (for one that cannot be read).
    """

    plan: str
    id: str
    title: str
    full_title: str
    owners: list[str]
    ambiguous_owner: bool
    due: str
    revised: str | None
    deadline: date | None
    days: int | None
    status: str
    state: str
    file: str
    line: int
    unreadable: bool = False
    moves: int = 0
    due_at: tuple[int, int] | None = None


@dataclass
class Listing:
    """The result of `overdue` or `upcoming`.

    Attributes:
        kind: "overdue" or "upcoming".
        as_of: the date it was worked out for.
        rows: the rows, sorted.
        undated: open items with no deadline (listed only when asked for).
        unreadable: open items whose due date cannot be read: always listed, since they may be late.
        open_items: how many items were open (not complete or embedded) after filtering.
        plans: how many plans were looked at.
        until: for upcoming, the last day looked at.
    """

    kind: str
    as_of: date
    rows: list[Row] = field(default_factory=list)
    undated: list[Row] = field(default_factory=list)
    unreadable: list[Row] = field(default_factory=list)
    open_items: int = 0
    plans: int = 0
    until: date | None = None

    @property
    def summary(self) -> str:
        """One line: "12 overdue of 40 open actions in 3 plans; 5 undated (ongoing or to be confirmed)"."""
        plans = f"{self.plans} plan{'s' * (self.plans != 1)}"
        undated = f"; {len(self.undated)} undated (ongoing, recurring with no start, or to be confirmed)"
        if self.kind == "overdue":
            head = f"{len(self.rows)} overdue of {self.open_items} open actions and steps in {plans}"
        else:
            until = f"{self.until.day} {self.until:%B %Y}" if self.until else "the end of the window"
            head = f"{len(self.rows)} due by {until} of {self.open_items} open actions and steps in {plans}"
        unreadable = f"; {len(self.unreadable)} with a due date that cannot be read (see sendplan validate)"
        tail = (undated if self.undated else "") + (unreadable if self.unreadable else "")
        return f"{head}{tail}, as of {self.as_of.day} {self.as_of:%B %Y}"
