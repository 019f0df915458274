"""Whole answers kept in the cache (overdue, upcoming, crosswalk, report): a warm run reads no plan and imports no
plan model, and any change to the files, the templates or the question asked gives the answer of a fresh run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PLANS, ROOT

AS_OF = ["--as-of", "2024-06-30"]
HEAVY = (
    "pydantic",
    "ruamel.yaml",
    "sendplan.model",
    "sendplan.load",
    "sendplan.dates",
    "sendplan.checks",
    "sendplan.validate",
    "sendplan.overdue",
    "sendplan.parallel",
)


HEAVY += (
    "jinja2",
    "docx",
    "rich",
    "sendplan.crosswalk",
    "sendplan.report",
    "sendplan.render.report",
    "sendplan.render.listing",
)
PROGRAM = (
    "import runpy, sys\n"
    "sys.argv = ['sendplan', *sys.argv[2:], '--cache-dir', sys.argv[1]]\n"
    "try:\n"
    "    runpy.run_module('sendplan', run_name='__main__')\n"
    "except SystemExit as stop:\n"
    "    assert stop.code in (0, None), stop.code\n"
    f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    "command",
    [
        ["overdue", "plans", *AS_OF],
        ["overdue", "plans", *AS_OF, "--owner", "Safeguarding", "--format", "json"],
        ["upcoming", "plans", *AS_OF, "--within", "3m", "--format", "csv"],
        ["crosswalk", "plans", *AS_OF],
        ["crosswalk", "plans", *AS_OF, "--by", "outcomes", "--invert", "--format", "markdown"],
        ["report", "plans", *AS_OF, "--format", "md"],
        ["report", "plans", *AS_OF, "--since", "2024-03-31", "--format", "html"],
        ["report", "plans/hull-2024-27.yaml", *AS_OF, "--format", "md", "--template", "highlight"],
    ],
)
def test_a_warm_answer_imports_no_plan_model_nor_parser_nor_renderer(tmp_path: Path, command: list[str]) -> None:
    run = [sys.executable, "-c", PROGRAM, str(tmp_path / "cache"), *command]
    cold = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True)
    warm = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "sendplan.model" in cold.stderr, "the cold run should have read the plans"
    assert warm.stdout == cold.stdout and warm.stdout.strip()
    assert warm.stderr.strip().splitlines()[-1] == "[]"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    copy = tmp_path / "plans"
    shutil.copytree(PLANS, copy)
    return copy


@pytest.fixture
def both(cli, tmp_path):  # type: ignore[no-untyped-def]
    """Run a command through the cache and afresh; give both results' (exit code, stdout, stderr)."""
    cache = str(tmp_path / "cache")

    def run(*args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
        kept, fresh = cli(*args, "--cache-dir", cache), cli(*args, "--no-cache")
        return (kept.exit_code, kept.stdout, kept.stderr), (fresh.exit_code, fresh.stdout, fresh.stderr)

    return run


def test_a_warm_answer_reads_no_plan(cli, plans, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from sendplan import parallel

    cache = ["--cache-dir", str(tmp_path / "cache")]
    for command in (
        ["overdue", str(plans), *AS_OF],
        ["upcoming", str(plans), *AS_OF, "--within", "3m"],
        ["crosswalk", str(plans), *AS_OF, "--by", "priorities"],
        ["report", str(plans), *AS_OF, "--format", "md"],
    ):
        cold = cli(*command, *cache)
        monkeypatch.setattr(parallel, "load_files", lambda *a, **k: pytest.fail("a warm answer read the plans"))
        warm = cli(*command, *cache)
        monkeypatch.undo()
        assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)


def test_an_edited_or_removed_file_gives_the_fresh_answer(both, plans):  # type: ignore[no-untyped-def]
    command = ["overdue", str(plans), *AS_OF]
    before, fresh = both(*command)
    assert before == fresh and "Nov-23" in fresh[1]
    hull = plans / "hull-2024-27.yaml"
    hull.write_text(hull.read_text(encoding="utf-8").replace("due: Nov-23", "due: Nov-25", 1), encoding="utf-8")
    kept, fresh = both(*command)
    assert kept == fresh and kept != before
    (plans / "york-2023-25.yaml").unlink()
    kept, fresh = both(*command)
    assert kept == fresh and "york-2023-25" not in fresh[1]


@pytest.mark.parametrize(
    "variant",
    [
        ["--as-of", "2023-12-31"],
        ["--as-of", "March 2025"],
        [*AS_OF, "--owner", "Safeguarding"],
        [*AS_OF, "--plan", "york-2023-25"],
        [*AS_OF, "--status", "not recorded"],
        [*AS_OF, "--priority", "1"],
        [*AS_OF, "--owner", "nobody at all"],  # names nothing: an error, never kept
    ],
)
def test_another_question_gives_the_fresh_answer(both, plans, variant):  # type: ignore[no-untyped-def]
    first, _ = both("overdue", str(plans), *AS_OF)
    for command in (["overdue", str(plans), *variant], ["upcoming", str(plans), *variant, "--within", "6w"]):
        for _ in range(2):  # cold, then warm
            kept, fresh = both(*command)
            assert kept == fresh
    if variant[:2] != AS_OF or len(variant) > 2:
        kept, _ = both("overdue", str(plans), *variant)
        assert kept != first


def test_upcoming_windows_are_answered_apart(both, plans):  # type: ignore[no-untyped-def]
    for window in (["--within", "30d"], ["--within", "3m"], ["--until", "2025-03-31"], ["--within", "3m"]):
        kept, fresh = both("upcoming", str(plans), *AS_OF, *window)
        assert kept == fresh


def test_a_left_out_file_still_fails_warm(both, plans):  # type: ignore[no-untyped-def]
    (plans / "broken.yaml").write_text("plan:\n  id: x\n  title: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        kept, fresh = both("overdue", str(plans), *AS_OF)
        assert kept == fresh and fresh[0] == 2 and "broken.yaml" in fresh[2]


@pytest.mark.parametrize(
    "variant",
    [
        [],
        ["--by", "outcomes"],
        ["--by", "priorities", "--invert"],
        ["--by", "sources", "--format", "csv"],
        ["--format", "json"],
        ["--format", "markdown", "--invert"],
        ["--fail-on-gaps"],
    ],
)
def test_each_crosswalk_question_is_answered_apart(both, plans, variant):  # type: ignore[no-untyped-def]
    answers = set()
    for as_of in ("2024-06-30", "2023-01-31"):
        for _ in range(2):  # cold, then warm
            kept, fresh = both("crosswalk", str(plans), "--as-of", as_of, *variant)
            assert kept == fresh
        answers.add(kept)
    assert len(answers) == 2 or variant[:1] == ["--by"]  # columns by outcomes and so on may not move with the date


def test_a_crosswalk_follows_an_edited_file(both, plans):  # type: ignore[no-untyped-def]
    before, _ = both("crosswalk", str(plans), *AS_OF)
    hull = plans / "hull-2024-27.yaml"
    hull.write_text(hull.read_text(encoding="utf-8").replace("status: ", "status:  ", 1), encoding="utf-8")
    same, fresh = both("crosswalk", str(plans), *AS_OF)
    assert same == fresh == before  # a space changes the key, not the answer
    text = hull.read_text(encoding="utf-8")
    hull.write_text(text.replace("addresses: [AFI4]", "addresses: [AFI1]", 1), encoding="utf-8")
    kept, fresh = both("crosswalk", str(plans), *AS_OF)
    assert kept == fresh and kept != before


def test_a_plan_naming_one_outside_the_files_given_follows_that_file(both, plans):  # type: ignore[no-untyped-def]
    york = str(plans / "york-2023-25.yaml")  # links into york-wsoa-2020, found beside it
    for command in (["crosswalk", york, *AS_OF], ["report", york, *AS_OF, "--format", "md"]):
        before, fresh = both(*command)
        assert before == fresh
        wsoa = plans / "york-wsoa-2020.yaml"
        original = wsoa.read_text(encoding="utf-8")
        wsoa.write_text(original.replace("title: Leadership &", "title: Renamed &", 1), encoding="utf-8")
        kept, fresh = both(*command)
        assert kept == fresh and kept != before
        wsoa.unlink()
        kept, fresh = both(*command)
        assert kept == fresh and kept[0] == 2 if command[0] == "crosswalk" else kept == fresh
        wsoa.write_text(original, encoding="utf-8")


@pytest.mark.parametrize(
    "variant",
    [
        ["--format", "md"],
        ["--format", "html"],
        ["--format", "md", "--template", "report"],
        ["--format", "html", "--template", "highlight"],
        ["--format", "md", "--since", "2024-03-31"],
        ["--format", "md", "--since", "March 2024"],
    ],
)
def test_each_report_question_is_answered_apart(both, plans, variant):  # type: ignore[no-untyped-def]
    answers = set()
    for as_of in ("2024-06-30", "2024-09-30"):
        for _ in range(2):
            kept, fresh = both("report", str(plans), "--as-of", as_of, *variant)
            assert kept == fresh and kept[0] == 0
        answers.add(kept)
    assert len(answers) == 2


def test_a_word_report_is_kept_byte_for_byte(cli, plans, tmp_path):  # type: ignore[no-untyped-def]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    written = []
    for name, options in (("cold", cache), ("warm", cache), ("fresh", ["--no-cache"])):
        out = tmp_path / f"{name}.docx"
        result = cli("report", str(plans), *AS_OF, "-o", str(out), *options)
        assert result.exit_code == 0, result.stderr
        written.append(out.read_bytes())
    assert written[0] == written[1] == written[2] and written[0].startswith(b"PK")


def test_a_report_follows_its_templates(both, plans, tmp_path):  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine"
    mine.mkdir()
    command = ["report", str(plans), *AS_OF, "--format", "md", "--template", str(mine)]
    ours, fresh = both(*command)
    assert ours == fresh and ours[0] == 0
    (mine / "board.md.j2").write_text(  # a template ours import, now found in the user's folder first
        (ROOT / "templates" / "board.md.j2")
        .read_text(encoding="utf-8")
        .replace("Counting actions", "Ours: counting actions", 1),
        encoding="utf-8",
    )
    kept, fresh = both(*command)
    assert kept == fresh and kept != ours and "Ours: " in kept[1]
    (mine / "highlight.md.j2").write_text("{{ report.subject }} in {{ report.plans|length }} plans\n", encoding="utf-8")
    kept, fresh = both(*command)
    assert kept == fresh and kept[1] == "SEND improvement plans in 3 plans\n"
    (mine / "highlight.md.j2").write_text("{{ report.subject }}: {{ report.plans|length }}\n", encoding="utf-8")
    kept, fresh = both(*command)
    assert kept == fresh and kept[1] == "SEND improvement plans: 3\n"
    (mine / "highlight.md.j2").unlink()
    (mine / "board.md.j2").unlink()
    kept, fresh = both(*command)
    assert kept == fresh == ours


def test_a_report_template_file_and_a_folder_of_that_name_are_told_apart(both, plans, tmp_path):  # type: ignore[no-untyped-def]
    place = tmp_path / "paper"
    place.write_text("{{ report.plans|length }} plans\n", encoding="utf-8")
    command = ["report", str(plans), *AS_OF, "--format", "md", "--template", str(place)]
    kept, fresh = both(*command)
    assert kept == fresh and kept[1] == "3 plans\n"
    place.unlink()
    place.mkdir()  # now a folder: our highlight paper, with nothing of the user's
    kept, fresh = both(*command)
    assert kept == fresh and kept[1].startswith("# SEND improvement plans")


def test_changed_settings_give_the_fresh_report(both, plans):  # type: ignore[no-untyped-def]
    command = ["report", str(plans), *AS_OF, "--format", "md"]
    before, _ = both(*command)
    (plans / "sendplan.toml").write_text('[rules]\nSP306 = "off"\n', encoding="utf-8")
    kept, fresh = both(*command)
    assert kept == fresh
    for command in (["crosswalk", str(plans), *AS_OF], ["overdue", str(plans), *AS_OF]):
        kept, fresh = both(*command)
        assert kept == fresh


def test_the_width_of_the_terminal_is_part_of_a_kept_table(both, plans, monkeypatch):  # type: ignore[no-untyped-def]
    shown = set()
    for columns in ("60", "140", "60"):
        monkeypatch.setenv("COLUMNS", columns)
        kept, fresh = both("overdue", str(plans), *AS_OF)
        assert kept == fresh
        shown.add(kept)
    assert len(shown) == 2


def test_a_file_too_large_to_read_is_never_answered_from_the_cache(both, plans):  # type: ignore[no-untyped-def]
    (plans / "huge.yaml").write_bytes(b"# " + b"x" * (4 * 1024 * 1024) + b"\n")
    for command in (["overdue", str(plans), *AS_OF], ["crosswalk", str(plans), *AS_OF]):
        for _ in range(2):
            kept, fresh = both(*command)
            assert kept == fresh and kept[0] == 2 and "SP007" in kept[2]


def test_file_keys_are_the_keys_of_each_files_bytes(plans, tmp_path):  # type: ignore[no-untyped-def]
    from sendplan.cache import Cache
    from sendplan.files import file_keys, walk_plan_files

    cache = Cache(tmp_path / "cache")
    found, _ = walk_plan_files([str(plans)])
    keys = file_keys(found, cache.key)
    assert keys is not None and list(keys) == found
    assert all(keys[f] == cache.key(f, Path(f).read_bytes()) for f in found)
    (plans / "huge.yaml").write_bytes(b"#" * (4 * 1024 * 1024 + 1))
    assert file_keys([*found, str(plans / "huge.yaml")], cache.key) is None
