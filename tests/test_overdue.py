"""overdue and upcoming: the date rules at their boundaries, filters, formats, and golden lists of the real plans."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date

import pytest

from sendplan.load import LoadedPlan, load_plans, load_text
from sendplan.overdue import Filters, overdue, shorten, upcoming
from sendplan.problems import SendplanError
from sendplan.render import listing as render
from tests.conftest import MINIMAL, ROOT

D = date


def plan_with(**replacements: str) -> LoadedPlan:
    text = MINIMAL
    for old, new in replacements.items():
        text = text.replace(old, new)
    loaded, problems = load_text(text, "p.yaml")
    assert loaded is not None, problems
    return loaded


def late_ids(lp: LoadedPlan, as_of: date, **filters: str) -> list[str]:
    return [row.id for row in overdue([lp], as_of, Filters(**filters)).rows]


# due phrase, plan years, the deadline: that day is not overdue, the next day is
BOUNDARIES = [
    ("31/03/2024", None, D(2024, 3, 31)),
    ("Nov-23", None, D(2023, 11, 30)),
    ("February 2024", None, D(2024, 2, 29)),
    ("September - December 2023", None, D(2023, 12, 31)),
    ("September 2023 to March 2025", None, D(2025, 3, 31)),
    ("financial year 2023/24", None, D(2024, 3, 31)),
    ("2023/24", "financial", D(2024, 3, 31)),
    ("academic year 2023-24", None, D(2024, 8, 31)),
    ("2023", None, D(2023, 12, 31)),
    ("autumn term 2023", None, D(2023, 12, 31)),
    ("Q1 2024/25", None, D(2024, 6, 30)),
    ("Review August 2024", None, D(2024, 8, 31)),
]


@pytest.mark.parametrize(("due", "years", "deadline"), BOUNDARIES)
def test_deadline_day_is_not_overdue_the_next_day_is(due: str, years: str | None, deadline: date) -> None:
    lp = plan_with(
        **{
            "due: Nov-23": f"due: {due}",
            "start: Feb-23": "start: Jan-23",
            "  years: financial\n": f"  years: {years}\n" if years else "",
        }
    )
    assert late_ids(lp, deadline) == []
    assert late_ids(lp, D.fromordinal(deadline.toordinal() + 1)) == ["1.1"]
    (row,) = overdue([lp], D.fromordinal(deadline.toordinal() + 10), Filters()).rows
    assert (row.deadline, row.days) == (deadline, 10)


@pytest.mark.parametrize("due", ["Ongoing", "On-going", "TBC", "Ongoing 2023-2025"])
def test_ongoing_and_tbc_are_never_overdue_but_counted(due: str) -> None:
    lp = plan_with(**{"due: Nov-23": f"due: {due}"})
    listing = overdue([lp], D(2030, 1, 1), Filters())
    assert listing.rows == [] and [r.id for r in listing.undated] == ["1.1"]
    assert "1 undated" in listing.summary


def test_recurring_is_due_at_each_occurrence_until_updated() -> None:
    lp = plan_with(**{"due: Nov-23": "due: Annually", "start: Feb-23": "start: April 2023"})
    assert late_ids(lp, D(2024, 3, 31)) == []  # first occurrence: 31 March 2024, its own day
    (row,) = overdue([lp], D(2024, 4, 10), Filters()).rows
    assert (row.deadline, row.days) == (D(2024, 3, 31), 10)
    updated = plan_with(
        **{
            "due: Nov-23": "due: Annually",
            "start: Feb-23": "start: April 2023",
            "status: On track": "status: On track\n    updates:\n      - date: 31/03/2024\n        status: On track",
        }
    )
    assert late_ids(updated, D(2024, 4, 10)) == []  # an update on the occurrence meets it
    assert late_ids(updated, D(2025, 4, 1)) == ["1.1"]  # the next year's occurrence passes without one


def test_recurring_without_a_start_counts_from_the_plan_period() -> None:
    lp = plan_with(
        **{
            "due: Nov-23": "due: Quarterly",
            "    start: Feb-23\n": "",
            "  years: financial\n": "  years: financial\n  period: April 2023 to March 2025\n",
        }
    )
    (row,) = overdue([lp], D(2023, 7, 5), Filters()).rows
    assert row.deadline == D(2023, 6, 30)


def test_complete_at_a_review_point_closes_from_that_date() -> None:
    lp = plan_with(**{"status: On track": "updates:\n      - date: May 2024\n        status: Done"})
    assert late_ids(lp, D(2024, 5, 30)) == ["1.1"]  # May 2024 counts from 31 May
    assert late_ids(lp, D(2024, 5, 31)) == []


def test_revised_due_replaces_the_original_for_lateness_and_both_show() -> None:
    lp = plan_with(
        **{
            "due: Nov-23": "due: Nov-23\n    revised:\n      due: Mar-24\n      reason: Delayed by recruitment\n      agreed: 15/11/2023"
        }
    )
    assert late_ids(lp, D(2024, 3, 31)) == []
    (row,) = overdue([lp], D(2024, 4, 1), Filters()).rows
    assert (row.due, row.revised, row.deadline) == ("Nov-23", "Mar-24", D(2024, 3, 31))
    assert "Mar-24 (was Nov-23)" in render.as_plain(overdue([lp], D(2024, 4, 1), Filters()))


def test_no_status_is_open_and_shown_as_not_recorded() -> None:
    lp = plan_with(**{"    status: On track\n": ""})
    (row,) = overdue([lp], D(2024, 1, 1), Filters()).rows
    assert (row.status, row.state) == ("not recorded", "not recorded")


def test_complete_status_is_never_overdue() -> None:
    assert late_ids(plan_with(**{"status: On track": "status: Done"}), D(2030, 1, 1)) == []


def test_steps_are_listed_with_their_action_id() -> None:
    lp = plan_with(
        **{
            "    due: Nov-23\n": "    steps:\n      - id: A\n        title: First\n        due: Sep-23\n      - id: B\n        title: Second\n        due: Dec-23\n"
        }
    )
    assert late_ids(lp, D(2023, 10, 15)) == ["1.1 A"]
    assert late_ids(lp, D(2024, 1, 15)) == ["1.1 A", "1.1 B"]  # most overdue first


def test_ambiguous_owner_shows_both_names() -> None:
    lp = plan_with(
        **{
            "    initials: M.S\n": "    initials: M.S\n  - id: M.Smith\n    name: Mary Smith\n    initials: M.S\n",
            "owners: [M.S]": "owners: [m.s]",
        }
    )
    (row,) = overdue([lp], D(2024, 1, 1), Filters()).rows
    assert row.ambiguous_owner and row.owners == ["m.s? (Maxine Squire or Mary Smith)"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"owner": "M.S"}, ["1.1"]),
        ({"owner": "ms"}, ["1.1"]),
        ({"owner": "squire"}, ["1.1"]),
        ({"owner": "Nobody"}, None),
        ({"priority": "1"}, ["1.1"]),
        ({"priority": "voice"}, ["1.1"]),
        ({"priority": "2"}, None),
        ({"finding": "AFI1"}, ["1.1"]),
        ({"finding": "afi2"}, None),
        ({"outcome": "safe"}, ["1.1"]),
        ({"outcome": "I am safe"}, ["1.1"]),
        ({"outcome": "healthy"}, None),
        ({"plan": "demo"}, ["1.1"]),
        ({"plan": "other"}, None),
        ({"status": "on track"}, ["1.1"]),
        ({"status": "On track"}, ["1.1"]),
        ({"status": "at risk"}, []),
    ],
)
def test_filters(filters: dict[str, str], expected: list[str] | None) -> None:
    """None: the filter names nothing in the plan, which is an error rather than an empty answer."""
    if expected is None:
        with pytest.raises(SendplanError, match="names nothing"):
            late_ids(plan_with(), D(2024, 1, 1), **filters)
    else:
        assert late_ids(plan_with(), D(2024, 1, 1), **filters) == expected


def test_upcoming_window() -> None:
    lp = plan_with()
    assert [r.id for r in upcoming([lp], D(2023, 11, 1), D(2023, 11, 30), Filters()).rows] == ["1.1"]
    assert upcoming([lp], D(2023, 10, 1), D(2023, 10, 31), Filters()).rows == []
    assert upcoming([lp], D(2023, 12, 1), D(2023, 12, 31), Filters()).rows == []  # overdue is not upcoming


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("short") == "short"
    cut = shorten("word " * 30, 20)
    assert cut.endswith("…") and len(cut) <= 20 and not cut[:-1].endswith(" ")


def test_formats_parse() -> None:
    listing = overdue([plan_with()], D(2024, 1, 1), Filters())
    document = json.loads(render.as_json(listing))
    assert document["version"] == 1 and document["kind"] == "overdue" and document["as_of"] == "2024-01-01"
    (item,) = document["items"]
    assert item["id"] == "1.1" and item["days_overdue"] == 32 and item["deadline"] == "2023-11-30"
    rows = list(csv.DictReader(io.StringIO(render.as_csv(listing))))
    assert rows[0]["id"] == "1.1" and rows[0]["owners"] == "Maxine Squire (M.S)"
    markdown = render.as_markdown(listing).splitlines()
    assert markdown[2].startswith("| Plan | Id |") and markdown[3].startswith("|---|")
    assert "\033[" in render.as_rich(listing)
    assert "32 days late" in render.as_plain(listing)


def test_markdown_keeps_the_full_title_as_json_and_csv_do() -> None:
    title = "Communicate the agreed timescales for every assessment to each family and school in the area"
    listing = overdue([plan_with(**{"title: Do the thing": f"title: {title}"})], D(2024, 1, 1), Filters())
    assert f"| {title} |" in render.as_markdown(listing) and "…" not in render.as_markdown(listing)
    assert "…" in render.as_plain(listing)  # a terminal still gets the title shortened to fit


def test_markdown_cells_escape_pipes_and_html() -> None:
    assert render.md_cell("a | b\nc <script>") == "a \\| b c &lt;script&gt;"


# Golden lists of the shipped plans. Rows checked by hand against the seed tables:
# - york-2023-25 at 2023-10-01: 3.2 (August 2023), 2.5 and 3.1 (September 2023) overdue, nothing else; four
#   Ongoing/On-going actions undated (1.5, 2.1, 3.4, 4.2); 4.1 Annually first falls due 31 March 2024.
# - hull-2024-27 at 2023-10-01: 5.4 (Apr-23, 'On track some concerns'), 3.14 and 3.15 (Aug-23) and 1.3 (Sep-23)
#   are late; 4.9 (Score card, Sep-23) is 'Completed Embedded Sustained', so it is not listed.
# - hull-2024-27 at 2024-06-30: 3.12/3.13 are due Apr-24 as resolved from '24-Apr'; 3.7 (Apr-24) is complete.
# - york-wsoa-2020 at 2026-11-22: every dated step and action is late (no status recorded); 1.3 and 2.1 are
#   listed by their steps A-C, each with its own end date.
GOLDEN_DATES = ["2023-10-01", "2024-06-30", "2026-11-22"]
GOLDEN_PLANS = ["york-2023-25", "hull-2024-27", "york-wsoa-2020"]


@pytest.mark.parametrize("plan", GOLDEN_PLANS)
@pytest.mark.parametrize("as_of", GOLDEN_DATES)
def test_golden_overdue(cli, golden, plan: str, as_of: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")  # what a pipe gets with no terminal and no COLUMNS
    result = cli("overdue", f"plans/{plan}.yaml", "--as-of", as_of, "--include-undated")
    assert result.exit_code == 0
    golden(f"overdue/{plan}-{as_of}.txt", result.stdout)


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_golden_overdue_fits_the_terminal(cli, golden, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Every plan at once, at a narrow, a common and a wide terminal: no line wider than COLUMNS."""
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli("overdue", "plans", "--as-of", "2024-06-30", "--include-undated")
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= columns
    golden(f"overdue/all-2024-06-30-{columns}-columns.txt", result.stdout)


