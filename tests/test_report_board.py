"""What the board reads first: RAG by priority, status against the calendar, position sentences, asks, risks."""

from __future__ import annotations

from datetime import date

import pytest

from sendplan.report import build_report
from sendplan.report_board import rag
from sendplan.report_status import Item
from tests.conftest import MINIMAL, ROOT
from tests.test_report import AS_OF, SINCE, check_markdown, check_structure, run_report


def item(state: str, days_late: int | None = None, status: str = "") -> Item:
    return Item("1", "t", False, [], False, "", None, None, days_late, status or state, state, False, "", "")


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (["on track"] * 3 + [("on track", 5)], "red"),  # 1 of 4 open overdue: a quarter is red
        (["on track"] * 4 + [("on track", 5)], "amber"),  # 1 of 5: under a quarter is amber
        (["on track", "at risk"], "amber"),
        (["on track", "not started"], "green"),
        (["complete", "embedded"], "complete"),
        (["complete", "off track"], "red"),  # closed items are not counted among the open
        (["not recorded", "not recorded"], "not known"),
        (["not recorded", ("not recorded", 1)], "red"),
    ],
)
def test_rag_follows_its_stated_rule_at_each_boundary(states: list, expected: str) -> None:  # type: ignore[type-arg]
    items = [item(*s) if isinstance(s, tuple) else item(s) for s in states]
    assert rag(items) == expected


def test_status_contradicting_the_calendar_is_flagged_in_words(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans/hull-2024-27.yaml"], date(2024, 6, 30))
    (plan,) = report.plans
    flagged = {f.item.id: f.item.contradiction for f in plan.exceptions if f.item.contradiction}
    # The plan's own word is quoted, whatever it maps to, unless it says off track: "On track some concerns" maps
    # to at risk, and is as contradicted by 427 days overdue as "On track no concerns" is by 304.
    assert flagged["3.14"] == "reported 'On track no concerns', 304 days overdue"
    some_concerns = [f.item for f in plan.exceptions if f.item.status == "On track some concerns" and f.item.days_late]
    assert some_concerns and all(
        i.contradiction.startswith("reported 'On track some concerns', ") for i in some_concerns
    )
    assert "reported 'On track some concerns', 427 days overdue" in flagged.values()
    late = [f.item for f in plan.exceptions if f.item.days_late]
    assert all(bool(i.contradiction) == (i.state in ("on track", "at risk", "not started")) for i in late)
    assert plan.contradictions == len(flagged) == 22
    html = run_report(cli, "plans", "--format", "html", "--as-of", AS_OF)
    assert "Reported &#39;On track no concerns&#39;, 304 days overdue" in html


def test_an_overdue_item_reported_off_track_or_with_no_status_is_not_a_contradiction() -> None:
    from sendplan.report_board import contradiction

    assert contradiction(item("off track", 30, "Red")) == ""
    assert contradiction(item("not recorded", 30)) == ""
    assert contradiction(item("on track", None, "Green")) == ""
    assert contradiction(item("not started", 1, "Not due yet")) == "reported 'Not due yet', 1 day overdue"
    assert contradiction(item("at risk", 5, "Amber")) == "reported 'Amber', 5 days overdue"


def test_the_portfolio_direction_of_travel_counts_are_the_sum_of_the_plans(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30), date(2024, 3, 31))
    assert report.travel is not None
    for direction, n in report.travel.counts:
        assert n == sum(plan.travel.of(direction) for plan in report.plans), direction
    assert sum(n for _, n in report.travel.counts) == report.items == 101  # items, never "(by its steps)" rows
    assert f"{report.travel.of('unchanged')} unchanged" in report.position[1]


def test_coverage_and_rag_columns_add_up_to_the_action_count(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30))
    for plan in report.plans:
        for table in plan.findings + plan.outcomes:
            for r in table.rows:
                assert r.complete + r.on_track + r.at_risk + r.off_track + r.not_started == r.actions, r.id
                assert r.overdue <= r.actions
        for p in plan.priorities:
            assert p.complete + p.on_track + p.at_risk + p.off_track + p.not_started == p.items, p.id
        assert sum(p.items for p in plan.priorities) == plan.summary.items


