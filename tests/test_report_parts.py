"""Each plan's report section is made where its file is read (a worker process, or this one through the cache):
the report is the one a single process makes without the cache, and a highlight paper never loads the plans here."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

import sendplan.parallel
from sendplan.cache import Cache
from sendplan.parallel import Reading
from sendplan.problems import SendplanError
from sendplan.render.report import render
from sendplan.report import Part, build_report, plan_part
from sendplan.report_kpi import Figure, read_figure
from sendplan.report_status import Item
from sendplan.report_travel import Travel
from sendplan.validate import Validation
from tests.conftest import MINIMAL, PLANS, ROOT, dedent

AS_OF = ["--as-of", "2024-06-30"]
REPORTS = [
    ["--format", "md"],
    ["--format", "html", "--since", "2024-03-31"],
    ["--format", "md", "--template", "report", "--since", "2024-03-31"],
]

# A plan whose action tables are grouped by findings another plan holds: its section needs that plan's titles.
GROUPED_ELSEWHERE = (
    MINIMAL.replace("id: demo", "id: other")
    .replace('priorities:\n  - id: "1"\n    title: Voice\n', "")
    .replace('    priority: "1"\n', "")
    .replace("addresses: [AFI1]", "addresses: ['demo:AFI1']")
)


@pytest.fixture
def plans(tmp_path: Path) -> list[str]:
    """The shipped plans, a generated set, and a pair of plans that refer to each other."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path / "generated", plans=5, actions=12)
    pair = tmp_path / "pair"
    pair.mkdir()
    (pair / "demo.yaml").write_text(dedent(MINIMAL), encoding="utf-8")
    (pair / "other.yaml").write_text(dedent(GROUPED_ELSEWHERE), encoding="utf-8")
    return [str(PLANS), str(tmp_path / "generated"), str(pair)]


def run(cli, paths: list[str], *options: str) -> tuple[int, str]:
    result = cli("report", *paths, *AS_OF, *options)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("pair", [False, True], ids=["sections-made-where-read", "with-a-plan-made-here"])
def test_sections_made_where_the_files_are_read_give_the_serial_report(cli, plans, tmp_path, monkeypatch, jobs, pair):
    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)  # small sets too: the workers must run here
    paths = plans if pair else plans[:2]
    cache = ["--cache-dir", str(tmp_path / "cache"), "--jobs", jobs]
    for options in REPORTS:
        serial = run(cli, paths, *options, "--no-cache", "--jobs", "1")
        assert serial[0] == 0
        assert run(cli, paths, *options, "--no-cache", "--jobs", "2") == serial, f"no cache {options}"
        assert run(cli, paths, *options, *cache) == serial, f"cold {options}"
        assert run(cli, paths, *options, *cache) == serial, f"warm {options}"
    edited = Path(plans[1]) / "synthetic-0001.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    cli("validate", *paths, *cache)  # the validate answer kept: the report makes every section from the cache
    for options in REPORTS:
        serial = run(cli, paths, *options, "--no-cache", "--jobs", "1")
        assert run(cli, paths, *options, *cache) == serial, f"after an edit {options}"


def test_a_highlight_paper_read_through_the_cache_loads_no_plan_here(plans, tmp_path, monkeypatch):
    def refuse(self: Validation) -> list[object]:
        raise AssertionError("the plans were loaded in this process")

    folders = plans[:2]  # no plan here is grouped by another's findings
    built = build_report(folders, date(2024, 6, 30), reading=Reading(Cache(tmp_path / "cache"), jobs=1))
    assert len(built.plans) == 8
    monkeypatch.setattr(Validation, "plans", property(refuse))
    built = build_report(folders, date(2024, 6, 30), reading=Reading(Cache(tmp_path / "cache"), jobs=1))
    assert "# SEND improvement plans: highlight report" in render(built, "md")
    with pytest.raises(SendplanError, match="loaded in this process"):  # the full report's sections need them
        render(built, "md", "report")


def test_a_plan_grouped_by_another_plans_findings_is_made_with_every_plan_read(plans, tmp_path):
    from sendplan.load import load_file

    other = str(Path(plans[2]) / "other.yaml")
    lp, problems = load_file(other)
    assert lp is not None
    part = plan_part(date(2024, 6, 30), None, lp, problems)
    assert part == Part("other", "strategic plan", frozenset({"demo"}), None)  # not made from the plan alone
    built = build_report([plans[2]], date(2024, 6, 30), reading=Reading(Cache(tmp_path / "cache"), jobs=1))
    (section,) = [p for p in built.plans if p.heading.id == "other"]
    assert [g.title for g in section.groups] == ["demo:AFI1: Leaders should do better."]


def test_a_section_pickles_to_what_it_was():
    built = build_report([str(PLANS)], date(2024, 6, 30), date(2024, 3, 31))
    for section in built.plans:
        details, section.details = section.details, None
        again = pickle.loads(pickle.dumps(section, pickle.HIGHEST_PROTOCOL))
        assert again == section
        assert [k.travel for k in again.kpis] == [k.travel for k in section.kpis]
        section.details = details
    figure = read_figure("85 of 120")
    assert figure is not None and pickle.loads(pickle.dumps(figure)) == figure == Figure("85 of 120", 70.8, "%")
    with pytest.raises(AttributeError):  # still frozen
        figure.value = 1.0
    assert pickle.loads(pickle.dumps(Travel("better", "a", "b"))) == Travel("better", "a", "b")
    item = built.plans[0].groups[0].items[0]
    assert isinstance(item, Item) and pickle.loads(pickle.dumps(item)) == item


