"""What a board reads first: the overall position, RAG by priority with direction, exceptions, asks and risks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendplan.load import LoadedPlan
from sendplan.model import CLOSED_STATES, Update
from sendplan.progress import NOT_RECORDED, owner_names, recorded_on
from sendplan.report_status import BY_STEPS, Flagged, Group, Item, Summary
from sendplan.report_travel import BETTER, UNKNOWN, WORSE, Basis, Tally, tally
from sendplan.template_filters import long_date, plural

# The RAG of a group of items, in words (colour only repeats the word). The rule, stated in the paper:
RAG_RULE = (
    "Red: a quarter or more of the open actions and steps are off track or overdue. Amber: any is at risk, off track "
    "or overdue. Green: none is. Complete: all are complete or embedded. Not known: no status is recorded and none "
    "is overdue."
)
RAGS: tuple[str, ...] = ("red", "amber", "green", "complete", "not known")  # the words `rag` returns
TRAVEL_RULE = (
    "Direction of travel compares where each action or step stands now with where it stood at the earlier date, "
    "from worst to best: overdue, off track, at risk, not started, on track, complete. A priority or plan is better "
    "when more of its items moved up than down, worse when more moved down."
)


@dataclass(slots=True)
class PriorityRow:
    """One priority (or finding, for a plan grouped by findings) in the RAG table.

    Attributes:
        id, title: the group; items: its actions and steps.
        complete, on_track, at_risk, off_track, not_started: counts by status that add up to `items` (not started
            counts not recorded too); overdue: how many of them are overdue (any status).
        rag: red, amber, green, complete or not known (RAG_RULE); travel: how its items moved.
    """

    id: str
    title: str
    items: int
    complete: int
    on_track: int
    at_risk: int
    off_track: int
    not_started: int
    overdue: int
    rag: str
    travel: Tally


@dataclass(slots=True)
class AskRow:
    """A decision or support sought from a board: what, of whom, at which meeting (as written and read).

    `past`: the meeting was before the report's date, so the ask is a record, not a request.
    """

    kind: str
    text: str
    board: str
    meeting: str
    day: date | None
    actions: list[str]
    source: str
    past: bool = False


@dataclass(slots=True)
class RiskRow:
    """A risk with its owner's name, rating, the actions it concerns and where they stand, and what was inferred."""

    id: str
    text: str
    owner: str
    rating: str
    actions: list[str]
    positions: list[str]
    mitigation: str
    inferred: list[str]


def rag(items: list[Item]) -> str:
    """The RAG of a group of items, by RAG_RULE."""
    open_ = [i for i in items if i.state not in CLOSED_STATES]
    if items and not open_:
        return "complete"
    bad = [i for i in open_ if i.state == "off track" or i.days_late]
    if bad and len(bad) * 4 >= len(open_):
        return "red"
    if bad or any(i.state == "at risk" for i in open_):
        return "amber"
    if all(i.state == NOT_RECORDED for i in open_):
        return "not known"
    return "green"


def priority_rows(groups: list[Group]) -> list[PriorityRow]:
    """The RAG table: one row per group of the actions table."""
    rows = []
    for g in groups:
        items = [i for i in g.items if i.due != BY_STEPS]  # a heading row names its steps; they are counted
        states = [i.state for i in items]
        rows.append(
            PriorityRow(
                id=g.id,
                title=g.title,
                items=len(items),
                complete=sum(s in CLOSED_STATES for s in states),
                on_track=states.count("on track"),
                at_risk=states.count("at risk"),
                off_track=states.count("off track"),
                not_started=states.count("not started") + states.count(NOT_RECORDED),
                overdue=sum(1 for i in items if i.days_late),
                rag=rag(items),
                travel=tally(i.travel for i in items),
            )
        )
    return rows


CONTRADICTED: tuple[str, ...] = ("on track", "at risk", "not started")  # status words the calendar can contradict


