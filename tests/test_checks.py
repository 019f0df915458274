"""Every validate rule with a failing and a passing case, on small inline plans."""

from __future__ import annotations

from datetime import date

import pytest

from sendplan.checks import run_checks
from sendplan.config import Config
from sendplan.load import LoadedPlan, load_text
from sendplan.problems import Problem
from sendplan.rules import RULES
from tests.conftest import MINIMAL


def load(text: str, name: str = "p.yaml") -> LoadedPlan:
    plan, problems = load_text(text, name)
    assert plan is not None, problems
    return plan


def codes(*texts: str, config: Config | None = None) -> list[str]:
    """Rule codes found in the plans, after the default settings (which links each plan kind must have)."""
    plans = [load(text, f"p{i}.yaml") for i, text in enumerate(texts)]
    kinds = {lp.file: lp.plan.plan.kind for lp in plans}
    return sorted(p.code for p in (config or Config()).apply(run_checks(plans), kinds))


def test_minimal_plan_is_clean() -> None:
    assert codes(MINIMAL) == []


SECOND_ACTION = """\
  - id: "1.2"
    priority: "1"
    title: Another
    owners: [M.S]
    due: Dec-23
    addresses: [AFI1]
"""

# rule code, a change to MINIMAL that breaks exactly that rule
BREAKS = [
    ("SP201", lambda t: t + SECOND_ACTION.replace('"1.2"', '"1.1"')),
    ("SP217", lambda t: t + SECOND_ACTION.replace('"1.2"', '"1.3"')),
    ("SP202", lambda t: t.replace("owners: [M.S]", "owners: [M:S]")),
    (
        "SP203",
        lambda t: t.replace(
            "    initials: M.S\n", "    initials: M.S\n  - id: M.Smith\n    name: Mary Smith\n    initials: M.S\n"
        ).replace("owners: [M.S]", "owners: [m.s]"),
    ),
    (
        "SP204",
        lambda t: t.replace(
            "    initials: M.S\n", "    initials: M.S\n  - id: M.Smith\n    name: Mary Smith\n    initials: M.S\n"
        ),
    ),
    ("SP214", lambda t: t.replace("    initials: M.S\n", "    initials: P.H\n")),
    ("SP215", lambda t: t.replace("    owners: [M.S]\n", "")),
    ("SP205", lambda t: t.replace('priority: "1"', 'priority: "9"')),
    ("SP206", lambda t: t.replace("outcomes: [safe]", "outcomes: [unsafe]")),
    ("SP207", lambda t: t.replace("addresses: [AFI1]", "addresses: [AFI1, AF15]")),
    ("SP208", lambda t: t.replace("addresses: [AFI1]", "addresses: [AFI1, nowhere-plan:AFI1]")),
    ("SP209", lambda t: t.replace("status: On track", "status: On trak")),
    ("SP210", lambda t: t.replace("sources: [SEF]", "sources: [SEF, DBV]")),
    (
        "SP211",
        lambda t: t.replace('    priority: "1"\n', "").replace("addresses: [AFI1]", "addresses: []") + SECOND_ACTION,
    ),
    ("SP212", lambda t: t.replace("addresses: [AFI1]", "addresses: []")),
    ("SP213", lambda t: t.replace("outcomes: [safe]", "outcomes: []")),
    ("SP301", lambda t: t.replace("due: Nov-23", 'due: "Phase 1: Oct 2020"')),
    ("SP302", lambda t: t.replace("due: Nov-23", "due: 31/11/2023")),
    ("SP303", lambda t: t.replace("due: Nov-23", "due: 24-Apr")),
    ("SP304", lambda t: t.replace("  years: financial\n", "").replace("due: Nov-23", "due: 2023/24")),
    ("SP305", lambda t: t.replace("due: Nov-23", "due: Nov- 23")),
    ("SP306", lambda t: t.replace("due: Nov-23", "due: TBC")),
    ("SP307", lambda t: t.replace("due: Nov-23", "due: Review November 2023")),
    ("SP310", lambda t: t.replace("due: Nov-23", "due: Jan-23")),
    (
        "SP311",
        lambda t: t.replace(
            "status: On track",
            "status: On track\n    updates:\n      - {date: June 2023, status: On track}\n      - {date: May 2023, status: On track}",
        ),
    ),
    (
        "SP312",
        lambda t: t.replace(
            "status: On track", "status: On track\n    updates:\n      - {date: June 2023, status: Done}"
        ),
    ),
    (
        "SP218",
        lambda t: t.replace("kind: strategic plan", "kind: written statement of action").replace(
            "addresses: [AFI1]",
            'addresses: [AFI1]\n  - id: "1.2"\n    priority: "1"\n    title: t\n    owners: [M.S]\n    due: Ongoing',
        ),
    ),
    ("SP219", lambda t: t.replace("owners: [M.S]", "owners: [Maxine Squire]")),
    ("SP308", lambda t: t.replace("due: Nov-23", "due: 0024-03-31")),
    ("SP313", lambda t: t.replace("  years: financial\n", "  years: financial\n  published: December 2023\n")),
    ("SP314", lambda t: t.replace("    due: Nov-23\n", "")),
    (
        "SP315",
        lambda t: (
            t.replace("    start: Feb-23\n", "")
            + "    steps:\n      - title: one\n        due: Oct-23\n      - title: two\n        due: Sep-23\n"
        ),
    ),
    (
        "SP317",
        lambda t: (
            t.replace("  years: financial\n", "  years: financial\n  period: April 2022 to March 2023\n")
            .replace("start: Feb-23", "start: Apr-22")
            .replace("due: Nov-23", "due: Nov 2042")
        ),
    ),
    (
        "SP220",
        lambda t: t + 'risks:\n  - {id: R1, text: a risk, actions: ["1.2"]}\n',
    ),  # tests/test_checks_board.py has more
]


