"""Writers as real processes: concurrent updates all kept, kills leave the old or the new file, never a mix."""

from __future__ import annotations

import multiprocessing
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sendplan.load import load_file
from sendplan.writefile import stale_temporaries, write_atomically
from tests.conftest import MINIMAL, ROOT

SENDPLAN = [sys.executable, "-m", "sendplan"]
ACTIONS = 20


def many_actions() -> str:
    block = MINIMAL[MINIMAL.index('  - id: "1.1"') :]
    head = MINIMAL[: MINIMAL.index('  - id: "1.1"')]
    return head + "".join(block.replace('"1.1"', f'"1.{n}"') for n in range(1, ACTIONS + 1))


def _update_one(plan: str, number: int, go: Any, results: Any) -> None:
    from sendplan.edit import Change, save
    from sendplan.problems import SendplanError

    go.wait()  # all start at the same moment
    try:
        save(plan, [Change(f"1.{number}", "Done", "1 May 2024")])
        results.put((number, "recorded"))
    except SendplanError as error:
        results.put((number, str(error)))


def test_concurrent_updates_on_different_actions_are_all_kept(tmp_path: Path) -> None:
    """20 processes update 20 actions of one file at once (forked, so the test does not pay 20 start-ups)."""
    import sendplan.edit  # noqa: F401 - imported once, before the fork

    plan = tmp_path / "plan.yaml"
    plan.write_text(many_actions())
    context = multiprocessing.get_context("fork")
    go, results = context.Event(), context.Queue()
    workers = [context.Process(target=_update_one, args=(str(plan), n, go, results)) for n in range(1, ACTIONS + 1)]
    for worker in workers:
        worker.start()
    go.set()
    said = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(30)
    assert said == {n: "recorded" for n in range(1, ACTIONS + 1)}
    loaded, problems = load_file(str(plan))
    assert loaded is not None, problems
    kept = [a.id for a in loaded.plan.actions if a.status == "Done" and [u.status for u in a.updates] == ["Done"]]
    assert len(kept) == ACTIONS  # 20 of 20: none lost
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_two_update_commands_at_once_both_keep_their_update(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(many_actions())
    runs = [
        subprocess.Popen(
            [*SENDPLAN, "update", str(plan), f"1.{n}", "--status", "Done", "--date", "1 May 2024"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    loaded, _ = load_file(str(plan))
    assert loaded is not None
    assert [a.id for a in loaded.plan.actions if a.status == "Done"] == ["1.1", "1.2"]


WRITER = """
import sys
from sendplan.writefile import write_atomically
path, a, b = sys.argv[1], "A" * 400_000 + "\\n", "B" * 400_000 + "\\n"
print("ready", flush=True)
while True:
    write_atomically(path, a)
    write_atomically(path, b)
"""


def writer(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def whole(path: Path) -> bool:
    text = path.read_text()
    return text in ("A" * 400_000 + "\n", "B" * 400_000 + "\n", "old\n")


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    rng = random.Random(9)
    for _ in range(8):
        process = writer(target)
        time.sleep(rng.uniform(0.0, 0.3))
        process.kill()  # SIGKILL: nothing can clean up
        process.wait(30)
        assert whole(target)
    write_atomically(target, "old\n")  # the next write clears what the kills left
    assert stale_temporaries(target) == [] and target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_sigterm_sigint_and_sighup_during_writes_leave_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    rng = random.Random(4)
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP) * 2:
        process = writer(target)
        time.sleep(rng.uniform(0.05, 0.3))
        process.send_signal(number)
        code = process.wait(30)
        assert code != 0  # the signal still ends the process
        assert whole(target)
        assert stale_temporaries(target) == [], f"signal {number} left a temporary file"
