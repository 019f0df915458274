"""The board report, top to bottom: validate and load, then one section of plain rows per plan and a portfolio."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sendplan import report_detail as detail
from sendplan import report_status as status
from sendplan.crosswalk import crosswalk
from sendplan.load import LoadedPlan, collector_paused
from sendplan.problems import PlanFilesInvalid, Problem, SendplanError, count
from sendplan.progress import standings
from sendplan.refs import PlanSet
from sendplan.suppress import Suppressed
from sendplan.template_filters import slug
from sendplan.validate import load_context, referenced_plan_ids, validate

if TYPE_CHECKING:
    from sendplan.parallel import Reading


@dataclass(frozen=True)
class Heading:
    """What a plan is, for its title block; empty strings where the plan does not say.

    Attributes:
        id, title, area, partnership, kind, period, published, source, url, board, note: as the plan writes them.
        file: the plan file as the user named it.
        anchor: the fragment id of the plan's section.
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


@dataclass
class PlanReport:
    """One plan's section of the report, as plain rows.

    Attributes:
        heading: the title block.
        summary: status counts, overdue, due soon and undated.
        exceptions: items at risk, off track or overdue; noted: whether any of them has an update's note.
        due_soon: open items due in the next 30 days.
        grouped_by: "priority", "finding" or "none"; groups: the action tables.
        findings, outcomes: coverage tables (empty when the plan has neither).
        inferred: how many actions have links to findings ("addresses") or outcomes added in transcription.
        review: status over review points, or None when the plan records neither points nor dated updates.
        measures: measures with figures; measures_in_words: how many more are words only.
        revisions: re-baselined due dates.
        changes: what was recorded after --since, or None without it.
        problems: validation problems in the plan's file; accepted: those suppressed with a reason.
    """

    heading: Heading
    summary: status.Summary
    exceptions: list[status.Flagged]
    due_soon: list[status.Item]
    grouped_by: str
    groups: list[status.Group]
    findings: list[detail.CoverageTable]
    outcomes: list[detail.CoverageTable]
    inferred: dict[str, int]
    review: detail.Review | None
    measures: list[detail.MeasureRow]
    measures_in_words: int
    revisions: list[detail.Revision]
    changes: detail.Changes | None
    problems: list[Problem]
    accepted: list[Suppressed]
    noted: bool = False

    @property
    def errors(self) -> int:
        """Validation errors in the plan's file."""
        return count(self.problems, "error")

    @property
    def warnings(self) -> int:
        """Validation warnings in the plan's file."""
        return count(self.problems, "warning")


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


def build_report(paths: list[str], as_of: date, since: date | None = None, reading: Reading | None = None) -> Report:
    """Validate the plans under `paths` (read as `reading` says) and work out every section of the report."""
    if since is not None and since > as_of:
        raise SendplanError(f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}")
    with collector_paused():
        return _build(paths, as_of, since, reading)


def _build(paths: list[str], as_of: date, since: date | None, reading: Reading | None) -> Report:
    checked = validate(paths, reading=reading)
    loaded = {lp.file for lp in checked.plans}
    unreadable = [p for p in checked.problems if p.file not in loaded and p.severity == "error"]
    context = load_context(checked.plans, checked.files, reading)
    everything = PlanSet([*checked.plans, *context])
    reported = [lp for lp in checked.plans if lp.plan.plan.kind != "reference list"]
    if not reported and unreadable:
        raise PlanFilesInvalid(unreadable)
    if not reported:
        raise SendplanError(f"{', '.join(paths)}: no plans to report (only reference lists)")
    by_file: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        by_file.setdefault(problem.file, []).append(problem)
    accepted: dict[str, list[Suppressed]] = {}
    for suppressed in checked.suppressed:
        accepted.setdefault(suppressed.problem.file, []).append(suppressed)
    plans = [
        plan_report(lp, as_of, since, everything, by_file.get(lp.file, []), accepted.get(lp.file, []))
        for lp in reported
    ]
    portfolio = len(plans) > 1
    shown = {lp.file for lp in reported}
    return Report(
        subject="SEND improvement plans" if portfolio else plans[0].heading.title,
        as_of=as_of,
        since=since,
        plans=plans,
        portfolio=portfolio,
        exceptions=[e for plan in plans for e in plan.exceptions],
        files=checked.files,
        context=[lp.file for lp in context],
        other_problems=[p for p in checked.problems if p.file not in shown and p.file in loaded],
        noted=any(plan.noted for plan in plans),
        left_out=unreadable,
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
    found = standings([lp], as_of)
    items = [status.item_of(s, as_of) for s in found]
    grouped_by, groups = status.groups(lp, found, items, everything)
    context = [everything.by_id[i] for i in sorted(referenced_plan_ids([lp])) if i in everything.by_id]
    plan = lp.plan
    findings, outcomes = [], []
    if plan.findings or any(a.addresses or any(s.addresses for s in a.steps) for a in plan.actions):
        findings = detail.coverage(crosswalk([lp], as_of, "findings", context, found), everything, plan.plan.id)
    if plan.outcomes or any(a.outcomes for a in plan.actions):
        outcomes = detail.coverage(crosswalk([lp], as_of, "outcomes", context, found), everything, plan.plan.id)
    measures, in_words = detail.measures(lp)
    flagged = status.exceptions(lp, items)
    return PlanReport(
        heading=heading(lp),
        summary=status.summary(lp, found, as_of),
        exceptions=flagged,
        due_soon=status.due_soon(items, as_of),
        grouped_by=grouped_by,
        groups=groups,
        findings=findings,
        outcomes=outcomes,
        inferred=inferred(lp),
        review=detail.review(lp, found, items, as_of),
        measures=measures,
        measures_in_words=in_words,
        revisions=detail.revisions(lp),
        changes=detail.changes(lp, since, as_of) if since else None,
        problems=problems,
        accepted=accepted,
        noted=any(f.item.note for f in flagged),
    )


def heading(lp: LoadedPlan) -> Heading:
    """The plan's title block."""
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
    )


def inferred(lp: LoadedPlan) -> dict[str, int]:
    """How many actions have links to findings ("addresses") or outcomes that the transcriber added."""
    counts = {f: sum(f in a.inferred for a in lp.plan.actions) for f in ("addresses", "outcomes")}
    return {f: n for f, n in counts.items() if n}