# Where one mistake necessarily breaks two rules, both are expected.
COMPANIONS = {"SP203": ["SP203", "SP204"], "SP206": ["SP206", "SP213"]}


@pytest.mark.parametrize(("code", "breaking"), BREAKS, ids=[code for code, _ in BREAKS])
def test_each_rule_fails_on_its_case(code: str, breaking) -> None:  # type: ignore[no-untyped-def]
    found = codes(breaking(MINIMAL))
    assert found == COMPANIONS.get(code, [code]), found


def test_every_integrity_rule_has_a_case() -> None:
    tested = {code for code, _ in BREAKS} | {"SP216", "SP316"}  # SP316 needs a date: tested below
    integrity = {code for code in RULES if code[2] in "23"}
    assert integrity <= tested, integrity - tested


def test_duplicate_plan_ids_across_files() -> None:
    assert codes(MINIMAL, MINIMAL).count("SP216") == 1


def test_step_ids_unique_within_action() -> None:
    text = MINIMAL + "    steps:\n      - id: A\n        title: one\n      - id: A\n        title: two\n"
    assert codes(text) == ["SP201"]


def test_qualified_references_resolve_across_plans() -> None:
    other = MINIMAL.replace("id: demo", "id: other").replace("addresses: [AFI1]", "addresses: [AFI1, demo:AFI1]")
    assert codes(MINIMAL, other) == []
    broken = other.replace("demo:AFI1", "demo:AFI9")
    assert codes(MINIMAL, broken) == ["SP207"]


def test_finding_addressed_only_from_another_plan_counts() -> None:
    here = MINIMAL.replace("addresses: [AFI1]", "addresses: []")
    other = MINIMAL.replace("id: demo", "id: other").replace("addresses: [AFI1]", "addresses: [AFI1, demo:AFI1]")
    assert codes(here, other) == []


def test_reference_lists_need_no_actions() -> None:
    text = MINIMAL.replace("kind: strategic plan", "kind: reference list")
    text = text[: text.index("actions:")]
    assert codes(text) == []


def test_hints_suggest_the_likely_fix() -> None:
    plan = load(MINIMAL.replace("addresses: [AFI1]", "addresses: [AF11]").replace("owners: [M.S]", "owners: [M-S]"))
    problems = {p.code: p for p in run_checks([plan])}
    assert "did you mean 'AFI1'" in problems["SP207"].hint
    assert "did you mean 'M.S'" in problems["SP202"].hint


@pytest.mark.parametrize("ref", ["Maxine Squires", "Maxin Squire", "M.Squire", "maxine squier"])
def test_an_owner_written_near_a_name_is_pointed_at_the_owner_not_told_to_add_one(ref: str) -> None:
    plan = load(MINIMAL.replace("owners: [M.S]", f"owners: [{ref}]"))
    (problem,) = run_checks([plan])
    assert problem.code == "SP202"
    assert "did you mean 'M.S' (Maxine Squire)?" in problem.hint and "add the owner" not in problem.hint