def test_the_position_is_two_or_three_sentences_with_counts_moves_and_lateness(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    report = build_report(["plans"], date(2024, 6, 30), date(2024, 3, 31))
    hull = report.plans[0]
    assert hull.position == [
        "The plan has 63 actions and steps as of 30 June 2024: 4 complete, 32 on track, "
        "13 at risk, 0 off track and 14 not started or with no status recorded.",
        "Since 31 March 2024, 0 moved better and 7 worse; 56 unchanged.",
        "22 are overdue, the longest by 427 days; 22 of them are still reported as on track, at risk or not started.",
    ]
    assert [p.rag for p in report.plans] == ["red", "red", "red"]  # every plan has a quarter or more overdue
    assert 2 <= len(report.position) <= 3
    # Counts that overlap say so: the overdue are counted whatever their status, the at risk beside them are not late.
    assert report.position[0] == (
        "3 plans hold 101 actions and steps as of 30 June 2024: 4 complete and 47 overdue (whatever their status); "
        "a further 7 are at risk or off track but not overdue."
    )
    flagged = [f.item for f in report.exceptions]
    assert sum(1 for i in flagged if i.days_late) == 47
    assert report.position[2].startswith("Of the 47 overdue, ")


def test_asks_and_risks_reach_the_paper(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    text = (
        MINIMAL.replace(
            "    status: On track\n", "    status: On track\n    mitigation: Agency staff\n    recovery: Jan-24\n"
        )
        + "asks:\n  - {text: Agree <more> money, kind: decision, meeting: 24 January 2024, actions: ['1.1']}\n"
        + "  - {text: Note the revisit, kind: note, meeting: 20 February 2023}\n"
        + "  - {text: Agree the autumn plan, kind: decision, meeting: 15 October 2024}\n"
        + "  - {text: Support the bid, kind: support, meeting: 10 July 2024}\n"
        + "risks:\n  - {id: R1, text: Staff leave, owner: M.S, rating: high, actions: ['1.1'], inferred: [rating]}\n"
    )
    path = str(write_plan(text))
    (plan,) = build_report([path], date(2024, 6, 30)).plans
    # Coming meetings first, soonest first; then past meetings, latest first, marked as past.
    assert [(a.meeting, a.past) for a in plan.asks] == [
        ("10 July 2024", False),
        ("15 October 2024", False),
        ("24 January 2024", True),
        ("20 February 2023", True),
    ]
    (risk,) = plan.risks
    assert (risk.owner, risk.rating, risk.positions) == ("Maxine Squire (M.S)", "high", ["overdue"])
    (flagged,) = plan.exceptions
    assert (flagged.item.mitigation, flagged.item.recovery) == ("Agency staff", "Jan-24")
    for template in ("highlight", "report"):
        html = run_report(cli, path, "--format", "html", "--as-of", AS_OF, "--since", SINCE, "--template", template)
        check_structure(html)
        assert "Agree &lt;more&gt; money" in html and "Agency staff" in html and "Jan-24" in html
        md = run_report(cli, path, "--format", "md", "--as-of", AS_OF, "--since", SINCE, "--template", template)
        check_markdown(md)
        assert "| 24 January 2024 (past) | Not stated | Decide | Agree &lt;more&gt; money (actions 1.1) |" in md
        assert "| 15 October 2024 | Not stated | Decide | Agree the autumn plan |" in md
        assert md.index("10 July 2024 |") < md.index("15 October 2024 |") < md.index("24 January 2024 (past)")
        assert '24 January 2024 <span class="sp-secondary">(past)</span>' in html
        assert "→ unchanged" in md  # an arrow always with its word (overdue on both dates)


def test_a_folder_defaults_to_the_highlight_paper_and_one_plan_to_the_full_report(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    folder = run_report(cli, "plans", "--format", "md", "--as-of", AS_OF)
    assert folder.startswith("# SEND improvement plans: highlight report, 30 June 2024")
    assert "Direction of travel is not shown: no plan has an earlier review point" not in folder  # the WSOA has some
    one = run_report(cli, "plans/hull-2024-27.yaml", "--format", "md", "--as-of", AS_OF)
    assert "progress report" in one.splitlines()[0] and "## Actions by priority" in one
    full = run_report(cli, "plans", "--format", "md", "--as-of", AS_OF, "--template", "report")
    assert "### Actions by priority" in full and "## Exceptions across all plans" in full


def test_with_nothing_to_compare_with_the_paper_says_so_in_a_sentence(cli) -> None:  # type: ignore[no-untyped-def]
    """No earlier review point: "no direction of travel: ...", not "direction of travel no earlier review point";
    and the items not known are not all put down to a missing status."""
    text = run_report(cli, "plans", "--format", "md", "--as-of", AS_OF)
    html = run_report(cli, "plans", "--format", "html", "--as-of", AS_OF)
    assert "direction of travel no " not in text and "direction of travel no " not in html
    assert "Counting actions and steps; no direction of travel: no earlier review point" in text
    assert "counting actions and steps, no direction of travel: no earlier review point" in html
    assert "not known (no status recorded)" not in text
