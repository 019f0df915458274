"""The board report, top to bottom: validate and load, then one section of plain rows per plan and a portfolio."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from sendplan import report_board as board
from sendplan import report_detail as detail
from sendplan import report_kpi as kpi
from sendplan import report_status as status
from sendplan import report_travel as travel
from sendplan.config import find_config
from sendplan.crosswalk import crosswalk
from sendplan.dates import DateError
from sendplan.dates import parse as parse_date
from sendplan.load import LoadedPlan, collector_paused
from sendplan.problems import PlanFilesInvalid, Problem, SendplanError, count
from sendplan.progress import Standing, standings
from sendplan.refs import PlanSet
from sendplan.suppress import Suppressed
from sendplan.template_filters import MONTHS, long_date, slug
from sendplan.validate import Validation, load_context, referenced_plan_ids, validate

HIGHLIGHT_EXCEPTIONS = 5  # rows a highlight paper lists per plan, so that each plan fits one A4 page
HIGHLIGHT_KPIS = 3  # KPIs with figures a highlight paper tables per plan; the rest are in the full report
HIGHLIGHT_NAMED = 2  # measures awaiting a figure a highlight paper names per plan; the rest are counted
REFERENCE_LIST = "reference list"  # the kind of plan that only lists findings or outcomes for others: no section

if TYPE_CHECKING:
    from sendplan.parallel import Reading


class Pages(Protocol):
    """Renders a plan's page of the paper from its section, where the section is made (render/pages.py); its
    repr names what it renders, so that what is kept in the cache for one is never taken for another's."""

    def __call__(self, section: PlanReport, as_of: date, since: date | None) -> str | None:
        """The page, or None when the paper must render it itself."""

    def shown(self, page: str) -> str:
        """A page made (and perhaps kept in the cache) as the paper writes it."""


@dataclass(frozen=True)
class Heading:
    """What a plan is, for its title block; empty strings where the plan does not say.

    Attributes:
        id, title, area, partnership, kind, period, published, source, url, board, note: as the plan writes them.
        file: the plan file as the user named it.
        anchor: the fragment id of the plan's section.
        source_name, source_file: the source without, and the file name it ends with in brackets, if any
            ("Hull SEND Strategic Plan 2024-2027", "002_3d465bae1b1fbacb.txt"), for the title block's small print.
        ended: "Plan period ended September 2021" when the period ends before the report's date, else "".
    """

    id: str
    title: str
    area: str
    partnership: str
    kind: str
    period: str
    published: str
    source: str
    url: str
    board: str
    note: str
    file: str
    anchor: str
    ended: str = ""
    source_name: str = ""
    source_file: str = ""