def test_plain_text_never_takes_the_width_of_the_longest_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    from sendplan.commands.common import terminal_width

    owners = [f"Owner number {n} with a long role title" for n in range(12)]
    row = overdue([plan_with()], D(2024, 1, 1), Filters()).rows[0]
    wide = dataclasses.replace(row, owners=owners, title="word " * 60, due="September 2023 to March 2025 " * 3)
    listing = overdue([plan_with()], D(2024, 1, 1), Filters())
    listing.rows = [wide, row]
    for width in (60, 80, 100, 120, 160):
        text = render.as_plain(listing, width=width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "Owner number 1 " not in text and "+11" in text  # the first owner and how many more
        assert "Owner number 0 with a long role title +11" in text or width >= 160  # one line when records
        assert text.count("2025") == 3 and text.count("word") == 60  # wrapped, never cut
        assert "32 days late" in text and "On track" in text and "Nov-23" in text
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("sys.__stdout__", io.StringIO())  # piped, and no terminal on stderr either
    monkeypatch.setattr("sys.__stderr__", io.StringIO())
    assert terminal_width() == 100
    monkeypatch.setenv("COLUMNS", "72")
    assert terminal_width() == 72


def test_short_owners() -> None:
    from sendplan.render.listing_text import short_owners

    assert short_owners(["A", "B", "C"], False) == "A +2"
    assert short_owners(["A"], True) == "A [owner unclear]"
    assert short_owners([], False) == "-"


def test_fail_if_any(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL)
    assert cli("overdue", str(path), "--as-of", "2023-11-30", "--fail-if-any").exit_code == 0
    assert cli("overdue", str(path), "--as-of", "2023-12-01", "--fail-if-any").exit_code == 1


def test_as_of_accepts_plan_phrases(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL)
    result = cli("overdue", str(path), "--as-of", "December 2023", "--format", "json")
    assert json.loads(result.stdout)["as_of"] == "2023-12-31"
    bad = cli("overdue", str(path), "--as-of", "soonish")
    assert bad.exit_code == 2 and "--as-of 'soonish'" in bad.stderr


def test_overdue_refuses_plans_with_errors(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("title: Do the thing", "titel: Do the thing"))
    result = cli("overdue", str(path), "--as-of", "2024-01-01")
    assert result.exit_code == 2
    assert "SP101 unknown key 'titel'" in result.stderr and "run `sendplan validate`" in result.stderr


def test_upcoming_cli(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL)
    result = cli("upcoming", str(path), "--as-of", "2023-11-01", "--within", "5w", "--format", "csv")
    assert result.exit_code == 0 and "1.1" in result.stdout
    assert cli("upcoming", str(path), "--within", "soon").exit_code == 2


@pytest.mark.parametrize(
    "option", [["--plan", "nope"], ["--owner", "nobody"], ["--status", "bogus"], ["--priority", "zzz"]]
)
def test_a_filter_naming_nothing_is_an_error_not_an_all_clear(cli, write_plan, option: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL)
    result = cli("overdue", str(path), *option, "--fail-if-any")
    assert result.exit_code == 2 and "names nothing in these plans" in result.stderr


def test_a_long_list_of_names_says_how_many_more_there_are(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = cli("overdue", "plans", "--as-of", "2024-06-30", "--owner", "zz-qq-xx", "--no-cache")
    assert result.exit_code == 2
    listed = result.stderr.split("owners are: ", 1)[1].strip()
    shown, more = listed.rsplit(" and ", 1)
    total = len([o.id for lp in load_plans(["plans"]) for o in lp.plan.owners])
    assert len(shown.split(", ")) == 12 and more == f"{total - 12} more"


def test_a_qualified_finding_matches_its_own_plans_actions_too(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = cli("overdue", "plans", "--finding", "york-wsoa-2020:AFI1", "--as-of", "2024-06-30", "--format", "json")
    items = {(i["plan"], i["id"]) for i in json.loads(result.stdout)["items"]}
    assert ("york-wsoa-2020", "1.1") in items and ("york-2023-25", "3.1") in items
    assert not any(plan == "hull-2024-27" for plan, _ in items)


def test_an_unreadable_due_date_is_listed_not_hidden(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: 31/11/2023"))
    result = cli("overdue", str(path), "--as-of", "2023-10-01", "--fail-if-any")
    assert result.exit_code == 1
    assert "date unreadable" in result.stdout and "1 with a due date that cannot be read" in result.stdout
    assert "1.1 has a due date that cannot be read: '31/11/2023'" in result.stderr
    # where validate puts its SP302: the due date's own line and column, not the action's
    checked = cli("validate", str(path), "--no-cache")
    place = next(line.split(": ")[0] for line in checked.stdout.splitlines() if "SP302" in line)
    assert result.stderr.startswith(f"{place}: 1.1 has a due date")
    for again in ("--no-cache", ""):  # from the cache too
        warm = cli("overdue", str(path), "--as-of", "2023-10-01", *([again] if again else []))
        assert warm.stderr.startswith(f"{place}: 1.1 has a due date"), warm.stderr


def test_within_months_are_calendar_months(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("due: Nov-23", "due: Mar-24"))
    result = cli("upcoming", str(path), "--as-of", "2023-12-31", "--within", "3m", "--format", "json")
    assert json.loads(result.stdout)["until"] == "2024-03-31"
    assert [i["id"] for i in json.loads(result.stdout)["items"]] == ["1.1"]
    assert cli("upcoming", str(path), "--within", "3m", "--until", "2024-01-01").exit_code == 2


def test_the_same_file_named_twice_is_read_once(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    once = json.loads(cli("overdue", "plans", "--as-of", "2024-06-30", "--format", "json").stdout)["summary"]
    twice = json.loads(
        cli("overdue", "plans", "./plans/hull-2024-27.yaml", "--as-of", "2024-06-30", "--format", "json").stdout
    )["summary"]
    assert once == twice


def test_summary_counts_only_the_plan_asked_for(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = cli("overdue", "plans", "--plan", "york-2023-25", "--as-of", "2024-06-30")
    assert "in 1 plan;" in " ".join(result.stdout.split("\n\n")[-1].split())


@pytest.mark.parametrize(
    "args", [["--as-of", "9999-12-31"], ["--as-of", "9999-12-01", "--within", "2m"], ["--within", "999999999999d"]]
)
def test_dates_out_of_range_are_plain_errors(cli, write_plan, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli("upcoming", str(write_plan(MINIMAL)), *args)
    assert result.exit_code == 2 and "internal error" not in result.stderr


def test_csv_cells_that_would_be_formulas_are_text(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(MINIMAL.replace("title: Do the thing", 'title: "=HYPERLINK(\\"http://x\\")"'))
    rows = list(
        csv.DictReader(io.StringIO(cli("overdue", str(path), "--as-of", "2024-01-01", "--format", "csv").stdout))
    )
    assert rows[0]["title"].startswith("'=HYPERLINK")
    assert rows[0]["ambiguous_owner"] == "no" and rows[0]["date_unreadable"] == "no"


def test_a_step_without_a_date_of_its_own_has_its_actions_dates() -> None:
    from sendplan.progress import standings

    text = MINIMAL + "    steps:\n      - title: undated step\n      - title: dated step\n        due: Jan-24\n"
    plan, problems = load_text(text, "p.yaml")
    assert plan is not None, problems
    found = {s.item_id: s for s in standings([plan], date(2023, 12, 15))}
    inherited = found["1.1 step 1"]
    assert (inherited.undated, inherited.due, inherited.deadline) == (False, "Nov-23", date(2023, 11, 30))
    assert inherited.days_late == 15
    assert found["1.1 step 2"].deadline == date(2024, 1, 31) and not found["1.1 step 2"].overdue


def test_a_step_of_an_action_dated_only_by_its_steps_stays_undated_without_a_date() -> None:
    from sendplan.progress import standings

    text = (
        MINIMAL.replace("    due: Nov-23\n", "")
        + "    steps:\n      - title: a\n      - title: b\n        due: Jan-24\n"
    )
    plan, _ = load_text(text, "p.yaml")
    assert plan is not None
    found = {s.item_id: s for s in standings([plan], date(2023, 12, 15))}
    assert found["1.1 step 1"].undated and not found["1.1 step 2"].undated