def test_an_owner_far_from_every_name_is_told_to_add_one() -> None:
    (problem,) = run_checks([load(MINIMAL.replace("owners: [M.S]", "owners: [Quentin Blake]"))])
    assert problem.code == "SP202" and "did you mean" not in problem.hint and "add the owner" in problem.hint


def test_the_published_name_and_initials_form_is_read_as_the_initials() -> None:
    (problem,) = run_checks([load(MINIMAL.replace("owners: [M.S]", "owners: [Maxine Squire (M.S)]"))])
    assert (problem.code, problem.severity) == ("SP219", "warning") and "'M.S'" in problem.hint


def test_problem_points_at_the_offending_item() -> None:
    text = MINIMAL.replace("owners: [M.S]", "owners: [M.S, nobody]")
    (problem,) = run_checks([load(text)])
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "nobody" in row)
    assert (problem.line, problem.col) == (line, text.splitlines()[line - 1].index("nobody") + 1)


# --- the rules a real plan needs: dates in plan time, missing dates, steps in order, status against the calendar


def steps_plan(*dues: str, published: str = "December 2022") -> str:
    """MINIMAL with the action dated only by steps due on `dues`, in a plan published on `published`."""
    text = MINIMAL.replace("  years: financial\n", f"  years: financial\n  published: {published}\n")
    text = text.replace("    start: Feb-23\n    due: Nov-23\n", "")
    return text + "    steps:\n" + "".join(f"      - title: step {i}\n        due: {d}\n" for i, d in enumerate(dues))


def problems_of(text: str, as_of: date | None = None) -> list[Problem]:
    plan = load(text)
    return Config().apply(run_checks([plan], as_of=as_of), {plan.file: plan.plan.plan.kind})


def test_a_due_date_before_publication_names_the_year_the_steps_around_it_suggest() -> None:
    (problem,) = problems_of(steps_plan("31/01/2023", "31/03/2022", "Ongoing"))
    assert problem.code == "SP313" and problem.severity == "warning"
    assert "before the plan was published (December 2022)" in problem.message
    assert problem.hint.startswith("perhaps 31/03/2023 was meant")
    assert (
        problem.line
        == steps_plan("31/01/2023", "31/03/2022", "Ongoing").splitlines().index("        due: 31/03/2022") + 1
    )


def test_no_year_is_suggested_where_the_moved_date_would_not_fit_between_its_neighbours() -> None:
    found = problems_of(steps_plan("01/09/2022", "28/02/2023"))
    assert [p.code for p in found] == ["SP313"] and "perhaps" not in found[0].hint


def test_a_due_date_before_the_period_starts_is_reported_and_one_inside_is_not() -> None:
    text = MINIMAL.replace("  years: financial\n", "  years: financial\n  period: April 2023 to March 2025\n")
    assert [
        p.code for p in problems_of(text.replace("start: Feb-23", "start: Jan-23").replace("Nov-23", "Mar-23"))
    ] == ["SP313"]
    assert problems_of(text.replace("start: Feb-23", "start: May-23")) == []


def test_dates_on_or_after_publication_are_fine() -> None:
    assert problems_of(steps_plan("04/12/2022", "12/12/2022", "2023")) == []


def test_steps_running_backwards_are_reported_once_at_the_late_one() -> None:
    found = problems_of(steps_plan("31/03/2023", "31/01/2023", "31/05/2023"))
    assert [(p.code, "step 2" in p.message, "step 1 above" in p.message) for p in found] == [("SP315", True, True)]


def test_steps_that_start_together_run_side_by_side_and_may_end_in_any_order() -> None:
    text = steps_plan("March 2023", "January 2023").replace(
        "        due:", "        start: December 2022\n        due:"
    )
    assert problems_of(text) == []


def test_an_empty_due_gets_one_plain_message() -> None:
    for empty in ("due:", "due: ~", 'due: ""'):
        text = MINIMAL.replace("    start: Feb-23\n", "").replace("due: Nov-23", empty)
        plan, problems = load_text(text, "p.yaml")
        assert plan is not None and problems == [], problems
        (problem,) = problems_of(text)
        assert (problem.code, problem.line) == ("SP314", text.splitlines().index(f"    {empty}") + 1)