@dataclass
class PlanReport:
    """One plan's section of the report, as plain rows.

    Attributes:
        heading: the title block.
        summary: status counts, overdue, due soon and undated.
        exceptions: items at risk, off track or overdue; noted: whether any of them has an update's note.
        due_soon: open items due in the next 30 days.
        grouped_by: "priority", "finding" or "none"; groups: the action tables.
        findings, outcomes: coverage tables (empty when the plan has neither); worked out when first asked for.
        inferred: how many actions have links to findings ("addresses") or outcomes added in transcription.
        review: status over review points, or None when the plan records neither points nor dated updates.
        measures: measures with figures; measures_in_words: how many more are words only.
        revisions: re-baselined due dates.
        (findings, outcomes, review, measures, measures_in_words and revisions are shown in the full report only:
        each is worked out when first asked for, so that a highlight paper of a national set does not pay for them.)
        changes: what was recorded after --since, or None without it.
        problems: validation problems in the plan's file; accepted: those suppressed with a reason.
        basis: what direction of travel compares with; travel: how the plan's items moved.
        priorities: the RAG table, one row per group of the actions table, with direction.
        position: two or three sentences on the overall position.
        contradictions: overdue exceptions whose status word reads as anything but off track.
        kpis: measures with figures, read as KPIs; asks: decisions and support sought; risks: risks to delivery.
        rag: the plan's RAG over all its actions and steps, by the rule the priorities follow (board.RAG_RULE).
        page: the plan's page of the highlight paper, rendered where the section was made (render/pages.py), or
            None: the paper then renders it itself (templates/highlight.md.j2 and .html.j2). A section
            with its page keeps only what the paper reads beside it: due_soon, groups, priorities and kpis are
            empty (they are on the page), so that they are not sent between processes.
    """

    heading: Heading
    summary: status.Summary
    exceptions: list[status.Flagged]
    due_soon: list[status.Item]
    grouped_by: str
    groups: list[status.Group]
    inferred: dict[str, int]
    changes: detail.Changes | None
    problems: list[Problem]
    accepted: list[Suppressed]
    basis: travel.Basis
    travel: travel.Tally
    priorities: list[board.PriorityRow]
    position: list[str]
    contradictions: int
    kpis: list[kpi.Kpi]
    asks: list[board.AskRow]
    risks: list[board.RiskRow]
    rag: str
    noted: bool = False
    details: Details | None = field(default=None, repr=False, compare=False)
    page: str | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def findings(self) -> list[detail.CoverageTable]:
        """The findings' coverage tables."""
        return self.details.findings() if self.details else []

    @functools.cached_property
    def outcomes(self) -> list[detail.CoverageTable]:
        """The outcomes' coverage tables."""
        return self.details.outcomes() if self.details else []

    @functools.cached_property
    def review(self) -> detail.Review | None:
        """Status over review points."""
        return self.details.review() if self.details else None

    @functools.cached_property
    def _measures(self) -> tuple[list[detail.MeasureRow], int]:
        return detail.measures(self.details.lp) if self.details else ([], 0)

    @property
    def measures(self) -> list[detail.MeasureRow]:
        """Measures with figures."""
        return self._measures[0]

    @property
    def measures_in_words(self) -> int:
        """How many measures are words only."""
        return self._measures[1]

    @functools.cached_property
    def revisions(self) -> list[detail.Revision]:
        """Re-baselined due dates."""
        return detail.revisions(self.details.lp) if self.details else []

    @property
    def headline_exceptions(self) -> list[status.Flagged]:
        """The exceptions a highlight paper lists in full: the most overdue first, at most HIGHLIGHT_EXCEPTIONS."""
        return self.exceptions[:HIGHLIGHT_EXCEPTIONS]

    @property
    def kpis_recorded(self) -> list[kpi.Kpi]:
        """KPIs with a figure recorded."""
        return [k for k in self.kpis if k.latest is not None]

    @property
    def headline_kpis(self) -> list[kpi.Kpi]:
        """The KPIs a highlight paper tables: those with figures, at most HIGHLIGHT_KPIS (not met first)."""
        ranked = sorted(self.kpis_recorded, key=lambda k: {"not met": 0, "met": 1}.get(k.against, 2))
        return ranked[:HIGHLIGHT_KPIS]

    @property
    def headline_awaiting(self) -> list[kpi.Kpi]:
        """The measures awaiting a figure that a highlight paper names: at most HIGHLIGHT_NAMED."""
        return self.kpis_awaiting[:HIGHLIGHT_NAMED]

    @property
    def kpis_awaiting(self) -> list[kpi.Kpi]:
        """KPIs with a baseline or target but no figure recorded yet."""
        return [k for k in self.kpis if k.latest is None]

    @property
    def errors(self) -> int:
        """Validation errors in the plan's file."""
        return count(self.problems, "error")

    @property
    def warnings(self) -> int:
        """Validation warnings in the plan's file."""
        return count(self.problems, "warning")


