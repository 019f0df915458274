"""The full report's sections are worked out when first asked for: the same as before, and never for a highlight."""

from __future__ import annotations

from datetime import date

import pytest

from sendplan import report as report_module
from sendplan import report_detail as detail
from sendplan.crosswalk import crosswalk
from sendplan.problems import SendplanError
from sendplan.progress import standings
from sendplan.render.report import render
from sendplan.report import build_report
from sendplan.validate import referenced_plan_ids

AS_OF = date(2024, 6, 30)


def test_details_are_what_the_sections_were() -> None:
    built = build_report(["plans"], AS_OF)
    everything = built.plans[0].details.everything if built.plans[0].details else None
    assert everything is not None
    for plan in built.plans:
        lp = everything.by_id[plan.heading.id]
        found = standings([lp], AS_OF)
        context = [everything.by_id[i] for i in sorted(referenced_plan_ids([lp])) if i in everything.by_id]
        findings = detail.coverage(crosswalk([lp], AS_OF, "findings", context, found), everything, lp.plan.plan.id)
        outcomes = detail.coverage(crosswalk([lp], AS_OF, "outcomes", context, found), everything, lp.plan.plan.id)
        assert plan.findings == (findings if lp.plan.findings or any(a.addresses for a in lp.plan.actions) else [])
        assert plan.outcomes == (outcomes if lp.plan.outcomes or any(a.outcomes for a in lp.plan.actions) else [])
        assert (plan.measures, plan.measures_in_words) == detail.measures(lp)
        assert plan.revisions == detail.revisions(lp)
        assert plan.review == detail.review(lp, found, plan.details.items if plan.details else [], AS_OF)
    assert any(plan.findings for plan in built.plans) and any(plan.review for plan in built.plans)


def test_a_highlight_paper_never_works_them_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a highlight paper asked for the full report's coverage")

    built = build_report(["plans"], AS_OF)
    assert built.portfolio
    monkeypatch.setattr(report_module, "crosswalk", refuse)
    monkeypatch.setattr(report_module.detail, "review", refuse)
    render(built, "md")
    render(built, "html")
    with pytest.raises(SendplanError, match="highlight paper asked"):  # the full report does ask
        render(built, "md", "report")
