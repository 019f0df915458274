"""The shipped plans: complete, clean, and their as-published copies fail with exactly the expected findings."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sendplan.load import load_file
from sendplan.render.problems import as_text
from sendplan.validate import validate
from tests.conftest import DATA, PLANS, ROOT

COUNTS = {
    # plan file: (actions, steps), counted against the seed tables
    "york-2023-25.yaml": (21, 2),  # 1.1-4.6; 3.5's two dated parts are steps
    "hull-2024-27.yaml": (63, 0),  # every row of the six priority tables
    "york-wsoa-2020.yaml": (12, 7),  # 1.1-4.2; (A)-(B) of 1.3 and 3.1, (A)-(C) of 2.1
}


@pytest.mark.parametrize(("name", "counts"), COUNTS.items())
def test_each_plan_has_every_action(name: str, counts: tuple[int, int]) -> None:
    loaded, problems = load_file(str(PLANS / name))
    assert loaded is not None, problems
    actions = loaded.plan.actions
    assert (len(actions), sum(len(a.steps) for a in actions)) == counts


def test_york_ids_run_1_1_to_4_6_once_each() -> None:
    loaded, _ = load_file(str(PLANS / "york-2023-25.yaml"))
    assert loaded is not None
    ids = [a.id for a in loaded.plan.actions]
    assert ids == [f"{p}.{n}" for p, top in ((1, 5), (2, 5), (3, 5), (4, 6)) for n in range(1, top + 1)]
    renumbered = {a.id: a.published_id for a in loaded.plan.actions if a.published_id}
    assert renumbered == {"4.3": "4.2", "4.4": "4.3"}


def test_hull_has_every_status_word_and_afi() -> None:
    loaded, _ = load_file(str(PLANS / "hull-2024-27.yaml"))
    assert loaded is not None
    plan = loaded.plan
    assert [f.id for f in plan.findings] == ["AFI1", "AFI2", "AFI3", "AFI4", "AFI5"]
    assert {a.status for a in plan.actions} == set(plan.statuses)
    assert all(a.priority for a in plan.actions)


def test_wsoa_people_tables_are_complete() -> None:
    loaded, _ = load_file(str(PLANS / "york-wsoa-2020.yaml"))
    assert loaded is not None
    groups = [o.group for o in loaded.plan.owners]
    assert groups.count("strategic leaders") == 25  # 24 people and the Independent Scrutineer
    assert groups.count("operational system leaders") == 24


def test_ambition_plan_shape_fits_the_model() -> None:
    loaded, problems = load_file(str(DATA / "valid" / "york-ambition-2022.yaml"))
    assert loaded is not None, problems
    plan = loaded.plan
    assert [f.id for f in plan.findings] == [f"OA{n}" for n in range(1, 8)]
    assert len(plan.priorities) == 9 and all(p.lead for p in plan.priorities)
    assert sum(len(a.steps) for a in plan.actions) > len(plan.actions)
    assert any(getattr(m, "addresses", None) for a in plan.actions for m in a.measures)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so paths in output read as a user would type them."""
    monkeypatch.chdir(ROOT)


def test_shipped_plans_validate_without_errors(golden, in_root) -> None:  # type: ignore[no-untyped-def]
    result = validate(["plans"])
    assert result.errors == 0
    assert result.problems == []  # warnings the plans accept are suppressed in them, each with a reason
    text = as_text(result.problems, len(result.files), suppressed=result.suppressed, show_suppressed=True)
    golden("validate-plans.txt", text + "\n")


def test_as_published_copies_fail_with_the_expected_findings(golden, in_root) -> None:  # type: ignore[no-untyped-def]
    result = validate(["tests/data/as-published"])
    assert result.errors > 0
    golden("validate-as-published.txt", as_text(result.problems, len(result.files), hints=True) + "\n")


