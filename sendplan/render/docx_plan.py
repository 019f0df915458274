"""The full report in Word, section by section as templates/report.md.j2 and plan.md.j2 lay it out."""

from __future__ import annotations

from sendplan.render import docx_board as board
from sendplan.render.docx import Cell, Paper, Tag, left_out_note
from sendplan.report import PlanReport, Report
from sendplan.report_detail import CoverageTable
from sendplan.report_status import Item, Summary
from sendplan.template_filters import long_date, plural, sentence_case


def due(i: Item) -> str:
    """The due date as written, with the original after a revised one."""
    if i.revised:
        return f"{i.revised} (revised; was {i.due or 'no date'})"
    return i.due or "No date"


def owners(i: Item) -> str:
    """Every owner's name."""
    return ("; ".join(i.owners) or "None named") + (" [owner unclear]" if i.owner_unclear else "")


def full_report(paper: Paper, report: Report) -> None:
    """Every section: the portfolio page for several plans, then each plan."""
    if report.left_out:
        left_out_note(paper, report, "report")
        paper.bullets([(p.file, f"line {p.line}: {p.code} {p.message}") for p in report.left_out])
    if report.portfolio:
        summary_across(paper, report)
        exceptions_by_plan(paper, report)
        for plan in report.plans:
            paper.heading(2, plan.heading.title)
            plan_section(paper, plan, report, 3)
    else:
        plan_section(paper, report.plans[0], report, 2)


def summary_across(paper: Paper, report: Report) -> None:
    """Each plan's counts, one row per plan."""
    paper.heading(2, "Portfolio summary")
    paper.text(
        f"{len(report.plans)} plans as of {long_date(report.as_of)}. Each row counts a plan's actions and steps; "
        "complete counts complete and embedded."
    )
    rows: list[list[Cell]] = []
    for plan in report.plans:
        s, p = plan.summary, plan.heading
        rows.append([f"{p.title} ({p.area}, {p.kind})", s.items, *board.state_counts(s.states), s.overdue])
        rows[-1] += [s.due_soon, s.undated, plan.errors, plan.warnings]
    headers = ["Plan", "Actions and steps", *board.STATE_COLUMNS, "Overdue", "Due in 30 days", "Undated"]
    paper.table([*headers, "Data errors", "Data warnings"], rows, numbers=tuple(range(1, 12)))
    if report.other_problems:
        paper.text(
            f"Other files read (reference lists and plans referred to) have {len(report.other_problems)} "
            "validation problems; run sendplan validate to see them."
        )


def exceptions_by_plan(paper: Paper, report: Report) -> None:
    """How many exceptions each plan has; each plan's section lists them."""
    paper.heading(2, "Exceptions across all plans")
    paper.text(" ".join(report.position))
    rows: list[list[Cell]] = []
    for plan in report.plans:
        c = dict(plan.summary.states)
        risky = c.get("at risk", 0) + c.get("off track", 0)
        rows.append([plan.heading.title, len(plan.exceptions), plan.summary.overdue, plan.contradictions, risky])
        rows[-1].append(board.tally(plan.travel))
    headers = ["Plan", "Exceptions", "Overdue", "Overdue but reported on track", "At risk or off track", "Direction"]
    paper.table(headers, rows, numbers=(1, 2, 3, 4))


def plan_section(paper: Paper, plan: PlanReport, report: Report, h: int) -> None:
    """One plan's every section."""
    title_block(paper, plan, report)
    board.position(paper, plan, h)
    summary(paper, plan, h)
    board.priorities(paper, plan, h)
    exceptions(paper, plan, report, h)
    actions(paper, plan, h)
    coverage(paper, plan, report, h)
    review(paper, plan, h)
    details(paper, plan, h)
    board.asks(paper, plan, h)
    board.risks(paper, plan, h)
    quality(paper, plan, h)


