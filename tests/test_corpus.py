"""The hostile corpus: every command over every bad plan in tests/data/invalid/ gives its finding, never a crash.

Each file is named CODE-LLINE-what.yaml: `validate` must report CODE on line LINE. Files too big to commit
(20 MB) and special files (FIFO, link loop, link to a device) are made here at run time. Time and memory are
bounded in a subprocess with resource limits for the files that would blow up a careless reader.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, MINIMAL, ROOT
from tests.every_command import run_every

CORPUS = DATA / "invalid"
FILES = sorted(CORPUS.glob("*.yaml"))
NAME = re.compile(r"^(SP\d{3})-L(\d+)-[a-z0-9-]+\.yaml$")
READ_STAGE = ("SP0", "SP1")  # findings that stop a file being read: every other command must refuse it (exit 2)
SECONDS = 5.0  # per command, on a slow shared machine; a sane run takes a few hundredths


def test_the_corpus_is_large_and_every_file_is_named_for_its_finding() -> None:
    assert len(FILES) >= 100
    for path in FILES:
        assert NAME.match(path.name), path.name


def _check(path: Path, code: str, line: int, work: Path) -> None:
    for outcome in run_every(path, work):
        assert not outcome.broke, (path.name, outcome.command, outcome.output)
        if outcome.command == "validate":
            assert outcome.exit_code == 1, (path.name, outcome.output)
            assert re.search(rf"{re.escape(path.name)}:{line}:\d+: {code} ", outcome.output), (
                path.name,
                outcome.output,
            )
        elif code.startswith(READ_STAGE):
            assert outcome.exit_code == 2, (path.name, outcome.command, outcome.output)
            assert path.name in outcome.output or "update-copy" in outcome.output, (outcome.command, outcome.output)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_command_gives_the_finding_and_never_breaks(path: Path, tmp_path: Path) -> None:
    match = NAME.match(path.name)
    assert match
    started = time.monotonic()
    _check(path, match[1], int(match[2]), tmp_path)
    assert time.monotonic() - started < 6 * SECONDS


def _special_files(folder: Path) -> dict[str, Path]:
    made = {}
    fifo = folder / "pipe.yaml"
    os.mkfifo(fifo)
    made["a named pipe (FIFO)"] = fifo
    loop = folder / "loop.yaml"
    loop.symlink_to(loop)
    made["a link that loops"] = loop
    zero = folder / "zero.yaml"
    zero.symlink_to("/dev/zero")
    made["a device"] = zero
    nowhere = folder / "nowhere.yaml"
    nowhere.symlink_to(folder / "missing.yaml")
    made["no such file"] = nowhere
    return made


def test_special_files_are_refused_by_every_command(tmp_path: Path) -> None:
    for why, path in _special_files(tmp_path).items():
        for outcome in run_every(path, tmp_path):
            assert not outcome.broke, (path.name, outcome.command, outcome.output)
            assert outcome.exit_code == 2, (path.name, outcome.command, outcome.output)
            assert path.name in outcome.output, (path.name, outcome.command, outcome.output)
            if outcome.command == "validate":
                assert why in outcome.output, outcome.output


def test_a_folder_holding_special_files_names_each(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    made = _special_files(plans)
    for outcome in run_every(plans, tmp_path):
        if outcome.command == "update":
            continue  # update takes one file
        assert outcome.exit_code == 2 and not outcome.broke, (outcome.command, outcome.output)
        for path in made.values():
            assert path.name in outcome.output, (outcome.command, path.name, outcome.output)


_BOUNDED = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
from pathlib import Path
from tests.every_command import run_every
results = []
for name in sys.argv[1:]:
    started = time.monotonic()
    for outcome in run_every(Path(name), Path({work!r})):
        results.append([name, outcome.command, outcome.exit_code, outcome.broke, outcome.output[-4000:]])
    results.append([name, "seconds", time.monotonic() - started, False, ""])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({{"results": results, "peak_mb": peak}}))
"""
MEMORY = 1024 * 1024 * 1024  # address space for the whole run: sendplan's imports take about 150 MB of it


def test_big_and_deep_files_stay_within_time_and_memory(tmp_path: Path) -> None:
    big = tmp_path / "SP007-L1-twenty-megabytes.yaml"
    with big.open("w", encoding="utf-8") as stream:
        stream.write(MINIMAL)
        filler = "  - id: x\n    title: " + "y" * 80 + "\n"
        stream.write(filler * (20 * 1024 * 1024 // len(filler)))
    just_over = tmp_path / "SP007-L1-just-over-the-limit.yaml"
    just_over.write_text("a: " + "b" * (4 * 1024 * 1024) + "\n", encoding="utf-8")
    names = [
        str(big),
        str(just_over),
        *(str(CORPUS / name) for name in sorted(os.listdir(CORPUS)) if "deep" in name or "alias-bomb" in name),
    ]
    script = _BOUNDED.format(memory=MEMORY, cpu=120, work=str(tmp_path))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["peak_mb"] < MEMORY // 1024 // 1024
    for name, command, code, broke, output in report["results"]:
        if command == "seconds":
            assert code < 6 * SECONDS, (name, code)
            continue
        assert not broke and code in (1, 2), (name, command, code, output)
        if command == "validate":
            expected = NAME.match(Path(name).name)
            assert expected and f"{expected[1]} " in output, (name, output)
    assert time.monotonic() - started < 120
