"""The cross-walk: each shipped plan's links checked against the seeds, gaps, cross-plan links, formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from sendplan.crosswalk import crosswalk
from sendplan.load import load_plans
from sendplan.render import crosswalk as render
from sendplan.validate import load_context, validate
from tests.conftest import PLANS, ROOT

AS_OF = date(2024, 6, 30)

# Hull's "SEF/DBV/AFI (no)" column as published, read row by row from seed 002 (ids in table order);
# 1.2 prints "AFI4 AF15", resolved to AFI5. Every other row is SEF, DBV or another source.
HULL_AFIS = {
    "1.2": ["AFI4", "AFI5"],
    "1.4": ["AFI4"],
    "2.3": ["AFI5"],
    "2.4": ["AFI4"],
    "2.5": ["AFI2", "AFI4"],
    "2.6": ["AFI3"],
    "2.7": ["AFI4"],
    "2.8": ["AFI4", "AFI5"],
    "3.2": ["AFI4"],
    "3.3": ["AFI4"],
    "4.1": ["AFI2"],
    "4.2": ["AFI2"],
    "4.3": ["AFI2", "AFI5"],
    "4.4": ["AFI2", "AFI5"],
    "4.7": ["AFI2"],
    "4.8": ["AFI2"],
    "4.9": ["AFI3"],
    "4.10": ["AFI3"],
    "5.1": ["AFI5"],
    "5.4": ["AFI1"],
    **{f"6.{n}": ["AFI1"] for n in (1, 2, 6, 7, 8, 10, 11, 12)},
}


def data(paths: list[str], by: str = "findings") -> dict:  # type: ignore[type-arg]
    plans = load_plans(paths)
    cw = crosswalk(plans, AS_OF, by, load_context(plans, paths))  # type: ignore[arg-type]
    return render.to_data(cw)


def test_hull_links_match_the_published_column() -> None:
    document = data([str(PLANS / "hull-2024-27.yaml")])
    found = {a["id"]: [k.split(":")[1] for k in a["links"]] for a in document["actions"] if a["links"]}
    assert found == HULL_AFIS
    coverage = {c["id"]: c["coverage"]["actions"] for c in document["columns"]}
    assert coverage == {"AFI1": 9, "AFI2": 7, "AFI3": 3, "AFI4": 8, "AFI5": 6}
    assert document["gaps"] == []


def test_wsoa_actions_each_serve_their_area() -> None:
    document = data([str(PLANS / "york-wsoa-2020.yaml")])
    found = {a["id"]: a["links"] for a in document["actions"]}
    assert found == {a: [f"york-wsoa-2020:AFI{a[0]}"] for a in found}
    assert len(found) == 12


def test_york_links_into_the_wsoa_and_the_inspection_learning_list() -> None:
    document = data([str(PLANS / "york-2023-25.yaml")])
    columns = [c["key"] for c in document["columns"]]
    assert columns == [f"york-wsoa-2020:AFI{n}" for n in range(1, 5)] + [
        f"york-inspection-learning-2024:IL{n}" for n in range(1, 10)
    ]
    assert document["gaps"] == ["york-inspection-learning-2024:IL5"]  # nothing answers "EHCP process"
    assert document["unlinked"] == []


def test_york_outcomes_are_all_served_and_marked_inferred() -> None:
    document = data([str(PLANS / "york-2023-25.yaml")], by="outcomes")
    assert [c["id"] for c in document["columns"]] == [
        "healthy",
        "heard",
        "safe",
        "goals",
        "included",
        "overcome",
        "independent",
    ]
    assert document["gaps"] == []
    loaded = load_plans([str(PLANS / "york-2023-25.yaml")])[0]
    assert all("outcomes" in a.inferred for a in loaded.plan.actions)


def test_gap_in_a_copy_is_reported_by_crosswalk_and_validate(tmp_path: Path) -> None:
    text = (PLANS / "hull-2024-27.yaml").read_text()
    copy = text.replace("addresses: [AFI3]", "addresses: []").replace("- AFI3\n", "")
    assert "[AFI3" not in copy and "AFI3]" not in copy
    (tmp_path / "hull.yaml").write_text(copy)
    assert data([str(tmp_path / "hull.yaml")])["gaps"] == ["hull-2024-27:AFI3"]
    problems = [(p.code, p.message) for p in validate([str(tmp_path)]).problems]
    assert ("SP212", "no action addresses finding AFI3 (Recording individual vulnerabilities)") in problems


def test_cross_plan_reference_breaks_with_a_located_message(tmp_path: Path) -> None:
    york = (PLANS / "york-2023-25.yaml").read_text()
    (tmp_path / "york.yaml").write_text(york.replace("york-wsoa-2020:AFI2", "york-wsoa-2020:AFI9", 1))
    (tmp_path / "wsoa.yaml").write_text((PLANS / "york-wsoa-2020.yaml").read_text())
    (tmp_path / "frameworks").mkdir()
    learning = PLANS / "frameworks" / "york-inspection-learning-2024.yaml"
    (tmp_path / "frameworks" / learning.name).write_text(learning.read_text())
    problems = [p for p in validate([str(tmp_path / "york.yaml")]).problems if p.code.startswith("SP20")]
    (missing,) = problems
    line = next(n for n, row in enumerate((tmp_path / "york.yaml").read_text().splitlines(), 1) if "AFI9" in row)
    assert (missing.code, missing.line) == ("SP207", line)
    assert "AFI1, AFI2, AFI3, AFI4" in missing.hint


def test_reference_to_a_plan_that_is_not_there(tmp_path: Path) -> None:
    york = (PLANS / "york-2023-25.yaml").read_text()
    (tmp_path / "york.yaml").write_text(york.replace("york-wsoa-2020:", "york-wsoa-2021:"))
    problems = [p for p in validate([str(tmp_path / "york.yaml")]).problems if p.code == "SP208"]
    wsoa = [p for p in problems if "york-wsoa-2021" in p.message]
    assert len(wsoa) == 1 and "more reference" in wsoa[0].message  # once per missing plan, not per reference


def test_plans_named_elsewhere_are_not_searched_for_above_the_files(tmp_path: Path) -> None:
    (tmp_path / "wsoa.yaml").write_text((PLANS / "york-wsoa-2020.yaml").read_text())  # a folder above
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "york.yaml").write_text((PLANS / "york-2023-25.yaml").read_text())
    problems = validate([str(tmp_path / "team" / "york.yaml")]).problems
    assert sorted(p.message.split("'")[1] for p in problems if p.code == "SP208") == [
        "york-inspection-learning-2024",
        "york-wsoa-2020",
    ]


def test_matrix_fits_100_columns_and_has_a_key() -> None:
    plans = load_plans(["plans"])
    for by in ("findings", "outcomes", "priorities", "sources"):
        cw = crosswalk(plans, AS_OF, by, load_context(plans, [lp.file for lp in plans]))  # type: ignore[arg-type]
        for text in (render.as_matrix(cw), render.as_inverted(cw)):
            assert max(len(line) for line in text.splitlines()) <= 100, by
        assert "C complete" in render.as_matrix(cw)


def test_titles_are_given_in_full_inverted_and_in_markdown() -> None:
    plans = load_plans(["plans"])
    cw = crosswalk(plans, AS_OF, "findings", load_context(plans, [lp.file for lp in plans]))
    inverted = " ".join(" ".join(render.as_inverted(cw).split()).split())
    markdown = render.as_markdown(cw)
    for line in cw.actions:
        title = " ".join(line.full_title.split())
        if line.links:
            assert title in inverted, line.id  # wrapped at the width, never cut
        assert f"| {render.md_cell(title)} |" in markdown, line.id


def test_formats(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    document = json.loads(cli("crosswalk", "plans", "--as-of", "2024-06-30", "--format", "json").stdout)
    assert document["version"] == 1 and document["by"] == "findings"
    assert set(document["columns"][0]) == {"key", "plan", "id", "kind", "label", "text", "actions", "coverage", "gap"}
    rows = list(
        csv.DictReader(io.StringIO(cli("crosswalk", "plans", "--as-of", "2024-06-30", "--format", "csv").stdout))
    )
    assert {"column": "york-inspection-learning-2024:IL5", "plan": ""}.items() <= next(
        r for r in rows if r["column"].endswith("IL5")
    ).items()
    markdown = cli(
        "crosswalk", "plans", "--by", "outcomes", "--format", "markdown", "--invert", "--as-of", "2024-06-30"
    ).stdout
    assert "### york-2023-25:safe: I am safe" in markdown
    assert cli("crosswalk", "plans", "--fail-on-gaps", "--as-of", "2024-06-30").exit_code == 1
    assert cli("crosswalk", "plans/hull-2024-27.yaml", "--fail-on-gaps", "--as-of", "2024-06-30").exit_code == 0


@pytest.mark.parametrize("plan", ["york-2023-25", "hull-2024-27", "york-wsoa-2020"])
@pytest.mark.parametrize("by", ["findings", "outcomes"])
def test_golden_matrices(cli, golden, plan: str, by: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = cli("crosswalk", f"plans/{plan}.yaml", "--by", by, "--as-of", "2024-06-30")
    assert result.exit_code == 0
    golden(f"crosswalk/{plan}-{by}.txt", result.stdout)


def test_a_single_file_whose_linked_plans_are_missing_says_so(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "york.yaml").write_text((PLANS / "york-2023-25.yaml").read_text())
    result = cli("crosswalk", str(tmp_path / "york.yaml"), "--as-of", "2024-06-30")
    assert result.exit_code == 2
    assert "plan 'york-wsoa-2020' is referred to but not found" in result.stderr


def test_two_files_with_one_plan_id_are_not_counted_twice(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("hull.yaml", "hull-copy.yaml"):
        (tmp_path / name).write_text((PLANS / "hull-2024-27.yaml").read_text())
    result = cli("overdue", str(tmp_path), "--as-of", "2024-06-30", "--format", "json")
    assert result.exit_code == 2 and "SP216" in result.stderr
    assert json.loads(result.stdout)["summary"]["overdue"] == 22


def test_a_plan_named_only_in_a_measure_is_found_beside_the_file(tmp_path: Path) -> None:
    """A measure's `addresses` names another plan as an action's do: validating the one file finds that plan."""
    import subprocess
    import sys

    (tmp_path / "wsoa.yaml").write_bytes((PLANS / "york-wsoa-2020.yaml").read_bytes())
    new = [sys.executable, "-m", "sendplan", "new", "mine.yaml", "--id", "mine", "--kind", "strategic plan"]
    subprocess.run(new, cwd=tmp_path, check=True, capture_output=True)
    mine = tmp_path / "mine.yaml"
    text = mine.read_text(encoding="utf-8")
    measure = "      - How the partnership will know it has worked.\n"
    assert measure in text
    named = "      - text: How the partnership will know it has worked.\n        addresses: [york-wsoa-2020:AFI1]\n"
    mine.write_text(text.replace(measure, named), encoding="utf-8")
    plans = load_plans([str(mine)])
    assert [lp.plan.plan.id for lp in load_context(plans, [str(mine)])] == ["york-wsoa-2020"]
    result = subprocess.run(
        [sys.executable, "-m", "sendplan", "validate", "mine.yaml", "--no-cache"], cwd=tmp_path, capture_output=True
    )
    assert result.returncode == 0, result.stdout
