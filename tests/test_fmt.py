"""sendplan fmt: the shipped plans are formatted; a messy plan is tidied without losing data or a comment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sendplan.fmt import comments, format_text
from sendplan.keyorder import KEY_ORDER
from sendplan.load import load_text
from tests.conftest import DATA, MINIMAL, PLANS, ROOT, dedent

SHIPPED = sorted([*PLANS.rglob("*.yaml"), *(DATA / "valid").glob("*.yaml")])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_plan_is_already_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text, f"run: sendplan fmt {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_spacing_damage_is_undone_exactly(path: Path) -> None:
    """Trailing spaces after ids, a doubled blank line and a missing one between actions: back to the shipped bytes."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    damaged = [line + "   " if re.match(r"\s*(- )?id: ", line) else line for line in lines]
    if "actions:" in lines:
        start = lines.index("actions:")
        end = next((n for n in range(start + 1, len(lines)) if lines[n][:1].isalpha()), len(lines))
        items = [n for n in range(start + 1, end) if lines[n].startswith("  - ")]
        assert len(items) >= 2 and lines[items[1] - 1] == ""
        damaged.insert(items[-1] - 1, "")  # two blank lines before the last action
        del damaged[items[1] - 1]  # none before the second
    damaged_text = "\n".join(damaged) + "\n\n\n"
    assert damaged_text != text
    assert format_text(damaged_text, str(path)) == text


def test_the_key_order_is_the_one_docs_plan_format_gives() -> None:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = doc.split("## Keys", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| block"):
            block, keys = (cell.strip() for cell in line.strip("|").split("|", 1))
            rows[block.strip("`")] = tuple(re.findall(r"`(\w+)`", keys))
    for block, order in KEY_ORDER.items():
        assert rows.get(block) == order, block


MESSY = dedent(
    """
    plan:
        title: Demo plan     # the title as published
        id: demo
        area: Demo
        kind: strategic plan
        years: financial
    statuses:
      On track: on track
      Done: complete
    owners:
    - name: Maxine Squire
      id: M.S
      initials: M.S
    - id: yes
      role: Someone whose initials YAML reads as true
    priorities:
      - title: Voice
        id: 0123
    findings:
      - id: AFI1
        text: Leaders should do better.
    actions:
      # Priority 0123: voice
      - title: Do the thing
        id: 1.10     # not 1.1
        priority: 0123
        owners: [M.S, yes]
        due: Nov-23
        status: On track
        addresses: [AFI1]
      - id: "1.2"
        due: Dec-23
        title: Do the next thing
        updates:
          - note: Going well
            date: May 2023
            status: On track


      # Priority 0123 continued


      - id: "1.3"
        title: And another
    """
)

FORMATTED = dedent(
    """
    plan:
      id: demo
      title: Demo plan       # the title as published
      area: Demo
      kind: strategic plan
      years: financial
    statuses:
      On track: on track
      Done: complete
    owners:
      - id: M.S
        name: Maxine Squire
        initials: M.S
      - id: "yes"
        role: Someone whose initials YAML reads as true
    priorities:
      - id: "0123"
        title: Voice
    findings:
      - id: AFI1
        text: Leaders should do better.
    actions:
      # Priority 0123: voice
      - id: "1.10"   # not 1.1
        priority: "0123"
        title: Do the thing
        owners: [M.S, "yes"]
        due: Nov-23
        status: On track
        addresses: [AFI1]

      - id: "1.2"
        title: Do the next thing
        due: Dec-23
        updates:
          - date: May 2023
            status: On track
            note: Going well

      # Priority 0123 continued

      - id: "1.3"
        title: And another
    """
)


def test_a_messy_plan_is_formatted_and_reads_as_the_officer_meant() -> None:
    result = format_text(MESSY, "messy.yaml")
    assert result == FORMATTED
    assert comments(MESSY) == comments(result) and len(comments(MESSY)) == 4
    loaded, problems = load_text(result, "messy.yaml")
    assert loaded is not None, problems
    assert [a.id for a in loaded.plan.actions] == ["1.10", "1.2", "1.3"]
    assert loaded.plan.priorities[0].id == "0123" and loaded.plan.actions[0].owners == ["M.S", "yes"]
    assert format_text(result, "messy.yaml") == result  # formatting is idempotent


def test_quoted_and_ordinary_ids_are_left_alone() -> None:
    assert format_text(MINIMAL, "p.yaml") == MINIMAL
    text = MINIMAL.replace('id: "1.1"', "id: '1.1'").replace("owners: [M.S]", "owners: [M.S, AB12]")
    assert format_text(text, "p.yaml") == text


def test_check_lists_what_would_change_and_changes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    messy = tmp_path / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    tidy = tmp_path / "tidy.yaml"
    tidy.write_text(MINIMAL, encoding="utf-8")
    result = cli("fmt", str(tmp_path), "--check")
    assert result.exit_code == 1
    assert result.stdout == f"would reformat {messy}\n"
    assert messy.read_text(encoding="utf-8") == MESSY
    result = cli("fmt", str(tmp_path))
    assert result.exit_code == 0 and result.stdout == f"reformatted {messy}\n"
    assert messy.read_text(encoding="utf-8") == FORMATTED and tidy.read_text(encoding="utf-8") == MINIMAL
    assert cli("fmt", str(tmp_path), "--check").exit_code == 0


def test_a_file_that_is_not_yaml_is_reported_and_left_alone(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan:\n  id: [unclosed\n", encoding="utf-8")
    result = cli("fmt", str(broken))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: SP0\d\d ", result.stderr)
    assert "Traceback" not in result.stderr
    assert broken.read_text(encoding="utf-8") == "plan:\n  id: [unclosed\n"


def test_a_result_that_loses_a_comment_is_refused() -> None:
    from sendplan.fmt import _check_same
    from sendplan.problems import SendplanError
    from sendplan.yamlio import read_yaml

    text = "plan:\n  id: demo  # keep me\n"
    data = read_yaml(text, "p.yaml")[0].data
    _check_same(text, data, text, "p.yaml")
    with pytest.raises(SendplanError, match="keep me"):
        _check_same(text, data, "plan:\n  id: demo\n", "p.yaml")
    with pytest.raises(SendplanError, match="same plan"):
        _check_same(text, data, "plan:\n  id: other  # keep me\n", "p.yaml")


def test_trailing_spaces_inside_a_block_of_text_are_kept() -> None:
    text = MINIMAL.replace("title: Do the thing", "title: |-\n      Do the   \n      thing")
    result = format_text(text + "   \n", "p.yaml")
    assert result == text


def test_comments_are_found_outside_quotes_only() -> None:
    text = dedent(
        """
        # heading
        a: "x # not a comment"  # one
        b: it's # two
        c: 'q''s # still text' # three
        d: x#y
        """
    )
    assert comments(text) == {"heading": 1, "one": 1, "two": 1, "three": 1}


@pytest.mark.parametrize("text", ["- a\n- b\n", "hello\n"])
def test_a_file_that_is_not_a_block_of_keys_is_refused(text: str) -> None:
    from sendplan.problems import SendplanError

    with pytest.raises(SendplanError, match="not formatted: a plan is a block of keys"):
        format_text(text, "p.yaml")


def test_ids_in_flow_blocks_and_null_words_are_quoted_as_written() -> None:
    text = "actions:\n  - {id: 1.10, title: x, owners: [yes, 0123]}\n  - id: null\n    title: y\n"
    expected = 'actions:\n  - {id: "1.10", title: x, owners: ["yes", "0123"]}\n\n  - id: "null"\n    title: y\n'
    assert format_text(text, "p.yaml") == expected
