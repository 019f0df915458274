"""sendplan update: a status update written by round trip, atomically, with nothing else in the file changed."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from sendplan.load import load_file
from sendplan.yamlio import edit_yaml
from tests.conftest import DATA, PLANS

READABLE = sorted(PLANS.rglob("*.yaml")) + sorted(p for p in DATA.rglob("*.yaml") if "invalid" not in p.parts)


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_round_trip_reproduces_every_plan_exactly(path: Path) -> None:
    text = path.read_text()
    assert edit_yaml(text, lambda data: None) == text


@pytest.fixture
def hull(tmp_path: Path) -> Path:
    copy = tmp_path / "hull.yaml"
    shutil.copy(PLANS / "hull-2024-27.yaml", copy)
    return copy


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_update_adds_only_the_update_and_the_new_status(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    before = hull.read_text()
    result = cli(
        "update",
        str(hull),
        "3.4",
        "--status",
        "Completed Embedded Sustained",
        "--note",
        "Toolkit: launched",
        "--date",
        "June 2024",
    )
    assert result.exit_code == 0, result.stderr
    after = hull.read_text()
    assert changed_lines(before, after) == [
        "-     status: On track some concerns",
        "+     status: Completed Embedded Sustained",
        "+     updates:",
        "+       - date: June 2024",
        "+         status: Completed Embedded Sustained",
        "+         note: 'Toolkit: launched'",  # as typed: the old word is in the diff and in git
    ]
    assert after.count("# restored from a scrambled cell") == before.count("# restored from a scrambled cell")
    assert list(hull.parent.iterdir()) == [hull]  # written atomically: no temporary file left behind
    loaded, problems = load_file(str(hull))
    assert loaded is not None and problems == []
    action = next(a for a in loaded.plan.actions if a.id == "3.4")
    assert action.updates[0].note == "Toolkit: launched"


def test_a_second_update_appends(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    cli("update", str(hull), "3.4", "--status", "On track some concerns", "--date", "May 2024")
    cli("update", str(hull), "3.4", "--status", "On track no concerns", "--date", "June 2024")
    loaded, _ = load_file(str(hull))
    assert loaded is not None
    action = next(a for a in loaded.plan.actions if a.id == "3.4")
    assert [(u.date, u.status) for u in action.updates] == [
        ("May 2024", "On track some concerns"),
        ("June 2024", "On track no concerns"),
    ]


def test_completion_closes_the_action_for_overdue(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    assert "3.4 " in cli("overdue", str(hull), "--as-of", "2024-06-30").stdout
    cli("update", str(hull), "3.4", "--status", "Completed Embedded Sustained", "--date", "2024-06-01")
    assert "3.4 " not in cli("overdue", str(hull), "--as-of", "2024-06-30").stdout


def test_update_on_a_step(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wsoa = tmp_path / "wsoa.yaml"
    shutil.copy(PLANS / "york-wsoa-2020.yaml", wsoa)
    result = cli("update", str(wsoa), "1.3", "--step", "B", "--status", "Completed", "--date", "Feb 2021")
    assert result.exit_code == 0, result.stderr
    loaded, _ = load_file(str(wsoa))
    assert loaded is not None
    step = next(a for a in loaded.plan.actions if a.id == "1.3").steps[1]
    assert [(u.date, u.status) for u in step.updates] == [("Feb 2021", "Completed")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9.9", "--status", "Not due yet"], "no action '9.9'"),
        (["3.4", "--status", "Done-ish"], "is not one of the plan's words"),
        (["3.4", "--status", "Not due yet", "--date", "31/11/2024"], "does not exist"),
        (["3.4", "--status", "Not due yet", "--step", "Z"], "has no step 'Z'"),
    ],
)
def test_refused_updates_change_nothing(cli, hull: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = hull.read_text()
    result = cli("update", str(hull), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert hull.read_text() == before


def test_dry_run_shows_a_diff_and_writes_nothing(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    before = hull.read_text()
    result = cli("update", str(hull), "3.4", "--status", "Not due yet", "--as-of", "2024-06-30", "--dry-run")
    assert "+      - date: 30 June 2024" in result.stdout
    assert hull.read_text() == before


def test_a_layout_the_round_trip_would_change_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "odd.yaml"
    flow = "    owners: [ad-learning-skills]\n"
    text = (PLANS / "hull-2024-27.yaml").read_text().replace(flow, "    owners: [\n      ad-learning-skills]\n", 1)
    odd.write_text(text)
    result = cli("update", str(odd), "1.1", "--status", "Not due yet", "--date", "June 2024")
    assert result.exit_code == 2 and "record the update by hand" in result.stderr
    assert odd.read_text() == text


def test_new_files_are_written_readable_by_others(tmp_path: Path) -> None:
    import os
    import stat

    from sendplan.writefile import write_atomically

    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "report.html", "<p>x</p>")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644


def test_an_earlier_update_goes_in_date_order_and_leaves_the_status(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    cli("update", str(hull), "3.4", "--status", "On track no concerns", "--date", "June 2024")
    cli("update", str(hull), "3.4", "--status", "Not due yet", "--date", "March 2024")
    loaded, _ = load_file(str(hull))
    assert loaded is not None
    action = next(a for a in loaded.plan.actions if a.id == "3.4")
    assert [u.date for u in action.updates] == ["March 2024", "June 2024"]
    assert action.status == "On track no concerns"  # the newest update's word stands


def test_earlier_dates_are_not_answered_with_the_new_status(cli, hull: Path) -> None:  # type: ignore[no-untyped-def]
    """Before the first dated update the status was not recorded: 3.4 is still overdue on 30 June 2024."""
    cli("update", str(hull), "3.4", "--status", "Completed Embedded Sustained", "--date", "2025-03-01")
    before = cli("overdue", str(hull), "--as-of", "2024-06-30", "--format", "json").stdout
    item = next(i for i in json.loads(before)["items"] if i["id"] == "3.4")
    assert (item["days_overdue"], item["status"]) == (61, "not recorded")
    assert "3.4" not in [
        i["id"]
        for i in json.loads(cli("overdue", str(hull), "--as-of", "2025-03-02", "--format", "json").stdout)["items"]
    ]
