"""sendplan diff over a temporary repository with one commit per kind of change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sendplan.changes import direction, word_diff
from tests.conftest import dedent
from tests.test_git import run_git

BASE = dedent(
    """
    plan:
      id: demo
      title: Demo plan
      area: Demo
      kind: strategic plan
      years: financial
    statuses:
      On track: on track
      Off track: off track
      Done: complete
    owners:
      - id: M.S
        name: Maxine Squire
        initials: M.S
      - id: J.B
        name: Jo Bloggs
        initials: J.B
    findings:
      - id: AFI1
        text: Leaders should do better.
    actions:
      - id: "1.1"
        title: Set up the parent carer forum
        owners: [M.S]
        due: Nov-23
        status: On track
        addresses: [AFI1]
        measures:
          - text: Families who say they are heard
            baseline: 10%
            target: 50%
            actual: 12%
      - id: "1.2"
        title: Publish the local offer
        owners: [J.B]
        due: 31/03/2024
        status: On track
        addresses: [AFI1]
    """
)

# Each step: (tag, what to replace in the plan text, with what). One commit per kind of change.
STEPS = [
    (
        "added",
        "",
        '  - id: "1.3"\n    title: Train the SENCOs\n    owners: [J.B]\n    due: Jun-24\n    addresses: [AFI1]\n',
    ),
    ("reworded", "Set up the parent carer forum", "Set up and fund the parent carer forum"),
    ("worse", "due: Nov-23\n    status: On track", "due: Nov-23\n    status: Off track"),
    ("slipped", "due: Nov-23", "due: Feb-24"),
    ("revised", "due: 31/03/2024\n", "due: 31/03/2024\n    revised: {due: June 2024, reason: the provider withdrew}\n"),
    ("owner", "owners: [M.S]", "owners: [J.B]"),
    ("measured", "actual: 12%", "actual: 20%"),
    (
        "removed",
        '  - id: "1.2"\n    title: Publish the local offer\n',
        '  - id: "1.4"\n    title: Publish the local offer\n',
    ),
    ("broken", "addresses: [AFI1]\n    measures", "addresses: [AFI9]\n    measures"),
    ("fixed", "addresses: [AFI9]\n    measures", "addresses: [AFI1]\n    measures"),
]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository, built once: the tests read it and leave the working tree as they found it."""
    root = tmp_path_factory.mktemp("diff") / "repo"
    (root / "plans").mkdir(parents=True)
    run_git(root, "init", "-q", "-b", "main")
    plan = root / "plans" / "demo.yaml"
    plan.write_text(BASE)
    run_git(root, "add", ".")
    run_git(root, "commit", "-q", "-m", "base", when="2024-01-10T10:00:00")
    run_git(root, "tag", "base")
    for day, (tag, old, new) in enumerate(STEPS, start=11):
        text = plan.read_text()
        assert old in text, tag
        plan.write_text(text + new if not old else text.replace(old, new, 1))
        run_git(root, "commit", "-q", "-am", tag, when=f"2024-01-{day}T10:00:00")
        run_git(root, "tag", tag)
    run_git(root, "mv", "plans/demo.yaml", "plans/renamed.yaml")
    run_git(root, "commit", "-q", "-m", "rename", when="2024-02-01T10:00:00")
    run_git(root, "tag", "renamed")
    return root


