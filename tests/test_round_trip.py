"""Export then import: each shipped plan comes back valid, with its kind, findings and revised due dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendplan.importer import REVISED_REASON
from sendplan.load import load_file
from tests.conftest import PLANS

SHIPPED = ["hull-2024-27.yaml", "york-wsoa-2020.yaml", "york-2023-25.yaml"]


def _errors(cli, path: Path) -> set[str]:  # type: ignore[no-untyped-def]
    """The codes of the errors validate finds (warnings a suppression comment silenced are not carried over)."""
    import json

    result = cli("validate", str(path), "--format", "json")
    return {p["code"] for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"}


def _revised(path: Path) -> dict[str, str]:
    loaded, _ = load_file(str(path))
    assert loaded is not None
    found = {}
    for action in loaded.plan.actions:
        for item, ident in [(action, action.id), *((s, f"{action.id} {s.id}") for s in action.steps)]:
            if item.revised:
                found[ident] = item.revised.due
    return found


@pytest.mark.parametrize("name", SHIPPED)
def test_xlsx_round_trip_validates_and_keeps_kind_findings_and_revised_dates(cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / name
    text = (PLANS / name).read_text(encoding="utf-8")
    loaded, _ = load_file(str(PLANS / name))
    assert loaded is not None
    first = loaded.plan.actions[0]
    if not first.revised and first.due:  # make sure every plan has a revised date to carry
        text = text.replace(
            f"    due: {first.due}\n", f"    due: {first.due}\n    revised: {{due: March 2031, reason: Late}}\n", 1
        )
    plan.write_text(text, encoding="utf-8")
    exported = tmp_path / "t.xlsx"
    assert cli("export", str(plan), "-o", str(exported)).exit_code == 0
    (tmp_path / "m.toml").write_text(cli("import", str(exported), "--guess").stdout)
    out = tmp_path / "back.yaml"
    result = cli("import", str(exported), "--map", str(tmp_path / "m.toml"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    before, after = load_file(str(plan))[0], load_file(str(out))[0]
    assert before is not None and after is not None
    assert (after.plan.plan.id, after.plan.plan.kind) == (before.plan.plan.id, before.plan.plan.kind)
    assert [(f.id, f.kind, f.title, f.text) for f in after.plan.findings] == [
        (f.id, f.kind, f.title, f.text) for f in before.plan.findings
    ]
    assert after.plan.findings or not before.plan.findings
    assert _revised(out) == _revised(plan) and _revised(out)
    assert _errors(cli, out) - _errors(cli, plan) == set()


def test_csv_round_trip_keeps_revised_dates_with_a_reason(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "p.yaml"
    text = (PLANS / "hull-2024-27.yaml").read_text(encoding="utf-8")
    plan.write_text(
        text.replace("    due: Nov-23\n", "    due: Nov-23\n    revised: {due: March 2031, reason: Late}\n", 1)
    )
    exported = tmp_path / "t.csv"
    assert cli("export", str(plan), "-o", str(exported)).exit_code == 0
    (tmp_path / "m.toml").write_text(cli("import", str(exported), "--guess").stdout)
    out = tmp_path / "back.yaml"
    assert cli("import", str(exported), "--map", str(tmp_path / "m.toml"), "-o", str(out)).exit_code == 0
    assert _revised(out) == _revised(plan) == {"1.1": "March 2031"}
    loaded = load_file(str(out))[0]
    assert loaded is not None and loaded.plan.actions[0].revised is not None
    assert loaded.plan.actions[0].revised.reason == "Late"  # the tracker's reason column


def test_a_revised_date_without_a_reason_column_says_where_it_came_from(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tracker = tmp_path / "t.csv"
    tracker.write_text("Ref,Action,Due,Revised due\n1.1,Do it,Nov-23,March 2024\n")
    (tmp_path / "m.toml").write_text(cli("import", str(tracker), "--guess").stdout)
    out = tmp_path / "p.yaml"
    assert cli("import", str(tracker), "--map", str(tmp_path / "m.toml"), "-o", str(out)).exit_code == 0
    loaded = load_file(str(out))[0]
    assert loaded is not None and loaded.plan.actions[0].revised is not None
    assert (loaded.plan.actions[0].revised.due, loaded.plan.actions[0].revised.reason) == ("March 2024", REVISED_REASON)