@dataclass
class Details:
    """What a plan's full report shows beyond the highlight paper, worked out when asked for.

    Attributes:
        file: the plan's file; as_of: the report's date.
        plans: every plan read (for references across plans), loaded when first asked for: a section made in a
            worker process comes without its plan, and a highlight paper never asks for it.
        made: the plan's standings and their report items, where the section was made in this process.
    """

    file: str
    as_of: date
    plans: Callable[[], PlanSet] = field(repr=False)
    made: tuple[list[Standing], list[status.Item]] | None = field(default=None, repr=False)

    @functools.cached_property
    def everything(self) -> PlanSet:
        """Every plan read."""
        return self.plans()

    @functools.cached_property
    def lp(self) -> LoadedPlan:
        """The plan."""
        by_file = self.everything.once("by file", lambda: {lp.file: lp for lp in self.everything.plans})
        return by_file[self.file]

    @functools.cached_property
    def _made(self) -> tuple[list[Standing], list[status.Item]]:
        if self.made is not None:
            return self.made
        found = standings([self.lp], self.as_of)
        return found, [status.item_of(s, self.as_of) for s in found]

    @property
    def found(self) -> list[Standing]:
        """The plan's standings."""
        return self._made[0]

    @property
    def items(self) -> list[status.Item]:
        """The standings as report items."""
        return self._made[1]

    def _context(self) -> list[LoadedPlan]:
        by_id = self.everything.by_id
        return [by_id[i] for i in sorted(referenced_plan_ids([self.lp])) if i in by_id]

    def findings(self) -> list[detail.CoverageTable]:
        """Coverage of the findings (none when the plan has no findings and no action addresses one)."""
        plan = self.lp.plan
        if not (plan.findings or any(a.addresses or any(s.addresses for s in a.steps) for a in plan.actions)):
            return []
        found = crosswalk([self.lp], self.as_of, "findings", self._context(), self.found)
        return detail.coverage(found, self.everything, plan.plan.id)

    def outcomes(self) -> list[detail.CoverageTable]:
        """Coverage of the outcomes (none when the plan has no outcomes and no action serves one)."""
        plan = self.lp.plan
        if not (plan.outcomes or any(a.outcomes for a in plan.actions)):
            return []
        found = crosswalk([self.lp], self.as_of, "outcomes", self._context(), self.found)
        return detail.coverage(found, self.everything, plan.plan.id)

    def review(self) -> detail.Review | None:
        """Status over the review points."""
        return detail.review(self.lp, self.found, self.items, self.as_of)


@dataclass
class Part:
    """What the report takes of one plan, made where its file is read (a worker process or this one), so that
    a report of many plans need not load them all again in this process.

    Attributes:
        plan_id, kind: as the plan says; refers: the plan ids its references name (validate.referenced_plan_ids).
        section: the plan's section, without its validation problems; None for a reference list (which has
            none), a plan whose file could not be read whole (errors in reading it: such a plan is never
            reported), or one whose actions are grouped by findings that another plan holds (their titles are
            looked up where every plan is read). A section made of a plan that the checks across the set then
            put in doubt (a duplicate action id or plan id, an unknown owner or status word) is not used.
    """

    plan_id: str
    kind: str
    refers: frozenset[str]
    section: PlanReport | None


@dataclass
class Report:
    """The whole report.

    Attributes:
        subject: what the report is about: the plan's title, or "SEND improvement plans" for several.
        as_of: the date statuses and lateness are worked out for; since: the --since date, if given.
        plans: one section per plan (reference lists have none).
        portfolio: whether to show the page across plans (more than one plan).
        exceptions: every plan's exceptions, for the portfolio page.
        files: the files named; context: files read for the findings and outcomes they refer to.
        other_problems: problems in files that have no section (reference lists).
        left_out: the errors of plan files that could not be read, and so are not in the report.
        noted: whether any plan's exceptions have an update's note.
        travel: how every plan's items moved; position: sentences on the position across plans.
        closed: the plans name no plan outside the files given, so no other file was looked for (what else is
            in their folders does not change the report).
    """

    subject: str
    as_of: date
    since: date | None
    plans: list[PlanReport]
    portfolio: bool
    exceptions: list[status.Flagged] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    other_problems: list[Problem] = field(default_factory=list)
    noted: bool = False
    left_out: list[Problem] = field(default_factory=list)
    travel: travel.Tally | None = None
    position: list[str] = field(default_factory=list)
    closed: bool = False

    @property
    def items(self) -> int:
        """Actions and steps across the plans."""
        return sum(plan.summary.items for plan in self.plans)

    @property
    def asks(self) -> list[tuple[str, board.AskRow]]:
        """Every plan's asks, as (plan title, ask): coming meetings first, soonest first, then past ones, latest first."""
        rows = [(plan.heading.title, ask) for plan in self.plans for ask in plan.asks]
        return sorted(rows, key=lambda pair: board.ask_order(pair[1]))