def test_ongoing_and_tbc_count_as_dates_and_undated_steps_of_a_step_dated_action_are_named() -> None:
    assert problems_of(MINIMAL.replace("due: Nov-23", "due: Ongoing").replace("    start: Feb-23\n", "")) == []
    text = steps_plan("31/01/2023").replace("        due: 31/01/2023\n", "        due: 31/01/2023\n      - title: x\n")
    (problem,) = problems_of(text)
    assert problem.code == "SP314" and "step 2" in problem.message


def test_missing_dates_can_be_switched_off_per_plan_kind() -> None:
    plan = load(MINIMAL.replace("    due: Nov-23\n", ""))
    config = Config(require={"*": ["action-priority-or-finding"]})
    assert [p.code for p in config.apply(run_checks([plan]), {plan.file: plan.plan.plan.kind})] == []


ON_TRACK_LATE = MINIMAL.replace("    start: Feb-23\n", "")


def test_on_track_past_its_deadline_is_reported_only_with_a_date() -> None:
    assert problems_of(ON_TRACK_LATE) == []
    (problem,) = problems_of(ON_TRACK_LATE, as_of=date(2024, 9, 30))
    assert problem.code == "SP316" and "'On track' but was due Nov-23: 305 days overdue" in problem.message
    assert problems_of(ON_TRACK_LATE.replace("status: On track", "status: Done"), as_of=date(2024, 9, 30)) == []
    assert problems_of(ON_TRACK_LATE, as_of=date(2023, 11, 30)) == []


def test_no_update_since_the_latest_passed_review_point_is_reported() -> None:
    text = ON_TRACK_LATE.replace("  years: financial\n", "  years: financial\n  review_points: [May 2023, Aug 2023]\n")
    text = text.replace("due: Nov-23", "due: Nov-24").replace(
        "status: On track", "status: On track\n    updates:\n      - {date: May 2023, status: On track}"
    )
    (problem,) = problems_of(text, as_of=date(2023, 9, 15))
    assert problem.code == "SP316" and "no update since the review point Aug 2023" in problem.message
    assert problems_of(text, as_of=date(2023, 7, 1)) == []


def test_an_owner_named_by_name_is_resolved_with_a_warning_suggesting_the_id() -> None:
    (problem,) = problems_of(MINIMAL.replace("owners: [M.S]", "owners: [maxine  squire]"))
    assert (problem.code, problem.severity) == ("SP219", "warning")
    assert "'M.S'" in problem.hint and "add the owner" not in problem.hint


def test_years_no_plan_can_have_are_errors() -> None:
    for phrase in ("0000-01-01", "0024-03-31", "March 0024"):
        (problem,) = problems_of(MINIMAL.replace("due: Nov-23", f"due: {phrase}"))
        assert (problem.code, problem.severity) == ("SP308", "error")
    assert problems_of(MINIMAL.replace("due: Nov-23", "due: 31/03/24")) == []


@pytest.mark.parametrize(
    ("refs", "message", "hint"),
    [
        ('[":AFI1"]', "reference ':AFI1' has no plan id before the colon", "write 'AFI1' for this plan's"),
        ('[AFI1, "york:"]', "reference 'york:' names no id after the colon", "'york:AFI1'"),
    ],
)
def test_a_reference_with_nothing_on_one_side_of_its_colon_says_so(refs: str, message: str, hint: str) -> None:
    problems = run_checks([load(MINIMAL.replace("addresses: [AFI1]", f"addresses: {refs}"))])
    (problem,) = [p for p in problems if p.code == "SP207"]
    assert problem.message == message and hint in problem.hint
    assert not any("plan ''" in p.message or "put 's" in p.hint for p in problems)


@pytest.mark.parametrize("entry", ['  - id: "1.1"', "  - id: M.S"])
def test_an_empty_id_is_called_empty(entry: str) -> None:
    _, problems = load_text(MINIMAL.replace(entry, "  - id:", 1), "p.yaml")
    (problem,) = problems
    assert problem.code == "SP104" and problem.message.endswith(" 1, id is empty"), problem.message
    assert "''" not in problem.message and " , " not in problem.message


def test_a_name_two_owners_share_is_ambiguous_not_unknown() -> None:
    text = MINIMAL.replace(
        "    initials: M.S\n", "    initials: M.S\n  - id: M.Squire2\n    name: Maxine Squire\n    initials: MSq\n"
    ).replace("owners: [M.S]", "owners: [Maxine Squire]")
    assert [p.code for p in problems_of(text)] == ["SP203"]