@pytest.fixture
def repo(history: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(history)
    return history


def diff_json(cli, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = cli("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def one_plan(cli, before: str, after: str) -> dict:  # type: ignore[no-untyped-def]
    document = diff_json(cli, before, after)
    assert [p["plan"] for p in document["plans"]] == ["demo"]
    return document["plans"][0]


def previous(tag: str) -> str:
    tags = ["base", *(t for t, _, _ in STEPS)]
    return tags[tags.index(tag) - 1]


def test_action_added(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, "base", "added")
    assert plan["added"] == [{"id": "1.3", "title": "Train the SENCOs"}]
    assert plan["removed"] == [] and plan["statuses"] == [] and plan["dates"] == []


def test_action_reworded_with_a_word_diff(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("reworded"), "reworded")
    [change] = plan["reworded"]
    assert change["id"] == "1.1" and change["field"] == "title"
    assert change["words"] == [
        {"op": "same", "text": "Set up"},
        {"op": "added", "text": "and fund"},
        {"op": "same", "text": "the parent carer forum"},
    ]


def test_status_change_worse_through_the_plans_vocabulary(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("worse"), "worse")
    assert plan["statuses"] == [
        {
            "id": "1.1",
            "before": "On track",
            "after": "Off track",
            "before_state": "on track",
            "after_state": "off track",
            "direction": "worse",
            "recorded": None,
        }
    ]


def test_due_date_slippage_in_days(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("slipped"), "slipped")
    [change] = plan["dates"]
    assert (change["field"], change["before"], change["after"]) == ("due", "Nov-23", "Feb-24")
    assert (change["before_deadline"], change["after_deadline"], change["days"]) == ("2023-11-30", "2024-02-29", 91)


def test_revised_date_with_its_reason(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("revised"), "revised")
    [change] = plan["dates"]
    assert change["id"] == "1.2" and change["field"] == "revised"
    assert (change["before"], change["after"], change["days"]) == (None, "June 2024", 91)
    assert change["reason"] == "the provider withdrew"


def test_owner_change_by_name(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("owner"), "owner")
    assert plan["owners"] == [{"id": "1.1", "before": ["Maxine Squire (M.S)"], "after": ["Jo Bloggs (J.B)"]}]


def test_measure_actual_moved(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("measured"), "measured")
    assert plan["measures"] == [
        {
            "id": "1.1",
            "measure": "Families who say they are heard",
            "before": "12%",
            "after": "20%",
            "baseline": "10%",
            "target": "50%",
        }
    ]


def test_action_removed(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, previous("removed"), "removed")
    assert plan["removed"] == [{"id": "1.2", "title": "Publish the local offer"}]
    assert plan["added"] == [{"id": "1.4", "title": "Publish the local offer"}]


def test_validation_findings_new_then_resolved(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    broken = one_plan(cli, previous("broken"), "broken")
    assert [(p["code"], p["file"]) for p in broken["new_findings"]] == [("SP207", "plans/demo.yaml")]
    assert broken["resolved_findings"] == []
    fixed = one_plan(cli, "broken", "fixed")
    assert [p["code"] for p in fixed["resolved_findings"]] == ["SP207"] and fixed["new_findings"] == []


def test_a_renamed_plan_is_matched_by_its_plan_id(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, "fixed", "renamed")
    assert (plan["before_file"], plan["after_file"], plan["renamed"]) == ("plans/demo.yaml", "plans/renamed.yaml", True)
    assert plan["added"] == plan["removed"] == [] and plan["state"] == "changed"


def test_whole_history_at_once(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = one_plan(cli, "base", "renamed")
    assert [(d["id"], d["field"], d["days"]) for d in plan["dates"]] == [("1.1", "due", 91)]  # 1.2 became 1.4
    assert [i["id"] for i in plan["added"]] == ["1.4", "1.3"] and [i["id"] for i in plan["removed"]] == ["1.2"]
    assert [s["direction"] for s in plan["statuses"]] == ["worse"]
    found = [p["code"] for p in plan["new_findings"] + plan["resolved_findings"]]
    assert "SP207" not in found  # broken, then fixed: neither new nor resolved


def test_default_is_head_against_the_working_tree(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    clean = cli("diff")
    assert clean.exit_code == 0 and clean.stdout.startswith("No changes in 1 plan between HEAD (")
    plan = repo / "plans" / "renamed.yaml"
    committed = plan.read_text()
    plan.write_text(committed.replace("status: Off track", "status: Done"))
    status_before = run_git(repo, "status", "--porcelain")
    try:
        result = cli("diff", "--no-color")
        exit_code = cli("diff", "--exit-code").exit_code
        status_after = run_git(repo, "status", "--porcelain")
    finally:
        plan.write_text(committed)
    assert "1.1 status: Off track → Done (better: off track → complete)" in result.stdout
    assert (
        result.stdout.endswith(") and the working tree\n") and "\n1 of 1 plan changed between HEAD (" in result.stdout
    )
    assert exit_code == 1
    assert status_after == status_before == " M plans/renamed.yaml\n"  # nothing checked out, nothing touched
    assert run_git(repo, "rev-parse", "HEAD") == run_git(repo, "rev-parse", "renamed")


def test_since_a_date_is_the_last_commit_on_or_before_it(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    document = diff_json(cli, "--since", "2024-01-11", "reworded")
    assert document["before"]["label"].startswith("--since 2024-01-11 (")
    assert document["plans"][0]["added"] == []  # 11 January is the "added" commit itself
    assert document["plans"][0]["reworded"][0]["id"] == "1.1"


def test_one_revision_and_a_path(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    document = diff_json(cli, "base", "plans")
    assert document["before"]["files"] == ["plans/demo.yaml"]
    assert document["after"] == {"label": "working tree", "commit": None, "date": None, "files": ["plans/renamed.yaml"]}
    assert document["before"]["commit"] == run_git(repo, "rev-parse", "base").strip()


def test_markdown_output(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("diff", "slipped", "added", "--format", "markdown")
    assert result.exit_code == 0
    assert "## demo: Demo plan (plans/demo.yaml)" in result.stdout
    assert "- 1.1 title: Set up **and fund** the parent carer forum" not in result.stdout  # reversed: taken out
    assert "- 1.1 title: Set up ~~and fund~~ the parent carer forum" in result.stdout
    assert "- 1.1 due: Feb-24 → Nov-23 (91 days earlier)" in result.stdout
    assert "- 1.1 status: Off track → On track (better: off track → on track)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-tag"], "no-such-tag: names no revision, and no file or folder in HEAD"),
        (["base", "plans/nothing.yaml"], "plans/nothing.yaml: names no revision"),
        (["base", "renamed", "main", "plans"], "names no revision"),
        (["--since", "2023-01-01"], "no commit was made on or before 2023-01-01"),
        (["--since", "soon"], "--since 'soon'"),
    ],
)
def test_clear_errors(repo: Path, cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_outside_a_repository(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path)
    result = cli("diff")
    assert result.exit_code == 2 and "is not inside a git repository" in result.stderr


def test_word_diff_and_direction() -> None:
    assert word_diff("a b c", "a c d") == [("=", "a"), ("-", "b"), ("=", "c"), ("+", "d")]
    assert direction("at risk", "on track") == "better"
    assert direction("complete", "at risk") == "worse"
    assert direction("on track", "on track") == "same state"
    assert direction("not recorded", "on track") == "not comparable"


def test_report_since_a_revision_lists_what_diff_finds(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "report", "plans", "--since", "added", "--as-of", "2024-06-30", "--format", "md", "--template", "report"
    )
    assert result.exit_code == 0, result.output
    since = result.stdout.split("# Since 11 January 2024", 1)[1].split("\n#", 1)[0]
    rows = [line for line in since.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 7, since
    assert any("| Reworded |" in r and "title was: Set up the parent carer forum" in r for r in rows)
    assert any("| Status update |" in r and "On track to Off track (worse)" in r for r in rows)
    assert any("| Due date changed |" in r and "Nov-23 to Feb-24, 91 days later" in r for r in rows)
    assert any("| Owners changed |" in r and "Maxine Squire (M.S) to Jo Bloggs (J.B)" in r for r in rows)
    assert any("| Measure moved |" in r and "actual 12% to 20%" in r for r in rows)
    assert any("| 1.2 |" in r and "| Action removed |" in r for r in rows)
    assert any("| 1.4 |" in r and "| Action added |" in r for r in rows)


def test_report_since_a_date_still_reads_the_dates_in_the_plan(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", "plans", "--since", "2024-01-11", "--as-of", "2024-06-30", "--format", "md")
    assert result.exit_code == 0 and "Nothing was recorded after 11 January 2024" in result.stdout


def test_report_since_neither_a_date_nor_a_revision(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", "plans", "--since", "nonsense", "--as-of", "2024-06-30")
    assert result.exit_code == 2
    assert "--since 'nonsense': neither a date ('nonsense' is not a date sendplan can read; give one" in result.stderr
    assert "nor a git revision: 'nonsense' names no commit in this repository" in result.stderr


@pytest.mark.parametrize("args", [["fixed", "renamed", "plans/demo.yaml"], ["fixed", "plans/renamed.yaml"]])
def test_a_named_file_that_was_renamed_is_followed(repo: Path, cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    [plan] = diff_json(cli, *args)["plans"]
    assert (plan["before_file"], plan["after_file"], plan["state"]) == (
        "plans/demo.yaml",
        "plans/renamed.yaml",
        "changed",
    )
    assert plan["added"] == plan["removed"] == []


def test_a_plan_deleted_is_listed_as_removed(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = repo / "plans" / "renamed.yaml"
    committed = plan.read_text()
    plan.unlink()
    try:
        (repo / "plans" / "other.yaml").write_text(committed.replace("id: demo", "id: other"))
        [gone, came] = sorted(diff_json(cli)["plans"], key=lambda p: p["state"], reverse=True)
    finally:
        plan.write_text(committed)
        (repo / "plans" / "other.yaml").unlink()
    assert (gone["plan"], gone["state"], gone["before_file"], gone["after_file"]) == (
        "demo",
        "removed",
        "plans/renamed.yaml",
        None,
    )
    assert [i["id"] for i in gone["removed"]] == ["1.1", "1.4", "1.3"]
    assert (came["plan"], came["state"], came["after_file"]) == ("other", "added", "plans/other.yaml")


def test_no_control_character_from_a_plan_reaches_the_terminal(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = repo / "plans" / "renamed.yaml"
    committed = plan.read_text()
    plan.write_text(committed.replace("title: Train the SENCOs", 'title: "Train\\e[2J the\\u0007 SENCOs"'))
    try:
        plain, coloured = cli("diff", "--no-color"), cli("diff", "--color")
    finally:
        plan.write_text(committed)
    assert "1.3 title: [-Train the-] {+Train\ufffd[2J the\ufffd+} SENCOs" in plain.stdout
    for output in (plain.stdout, coloured.stdout.replace("\x1b[", "")):
        assert "\x07" not in output and "\x1b" not in output.replace("\x1b[0m", "")


def test_a_folder_emptied_since_lists_its_plans_as_removed(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = repo / "plans" / "renamed.yaml"
    committed = plan.read_text()
    plan.unlink()
    try:
        document = diff_json(cli, "renamed", "plans")
    finally:
        plan.write_text(committed)
    assert [(p["plan"], p["state"]) for p in document["plans"]] == [("demo", "removed")]


def test_a_plan_that_no_longer_loads_is_unreadable_not_removed(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    plan = repo / "plans" / "renamed.yaml"
    committed = plan.read_text()
    plan.write_text(committed.replace("title: Train the SENCOs", "title: [unclosed"))
    try:
        document = diff_json(cli)
    finally:
        plan.write_text(committed)
    [entry] = document["plans"]
    assert (entry["plan"], entry["state"], entry["removed"]) == ("demo", "unreadable", [])
    assert [p["code"] for p in entry["new_findings"]] == ["SP001"]
