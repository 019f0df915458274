"""The content cache and worker processes: every command gives the same answer cold, warm, from a damaged cache and
in parallel; entries not written by sendplan are never trusted."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, MINIMAL, PLANS, ROOT, dedent

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

AS_OF = ["--as-of", "2024-06-30"]
COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["overdue", *AS_OF],
    ["overdue", *AS_OF, "--format", "json"],
    ["upcoming", *AS_OF, "--within", "3m"],
    ["overdue", *AS_OF, "--format", "csv", "--include-undated"],
    ["crosswalk", *AS_OF],
    ["crosswalk", *AS_OF, "--by", "outcomes", "--format", "json"],
    ["crosswalk", *AS_OF, "--by", "priorities", "--invert"],
    ["crosswalk", *AS_OF, "--by", "sources", "--format", "markdown", "--invert"],
    ["crosswalk", *AS_OF, "--format", "csv", "--fail-on-gaps"],
    ["report", *AS_OF, "--format", "md"],
    ["report", *AS_OF, "--format", "html"],
    ["report", *AS_OF, "--format", "md", "--template", "report", "--since", "2024-03-31"],
    ["report", *AS_OF, "--format", "html", "--template", "highlight"],
]

BROKEN = {  # one file per way a file can fail to be a plan
    "syntax.yaml": "plan:\n  id: x\n  title: [unclosed\n",
    "tabs.yaml": "plan:\n\tid: x\n",
    "empty.yaml": "# nothing here\n",
    "list.yaml": "- a\n- b\n",
    "schema.yaml": MINIMAL.replace("  kind: strategic plan\n", "  kind: a wish list\n").replace(
        "title: Do the thing", "titel: Do the thing"
    ),
    "duplicate.yaml": MINIMAL.replace("  area: Demo\n", "  area: Demo\n  area: Again\n"),
    "alias.yaml": MINIMAL.replace("  area: Demo\n", "  area: &a Demo\n  partnership: *a\n"),
    "good.yaml": MINIMAL.replace("id: demo", "id: good"),
}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The shipped plans, the as-published copies and broken files, and a generated set."""
    invalid = tmp_path_factory.mktemp("invalid")
    for name, text in BROKEN.items():
        (invalid / name).write_text(dedent(text), encoding="utf-8")
    (invalid / "binary.yaml").write_bytes(b"plan:\n  id: \x00\x01\n")
    (invalid / "latin1.yaml").write_bytes(dedent(MINIMAL).replace("Demo plan", "Caf\u00e9 plan").encode("latin-1"))
    generated = tmp_path_factory.mktemp("generated")
    generate(generated, plans=6, actions=15)
    return {
        "shipped": [str(PLANS)],
        "invalid": [str(DATA / "as-published"), str(invalid)],
        "generated": [str(generated)],
    }


def run(cli, command: list[str], paths: list[str], *options: str) -> tuple[int, str, str]:
    result = cli(*command[:1], *paths, *command[1:], *options)
    return result.exit_code, result.stdout, result.stderr