def title_block(paper: Paper, plan: PlanReport, report: Report) -> None:
    """What the plan is: title, area, kind, period, source, board and file."""
    p = plan.heading
    rows = [("Plan", f"{p.title} ({p.id})"), ("Area", p.area)]
    rows += [("Partnership", p.partnership)] if p.partnership else []
    rows += [("Kind of plan", sentence_case(p.kind)), ("Period", p.period or "Not stated")]
    rows += [("Published", p.published)] if p.published else []
    source = (p.source or "Not stated") + (f" (published at {p.url})" if p.url else "")
    rows += [("As of", long_date(report.as_of)), ("Source document", source)]
    rows += [("Governing board", p.board or "Not stated"), ("Plan file", p.file)]
    rows += [("Note", p.note)] if p.note else []
    paper.bullets(rows)


def counted(s: Summary) -> str:
    """What was counted: actions, or actions and steps."""
    if not s.steps:
        return plural(s.items, "action") + "."
    if s.by_steps:
        its = "its" if s.by_steps == 1 else "their"
        return (
            f"{s.items} actions and steps: the plan's {plural(s.actions, 'action')}, with "
            f"{plural(s.by_steps, 'action')} dated only by {its} steps counted by {its} {plural(s.steps, 'step')} "
            "instead."
        )
    return (
        f"{s.items} actions and steps: the plan's {plural(s.actions, 'action')} and {s.steps} of their steps, "
        "which have dates of their own."
    )


def summary(paper: Paper, plan: PlanReport, h: int) -> None:
    """Status counts, overdue, due soon and undated, and the plan's own status words."""
    s = plan.summary
    paper.heading(h, "Summary")
    none = "" if s.recorded else " No status is recorded for any of them, so each is shown as not recorded."
    paper.text(counted(s) + none)
    paper.bullets(
        [
            ("Overdue", str(s.overdue)),
            (f"Due in the next 30 days (to {long_date(s.soon_until)})", str(s.due_soon)),
            ("Undated (ongoing, recurring with no start, or to be confirmed)", str(s.undated)),
        ]
    )
    states: list[list[Cell]] = [[Tag(sentence_case(state), state), n] for state, n in s.states]
    paper.table(["Status", "Number"], states, numbers=(1,))
    if len(s.words) > 1 or s.recorded:
        words: list[list[Cell]] = [[sentence_case(w), Tag(sentence_case(st), st), n] for w, st, n in s.words]
        paper.table(["The plan's word", "Counted as", "Number"], words, numbers=(2,))


def exceptions(paper: Paper, plan: PlanReport, report: Report, h: int) -> None:
    """Every exception, and what falls due in the next 30 days."""
    paper.heading(h, "Exceptions: at risk, off track or overdue")
    if plan.exceptions:
        noted = plan.noted
        none = "" if noted else " No update with a note is recorded for any of them."
        paper.text(
            f"{len(plan.exceptions)} of {plan.summary.items} actions and steps need the board's attention as of "
            f"{long_date(report.as_of)}, the most overdue first.{none}"
        )
        rows: list[list[Cell]] = []
        for e in plan.exceptions:
            i = e.item
            done = board.inferred(i.mitigation or "None recorded", "mitigation", i.inferred)
            by = board.inferred(i.recovery or "no recovery date", "recovery", i.inferred)
            rows.append([i.id, i.title, owners(i), due(i), board.status(i), sentence_case(e.reason), f"{done}; {by}"])
            rows[-1].append(board.travel(i.travel))
            if noted:
                rows[-1].append(f"{i.note_date}: {i.note}" if i.note else "No note recorded")
        headers = ["Id", "Action", "Owners", "Due (as written)", "Status", "Why listed", "Mitigation; recovery by"]
        paper.table([*headers, "Direction", *(["Latest note"] if noted else [])], rows)
    else:
        paper.text(f"No action or step is at risk, off track or overdue as of {long_date(report.as_of)}.")
    paper.heading(h + 1, "Due in the next 30 days")
    if plan.due_soon:
        soon: list[list[Cell]] = [
            [i.id, i.title, owners(i), due(i), long_date(i.deadline), item_status(i)] for i in plan.due_soon
        ]
        paper.table(["Id", "Action", "Owners", "Due (as written)", "Deadline", "Status"], soon)
    else:
        until = long_date(plan.summary.soon_until)
        paper.text(f"Nothing open falls due from {long_date(report.as_of)} to {until}.")


