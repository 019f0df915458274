"""sendplan new: a commented skeleton for each kind of plan, valid and formatted as it stands; nothing overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sendplan.fmt import comments, format_text
from sendplan.load import load_text
from sendplan.model import PlanKind
from sendplan.skeleton import STATUSES
from sendplan.yamlio import read_yaml
from tests.conftest import ROOT

KINDS = list(PlanKind.__args__)  # type: ignore[attr-defined]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder laid out as a plans repository: schema/ beside plans/."""
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "plan.schema.json").write_text((ROOT / "schema" / "plan.schema.json").read_text())
    (tmp_path / "plans" / "frameworks").mkdir(parents=True)
    return tmp_path


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_gets_a_skeleton_that_validates_clean(cli, repo: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    path = repo / "plans" / "new-plan.yaml"
    result = cli("new", str(path), "--id", "new-plan", "--kind", kind, "--title", 'Our plan: "the next steps"')
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/plan.schema.json"
    checked = cli("validate", str(path))
    assert checked.exit_code == 0 and checked.stdout == "1 file checked: no problems\n", checked.stdout
    assert format_text(text, str(path)) == text
    loaded, problems = load_text(text, str(path))
    assert loaded is not None, problems
    plan = loaded.plan
    assert (plan.plan.id, plan.plan.kind, plan.plan.title) == ("new-plan", kind, 'Our plan: "the next steps"')
    assert plan.statuses == STATUSES[kind] and len(plan.findings) == 1
    if kind == "reference list":
        assert plan.actions == [] and plan.priorities == []
    else:
        assert set(plan.statuses.values()) == {
            "not started",
            "on track",
            "at risk",
            "off track",
            "complete",
            "embedded",
        }
        assert len(plan.priorities) == 1 and len(plan.actions) == 1 and len(plan.owners) == 1
        (action,) = plan.actions
        assert action.status in plan.statuses and action.addresses == ["AFI1"] and action.priority == "1"
    assert len(comments(text)) >= 4  # it explains itself
    schema = json.loads((repo / "schema" / "plan.schema.json").read_text())
    assert list(Draft202012Validator(schema).iter_errors(read_yaml(text, "x")[0].data)) == []


def test_the_modeline_points_at_the_schema_from_a_subfolder(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    path = repo / "plans" / "frameworks" / "list.yaml"
    assert cli("new", str(path), "--id", "list", "--kind", "reference list").exit_code == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/plan.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == (repo / "schema" / "plan.schema.json").resolve()


def test_an_existing_file_is_never_overwritten(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    path = repo / "plans" / "mine.yaml"
    path.write_text("# my work\n", encoding="utf-8")
    result = cli("new", str(path), "--id", "mine", "--kind", "strategic plan")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "# my work\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "two words", "--kind", "strategic plan"], "--id 'two words'"),
        (["--id", "ok", "--kind", "wish list"], "wish list"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_written(cli, repo: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    path = repo / "plans" / "x.yaml"
    result = cli("new", str(path), *args)
    assert result.exit_code == 2 and message in result.stderr + result.stdout
    assert not path.exists()


def test_without_a_schema_folder_it_says_how_to_add_the_modeline(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "plans" / "sub").mkdir(parents=True)
    path = tmp_path / "plans" / "sub" / "p.yaml"
    assert cli("new", str(path), "--id", "p", "--kind", "strategic plan").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "yaml-language-server: $schema=" not in text.splitlines()[0]  # no modeline pointing at nothing
    assert "sendplan schema -o schema/plan.schema.json" in text
    assert cli("validate", str(path)).exit_code == 0


def test_an_unknown_kind_is_refused_in_plain_words(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", str(repo / "plans" / "x.yaml"), "--id", "x", "--kind", "bogus")
    assert result.exit_code == 2
    assert "--kind 'bogus' is not a kind of plan; give one of: written statement of action" in result.stderr
    assert "Value error" not in result.stderr + result.stdout
    assert cli("new", str(repo / "plans" / "x.yaml"), "--id", "x", "--kind", "Strategic  Plan").exit_code == 0
