"""The committed JSON Schema, as an editor uses it: current, accepting every shipped plan, rejecting broken copies."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sendplan.yamlio import read_yaml
from tests.conftest import DATA, MINIMAL, PLANS, ROOT

SCHEMA = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
SHIPPED = sorted([*PLANS.rglob("*.yaml"), *(DATA / "valid").glob("*.yaml")])


def plain(path: Path) -> Any:
    """The plan as an editor's YAML server reads it: plain JSON data (numbers as numbers)."""
    document, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
    assert not problems, problems
    return json.loads(json.dumps(document.data))


def errors(data: Any) -> list[str]:
    return [error.message for error in Draft202012Validator(SCHEMA).iter_errors(data)]


def test_the_committed_schema_is_a_valid_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_schema_accepts_every_shipped_plan(path: Path) -> None:
    assert errors(plain(path)) == []


def _first_action(data: Any) -> dict[str, Any]:
    return data["actions"][0]


MUTATIONS: dict[str, Callable[[Any], None]] = {
    "an unknown key in an action": lambda d: _first_action(d).update(colour="red"),
    "an unknown top-level block": lambda d: d.update(actionz=[]),
    "actions written as text": lambda d: d.update(actions="see the spreadsheet"),
    "owners of an action as a number": lambda d: _first_action(d).update(owners=3),
    "an action without an id": lambda d: _first_action(d).pop("id"),
    "an action without a title": lambda d: _first_action(d).pop("title"),
    "an id with a space": lambda d: _first_action(d).update(id="1 1"),
    "an id written as a number": lambda d: _first_action(d).update(id=1.1),
    "a status mapped to no canonical state": lambda d: d.update(statuses={"Green": "fine"}),
    "statuses written as a list": lambda d: d.update(statuses=["on track", "complete"]),
    "a plan kind the schema does not know": lambda d: d["plan"].update(kind="wish list"),
    "a plan without an area": lambda d: d["plan"].pop("area"),
    "a revised date without a reason": lambda d: _first_action(d).update(revised={"due": "Mar-25"}),
    "an update without a date": lambda d: _first_action(d).update(updates=[{"status": "On track"}]),
    "years neither financial nor academic": lambda d: d["plan"].update(years="calendar"),
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
@pytest.mark.parametrize("name", list(MUTATIONS))
def test_the_schema_rejects_a_broken_copy(path: Path, name: str) -> None:
    data = plain(path)
    if not data.get("actions"):
        data["actions"] = [{"id": "1", "title": "An action"}]
    broken = copy.deepcopy(data)
    MUTATIONS[name](broken)
    assert broken != data
    assert errors(broken), f"the schema accepts {name}"


def test_the_readme_tells_an_officer_how_to_set_up_vs_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Editing plans in VS Code", 1)[1].split("\n## ", 1)[0]
    for words in ("redhat.vscode-yaml", "# yaml-language-server: $schema=", "line 1", "Ctrl+Space", "hover"):
        assert words in section, words


# A change to a small plan, and whether the loader accepts it (no syntax or schema error; a date sendplan cannot
# read is validate's finding, not the schema's).
AS_LOADED = [
    ("a year written as a bare number", ("due: Nov-23", "due: 2024"), True),
    ("a start written as a bare number", ("start: Feb-23", "start: 2023"), True),
    ("a number that is no date", ("due: Nov-23", "due: 2023.5"), True),
    (
        "a revised date as a bare number",
        ("status: On track", "status: On track\n    revised: {due: 2025, reason: x}"),
        True,
    ),
    ("a review point as a bare number", ("  years: financial", "  years: financial\n  review_points: [2024]"), True),
    ("a figure in free text", ("status: On track", "status: On track\n    impact: [90]"), True),
    ("an id written as a number", ('id: "1.1"', "id: 1.1"), False),
    ("a priority written as a number", ('priority: "1"', "priority: 1"), False),
    ("a due date that is true", ("due: Nov-23", "due: true"), False),
    ("a due date that is a list", ("due: Nov-23", "due: [Nov-23]"), False),
]


@pytest.mark.parametrize(("name", "change", "loads"), AS_LOADED, ids=[case[0] for case in AS_LOADED])
def test_the_schema_accepts_what_the_loader_accepts(name: str, change: tuple[str, str], loads: bool) -> None:
    """An editor's red squiggle and `sendplan validate` agree: no squiggle on a plan sendplan reads."""
    from sendplan.load import load_text

    text = MINIMAL.replace(*change)
    assert text != MINIMAL
    plan, problems = load_text(text, "p.yaml")
    schema_errors = [p for p in problems if p.code.startswith(("SP0", "SP1"))]
    assert (plan is not None and not schema_errors) is loads, problems
    document, _ = read_yaml(text, "p.yaml")
    assert (errors(json.loads(json.dumps(document.data))) == []) is loads, name