def test_steps_without_a_status_of_their_own_do_not_repeat_their_actions_calendar_warning() -> None:
    text = ON_TRACK_LATE + "    steps:\n      - title: a\n      - title: b\n        status: On track\n"
    found = problems_of(text, as_of=date(2024, 9, 30))
    assert [(p.code, p.message.split(" is ")[0]) for p in found] == [
        ("SP316", "action 1.1"),
        ("SP316", "action 1.1 step 2"),
    ]


def test_the_date_phrases_of_earlier_revisions_are_checked_where_they_stand() -> None:
    history = (
        "    revisions:\n"
        "      - {due: Dec-23, reason: staff left, agreed: 31/11/2023}\n"
        "      - {due: Phase 2 of the works, reason: works late}\n"
        "    revised: {due: Feb-24, reason: works later still}\n"
    )
    text = MINIMAL.replace("    status: On track\n", "    status: On track\n" + history)
    found = [(p.code, p.line, p.col) for p in run_checks([load(text)]) if p.code.startswith("SP30")]
    lines = text.splitlines()
    agreed = next(n for n, line in enumerate(lines, 1) if "31/11/2023" in line)
    assert found == [
        ("SP302", agreed, lines[agreed - 1].index("31/11") + 1),  # 31 November does not exist
        ("SP301", agreed + 1, lines[agreed].index("Phase") + 1),  # not a date phrase at all
    ]
    assert codes(text.replace("Phase 2 of the works", "Jan-24").replace("31/11/2023", "30/11/2023")) == []


def test_every_rule_names_a_step_by_its_id_when_it_has_one() -> None:
    steps = (
        "    steps:\n"
        "      - id: A\n        title: a\n        due: Jan-24\n"
        "      - id: B\n        title: b\n        due: Jun-23\n"
        "      - id: C\n        title: c\n        due: Mar-20\n"
        "      - title: d\n        due: Feb-20\n"
    )
    text = MINIMAL.replace("    due: Nov-23\n", "").replace("    start: Feb-23\n", "") + steps
    text = text.replace("  years: financial\n", "  years: financial\n  published: Jan-23\n")
    messages = {p.code: p.message for p in run_checks([load(text)]) if p.code in ("SP313", "SP315")}
    assert "action 1.1 step B is due Jun-23, before step A above it" in messages["SP315"]
    assert "step 4" in messages["SP313"] or "step C" in messages["SP313"]
    assert "step 1" not in " ".join(messages.values()) and "step 2" not in " ".join(messages.values())


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('id: "1.1"', "id: \u201c1.1\u201d", "SP104"),
        ("owners: [M.S]", "owners: [\u201cM.S\u201d]", "SP202"),
        ("addresses: [AFI1]", "addresses: [\u2018AFI1\u2019]", "SP207"),
    ],
)
def test_curly_quoted_ids_and_owners_get_the_curly_quotes_hint(old: str, new: str, code: str) -> None:
    plan, problems = load_text(MINIMAL.replace(old, new), "p.yaml", partial=True)
    found = problems + (run_checks([plan]) if plan else [])
    (problem,) = [p for p in found if p.code == code]
    assert "curly quotes" in problem.hint and "straight quotes" in problem.hint


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("title: Do the thing", 'title: ""', "SP104"),  # empty text: nothing is wrapped in curly quotes
        ("owners: [M.S]", "owners: [\u201c]", "SP202"),  # one curly quote alone wraps nothing
    ],
)
def test_values_not_wrapped_in_curly_quotes_get_no_curly_quotes_hint(old: str, new: str, code: str) -> None:
    assert old in MINIMAL
    plan, problems = load_text(MINIMAL.replace(old, new), "p.yaml", partial=True)
    found = problems + (run_checks([plan]) if plan else [])
    (problem,) = [p for p in found if p.code == code]
    assert "curly" not in problem.hint and problem.hint


