"""Each plan's page of the highlight paper, rendered where its section is made (a worker process or this one)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sendplan.problems import SendplanError

if TYPE_CHECKING:
    import jinja2

    from sendplan.report import PlanReport

PAGE_LEVEL = 3  # the heading level of a plan's page in a paper of several plans (each plan is a level 2 heading)


@dataclass(frozen=True)
class PageReport:
    """What a plan's page may ask of the whole report where the page is made: its dates (our board macros ask
    for `report.as_of` alone; anything else is undefined, and the page is then made with the paper)."""

    as_of: date
    since: date | None


@dataclass(frozen=True)
class Pages:
    """Renders a plan's page of the highlight paper (`board.highlight(plan, report, 3)`) in `format` from
    sendplan's own templates, whose contents and Jinja's installed copy `stamp` names (so that a page kept in the
    cache is never one of other templates). Called with a section, it gives the page as the paper would write it,
    or None when the page needs more than the plan and the report's dates."""

    format: str
    stamp: str

    def __call__(self, section: PlanReport, as_of: date, since: date | None) -> str | None:
        import jinja2

        try:
            return _page(self.format).render(plan=section, report=PageReport(as_of, since))
        except jinja2.UndefinedError:
            return None

    def shown(self, page: str) -> str:
        """A page as the paper takes it: HTML already escaped where it was rendered (autoescape on), as the
        macro's own output is. (A page comes as plain text: the cache keeps only plain data and our classes.)"""
        if self.format == "html":
            from markupsafe import Markup

            return Markup(page)
        return page


def pages_for(format: str, template: str | None) -> Pages | None:
    """The page maker for a report in `format` with --template `template`, when it is our highlight paper: the
    paper then writes each plan's page as made where the plan was read. None for Word, the full report, or a
    template of the user's own (whose pages the paper renders itself)."""
    from sendplan.render.report import SUFFIXES, choose
    from sendplan.report_templates import library_stamp, package_stamp

    if format not in SUFFIXES:
        return None
    try:
        folder, name = choose(template, format, "highlight")
    except SendplanError:  # said when the paper is rendered, in its turn
        return None
    stamp = package_stamp()
    if folder is not None or name != "highlight" + SUFFIXES[format] or stamp is None:
        return None
    return Pages(format, f"{stamp}\1{library_stamp(('jinja2', 'markupsafe'))}")


@functools.cache  # one per process and format: the board macros are compiled once
def _page(format: str) -> jinja2.Template:
    from sendplan.render.report import SUFFIXES, environment

    board = "board" + SUFFIXES[format]
    return environment(format).from_string(
        f'{{% import "{board}" as board %}}{{{{ board.highlight(plan, report, {PAGE_LEVEL}) }}}}'
    )