def build_report(
    paths: list[str],
    as_of: date,
    since: date | None = None,
    since_changes: dict[str, detail.Changes] | None = None,
    reading: Reading | None = None,
    pages: Pages | None = None,
) -> Report:
    """Validate the plans under `paths` (read as `reading` says) and work out every section of the report as of
    `as_of`.

    `since_changes`, per plan id, replaces the "since" section (what `sendplan diff` found since a revision).
    `pages` renders a plan's page of the paper from its section where the section is made (PlanReport.page).
    """
    if since is not None and since > as_of:
        raise SendplanError(f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}")
    with collector_paused():
        built = _build(paths, as_of, since, reading, pages)
    if since is not None and since_changes is not None:
        for plan in built.plans:
            plan.changes = since_changes.get(plan.heading.id, detail.Changes(since))
    return built


def _build(
    paths: list[str],
    as_of: date,
    since: date | None,
    reading: Reading | None,
    pages: Pages | None,
) -> Report:
    config = find_config(paths)
    if reading is not None:  # each plan's section is made where its file is read, where validate can
        reading.also = functools.partial(plan_part, as_of, since, pages=pages)
        reading.also_named = (
            f"report sections as of {as_of.isoformat()}, since {since.isoformat() if since else ''}, pages {pages!r}"
        )
        reading.made = {}  # sections made for another date are not this report's
    try:
        checked = validate(paths, config, as_of if config.calendar else None, reading)  # the paper's date
    finally:
        if reading is not None:
            reading.also, reading.also_named, reading.made = None, None, {}
    doubtful = checked.doubtful
    made = {file: part for file, part in (checked.made or {}).items() if isinstance(part, Part)}
    declared = {file: (part.plan_id, part.kind, part.refers) for file, part in made.items()}
    trusted = [file for file in checked.files if file in made and file not in doubtful]
    wanted = set().union(*(declared[file][2] for file in trusted)) - {declared[file][0] for file in trusted}
    sections = {file: made[file].section for file in trusted}
    if (
        checked.made is None
        or wanted
        or any(section is None and declared[file][1] != REFERENCE_LIST for file, section in sections.items())
    ):
        return _from_plans(paths, as_of, since, checked, reading)  # the plans themselves are needed here
    problems, accepted = _by_file(checked)
    everything = functools.cache(lambda: PlanSet(checked.trusted))  # loaded only if a template asks
    plans = []
    for file in trusted:
        section = sections[file]
        if section is not None:
            section.problems, section.accepted = problems.get(file, []), accepted.get(file, [])
            if section.page is not None and pages is not None:
                section.page = pages.shown(section.page)
            section.details = Details(file, as_of, everything)
            plans.append(section)
    if len(plans) == 1 and plans[0].page is not None:  # one plan's paper is not its page: made whole, here
        return _from_plans(paths, as_of, since, checked, reading)
    read = [declared[file] for file in checked.files if file in declared]
    return _report(paths, as_of, since, checked, plans, [], read, {file: declared[file] for file in trusted})


def _from_plans(
    paths: list[str], as_of: date, since: date | None, checked: Validation, reading: Reading | None
) -> Report:
    """The report made from the plans themselves, loaded in this process."""
    trusted = checked.trusted
    context = load_context(trusted, checked.files, reading)
    everything = PlanSet([*trusted, *context])
    problems, accepted = _by_file(checked)
    plans = [
        plan_report(lp, as_of, since, everything, problems.get(lp.file, []), accepted.get(lp.file, []))
        for lp in trusted
        if lp.plan.plan.kind != REFERENCE_LIST
    ]
    read = [_declared(lp) for lp in checked.plans]
    return _report(paths, as_of, since, checked, plans, context, read, {lp.file: _declared(lp) for lp in trusted})


Declared = tuple[str, str, frozenset[str]]  # a plan's id, its kind and the plan ids its references name


def _declared(lp: LoadedPlan) -> Declared:
    return lp.plan.plan.id, lp.plan.plan.kind, lp.plan_refs


def _by_file(checked: Validation) -> tuple[dict[str, list[Problem]], dict[str, list[Suppressed]]]:
    """The validation problems, and the suppressed ones, of each file."""
    by_file: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        by_file.setdefault(problem.file, []).append(problem)
    accepted: dict[str, list[Suppressed]] = {}
    for suppressed in checked.suppressed:
        accepted.setdefault(suppressed.problem.file, []).append(suppressed)
    return by_file, accepted