def test_a_due_date_years_after_the_plan_period_is_a_warning() -> None:
    text = MINIMAL.replace("  years: financial\n", "  years: financial\n  period: April 2024 to March 2027\n")
    text = text.replace("start: Feb-23", "start: Feb-25")
    (problem,) = run_checks([load(text.replace("due: Nov-23", "due: Nov 2042"))])
    assert (problem.code, problem.severity) == ("SP317", "warning") and "Nov 2042" in problem.message
    assert problem.line == next(n for n, row in enumerate(text.splitlines(), 1) if "due: Nov-23" in row)
    assert run_checks([load(text.replace("due: Nov-23", "due: Sep 2027"))]) == []  # months past the period: fine


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        ("title: Do the thing", 'title: ""', "action 1.1, title is empty", "write the text"),
        ("    title: Voice", '    title: ""', "priority 1, title is empty", "write the text"),  # not "prioritie"
        ("  title: Demo plan", '  title: ""', "plan, title is empty", "write the text"),
        ("  area: Demo", '  area: Demo\n  note: ""', "plan, note is empty", "write the text, or delete the key"),
    ],
)
def test_an_empty_text_says_to_delete_the_key_only_where_it_may_go(old: str, new: str, message: str, hint: str):
    """Deleting a key that must be there only gives another error ("has no 'title'"): not offered for those."""
    assert old in MINIMAL
    _, problems = load_text(MINIMAL.replace(old, new, 1), "p.yaml", partial=True)
    (problem,) = [p for p in problems if p.code == "SP104"]
    assert (problem.message, problem.hint) == (message, hint)


def test_a_list_under_the_singular_of_a_list_key_is_asked_about_the_plural() -> None:
    """`outcome: [safe]` (a key of its own, taking text) beside `outcomes:`, the list the officer meant."""
    _, problems = load_text(MINIMAL.replace("    outcomes: [safe]", "    outcome: [safe]"), "p.yaml", partial=True)
    (problem,) = [p for p in problems if p.code == "SP103"]
    assert problem.message == "action 1.1, outcome should be text, not a list"
    assert problem.hint.startswith("did you mean 'outcomes:' (a list)? 'outcome:' is text: write the text")
    both = MINIMAL.replace("    outcomes: [safe]", "    outcomes: [safe]\n    outcome: [safe]")
    _, problems = load_text(both, "p.yaml", partial=True)
    (problem,) = [p for p in problems if p.code == "SP103"]
    assert "did you mean" not in problem.hint  # outcomes is there already: the text key is meant


@pytest.mark.parametrize(
    ("pasted", "named"),
    [("On\u00a0track", "a non-breaking space (U+00A0)"), ("On track\u200b", "a zero-width space (U+200B)")],
)
def test_a_status_word_with_an_invisible_character_names_it_rather_than_suggesting_itself(
    cli, write_plan, pasted: str, named: str
) -> None:
    """'On track' with a non-breaking space prints as 'On track': "did you mean 'On track'?" would not help."""
    plan = write_plan(MINIMAL.replace("    status: On track\n", f"    status: {pasted}\n", 1))
    result = cli("validate", str(plan), "--no-cache")
    assert result.exit_code == 1
    assert f"hint: it holds {named}, pasted from Word or a web page: retype it as 'On track'" in result.stdout
    assert "did you mean" not in result.stdout


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("\u201cNov-23", "the text starts with a curly quote (\u201c), as Word types it: delete it"),
        ("Nov-23\u201d", "the text ends with a curly quote (\u201d), as Word types it: delete it"),
        ("\u201cNov-23\u201d", "retype the curly quotes"),
    ],
)
def test_a_curly_quote_at_one_end_of_a_value_is_named_too(cli, write_plan, written: str, said: str) -> None:
    plan = write_plan(MINIMAL.replace("due: Nov-23", f"due: {written}", 1))
    result = cli("validate", str(plan), "--no-cache")
    assert result.exit_code == 1
    assert f"hint: {said}" in result.stdout, result.stdout


def test_an_apostrophe_at_the_end_of_a_text_is_not_taken_for_a_quote(cli, write_plan) -> None:
    plan = write_plan(MINIMAL.replace("    status: On track\n", "    status: On track\u2019\n", 1))
    result = cli("validate", str(plan), "--no-cache")
    assert "SP209" in result.stdout and "curly" not in result.stdout


def test_an_owner_opened_with_a_curly_quote_and_never_closed_is_told_to_delete_it() -> None:
    plan, problems = load_text(MINIMAL.replace("owners: [M.S]", "owners: [\u201cM.S]"), "p.yaml", partial=True)
    found = problems + (run_checks([plan]) if plan else [])
    (problem,) = [p for p in found if p.code == "SP202"]
    assert problem.hint.startswith("the text starts with a curly quote (\u201c), as Word types it: delete it")