def item_status(i: Item, contradiction: bool = False) -> Tag:
    """The status word, how long overdue, and (in the actions table) a calendar contradiction."""
    text = sentence_case(i.status) + (f"; overdue {plural(i.days_late, 'day')}" if i.days_late else "")
    text += f"; {i.contradiction}" if contradiction and i.contradiction else ""
    return Tag(text, "overdue" if i.days_late else i.state)


def actions(paper: Paper, plan: PlanReport, h: int) -> None:
    """Every action and step, by priority or by the finding it addresses."""
    titles = {"priority": "Actions by priority", "finding": "Actions by the finding they address", "none": "Actions"}
    paper.heading(h, titles[plan.grouped_by])
    if plan.grouped_by == "finding":
        paper.text(
            "The plan has no priorities, so its actions are grouped by the first inspection finding each addresses."
        )
    for g in plan.groups:
        paper.label(g.title)
        rows: list[list[Cell]] = [
            [i.id, i.title, owners(i), due(i), item_status(i, True), board.travel(i.travel)] for i in g.items
        ]
        paper.table(["Id", "Action", "Owners", "Due (as written)", "Status", "Direction"], rows)


def coverage_tables(paper: Paper, tables: list[CoverageTable], noun: str) -> None:
    """One table per plan or reference list whose findings or outcomes the actions serve."""
    for t in tables:
        source = t.source_title + ("" if t.own else f" ({t.source})")
        gaps = f"{t.gaps} of {len(t.rows)} {'has' if t.gaps == 1 else 'have'} no action."
        paper.text(
            (f"{sentence_case(noun)}s of {source}.", True),
            " " + (gaps if t.gaps else "Every one has at least one action."),
        )
        rows: list[list[Cell]] = [
            [
                f"{r.id}: {r.label}",
                r.actions,
                r.complete,
                r.on_track,
                r.at_risk,
                r.off_track,
                r.not_started,
                r.overdue,
                Tag("No action", "gap") if r.gap else "No gap",
            ]
            for r in t.rows
        ]
        headers = [sentence_case(noun), "Actions", *board.STATE_COLUMNS, "Of which overdue", "Gap"]
        paper.table(headers, rows, numbers=tuple(range(1, 8)))


def coverage(paper: Paper, plan: PlanReport, report: Report, h: int) -> None:
    """How many actions serve each finding and outcome, and which have none."""
    paper.heading(h, "Coverage of findings and outcomes")
    paper.text(
        f"How many actions serve each inspection finding and outcome, where they stand as of "
        f"{long_date(report.as_of)}, and which have no action at all. Complete counts complete and embedded "
        'actions; the status columns add up to the actions, and "of which overdue" counts those past their '
        "deadline, whatever their status."
    )
    f, o = plan.inferred.get("addresses", 0), plan.inferred.get("outcomes", 0)
    if f or o:
        links = " and ".join(
            [f"to findings ({plural(f, 'action')})"] * bool(f) + [f"to outcomes ({plural(o, 'action')})"] * bool(o)
        )
        paper.text(
            f"The links from actions {links} were made when the plan was transcribed; the published plan does not state them."
        )
    paper.heading(h + 1, "Inspection findings")
    if plan.findings:
        coverage_tables(paper, plan.findings, "finding")
    else:
        paper.text("The plan records no inspection findings and no action addresses one.")
    paper.heading(h + 1, "Outcomes")
    if plan.outcomes:
        coverage_tables(paper, plan.outcomes, "outcome")
    else:
        paper.text("The plan records no outcome statements.")