def contradiction(item: Item) -> str:
    """ "reported 'On track some concerns', 427 days overdue" when the calendar says late and the plan's status word
    reads as anything but off track (on track, at risk or not started); else "". The plan's own word is quoted."""
    if item.state not in CONTRADICTED or not item.days_late:
        return ""
    return f"reported '{item.status}', {plural(item.days_late, 'day')} overdue"


def asks(lp: LoadedPlan, as_of: date | None = None) -> list[AskRow]:
    """The plan's asks of its board: coming meetings first (soonest first), then past meetings (latest first)."""
    rows = []
    for ask in lp.plan.asks:
        day = recorded_on(Update(date=ask.meeting), lp)
        board = ask.board or lp.plan.plan.board or ""
        past = as_of is not None and day is not None and day < as_of
        text = " ".join(ask.text.split())
        rows.append(AskRow(ask.kind, text, board, ask.meeting, day, ask.actions, ask.source or "", past))
    return sorted(rows, key=ask_order)


def ask_order(row: AskRow) -> tuple[int, int]:
    """Coming meetings first, soonest first; then past meetings, latest first; undated last."""
    if row.day is None:
        return (2, 0)
    return (1, -row.day.toordinal()) if row.past else (0, row.day.toordinal())


def risks(lp: LoadedPlan, positions: dict[str, str]) -> list[RiskRow]:
    """The plan's risks, owners by name and each linked action with where it stands."""
    rows = []
    for risk in lp.plan.risks:
        owner = owner_names(lp, [risk.owner])[0].label if risk.owner else ""
        rows.append(
            RiskRow(
                id=risk.id,
                text=" ".join(risk.text.split()),
                owner=owner,
                rating=risk.rating or "",
                actions=list(risk.actions),
                positions=[positions.get(a, "not in this plan") for a in risk.actions],
                mitigation=" ".join((risk.mitigation or "").split()),
                inferred=list(risk.inferred),
            )
        )
    return rows


def position_sentences(
    title: str, summary: Summary, moved: Tally, when: Basis, flagged: list[Flagged], as_of: date
) -> list[str]:
    """Two or three sentences on a plan's overall position: counts, what moved, what is late."""
    counts = dict(summary.states)
    done = counts.get("complete", 0) + counts.get("embedded", 0)
    parts = [f"{done} complete", f"{counts.get('on track', 0)} on track", f"{counts.get('at risk', 0)} at risk"]
    parts.append(f"{counts.get('off track', 0)} off track")
    waiting = counts.get("not started", 0) + counts.get(NOT_RECORDED, 0)
    parts.append(f"{waiting} not started or with no status recorded")
    # The heading above names the plan; a long title repeated here would push the paper past its page.
    first = f"The plan has {plural(summary.items, 'action and step', 'actions and steps')} as of {long_date(as_of)}: "
    sentences = [first + ", ".join(parts[:-1]) + " and " + parts[-1] + "."]
    sentences.append(travel_sentence(moved, when))
    late = [f for f in flagged if f.item.days_late]
    if late:
        worst = max(f.item.days_late or 0 for f in late)
        said = sum(1 for f in late if contradiction(f.item))
        text = f"{plural(len(late), 'is', 'are')} overdue, the longest by {plural(worst, 'day')}"
        if said:
            text += (
                f"; {said} of them {'is' if said == 1 else 'are'} still reported as on track, at risk or not started"
            )
        sentences.append(text[0].upper() + text[1:] + ".")
    else:
        sentences.append("Nothing is overdue.")
    return sentences


def travel_sentence(moved: Tally, when: Basis) -> str:
    """What moved, in one sentence: "Since 31 March 2024, 2 moved better and 7 worse; 80 are unchanged"."""
    if when.day is None:
        return f"Direction of travel is not shown: {when.label}."
    better, worse = moved.of(BETTER), moved.of(WORSE)
    unknown = moved.of(UNKNOWN)
    text = f"{when.label[0].upper()}{when.label[1:]}, {better} moved better and {worse} worse"
    text += f"; {moved.of('unchanged')} unchanged"
    if unknown:
        text += f" and {unknown} not known (no status recorded then or now, or no earlier review point to compare with)"
    return text + "."
