"""Ctrl-C: a run ends with one line and exit code 130, never a traceback, whether it is reading in worker processes,
reading alone or still starting up, and leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def big_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 4 MB of plans: twice PARALLEL_BYTES, so that --jobs starts workers, and a few seconds' reading."""
    folder = tmp_path_factory.mktemp("interrupt") / "plans"
    generate(folder, plans=60, actions=120)
    assert sum(f.stat().st_size for f in folder.iterdir()) > 3_500_000
    return folder


def _stat(pid: str) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, parent, group = text.rsplit(")", 1)[1].split()[:3]
    return state, int(parent), int(group)


def _processes(where) -> list[int]:
    """The live (not zombie) processes whose (state, parent, group) pass `where`."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit() and (stat := _stat(pid)) is not None and stat[0] != "Z" and where(*stat):
            found.append(int(pid))
    return found


def _interrupt(command: list[str], after, settle: float) -> tuple[subprocess.Popen[bytes], str, float]:
    """Run sendplan in a session of its own, wait until `after(pid)`, then `settle` seconds more, and press Ctrl-C
    (SIGINT to the whole process group, as a terminal sends it); the process, its stderr and how long it took to
    end after the Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if k != "SENDPLAN_PARALLEL_BYTES"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sendplan", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 15
        while not after(process.pid):
            assert process.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline, "the run never reached the point to interrupt it at"
            time.sleep(0.005)
        time.sleep(settle)
        assert process.poll() is None, "the run ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        pressed = time.monotonic()
        _, stderr = process.communicate(timeout=20)
        return process, stderr.decode(), time.monotonic() - pressed
    finally:
        if process.poll() is None:  # hung: end it, so the test fails without leaving it behind
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def _workers(pid: int) -> bool:
    """Whether the run has started (at least two of) its worker processes."""
    return len(_processes(lambda state, parent, group: parent == pid)) >= 2


def _left_in_group(group_id: int) -> list[int]:
    """The processes of the run's group still alive, given a moment to go."""
    deadline = time.monotonic() + 2
    while (left := _processes(lambda state, parent, group: group == group_id)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


# settle 0: the Ctrl-C comes as the workers are forked, before they could have set it aside; 0.3: while they read.
@pytest.mark.parametrize("settle", [0.0, 0.3])
def test_ctrl_c_while_workers_read_ends_the_run_and_the_workers_at_once(big_set, tmp_path, settle):
    output = tmp_path / "paper.html"
    command = ["report", str(big_set), "--as-of", "2025-01-01", "-j8", "--no-cache", "-o", str(output)]
    process, stderr, took = _interrupt(command, _workers, settle)
    assert "Traceback" not in stderr
    assert stderr == "sendplan: interrupted\n"
    assert process.returncode == 130
    assert took < 10
    assert _left_in_group(process.pid) == []
    assert not output.exists()


def test_ctrl_c_in_a_serial_read_ends_the_same_way(big_set, tmp_path):
    output = tmp_path / "paper.html"
    command = ["report", str(big_set), "--as-of", "2025-01-01", "-j1", "--no-cache", "-o", str(output)]
    started = time.monotonic()
    process, stderr, _ = _interrupt(command, lambda pid: time.monotonic() - started > 0.6, 0)
    assert stderr == "sendplan: interrupted\n"
    assert process.returncode == 130
    assert not output.exists()


# A Ctrl-C while Python imports typer (most of the start-up), made to come at that moment: a finder ahead of
# Python's own sends the signal when `typer` is looked for. Run as `python -m sendplan` and as the `sendplan` script
# (which imports sendplan.cli itself).
STARTS = {
    "module": "import runpy; sys.argv = ['sendplan', 'validate', 'plans']; runpy.run_module('sendplan', run_name='__main__')",
    "script": "sys.argv = ['sendplan', 'validate', 'plans']; from sendplan.cli import app; sys.exit(app())",
}


@pytest.mark.parametrize("start", sorted(STARTS))
def test_ctrl_c_while_starting_up_shows_no_traceback(start):
    _ends_interrupted(_when_imported("typer", "os.kill(os.getpid(), signal.SIGINT)", STARTS[start]))


# A Ctrl-C that lands while Python runs a __del__ (or a weakref callback: an import's module lock) raises
# KeyboardInterrupt where Python can only print "Exception ignored in ..." and carry on, so the run went on as if
# no Ctrl-C had come. Made to come there: an object whose __del__ sends the signal is dropped as the command imports
# the plan reader, midway through the run.
@pytest.mark.parametrize("start", sorted(STARTS))
def test_ctrl_c_that_python_would_swallow_still_ends_the_run(start):
    bomb = (
        "class Bomb:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        for _ in range(1000): pass\n"
    )
    start_up = STARTS[start].replace("'plans'", "'plans', '--as-of', '2025-01-01', '--no-cache'")
    _ends_interrupted(bomb + _when_imported("sendplan.load", "Bomb()", start_up))


def _ends_interrupted(program: str) -> None:
    """Run `program` in a Python of its own: it ends as an interrupted run, one line and exit 130, nothing else
    (no traceback, no "Exception ignored", no output)."""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stderr == "sendplan: interrupted\n"
    assert result.returncode == 130
    assert result.stdout == ""


def _when_imported(module: str, action: str, start: str) -> str:
    """A program that runs `start` with `action` done once, the moment `module` is first looked for (by a finder
    ahead of Python's own)."""
    return (
        "import os, signal, sys\n"
        "class Press:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r}:\n"
        "            sys.meta_path.remove(self)\n"
        f"            {action}\n"
        "        return None\n"
        f"sys.meta_path.insert(0, Press())\n{start}\n"
    )