def entries(folder: Path) -> list[Path]:
    """The cache's entries (not its .pruned marker, nor temporary files)."""
    return sorted(p for p in (folder / "entries").rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("corpus", ["shipped", "invalid", "generated"])
def test_every_command_answers_the_same_cold_warm_and_from_a_damaged_cache(cli, corpora, corpus, tmp_path):
    paths = corpora[corpus]
    cache = tmp_path / "cache"
    option = ["--cache-dir", str(cache)]
    fresh = {tuple(c): run(cli, c, paths, "--no-cache") for c in COMMANDS}
    for command in COMMANDS:
        assert run(cli, command, paths, *option) == fresh[tuple(command)], f"cold {command}"
    written = entries(cache)
    assert written, "the cold runs wrote no entries"
    for command in COMMANDS:
        assert run(cli, command, paths, *option) == fresh[tuple(command)], f"warm {command}"
    damages = [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit flipped
        lambda b: b"",  # emptied
        lambda b: b"not a cache entry at all",
    ]
    for index, entry in enumerate(written):
        entry.write_bytes(damages[index % len(damages)](entry.read_bytes()))
    for command in COMMANDS:
        assert run(cli, command, paths, *option) == fresh[tuple(command)], f"damaged {command}"
    (cache / "key").write_bytes(os.urandom(32))  # a new key: every entry is now foreign
    for command in COMMANDS:
        assert run(cli, command, paths, *option) == fresh[tuple(command)], f"foreign {command}"


def test_a_damaged_entry_is_rebuilt(cli, tmp_path):
    cache = tmp_path / "cache"
    cli("validate", str(PLANS), "--cache-dir", str(cache))
    before = {p: p.read_bytes() for p in entries(cache)}
    for path in before:
        path.write_bytes(before[path][:40])
    cli("validate", str(PLANS), "--cache-dir", str(cache))
    assert {p: p.read_bytes() for p in entries(cache)} == before


def test_an_entry_not_signed_by_this_cache_is_never_unpickled(cli, tmp_path):
    cache = tmp_path / "cache"
    cli("overdue", str(PLANS), *AS_OF, "--cache-dir", str(cache))
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    from sendplan.cache import _MAGIC

    for entry in entries(cache):
        entry.write_bytes(_MAGIC + b"\0" * 32 + pickle.dumps(Payload()))
    result = cli("overdue", str(PLANS), *AS_OF, "--cache-dir", str(cache))
    assert result.exit_code == 0
    assert not marker.exists()


def test_a_signed_entry_can_call_no_function_of_sendplan_or_pydantic(tmp_path):
    """A signed entry naming a function (pydantic's import_string would load os.system) is refused, not called."""
    from sendplan.cache import Cache

    marker = tmp_path / "pwned"
    cache = Cache(tmp_path / "cache")
    key = cache.key("p.yaml", b"plan:")
    payload = (
        b"cpydantic._internal._validators\nimport_string\n(S'os:system'\ntR(S'touch " + str(marker).encode() + b"'\ntR."
    )
    cache.put(key, payload)
    assert cache.get(key) is None
    assert not marker.exists()
    for module, name in (("sendplan.writefile", "write_atomically"), ("pydantic_core", "from_json")):
        cache.put(key, f"c{module}\n{name}\n(S'x'\ntR.".encode())
        assert cache.get(key) is None


def test_a_signed_entry_may_hold_only_sendplans_own_classes(tmp_path):
    from sendplan.cache import Cache

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    cache = Cache(tmp_path / "cache")
    key = cache.key("p.yaml", b"plan:")
    cache.put(key, pickle.dumps(Payload()))
    assert cache.get(key) is None
    assert not marker.exists()
    cache.put(key, pickle.dumps((None, [])))
    assert cache.get(key) == (None, [])


def test_a_changed_file_is_read_again(cli, write_plan, tmp_path):
    plan = write_plan(MINIMAL)
    option = ["--cache-dir", str(tmp_path / "cache")]
    assert cli("validate", str(plan), *option).exit_code == 0
    plan.write_text(dedent(MINIMAL).replace("owners: [M.S]", "owners: [Nobody]"), encoding="utf-8")
    result = cli("validate", str(plan), *option)
    assert result.exit_code == 1
    assert "SP201" in result.stdout or "Nobody" in result.stdout


def test_the_cache_sits_beside_the_settings_with_a_gitignore(cli, write_plan, tmp_path, monkeypatch):
    monkeypatch.delenv("SENDPLAN_CACHE_DIR")
    (tmp_path / "sendplan.toml").write_text("ignore = []\n", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    plan = write_plan(MINIMAL, "plans/p.yaml")
    assert cli("validate", str(plan)).exit_code == 0
    folder = tmp_path / ".sendplan_cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert entries(folder)


def test_cache_dir_option_and_variable(cli, write_plan, tmp_path, monkeypatch):
    plan = write_plan(MINIMAL)
    monkeypatch.setenv("SENDPLAN_CACHE_DIR", str(tmp_path / "from-env"))
    cli("validate", str(plan))
    assert entries(tmp_path / "from-env")
    cli("validate", str(plan), "--cache-dir", str(tmp_path / "from-option"))
    assert entries(tmp_path / "from-option")
    cli("validate", str(plan), "--no-cache", "--cache-dir", str(tmp_path / "not-used"))
    assert not (tmp_path / "not-used").exists()


def test_a_cache_that_cannot_be_written_is_passed_over(cli, write_plan, tmp_path):
    plan = write_plan(MINIMAL)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("validate", str(plan), "--cache-dir", str(blocker / "cache"))
    fresh = cli("validate", str(plan), "--no-cache")
    assert (result.exit_code, result.stdout) == (fresh.exit_code, fresh.stdout)
    assert (
        result.stderr
        == f"sendplan: warning: cache folder {blocker / 'cache'}: it cannot be made here; reading without it\n"
    )


@pytest.mark.parametrize("command", [["validate"], ["overdue", "--as-of", "2024-06-30"], ["crosswalk"]])
def test_a_folder_of_other_files_is_never_made_a_cache(cli, write_plan, tmp_path, command):
    """Named as the cache folder, a folder of someone's files gets no `.gitignore` of `*` (which would hide them
    from git): the command says so once and reads without the cache."""
    plan = write_plan(MINIMAL)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli(*command, str(plan), "--cache-dir", str(folder))
    fresh = cli(*command, str(plan), "--no-cache")
    assert (result.exit_code, result.stdout) == (fresh.exit_code, fresh.stdout)
    assert result.stderr.count("sendplan: warning: cache folder") == 1
    assert "not a sendplan cache" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_file_named_as_the_cache_folder_is_reported(cli, write_plan, tmp_path, monkeypatch):
    plan = write_plan(MINIMAL)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SENDPLAN_CACHE_DIR", str(blocker))
    result = cli("validate", str(plan))
    assert result.exit_code == 0
    assert "it is not a folder; reading without it" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_empty_folder_or_an_old_cache_is_used(cli, write_plan, tmp_path):
    plan = write_plan(MINIMAL)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("validate", str(plan), "--cache-dir", str(empty)).stderr == ""
    assert entries(empty)
    assert cli("validate", str(plan), "--cache-dir", str(empty)).stderr == ""  # a cache of ours: no warning


def test_a_warm_read_imports_no_yaml_parser(tmp_path):
    code = (
        "import sys\n"
        "from sendplan.cli import app\n"
        "try:\n"
        "    app(['overdue', 'plans', '--as-of', '2024-06-30'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ruamel.yaml', '_ruamel'))), file=sys.stderr)\n"
    )
    env = {**os.environ, "SENDPLAN_CACHE_DIR": str(tmp_path / "cache")}
    cold = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "ruamel.yaml" in cold.stderr
    assert warm.stderr.strip().splitlines()[-1] == "[]"
    assert warm.stdout == cold.stdout


def test_jobs_give_the_same_answer_as_one_process(cli, corpora, monkeypatch):
    import sendplan.parallel

    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)  # small sets too: the workers must run here
    paths = corpora["generated"] + corpora["invalid"]
    for command in (["validate"], ["overdue", *AS_OF], ["crosswalk", *AS_OF, "--format", "json"]):
        serial = run(cli, command, paths, "--no-cache", "--jobs", "1")
        assert run(cli, command, paths, "--no-cache", "--jobs", "2") == serial
        assert run(cli, command, paths, "--no-cache", "--jobs", "3") == serial


def test_facts_made_in_the_workers_give_the_serial_answer(cli, corpora, monkeypatch, tmp_path):
    """With a cache, the workers also make each file's facts for the checks across plans: the answer cold, warm
    and after an edit is the one a single process gives without the cache."""
    import sendplan.parallel

    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)
    paths = corpora["generated"] + corpora["invalid"] + [str(PLANS)]
    for format in ("text", "json"):
        serial = run(cli, ["validate", "--format", format], paths, "--no-cache", "--jobs", "1")
        for jobs in ("2", "3"):
            folder = str(tmp_path / f"cache-{format}-{jobs}")
            cold = run(cli, ["validate", "--format", format], paths, "--cache-dir", folder, "--jobs", jobs)
            warm = run(cli, ["validate", "--format", format], paths, "--cache-dir", folder, "--jobs", jobs)
            assert cold == serial and warm == serial


