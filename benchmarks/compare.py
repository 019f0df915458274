"""Compare two checkouts of sendplan on one command, in alternating pairs: wall and CPU time, base against this tree.

    python benchmarks/compare.py --base ../old-checkout --runs 12
    python benchmarks/compare.py --base ../old-checkout -- report benchmarks/out/national-450x100 --as-of 2024-06-30

Both run with this venv's Python and packages, each importing sendplan from its own tree (an editable install's
finder is set aside), so only sendplan's code differs. The cache (benchmarks/out/cache-compare) is emptied before
every run unless the command says --no-cache; the default command is a cold `validate --jobs 2` of the 450-plan set.
On a shared machine whose speed drifts by a third within minutes, the ratio of each pair is what to read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / "out" / "cache-compare"
BOOT = (
    "import sys; sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]; "
    "sys.path.insert(0, sys.argv.pop(1)); from sendplan.cli import app; app(prog_name='sendplan')"
)


def run(tree: Path, command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user and system, the command's processes) of one run from `tree`."""
    extra = [] if "--no-cache" in command else ["--cache-dir", str(CACHE)]
    shutil.rmtree(CACHE, ignore_errors=True)
    before, start = os.times(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BOOT, str(tree), *command, *extra], capture_output=True, text=True)
    wall, after = time.perf_counter() - start, os.times()
    if done.returncode not in (0, 1):
        raise SystemExit(f"{tree}: exit {done.returncode}\n{done.stderr}")
    return wall, after.children_user - before.children_user + after.children_system - before.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (its folder holding sendplan/)")
    parser.add_argument("--runs", type=int, default=10, help="pairs to run (default 10)")
    parser.add_argument("command", nargs="*", help="the sendplan command and its arguments, after --")
    arguments = parser.parse_args()
    command = arguments.command or ["validate", str(ROOT / "benchmarks" / "out" / "national-450x100"), "--jobs", "2"]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(arguments.base / "sendplan"), str(ROOT / "sendplan")])
    times: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
    for number in range(arguments.runs):
        order = ("base", "this") if number % 2 == 0 else ("this", "base")
        for name in order:
            times[name].append(run(arguments.base if name == "base" else ROOT, command))
    for index, what in ((0, "wall"), (1, "CPU")):
        base = [pair[index] for pair in times["base"]]
        this = [pair[index] for pair in times["this"]]
        ratio = statistics.median(t / b for t, b in zip(this, base, strict=True))
        print(
            f"{what}: base median {statistics.median(base):.2f} s, this tree {statistics.median(this):.2f} s; "
            f"this / base, median of {arguments.runs} pairs: {ratio:.3f}"
        )


if __name__ == "__main__":
    main()