def _report(
    paths: list[str],
    as_of: date,
    since: date | None,
    checked: Validation,
    plans: list[PlanReport],
    context: list[LoadedPlan],
    read: list[Declared],
    trusted: dict[str, Declared],
) -> Report:
    """The report of the plans' sections; `read` declares every plan built, `trusted` (by file) those trusted."""
    unreadable = [p for p in checked.problems if p.file not in trusted and p.severity == "error"]
    if not plans and unreadable:
        raise PlanFilesInvalid(unreadable)
    if not plans:
        raise SendplanError(f"{', '.join(paths)}: no plans to report (only reference lists)")
    portfolio = len(plans) > 1
    shown = {plan.heading.file for plan in plans}
    moved = travel.combine(plan.travel for plan in plans)  # each plan's items, never its "(by its steps)" rows
    return Report(
        subject="SEND improvement plans" if portfolio else plans[0].heading.title,
        as_of=as_of,
        since=since,
        plans=plans,
        portfolio=portfolio,
        exceptions=[e for plan in plans for e in plan.exceptions],
        files=checked.files,
        context=[lp.file for lp in context],
        other_problems=[p for p in checked.problems if p.file not in shown and p.file in trusted],
        noted=any(plan.noted for plan in plans),
        left_out=unreadable,
        travel=moved,
        position=portfolio_position(plans, moved, as_of, since),
        closed=_closed(read) and _closed(list(trusted.values())),
    )


def _closed(plans: list[Declared]) -> bool:
    """Whether the plans name no plan but one of themselves."""
    return not set().union(*(refers for _, _, refers in plans)) - {plan_id for plan_id, _, _ in plans}


def plan_part(
    as_of: date,
    since: date | None,
    lp: LoadedPlan,
    problems: list[Problem],
    pages: Pages | None = None,
) -> Part:
    """What the report takes of one plan read (Reading.also): its section, where it can be made from the plan
    alone, with its page of the paper when `pages` renders one."""
    info = lp.plan.plan
    alone = info.kind != REFERENCE_LIST and not any(p.severity == "error" for p in problems) and not _reaches_out(lp)
    section = _section(lp, as_of, since, PlanSet([lp]))[0] if alone else None
    if section is not None and pages is not None:
        section.page = pages(section, as_of, since)
        if section.page is not None:  # the page shows them: not sent on
            section.due_soon, section.groups, section.priorities, section.kpis = [], [], [], []
    return Part(info.id, info.kind, lp.plan_refs, section)


def _reaches_out(lp: LoadedPlan) -> bool:
    """Whether the plan's action tables are grouped by findings, one of which could be another plan's."""
    plan = lp.plan
    if plan.priorities:
        return False
    return any(
        ":" in ref for ref in [f.id for f in plan.findings] + [a.addresses[0] for a in plan.actions if a.addresses]
    )


def plan_report(
    lp: LoadedPlan,
    as_of: date,
    since: date | None,
    everything: PlanSet,
    problems: list[Problem],
    accepted: list[Suppressed],
) -> PlanReport:
    """Every section of one plan's report."""
    section, found, items = _section(lp, as_of, since, everything)
    section.problems, section.accepted = problems, accepted
    section.details = Details(lp.file, as_of, lambda: everything, (found, items))
    return section


def _section(
    lp: LoadedPlan, as_of: date, since: date | None, everything: PlanSet
) -> tuple[PlanReport, list[Standing], list[status.Item]]:
    """One plan's section (without its problems or details), with its standings and their items."""
    found = standings([lp], as_of)
    items = [status.item_of(s, as_of) for s in found]
    grouped_by, groups = status.groups(lp, found, items, everything)
    when = travel.basis(lp, as_of, since)
    for item, move in zip(items, travel.travels(lp, found, when), strict=True):
        item.travel = move
        item.contradiction = board.contradiction(item)
    flagged = status.exceptions(lp, items)
    moved = travel.tally(i.travel for i in items)
    summary = status.summary(lp, found, as_of)
    head = heading(lp, as_of)
    positions = {s.item_id: travel.position(s) for s in found} if lp.plan.risks else {}  # for the risks' actions
    section = PlanReport(
        heading=head,
        summary=summary,
        exceptions=flagged,
        due_soon=status.due_soon(items, as_of),
        grouped_by=grouped_by,
        groups=groups,
        inferred=inferred(lp),
        changes=detail.changes(lp, since, as_of) if since else None,
        problems=[],
        accepted=[],
        basis=when,
        travel=moved,
        priorities=board.priority_rows(groups),
        position=board.position_sentences(head.title, summary, moved, when, flagged, as_of),
        contradictions=sum(1 for f in flagged if f.item.contradiction),
        kpis=kpi.kpis(lp, as_of, when.day),
        asks=board.asks(lp, as_of),
        risks=board.risks(lp, positions),
        rag=board.rag([item for group in groups for item in group.items]),
        noted=any(f.item.note for f in flagged),
    )
    return section, found, items