def test_workers_fill_the_cache(corpora, tmp_path, monkeypatch):
    import sendplan.parallel
    from sendplan.cache import Cache
    from sendplan.load import find_plan_files
    from sendplan.parallel import Reading, load_files

    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)
    files = find_plan_files(corpora["generated"])
    serial = list(load_files(files))
    parallel = list(load_files(files, Reading(Cache(tmp_path / "cache"), jobs=2)))
    warm = list(load_files(files, Reading(Cache(tmp_path / "cache"), jobs=2)))
    assert len(entries(tmp_path / "cache")) == len(files)
    for one, two, three in zip(serial, parallel, warm, strict=True):
        assert one[1] == two[1] == three[1]
        assert one[0] is not None and two[0] is not None and three[0] is not None
        assert one[0].plan == two[0].plan == three[0].plan
        assert one[0].at(("actions", 3, "due")) == three[0].at(("actions", 3, "due"))


def test_concurrent_runs_share_one_cache(corpora, tmp_path):
    env = {**os.environ, "SENDPLAN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "sendplan", "validate", *corpora["generated"], "--jobs", "1"]
    alone = subprocess.run([*command, "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True)
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [process.communicate()[0] for process in runs]
    assert outputs == [alone.stdout] * 3
    assert [process.returncode for process in runs] == [alone.returncode] * 3
    warm = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert warm.stdout == alone.stdout


def test_an_unchanged_set_is_not_checked_again_and_a_changed_file_alone_is(
    cli, corpora, write_plan, tmp_path, monkeypatch
):
    import sendplan.checks
    import sendplan.facts

    option = ["--cache-dir", str(tmp_path / "cache")]
    first = cli("validate", *corpora["generated"], *option)
    checked: list[str] = []
    alone = sendplan.facts.check_alone

    def counted(lp, as_of=None):
        checked.append(lp.file)
        return alone(lp, as_of)

    def refuse(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(sendplan.checks, "run_checks", refuse)
    monkeypatch.setattr(sendplan.facts, "check_alone", counted)
    again = cli("validate", *corpora["generated"], *option)
    assert (again.exit_code, again.stdout, checked) == (first.exit_code, first.stdout, [])
    plan = write_plan(MINIMAL)
    changed = cli("validate", *corpora["generated"], str(plan), *option)
    assert checked == [str(plan)]  # the other files' facts come from the cache
    monkeypatch.undo()
    assert run(cli, ["validate"], [*corpora["generated"], str(plan)], "--no-cache")[:2] == (
        changed.exit_code,
        changed.stdout,
    )


# A change in one file that makes or clears a problem in another: (file changed, old text, new text).
CROSS_CHANGES = [
    ("c-other.yaml", "id: other", "id: wsoa"),  # a second wsoa: SP216 in c-other, and york's refs go to a-wsoa
    ("a-wsoa.yaml", "id: wsoa", "id: gone"),  # york's qualified references now name a plan not there (SP208)
    ("a-wsoa.yaml", "id: AFI1", "id: AFI9"),  # york's wsoa:AFI1 no longer exists (SP207)
    ("a-wsoa.yaml", "id: safe", "id: safer"),  # york's wsoa:safe no longer exists (SP206)
    ("b-york.yaml", "addresses: [AFI1, wsoa:AFI1]", "addresses: [wsoa:AFI1]"),  # york's own AFI1 unaddressed
    ("b-york.yaml", "outcomes: [safe, wsoa:safe]", "outcomes: [safe]"),  # wsoa's outcome served by no one (SP213)
    ("b-york.yaml", 'priority: "1"', 'priority: "wsoa:9"'),  # a priority wsoa lacks (SP205)
    ("c-other.yaml", "id: other", "id: york"),  # york's id twice (SP216)
]


def _cross_set(folder: Path) -> None:
    """Three plans; york's actions also address wsoa's finding and serve its outcome; wsoa's own action does not."""
    wsoa = dedent(MINIMAL).replace("id: demo", "id: wsoa").replace("    addresses: [AFI1]\n", "")
    wsoa = wsoa.replace("    outcomes: [safe]\n", "")
    york = dedent(MINIMAL).replace("id: demo", "id: york").replace("addresses: [AFI1]", "addresses: [AFI1, wsoa:AFI1]")
    york = york.replace("outcomes: [safe]", "outcomes: [safe, wsoa:safe]")
    other = dedent(MINIMAL).replace("id: demo", "id: other")
    for name, text in {"a-wsoa.yaml": wsoa, "b-york.yaml": york, "c-other.yaml": other}.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("backwards", [False, True], ids=["makes", "clears"])
@pytest.mark.parametrize(("name", "old", "new"), CROSS_CHANGES)
def test_one_file_changed_gives_the_answer_of_a_cold_run(cli, tmp_path, name, old, new, backwards):
    """One file changes, the others' facts come from the cache: the problems the change makes (or, backwards,
    clears) in OTHER files are those of a run without the cache."""
    folder = tmp_path / "plans"
    folder.mkdir()
    _cross_set(folder)
    path = folder / name
    first = path.read_text(encoding="utf-8")
    assert old in first, (name, old)
    second = first.replace(old, new)
    if backwards:
        first, second = second, first
    commands = (["validate"], ["validate", "--format", "json"], ["overdue", *AS_OF])
    option = ["--cache-dir", str(tmp_path / "cache")]
    path.write_text(first, encoding="utf-8")
    before = [run(cli, command, [str(folder)], "--no-cache") for command in commands]
    assert [run(cli, command, [str(folder)], *option) for command in commands] == before
    path.write_text(second, encoding="utf-8")
    after = [run(cli, command, [str(folder)], "--no-cache") for command in commands]
    assert after[0] != before[0]  # the change shows in validate's answer
    assert [run(cli, command, [str(folder)], *option) for command in commands] == after
    assert [run(cli, command, [str(folder)], *option) for command in commands] == after  # warm


def test_the_partial_reading_kept_in_the_cache_serves_whole_file_readers() -> None:
    """The cache keeps validate's partial reading; other commands take it as a whole-file reading: the two agree."""
    from sendplan.load import load_bytes
    from sendplan.parallel import _whole

    files = sorted((ROOT / "tests" / "data").rglob("*.yaml")) + sorted(PLANS.rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        data = path.read_bytes()
        whole, partial = load_bytes(data, str(path), False), _whole(load_bytes(data, str(path), True))
        assert (whole[0] is None, whole[1]) == (partial[0] is None, partial[1]), path
        assert whole[0] is None or partial[0] is not None and whole[0].plan == partial[0].plan, path


def test_a_changed_source_file_leaves_old_entries_unused(tmp_path: Path) -> None:
    """The fingerprint follows each source file's size and modification time: an edit to sendplan's code makes
    every key new, so entries made by the old code are never read."""
    import sendplan.problems
    from sendplan.cache import Cache

    source = Path(sendplan.problems.__file__)
    before = Cache(tmp_path).fingerprint
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        assert Cache(tmp_path).fingerprint != before
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert Cache(tmp_path).fingerprint == Cache(tmp_path).fingerprint  # the same files: the same fingerprint
    before = Cache(tmp_path).fingerprint
    # Rewritten with the same size and its modification time put back (as `touch -r` would): still new.
    source.write_bytes(source.read_bytes())
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_mtime_ns == stat.st_mtime_ns
    assert Cache(tmp_path).fingerprint != before


def test_problems_kept_makes_once_and_then_reads(tmp_path):
    from sendplan.cache import Cache, problems_kept
    from sendplan.problems import Problem

    cache = Cache(tmp_path / "cache")
    made: list[int] = []
    problem = Problem("p.yaml", 3, 4, "SP201", "owner 'X' is not in the plan", "add it")

    def make() -> list[Problem]:
        made.append(1)
        return [problem]

    key = cache.key("<test>", b"x")
    assert problems_kept(cache, key, make) == [problem]
    assert problems_kept(cache, key, make) == [problem]
    assert made == [1]
    assert problems_kept(None, key, make) == [problem] and problems_kept(cache, None, make) == [problem]
    assert made == [1, 1, 1]  # without a cache or a key, made every time
    cache.put(key, pickle.dumps(["not a problem"]))  # a signed entry of another shape: made again and kept
    assert problems_kept(cache, key, make) == [problem]
    assert made == [1, 1, 1, 1]
    assert cache.get(key) == [problem]


def test_validate_after_another_command_gives_the_serial_answer(cli, corpora, monkeypatch, tmp_path):
    """Another command kept the readings; validate then makes each file's facts from them, in the workers too."""
    import sendplan.parallel

    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)
    paths = corpora["generated"] + corpora["invalid"] + [str(PLANS)]
    serial = run(cli, ["validate", "--format", "json"], paths, "--no-cache", "--jobs", "1")
    option = ["--cache-dir", str(tmp_path / "cache"), "--jobs", "2"]
    run(cli, ["overdue", *AS_OF], paths, *option)
    assert run(cli, ["validate", "--format", "json"], paths, *option) == serial


DAY = 24 * 60 * 60


def _age(path: Path, days: float) -> None:
    when = path.stat().st_mtime - days * DAY
    os.utime(path, (when, when))


def test_entries_unused_for_a_month_are_pruned_by_a_run_that_writes(cli, write_plan, tmp_path):
    """Old versions of edited plans and entries of an older sendplan do not pile up: a run that writes to the cache
    removes, at most once a day, what no run has used for KEEP_DAYS, and temporary files left a day ago."""
    from sendplan.cache import KEEP_DAYS

    plan = write_plan(MINIMAL)
    folder = tmp_path / "cache"
    option = ["--cache-dir", str(folder)]
    assert cli("validate", str(plan), *option).exit_code == 0
    kept = entries(folder)
    assert kept and (folder / "entries" / ".pruned").exists()
    old = folder / "entries" / "ab" / ("ab" + "0" * 38)
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"an entry of last year")
    _age(old, KEEP_DAYS + 1)
    recent = folder / "entries" / "ab" / ("ab" + "1" * 38)
    recent.write_bytes(b"an entry used last week")
    _age(recent, KEEP_DAYS - 7)
    left = folder / "entries" / "ab" / ".ab000000-x1y2z3"  # a stopped run's temporary file
    left.write_bytes(b"half an entry")
    _age(left, 2)

    plan.write_text(dedent(MINIMAL) + "# edited\n", encoding="utf-8")  # a run that writes: but pruned today already
    assert cli("validate", str(plan), *option).exit_code == 0
    assert old.exists() and left.exists()

    _age(folder / "entries" / ".pruned", 1.5)
    plan.write_text(dedent(MINIMAL) + "# edited again\n", encoding="utf-8")
    assert cli("validate", str(plan), *option).exit_code == 0
    assert not old.exists() and not left.exists()
    assert recent.exists() and all(path.exists() for path in kept)
    assert (folder / "entries" / ".pruned").stat().st_mtime > recent.stat().st_mtime + DAY


def test_reading_an_entry_marks_it_used(tmp_path):
    """An entry read is kept fresh (its time of last use set, at most once a day), so pruning takes only the unused."""
    from sendplan.cache import Cache

    cache = Cache(tmp_path / "cache")
    key = cache.key("<test>", b"x")
    cache.put(key, pickle.dumps(["kept"]))
    (path,) = entries(tmp_path / "cache")
    _age(path, 10)
    before = path.stat().st_mtime
    assert cache.get(key) == ["kept"]
    assert path.stat().st_mtime > before + 9 * DAY  # used now
    _age(path, 0.5)
    half_a_day_ago = path.stat().st_mtime
    assert cache.get(key) == ["kept"]
    assert path.stat().st_mtime == half_a_day_ago  # a read within the day writes nothing


def test_a_deleted_gitignore_is_put_back_by_the_next_run(cli, write_plan, tmp_path):
    """Without it git would offer to commit the cache's key and entries."""
    plan = write_plan(MINIMAL)
    folder = tmp_path / "cache"
    option = ["--cache-dir", str(folder)]
    assert cli("validate", str(plan), *option).exit_code == 0
    (folder / ".gitignore").unlink()
    (folder / "CACHEDIR.TAG").unlink()
    assert cli("validate", str(plan), *option).exit_code == 0  # warm: nothing to write but the .gitignore
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: ")


def test_a_cache_makes_each_of_its_folders_once_and_again_when_it_is_deleted(tmp_path, monkeypatch):
    """A folder made costs as much as an entry written: a run makes each folder of entries once, into at most 16
    of them, and makes one again when it was removed meanwhile (someone emptying the cache), losing no entry."""
    from sendplan.cache import Cache

    (tmp_path / "cache" / "entries").mkdir(parents=True)  # pathlib's parents=True would call mkdir twice over
    made: list[Path] = []
    real = Path.mkdir

    def counted(self, *args, **kwargs):
        made.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", counted)
    cache = Cache(tmp_path / "cache")
    keys = [f"{first}{n:039x}" for first in "a0f" for n in range(5)]
    for key in keys:
        cache.put(key, pickle.dumps([key]))
    folders = [p for p in made if p.parent.name == "entries"]
    assert sorted(folders) == sorted((tmp_path / "cache" / "entries" / first) for first in "a0f")
    assert {p.parent.name for p in entries(tmp_path / "cache")} == {"a", "0", "f"}
    shutil.rmtree(tmp_path / "cache" / "entries" / "a")
    cache.put(keys[0], pickle.dumps(["again"]))
    assert cache.get(keys[0]) == ["again"]
    assert all(cache.get(key) == [key] for key in keys if not key.startswith("a"))


def test_a_cold_run_reads_each_plan_file_once(cli, corpora, tmp_path, monkeypatch):
    """The bytes read to name a file's cache entry are the ones parsed: no file is read twice in a run, in this
    process (the workers are sent the bytes), by validate or by a command that first looks for a kept answer."""
    import sendplan.files
    import sendplan.parallel

    read: list[str] = []
    real = sendplan.files.read_plan_bytes

    def counted(file, *args, **kwargs):
        read.append(file)
        return real(file, *args, **kwargs)

    monkeypatch.setattr(sendplan.files, "read_plan_bytes", counted)
    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)
    option = ["--cache-dir", str(tmp_path / "cache")]
    for command in (["validate"], ["report", *AS_OF, "-f", "md"], ["overdue", *AS_OF], ["crosswalk", *AS_OF]):
        for jobs in ("1", "2"):
            read.clear()
            cold = cli(command[0], *corpora["generated"], *command[1:], *option, "--jobs", jobs)
            assert sorted(read) == sorted(set(read)) and len(read) == 6, (command, jobs)
            assert cold.stdout == cli(command[0], *corpora["generated"], *command[1:], "--no-cache").stdout
            shutil.rmtree(tmp_path / "cache")


def test_a_run_over_one_plan_keeps_what_the_cache_knows_of_the_others(cli, corpora, tmp_path, monkeypatch):
    """The facts of every file checked through a cache are kept together: after a plan is edited and validated
    alone, validating the whole set again checks nothing again, and answers as a cold run does."""
    import sendplan.facts

    folder = tmp_path / "set"
    shutil.copytree(corpora["generated"][0], folder)
    option = ["--cache-dir", str(tmp_path / "cache")]
    cli("validate", str(folder), *option)
    edited = sorted(folder.glob("*.yaml"))[4]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    checked: list[str] = []
    alone = sendplan.facts.check_alone

    def counted(lp, as_of=None):
        checked.append(lp.file)
        return alone(lp, as_of)

    monkeypatch.setattr(sendplan.facts, "check_alone", counted)
    cli("validate", str(edited), *option)
    assert checked == [str(edited)]
    checked.clear()
    again = cli("validate", str(folder), *option)
    assert checked == []
    cold = cli("validate", str(folder), "--no-cache")
    assert (again.exit_code, again.stdout) == (cold.exit_code, cold.stdout)


def test_what_puts_each_plan_in_doubt_is_kept_in_one_entry_and_checked_again_only_for_a_changed_file(
    cli, tmp_path, monkeypatch
):
    import sendplan.validate

    generate(tmp_path / "plans", plans=4, actions=5)
    checked: list[str] = []
    found = sendplan.validate._doubts_found
    monkeypatch.setattr(sendplan.validate, "_doubts_found", lambda lp: checked.append(lp.file) or found(lp))
    option = ["--cache-dir", str(tmp_path / "cache"), "--jobs", "1"]
    first = cli("overdue", str(tmp_path / "plans"), "--as-of", "2024-06-30", *option)
    assert len(checked) == 4
    assert len(entries(tmp_path / "cache")) == 4 + 3  # each reading, the doubts of the set, the list and its text
    checked.clear()
    again = cli("overdue", str(tmp_path / "plans"), "--as-of", "2024-07-31", *option)  # a new answer, no new doubts
    assert checked == [] and again.exit_code == first.exit_code
    edited = tmp_path / "plans" / "synthetic-0002.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert cli("overdue", str(tmp_path / "plans"), "--as-of", "2024-06-30", *option).stdout == first.stdout
    assert checked == [str(edited)]


def test_a_cache_folder_the_user_named_that_cannot_be_written_is_said_once(cli, tmp_path, monkeypatch):
    import sendplan.cache

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sendplan.cache, "_write_atomic", refuse)
    named = cli("overdue", str(PLANS), *AS_OF, "--cache-dir", str(tmp_path / "cache"))
    fresh = cli("overdue", str(PLANS), *AS_OF, "--no-cache")
    assert named.stdout == fresh.stdout and named.exit_code == fresh.exit_code
    warning = f"sendplan: warning: cache folder {tmp_path / 'cache'}: it cannot be written (Permission denied); "
    warning += "read without it\n"
    assert named.stderr == fresh.stderr + warning
    monkeypatch.chdir(tmp_path)  # the cache in its usual place, not named: a read-only checkout reads quietly
    monkeypatch.delenv("SENDPLAN_CACHE_DIR", raising=False)
    shutil.copytree(PLANS, tmp_path / "plans")
    quiet = cli("overdue", "plans", *AS_OF)
    assert quiet.stdout and "warning" not in quiet.stderr