def review(paper: Paper, plan: PlanReport, h: int) -> None:
    """Status at each review point: counts per point, then each item across the points."""
    r = plan.review
    paper.heading(h, "Status over review points")
    if r is None:
        paper.text("The plan records no review points and no dated status updates.")
        return
    if r.from_updates:
        paper.text(
            "The plan names no review points; the columns are the dates on which status updates were recorded, "
            f"and the {len(r.rows)} of {r.items} actions and steps with an update are listed."
        )
    if not r.recorded:
        paper.text(
            f"No status was recorded at any of the {len(r.points)} review points ({r.points[0].label} to "
            f'{r.points[-1].label}), so every cell below reads "not recorded".'
        )
    else:
        counts: list[list[Cell]] = []
        for point in r.points:
            c = dict(point.counts)
            counts.append([point.label, *(c.get(state, 0) for state in r.states), point.not_recorded])
        headers = ["Review point", *(sentence_case(s) for s in r.states), "Not recorded"]
        paper.table(headers, counts, numbers=tuple(range(1, len(headers))))
    rows: list[list[Cell]] = [
        [
            row.id,
            row.title,
            *(
                Tag("Not recorded", "") if state == "not recorded" else Tag(sentence_case(word), state)
                for word, state in row.cells
            ),
        ]
        for row in r.rows
    ]
    paper.table(["Id", "Action", *(p.label for p in r.points)], rows)


def details(paper: Paper, plan: PlanReport, h: int) -> None:
    """Measures, revised due dates, and what changed since --since."""
    paper.heading(h, "Measures")
    if plan.kpis:
        board.kpi_table(paper, plan.kpis)
    else:
        paper.text("No measure states a baseline, target or actual figure.")
    if plan.measures_in_words:
        said = plural(plan.measures_in_words, "measure is", "measures are")
        paper.text(f"A further {said} stated in words only, with no figures to track; they are in the plan file.")
    paper.heading(h, "Revised due dates")
    if plan.revisions:
        rows: list[list[Cell]] = []
        for r in plan.revisions:
            moved = f" (moved {len(r.earlier) + 1} times; earlier {', '.join(r.earlier)})" if r.earlier else ""
            rows.append(
                [r.item, r.title, r.original or "No date", r.revised + moved, r.reason, r.agreed or "Not stated"]
            )
        paper.table(["Id", "Action", "Original due", "Revised due", "Reason", "Agreed"], rows)
    else:
        paper.text("No due date has been revised.")
    c = plan.changes
    if c is None:
        return
    paper.heading(h, "Since " + long_date(c.since))
    if c.rows:
        changes: list[list[Cell]] = [[x.when, x.item, x.title, x.kind, x.detail] for x in c.rows]
        paper.table(["Date", "Id", "Action", "What", "Detail"], changes)
    else:
        paper.text(
            f"Nothing was recorded after {long_date(c.since)}: no status updates, completions or revised due dates."
        )
    if c.undated:
        some = (
            "1 action or step gives its status"
            if c.undated == 1
            else f"{c.undated} actions and steps give their status"
        )
        paper.text(
            f"{some} without a date, so {'it' if c.undated == 1 else 'they'} cannot be placed before or after {long_date(c.since)}."
        )


def quality(paper: Paper, plan: PlanReport, h: int) -> None:
    """What sendplan validate finds in the plan's file, and the problems accepted with a reason."""
    paper.heading(h, "Data quality")
    file = plan.heading.file
    if plan.problems:
        paper.text(
            f"sendplan validate finds {plural(plan.errors, 'error')} and {plural(plan.warnings, 'warning')} in "
            f"{file}. Errors make figures in this report unreliable; warnings are worth a look."
        )
        rows: list[list[Cell]] = [
            [
                p.line,
                p.code,
                Tag(sentence_case(p.severity), "off track" if p.severity == "error" else "at risk"),
                sentence_case(p.message) + (f" (hint: {p.hint})" if p.hint else ""),
            ]
            for p in plan.problems
        ]
        paper.table(["Line", "Rule", "Severity", "Problem"], rows, numbers=(0,))
    else:
        paper.text(f"sendplan validate finds no problems in {file}.")
    if plan.accepted:
        said = plural(len(plan.accepted), "problem is", "problems are")
        paper.text(
            f"{said} accepted in the plan file with a reason (a # sendplan: ignore[...] comment), and not counted above."
        )
        accepted: list[list[Cell]] = [
            [a.problem.line, a.problem.code, sentence_case(a.problem.message), sentence_case(a.reason)]
            for a in plan.accepted
        ]
        paper.table(["Line", "Rule", "Problem", "Reason given"], accepted, numbers=(0,))