def portfolio_position(plans: list[PlanReport], moved: travel.Tally, as_of: date, since: date | None) -> list[str]:
    """Two or three sentences on the position across plans: counts, what moved, what is late.

    The counts do not overlap unless the sentence says so: overdue items are counted once, whatever their status, and
    the at risk or off track counted beside them are those not overdue.
    """
    items = sum(p.summary.items for p in plans)
    done = sum(c for p in plans for s, c in p.summary.states if s in ("complete", "embedded"))
    late = sum(p.summary.overdue for p in plans)
    flagged = [f.item for p in plans for f in p.exceptions]
    risky = sum(1 for i in flagged if i.state in ("at risk", "off track") and not i.days_late)
    first = (
        f"{len(plans)} plans hold {items} actions and steps as of {long_date(as_of)}: {done} complete and "
        f"{late} overdue (whatever their status); a further {risky} are at risk or off track but not overdue."
    )
    bases = {p.basis.label for p in plans}
    if all(p.basis.day is None for p in plans):
        second = (
            "Direction of travel is not shown: no plan has an earlier review point, and no comparison date was given."
        )
    else:
        label = next(iter(bases)) if len(bases) == 1 else "since each plan's last review point"
        second = board.travel_sentence(moved, travel.Basis(as_of, label))
    said = sum(p.contradictions for p in plans)
    third = (
        f"Of the {late} overdue, {said} {'is' if said == 1 else 'are'} still reported as on track, at risk or not started."
        if said
        else ""
    )
    return [s for s in (first, second, third) if s]


def heading(lp: LoadedPlan, as_of: date | None = None) -> Heading:
    """The plan's title block; as of a date after the plan's period, it says that the period has ended."""
    info = lp.plan.plan

    def text(value: str | None) -> str:
        return " ".join((value or "").split())

    return Heading(
        id=info.id,
        title=text(info.title),
        area=text(info.area),
        partnership=text(info.partnership),
        kind=info.kind,
        period=text(info.period),
        published=text(info.published),
        source=text(info.source),
        url=text(info.url),
        board=text(info.board),
        note=text(info.note),
        file=lp.file,
        anchor=f"plan-{slug(info.id)}",
        ended=period_ended(info.period, as_of),
        **dict(zip(("source_name", "source_file"), split_source(text(info.source)), strict=True)),
    )


SOURCE_FILE = re.compile(r"\s*\(([\w.-]+\.(?:txt|pdf|docx?|html?|xlsx?|md))\)\s*$", re.IGNORECASE)


def split_source(source: str) -> tuple[str, str]:
    """The source document's name, and a file name written after it in brackets ("" when none)."""
    found = SOURCE_FILE.search(source)
    if not found:
        return source, ""
    return source[: found.start()], found[1]


def period_ended(period: str | None, as_of: date | None) -> str:
    """ "Plan period ended September 2021" when the period (as written) reads as ending before `as_of`, else ""."""
    if not period or as_of is None:
        return ""
    try:
        end = parse_date(period).end
    except DateError:
        return ""
    if end is None or end >= as_of:
        return ""
    return f"Plan period ended {MONTHS[end.month - 1]} {end.year}"


def inferred(lp: LoadedPlan) -> dict[str, int]:
    """How many actions have links to findings ("addresses") or outcomes that the transcriber added."""
    counts = {f: sum(f in a.inferred for a in lp.plan.actions) for f in ("addresses", "outcomes")}
    return {f: n for f, n in counts.items() if n}
