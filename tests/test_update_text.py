"""sendplan update keeps the file's own text: line endings, BOM, the note as typed, the plan's words and date style."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sendplan.load import load_file, load_text
from tests.conftest import MINIMAL, PLANS

ENDINGS = {"crlf": "\r\n", "cr": "\r", "lf": "\n"}


def action(path: Path, ident: str):  # type: ignore[no-untyped-def]
    loaded, problems = load_file(str(path))
    assert loaded is not None, problems
    return next(a for a in loaded.plan.actions if a.id == ident)


@pytest.mark.parametrize("kind", ["crlf", "cr"])
def test_each_line_ending_kind_is_kept(cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    end = ENDINGS[kind]
    text = (PLANS / "hull-2024-27.yaml").read_text().replace("\n", end)
    plan = tmp_path / "hull.yaml"
    plan.write_bytes(text.encode())
    result = cli("update", str(plan), "3.4", "--status", "Not due yet", "--date", "June 2024")
    assert result.exit_code == 0, result.stderr
    after = plan.read_bytes().decode()
    assert after.count(end) == text.count(end) + 3  # three new lines, each ended like the rest
    assert after.replace(end, "").count("\n") == 0 and after.replace("\r\n", "").count("\r") == (
        0 if kind == "crlf" else after.count("\r")
    )
    assert f"    status: Not due yet{end}    updates:{end}      - date: June 2024{end}" in after
    assert action(plan, "3.4").updates[0].status == "Not due yet"


def test_mixed_line_endings_are_kept_line_by_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = MINIMAL.splitlines()
    ends = ["\r\n" if number % 3 == 0 else "\r" if number % 3 == 1 else "\n" for number in range(len(lines))]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(text.encode())
    assert cli("update", str(plan), "1.1", "--status", "Done", "--date", "1 May 2024").exit_code == 0
    after = plan.read_bytes().decode()
    # every old line keeps its own ending: the text before and after the changed lines is byte for byte the same
    changed = text.index("    status: On track")
    assert after.startswith(text[:changed])
    tail = text[changed + len("    status: On track") + len(ends[lines.index("    status: On track")]) :]
    assert after.endswith(tail)
    loaded, problems = load_text(after, "x")
    assert loaded is not None and loaded.plan.actions[0].updates[0].date == "1 May 2024"


def test_a_file_without_a_final_line_break_keeps_none(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL.rstrip("\n"))
    assert cli("update", str(plan), "1.1", "--status", "Done", "--date", "1 May 2024").exit_code == 0
    after = plan.read_text()
    assert not after.endswith("\n") and after.endswith("    sources: [SEF]") and "        status: Done\n" in after


def test_a_byte_order_mark_is_kept(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert cli("update", str(plan), "1.1", "--status", "Done", "--date", "1 May 2024").exit_code == 0
    assert plan.read_bytes().startswith(b"\xef\xbb\xbfplan:\n") and plan.read_bytes().count(b"\xef\xbb\xbf") == 1


def test_the_note_is_kept_exactly_as_typed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "hull.yaml"
    shutil.copy(PLANS / "hull-2024-27.yaml", plan)
    note = "Toolkit launched: 40 schools — 'good' uptake"
    cli("update", str(plan), "3.4", "--status", "Not due yet", "--note", note, "--date", "June 2024")
    assert action(plan, "3.4").updates[0].note == note
    assert "status before" not in plan.read_text()


def test_status_words_match_in_any_case_and_spacing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "hull.yaml"
    shutil.copy(PLANS / "hull-2024-27.yaml", plan)
    result = cli("update", str(plan), "3.4", "--status", "  on TRACK   no concerns ", "--date", "June 2024")
    assert result.exit_code == 0, result.stderr
    assert "recorded 'On track no concerns'" in result.stdout
    item = action(plan, "3.4")
    assert (item.status, item.updates[0].status) == ("On track no concerns", "On track no concerns")


def test_a_close_misspelling_is_refused_with_the_plan_spelling(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "hull.yaml"
    shutil.copy(PLANS / "hull-2024-27.yaml", plan)
    result = cli("update", str(plan), "3.4", "--status", "on trak no concerns", "--date", "June 2024")
    assert result.exit_code == 2 and "Did you mean 'On track no concerns'?" in result.stderr


@pytest.mark.parametrize(
    ("existing", "written"),
    [
        ("November 2023", "30 June 2024"),  # month-only styles get the day, in the same words
        ("Nov-23", "30 Jun 2024"),
        ("15/11/2023", "30/06/2024"),
        ("2023-11-15", "2024-06-30"),
        ("15 November 2023", "30 June 2024"),
    ],
)
def test_without_a_date_the_day_is_written_in_the_plans_style(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, existing: str, written: str
) -> None:
    text = MINIMAL.replace(
        "    status: On track\n",
        f"    status: On track\n    updates:\n      - date: {existing}\n        status: On track\n",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text)
    result = cli("update", str(plan), "1.1", "--status", "Done", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    assert [u.date for u in action(plan, "1.1").updates] == [existing, written]


def test_a_duplicated_action_id_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    block = MINIMAL[MINIMAL.index('  - id: "1.1"') :]
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL + block.replace("Do the thing", "Do another thing"))
    before = plan.read_bytes()
    result = cli("update", str(plan), "1.1", "--status", "Done", "--date", "June 2024")
    assert result.exit_code == 2
    assert "action id '1.1' is used by 2 actions" in result.stderr and "lines 26, 36" in result.stderr
    assert plan.read_bytes() == before


def test_dry_run_diff_shows_only_the_change(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL)
    result = cli("update", str(plan), "1.1", "--status", "done", "--date", "1 May 2024", "--dry-run")
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-    status: On track",
        "+    status: Done",
        "+    updates:",
        "+      - date: 1 May 2024",
        "+        status: Done",
    ]
    assert plan.read_text() == MINIMAL


def test_only_the_actions_lines_change_on_every_shipped_plan(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for source in sorted(PLANS.glob("*.yaml")):
        plan = tmp_path / source.name
        shutil.copy(source, plan)
        loaded, _ = load_file(str(plan))
        assert loaded is not None
        middle = len(loaded.plan.actions) // 2
        ident = loaded.plan.actions[middle].id
        first = loaded.at(("actions", middle))[0]
        following = loaded.at(("actions", middle + 1))[0]
        word = next(iter(loaded.plan.statuses), "on track")
        before = plan.read_text().splitlines(keepends=True)
        assert cli("update", str(plan), ident, "--status", word, "--date", "2024-06-30").exit_code == 0
        after = plan.read_text().splitlines(keepends=True)
        grown = len(after) - len(before)
        assert after[: first - 1] == before[: first - 1], source.name
        assert after[following - 1 + grown :] == before[following - 1 :], source.name


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nX\ne\nf\ng\nh\n"),
        ("a\nb\n", "a\nb\nc\n"),
        ("x\n", "y\n"),
        ("".join(f"{n}\n" for n in range(40)), "".join(f"{n if n not in (3, 30) else 'x'}\n" for n in range(40))),
        ("same\n", "same\n"),
    ],
)
def test_the_dry_run_diff_is_the_full_unified_diff(before: str, after: str) -> None:
    import difflib

    from sendplan.edit import Edit

    full = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "f", "f"))
    assert Edit("f", before, after).diff() == full


@pytest.mark.parametrize(
    ("due", "written"),
    [
        ("Nov-23", "30 June 2024"),  # month-only dues: a day in words, never 30/06/2024
        ("30/11/2023", "30/06/2024"),  # dues that name a day: their style
        ("2023-11-30", "2024-06-30"),
    ],
)
def test_with_no_updates_yet_the_day_follows_the_due_dates_or_words(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, due: str, written: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL.replace("    due: Nov-23\n", f"    due: {due}\n"))
    result = cli("update", str(plan), "1.1", "--status", "Done", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    assert [u.date for u in action(plan, "1.1").updates] == [written]