def _marked_and_reported() -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(file, line) of each `# defect:` on a line with a value in the as-published copies, and of each finding."""
    folder = DATA / "as-published"
    reported = {(Path(p.file).name, p.line) for p in validate([str(folder)]).problems}
    marked = {
        (file.name, number)
        for file in sorted(folder.glob("*.yaml"))
        for number, line in enumerate(file.read_text().splitlines(), 1)
        if re.match(r"^\s*(?:- )?[\w\"'][^#]*#\s*defect:", line)
    }
    return marked, reported


def test_every_marked_defect_is_reported_on_its_line() -> None:
    """Each line an as-published copy marks `# defect:` (with a value on it) gets a finding on that very line."""
    marked, reported = _marked_and_reported()
    assert sorted(marked - reported) == []


def test_every_finding_in_an_as_published_copy_is_a_marked_defect() -> None:
    """Errors and warnings alike: nothing is reported on a line that is not marked `# defect:`."""
    marked, reported = _marked_and_reported()
    assert sorted(reported - marked) == []


def test_hull_on_track_while_overdue_is_reported_only_with_as_of(in_root) -> None:  # type: ignore[no-untyped-def]
    assert validate(["plans/hull-2024-27.yaml"]).problems == []
    found = validate(["plans/hull-2024-27.yaml"], as_of=date(2024, 6, 30)).problems
    late = {p.message.split(" is ")[0] for p in found if "'On track no concerns'" in p.message}
    assert {"action 3.14", "action 3.15"} <= late
    assert all(p.code == "SP316" and p.severity == "warning" for p in found)
    assert any("304 days overdue" in p.message for p in found if p.message.startswith("action 3.14 "))


def test_docs_show_each_new_rule_with_an_example() -> None:
    text = (ROOT / "docs" / "rules.md").read_text()
    for code in ("SP219", "SP308", "SP313", "SP314", "SP315", "SP316", "SP317"):
        section = text.split(f"## {code}", 1)[1].split("\n## ", 1)[0]
        assert "```yaml" in section and f"{code} " in section.split("```yaml", 1)[1], code


def _line_with(path: Path, text: str) -> str:
    return next(line for line in path.read_text().splitlines() if text in line)


@pytest.mark.parametrize("folder", [PLANS, DATA / "as-published"])
def test_hull_transcription_says_what_the_source_printed(folder: Path) -> None:
    loaded, _ = load_file(str(folder / "hull-2024-27.yaml"))
    assert loaded is not None
    actions = {a.id: a for a in loaded.plan.actions}
    note = actions["3.3"].note or ""
    for printed, read in (("nore", "more"), ("betence", "Competence"), ("(T)", "(CCET)")):
        assert f'"{printed}"' in note and f'"{read}"' in note
    measure = next(m for m in actions["3.18"].measures if "52 weeks" in getattr(m, "text", ""))
    assert getattr(measure, "target", "") == "no CYP are waiting greater than 52 weeks"
    path = folder / "hull-2024-27.yaml"
    for entry in [*loaded.plan.priorities, *loaded.plan.findings]:
        assert "# our wording" in _line_with(path, f"title: {entry.title}"), entry.id


@pytest.mark.parametrize("folder", [PLANS, DATA / "as-published"])
def test_wsoa_lone_organisations_in_lead_cells_are_read_alike(folder: Path) -> None:
    path = folder / "york-wsoa-2020.yaml"
    loaded, _ = load_file(str(path))
    assert loaded is not None
    actions = {a.id: a for a in loaded.plan.actions}
    assert actions["1.2"].owners == ["M.S", "CCG"]  # "(M.S) CCG"
    assert actions["3.2"].owners == ["CYC", "K.McN"]  # "CYC CCG (K.McN)"
    text = path.read_text()
    assert len(re.findall(r"P[.:]C.*under \"?CCG.*(?:at CYC|is CYC)", text)) >= 2  # 2.1 and 2.2 say so
    assert 'Appointment to be confirmed" in the Role column' in _line_with(path, "id: independent-scrutineer")
