"""The highlight paper in Word, section by section as templates/board.md.j2 and portfolio.md.j2 lay it out."""

from __future__ import annotations

from sendplan.render.docx import Cell, Paper, Tag, left_out_note
from sendplan.report import PlanReport, Report
from sendplan.report_board import RAG_RULE, TRAVEL_RULE
from sendplan.report_kpi import Kpi
from sendplan.report_status import Item
from sendplan.report_travel import Tally, Travel
from sendplan.template_filters import long_date, plural, sentence_case, shorten

ASKED = {"decision": "Decide", "support": "Support", "note": "Note"}
STATE_COLUMNS = ["Complete", "On track", "At risk", "Off track", "Not started or not recorded"]


def travel(t: Travel) -> str:
    """Direction of travel as an arrow and a word: "↓ worse"."""
    return f"{t.arrow} {t.direction}"


def tally(t: Tally) -> str:
    """A group's direction with its counts: "↓ worse (2 better, 7 worse)"."""
    return f"{travel(t.overall)} ({t.overall.now})"


def rag(word: str) -> Tag:
    """A RAG word in its cell, with its light fill."""
    return Tag(sentence_case(word), word)


def status(i: Item, flag: bool = True) -> Tag:
    """The plan's status word, with a calendar contradiction after it; filled as overdue when overdue."""
    text = sentence_case(i.status) + (f": {i.contradiction}" if flag and i.contradiction else "")
    return Tag(text, "overdue" if i.days_late else i.state)


def lead(i: Item) -> str:
    """The first owner, and how many others."""
    text = i.owners[0] if i.owners else "None named"
    if len(i.owners) > 1:
        text += " and " + plural(len(i.owners) - 1, "other")
    return text + (" [owner unclear]" if i.owner_unclear else "")


def inferred(text: str, field: str, fields: list[str]) -> str:
    """A value with "(inferred)" after it when the transcriber added it."""
    return text + (" (inferred)" if field in fields else "")


def state_counts(states: list[tuple[str, int]]) -> list[Cell]:
    """Complete (with embedded), on track, at risk, off track, and not started (with not recorded)."""
    c = dict(states)
    return [
        c.get("complete", 0) + c.get("embedded", 0),
        c.get("on track", 0),
        c.get("at risk", 0),
        c.get("off track", 0),
        c.get("not started", 0) + c.get("not recorded", 0),
    ]


def highlight_paper(paper: Paper, report: Report) -> None:
    """The highlight paper: the front sheet (for several plans), then each plan's page."""
    if report.left_out:
        left_out_note(paper, report, "paper")
    if report.portfolio:
        front_sheet(paper, report)
        for plan in report.plans:
            paper.heading(2, plan.heading.title)
            highlight(paper, plan, report, 3)
    else:
        highlight(paper, report.plans[0], report, 2)
    paper.text(f"{RAG_RULE} {TRAVEL_RULE}")


def front_sheet(paper: Paper, report: Report) -> None:
    """The position across plans, each plan's standing and direction, and the asks."""
    paper.heading(2, "Overall position")
    paper.text(" ".join(report.position))
    paper.heading(2, "Plans at a glance")
    rows: list[list[Cell]] = []
    for plan in report.plans:
        s = plan.summary
        rows.append(
            [plan.heading.title, rag(plan.rag), s.items, *state_counts(s.states), s.overdue, plan.contradictions]
            + [f"{tally(plan.travel)}, {plan.basis.label}"]
        )
    headers = ["Plan", "RAG", "Actions and steps", *STATE_COLUMNS, "Of which overdue"]
    paper.table([*headers, "Overdue but reported on track", "Direction"], rows, numbers=tuple(range(2, 10)))
    paper.heading(2, "Asks of the boards")
    if report.asks:
        asks = [[t, k.meeting, k.board or "Not stated", ASKED[k.kind], k.text] for t, k in report.asks]
        paper.table(["Plan", "Meeting", "Board", "Asked to", "What"], [list[Cell](r) for r in asks])
    else:
        paper.text("No plan records a decision or support sought from its board.")


def highlight(paper: Paper, plan: PlanReport, report: Report, h: int) -> None:
    """One plan's page of the highlight paper."""
    meta(paper, plan)
    position(paper, plan, h)
    priorities(paper, plan, h)
    exceptions(paper, plan, report, h)
    kpis(paper, plan, h)
    asks(paper, plan, h)
    if plan.risks:
        risks(paper, plan, h)


def meta(paper: Paper, plan: PlanReport) -> None:
    """Area, kind, period, board and file, on one line."""
    p = plan.heading
    period = f", {p.period}" if p.period else ""
    paper.text(f"{p.area}; {p.kind}{period}; governing board: {p.board or 'not stated'}; {p.file}")


def position(paper: Paper, plan: PlanReport, h: int) -> None:
    """Two or three sentences on where the plan stands."""
    paper.heading(h, "Overall position")
    paper.text(" ".join(plan.position))


