"""sendplan fmt keeps comments with the keys they describe, and each file's line endings and byte-order mark."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sendplan.fmt import anchors, format_one, format_plan, format_text
from sendplan.load import load_text
from tests.conftest import PLANS

HEAD = """\
plan:
  id: demo
  title: Demo plan
  area: Demo
  kind: strategic plan
statuses:
  On track: on track
owners:
  - id: M.S
    name: Maxine Squire
findings:
  - id: AFI1
    text: Leaders should do better.
actions:
"""

LINES = {
    "id": '"1.1"',
    "title": "Do the thing",
    "owners": "[M.S]",
    "due": "Nov-23",
    "status": "On track",
    "addresses": "[AFI1]",
}


def _action(order: tuple[str, ...], commented: set[str]) -> str:
    out = []
    for n, key in enumerate(order):
        if key in commented and n:
            out.append(f"    # about {key}")
        out.append(f"{'  - ' if n == 0 else '    '}{key}: {LINES[key]}")
    out.append("    # the end of this action")
    return "\n".join(out) + "\n"


def _above(text: str) -> dict[str, str]:
    """Each comment and the key on the line below it."""
    lines = text.splitlines()
    return {
        lines[n].strip(): lines[n + 1].strip().removeprefix("- ").split(":")[0]
        for n in range(len(lines) - 1)
        if lines[n].strip().startswith("#")
    }


ORDERS = [("id", *rest) for rest in itertools.islice(itertools.permutations(list(LINES)[1:]), 0, 120, 7)]


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: "-".join(o[1:]))
def test_a_comment_above_a_key_moves_with_it(order: tuple[str, ...]) -> None:
    commented = {k for n, k in enumerate(order) if n % 2 == 1} | {order[-1]}
    text = HEAD + _action(order, commented) + "\n" + _action(("id", "title"), set()).replace("1.1", "1.2")
    result, notes = format_plan(text, "p.yaml")
    assert notes == []
    above = _above(result)
    for key in commented:
        assert above[f"# about {key}"] == key, result
    loaded, _ = load_text(result, "p.yaml")
    assert loaded is not None
    body = result.split("actions:\n", 1)[1].split("\n\n")[0]
    assert [line.strip().removeprefix("- ").split(":")[0] for line in body.splitlines() if "#" not in line] == list(
        LINES
    )  # the keys are in the documented order
    assert body.rstrip().endswith("# the end of this action")  # the closing comment stays with its action
    assert format_text(result, "p.yaml") == result


def test_a_comment_that_would_go_above_the_entry_keeps_that_entrys_order() -> None:
    text = HEAD + "  - id: '1.1'\n    # the real title\n    title: Do it\n"
    nested = (
        text + '  - id: "1.2"\n    title: Next\n    steps:\n      - due: Nov-23\n        # what the step is\n'
        "        title: The step\n"
    )
    result, notes = format_plan(nested, "p.yaml")
    assert "# what the step is\n        title: The step" in result  # the step's keys were left in their order
    assert len(notes) == 1 and notes[0].startswith("p.yaml:") and "key order left alone" in notes[0]
    assert anchors(result) == anchors(nested)


def test_crlf_and_a_bom_are_kept(tmp_path: Path) -> None:
    text = "\ufeff" + (HEAD + _action(("id", "due", "title"), {"due"})).replace("\n", "\r\n")
    result = format_one("p.yaml", text)
    assert result.changed and result.after.startswith("\ufeff")
    body = result.after[1:]
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    assert format_one("p.yaml", result.after).after == result.after  # formatted: nothing more to change


def test_every_shipped_plan_with_crlf_endings_is_still_formatted(tmp_path: Path) -> None:
    for path in sorted(PLANS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        assert format_one(str(path), "\ufeff" + text).after == "\ufeff" + text


def test_check_diff_shows_what_would_change(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.yaml"
    path.write_bytes((HEAD + _action(("id", "due", "title"), set())).replace("\n", "\r\n").encode())
    before = path.read_bytes()
    result = cli("fmt", str(path), "--check", "--diff")
    assert result.exit_code == 1
    assert f"would reformat {path}" in result.stdout
    assert "-    title: Do the thing" in result.stdout and "+    title: Do the thing" in result.stdout
    assert path.read_bytes() == before
    assert cli("fmt", str(path)).exit_code == 0
    assert b"\r\n" in path.read_bytes() and b"\n" not in path.read_bytes().replace(b"\r\n", b"")