def test_one_reading_asked_for_two_reports_makes_each_of_its_own_date(plans, tmp_path):
    reading = Reading(Cache(tmp_path / "cache"), jobs=1)
    first = build_report(plans[:2], date(2024, 6, 30), reading=reading)
    later = build_report(plans[:2], date(2025, 6, 30), reading=reading)
    fresh = build_report(plans[:2], date(2025, 6, 30), reading=Reading(Cache(tmp_path / "other"), jobs=1))
    assert [p.summary for p in later.plans] == [p.summary for p in fresh.plans]
    assert [p.summary for p in later.plans] != [p.summary for p in first.plans]
    assert reading.also is None and reading.made == {}


def test_after_an_edit_a_report_makes_again_only_the_sections_of_what_changed(cli, plans, tmp_path, monkeypatch):
    import sendplan.report

    made: list[str] = []
    real = sendplan.report.plan_part
    monkeypatch.setattr(sendplan.report, "plan_part", lambda *a, **k: made.append(a[2].file) or real(*a, **k))
    folder = plans[1]  # five generated plans
    cache = ["--cache-dir", str(tmp_path / "cache"), "--jobs", "1"]

    def edit(name: str) -> str:
        path = Path(folder) / name
        path.write_text(path.read_text(encoding="utf-8") + "# edited\\n", encoding="utf-8")
        return str(path)

    assert run(cli, [folder], *cache)[0] == 0 and len(made) == 5  # cold: each with its facts
    for name, again in (("synthetic-0001.yaml", 5), ("synthetic-0002.yaml", 1), ("synthetic-0003.yaml", 2)):
        edited = edit(name)
        serial = run(cli, [folder], "--no-cache", "--jobs", "1")  # from the plans, as before: no plan_part
        made.clear()
        assert run(cli, [folder], *cache) == serial
        # the edited plan's with its facts; the rest from the readings the cache keeps, and kept together, so
        # that after the next edit only the edited plan's (and one made with its facts last time) are made again
        assert len(made) == again and edited in made


def _pages_stripped(built):
    for plan in built.plans:
        plan.page = None
    return built


@pytest.mark.parametrize("format", ["md", "html"])
def test_each_plans_page_made_where_it_is_read_is_the_page_the_paper_would_render(plans, tmp_path, format):
    from sendplan.render.pages import pages_for

    pages = pages_for(format, None)
    assert pages is not None
    reading = Reading(Cache(tmp_path / "cache"), jobs=1)
    built = build_report(plans[:2], date(2024, 6, 30), date(2024, 3, 31), reading=reading, pages=pages)
    assert len(built.plans) == 8 and all(plan.page for plan in built.plans)  # every page made with its section
    assert all(plan.groups == [] and plan.kpis == [] for plan in built.plans)  # the page shows them: not sent on
    paper = render(built, format)
    whole = build_report(plans[:2], date(2024, 6, 30), date(2024, 3, 31))  # made here, every page rendered here
    assert all(plan.page is None for plan in whole.plans)
    assert paper == render(whole, format)
    if format == "html":  # a page is escaped once, where it is rendered: never again here
        assert "&amp;lt;" not in paper and "&lt;section" not in paper


def test_a_page_that_needs_more_than_the_plan_and_the_dates_is_left_to_the_paper(plans, tmp_path, monkeypatch):
    import sendplan.render.pages
    from sendplan.render.report import environment

    asks_more = environment("md").from_string("{{ report.plans|length }}")  # not known where a plan is read
    monkeypatch.setattr(sendplan.render.pages, "_page", lambda format: asks_more)
    pages = sendplan.render.pages.pages_for("md", None)
    built = build_report([plans[1]], date(2024, 6, 30), reading=Reading(None, jobs=2), pages=pages)
    assert len(built.plans) == 5 and all(plan.page is None and plan.groups for plan in built.plans)
    assert render(built, "md") == render(build_report([plans[1]], date(2024, 6, 30)), "md")


def test_pages_are_made_only_for_our_own_highlight_paper(tmp_path):
    from sendplan.render.pages import pages_for

    assert pages_for("md", None) is not None and pages_for("html", "highlight") is not None
    assert pages_for("md", "report") is None  # the full report's sections hold the validation problems
    assert pages_for("docx", None) is None  # Word is written from the sections, not by templates
    own = tmp_path / "highlight"  # a folder of the user's own, even one named as ours: its templates decide
    own.mkdir()
    assert pages_for("md", str(own)) is None and pages_for("md", str(ROOT / "templates" / "highlight.md.j2")) is None
    assert pages_for("md", "nonesuch") is None  # said when the paper is rendered, in its turn


@pytest.mark.parametrize("format", ["md", "html"])
def test_one_plans_highlight_paper_after_a_set_of_pages_is_its_whole_paper(cli, plans, tmp_path, format):
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", format, "--jobs", "1"]
    folder = Path(plans[1])
    one = str(folder / "synthetic-0002.yaml")
    for name in ("synthetic-0001.yaml", "synthetic-0003.yaml"):  # the second edit keeps every page in the pack
        edited = folder / name
        edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert run(cli, [str(folder)], *cache)[0] == 0
    serial = run(cli, [one], "--template", "highlight", "--format", format, "--no-cache", "--jobs", "1")
    rows = '<th scope="row">Priority ' if format == "html" else "\n| Priority "  # md: the header's too
    assert serial[0] == 0 and serial[1].count(rows) == (6 if format == "html" else 7)  # the RAG table's rows
    assert run(cli, [one], "--template", "highlight", *cache) == serial  # from the page kept with the set
    assert run(cli, [one], "--template", "highlight", "--format", format, "--no-cache", "--jobs", "2") == serial