def priorities(paper: Paper, plan: PlanReport, h: int) -> None:
    """RAG by priority (or finding), with direction of travel."""
    noun = {"priority": "Priority", "finding": "Finding", "none": "Actions"}[plan.grouped_by]
    paper.heading(h, f"RAG by {noun.lower()}, with direction of travel")
    paper.text(f"Direction of travel {plan.basis.label}.")
    rows: list[list[Cell]] = [
        [
            r.title,
            rag(r.rag),
            r.items,
            r.complete,
            r.on_track,
            r.at_risk,
            r.off_track,
            r.not_started,
            r.overdue,
            tally(r.travel),
        ]
        for r in plan.priorities
    ]
    headers = [noun, "RAG", "Actions and steps", *STATE_COLUMNS, "Of which overdue", "Direction"]
    paper.table(headers, rows, numbers=tuple(range(2, 9)))


def exceptions(paper: Paper, plan: PlanReport, report: Report, h: int) -> None:
    """The most overdue exceptions, with owner, days late, mitigation and recovery."""
    rows = plan.headline_exceptions
    paper.heading(h, "Exceptions, with what is being done")
    if not rows:
        paper.text(f"No action or step is at risk, off track or overdue as of {long_date(report.as_of)}.")
        return
    if len(plan.exceptions) > len(rows):
        paper.text(
            f"The {len(rows)} most overdue of {len(plan.exceptions)} exceptions; the rest are in the full report "
            "(--template report)."
        )
    else:
        paper.text(plural(len(plan.exceptions), "exception") + ".")
    cells: list[list[Cell]] = []
    for e in rows:
        i = e.item
        cells.append(
            [
                i.id,
                shorten(i.title, 70),
                lead(i),
                status(i),
                i.days_late or "Not late",
                inferred(i.mitigation or "None recorded", "mitigation", i.inferred),
                inferred(i.recovery or "Not set", "recovery", i.inferred),
                travel(i.travel),
            ]
        )
    headers = ["Id", "Action", "Owner", "Status", "Days late", "Mitigation", "Recovery by", "Direction"]
    paper.table(headers, cells, numbers=(4,))


def kpi_table(paper: Paper, rows: list[Kpi]) -> None:
    """KPIs: baseline, target, latest, against target, direction and the figures of the trend, as a table."""
    cells: list[list[Cell]] = []
    for k in rows:
        target = (k.target.text if k.target else "Not stated") + (f" by {k.by}" if k.by else "")
        latest = "Not recorded"
        if k.latest:
            latest = k.latest.text + (f" ({k.latest_when})" if k.latest_when else "")
        against = sentence_case(k.against)
        if k.latest:
            sense = f"{'lower' if k.lower_better else 'higher'} is better{'' if k.sense_stated else ', assumed'}"
            against += f" ({k.reason or sense})"
        trend = ", ".join(p.figure.text for p in k.trend) or "No figures"
        baseline = k.baseline.text if k.baseline else "Not stated"
        cells.append([k.item, k.text, baseline, target, latest, Tag(against, k.against), travel(k.travel), trend])
    headers = ["Id", "Measure", "Baseline", "Target", "Latest", "Against target", "Direction", "Trend"]
    paper.table(headers, cells)


def kpis(paper: Paper, plan: PlanReport, h: int, brief: bool = True) -> None:
    """The KPIs with a figure recorded; those awaiting one, named."""
    paper.heading(h, "Key performance indicators")
    rows = plan.kpis_recorded if brief else plan.kpis
    if rows:
        kpi_table(paper, rows)
    if brief and plan.kpis_awaiting:
        awaiting = plan.kpis_awaiting
        items = ", ".join(dict.fromkeys(k.item for k in awaiting))
        paper.text(
            f"{plural(len(awaiting), 'measure has', 'measures have')} a baseline or target but no figure recorded "
            f"yet, so no data against target: {items}."
        )
    elif not plan.kpis:
        paper.text("No measure states a baseline, target or figure.")


def asks(paper: Paper, plan: PlanReport, h: int) -> None:
    """Decisions and support sought from the board."""
    paper.heading(h, "Asks of the board")
    if not plan.asks:
        paper.text("The plan records no decisions or support sought from the board.")
        return
    rows: list[list[Cell]] = [
        [
            k.meeting,
            k.board or "Not stated",
            ASKED[k.kind],
            k.text + (f" (actions {', '.join(k.actions)})" * bool(k.actions)),
        ]
        for k in plan.asks
    ]
    paper.table(["Meeting", "Board", "Asked to", "What"], rows)


def risks(paper: Paper, plan: PlanReport, h: int) -> None:
    """Risks to delivery, with the actions they concern and where those stand."""
    paper.heading(h, "Risks")
    if not plan.risks:
        paper.text("The plan records no risks.")
        return
    rows: list[list[Cell]] = []
    for r in plan.risks:
        linked = "; ".join(f"{a} ({where})" for a, where in zip(r.actions, r.positions, strict=False))
        owner = inferred(r.owner or "Not stated", "owner", r.inferred)
        rows.append([r.id, r.text, owner, r.rating or "Not rated", linked or "None linked"])
        rows[-1].append(r.mitigation or "None recorded")
    paper.table(["Id", "Risk", "Owner", "Rating", "Actions (where they stand)", "Mitigation"], rows)
