"""Time sendplan commands as whole processes, repeated, and print a Markdown table for docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generate import generate, tracker

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def timed(command: list[str], runs: int) -> tuple[float, float, int]:
    """Median and best wall time in seconds of `runs` runs (after one warm-up), and the exit code."""
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        code = result.returncode
    return statistics.median(times), min(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="only the shipped plans")
    arguments = parser.parse_args()
    sendplan = shutil.which("sendplan", path=str(Path(sys.executable).parent)) or "sendplan"
    cases = [
        ("overdue, 3 shipped plans", [sendplan, "overdue", "plans", "--as-of", "2024-06-30"]),
        ("validate, 3 shipped plans", [sendplan, "validate", "plans"]),
        ("fmt --check, shipped plans", [sendplan, "fmt", "plans", "tests/data/valid", "--check"]),
        ("--version (start-up)", [sendplan, "--version"]),
        ("chase, 3 shipped plans", [sendplan, "chase", "plans", "--as-of", "2024-06-30", "-o", str(OUT / "chase")]),
        ("diff HEAD~1 against the working tree, 3 shipped plans", [sendplan, "diff", "HEAD~1", "plans"]),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    sheet = OUT / "tracker-100.xlsx"
    imap = tracker(sheet, rows=100)
    cases.append(
        (
            "import, 100-row xlsx tracker",
            [sendplan, "import", str(sheet), "--map", str(imap), "-o", str(OUT / "t.yaml")],
        )
    )
    if not arguments.quick:
        national = OUT / "national-150x100"  # 15,000 actions in 150 plans of 100 (8.9 MB of YAML)
        if not national.exists():
            generate(national, plans=150, actions=100)
        cases += [
            ("validate, 150 plans x 100 actions", [sendplan, "validate", str(national)]),
            ("overdue, 150 plans x 100 actions", [sendplan, "overdue", str(national), "--as-of", "2024-06-30"]),
        ]

        def has(command: str) -> bool:
            return subprocess.run([sendplan, command, "--help"], capture_output=True).returncode == 0

        if has("crosswalk"):
            json_args = ["--format", "json", "--as-of", "2024-06-30"]
            cases.append(("crosswalk json, 3 shipped plans", [sendplan, "crosswalk", "plans", *json_args]))
        if has("report"):
            html = ["--format", "html", "--as-of", "2024-06-30", "-o"]
            cases += [
                ("report html, 3 shipped plans", [sendplan, "report", "plans", *html, str(OUT / "r.html")]),
                ("report html, 15,000 actions", [sendplan, "report", str(national), *html, str(OUT / "big.html")]),
            ]
            docx = ["--as-of", "2024-06-30", "-o"]
            full = ["--template", "report", *docx]
            cases += [
                ("report docx highlight, 3 shipped plans", [sendplan, "report", "plans", *docx, str(OUT / "r.docx")]),
                ("report docx full, 3 shipped plans", [sendplan, "report", "plans", *full, str(OUT / "rf.docx")]),
                (
                    "report docx highlight, 15,000 actions",
                    [sendplan, "report", str(national), *docx, str(OUT / "b.docx")],
                ),
                ("report docx full, 15,000 actions", [sendplan, "report", str(national), *full, str(OUT / "bf.docx")]),
            ]
        if has("export"):
            cases.append(
                ("export xlsx, 15,000 actions", [sendplan, "export", str(national), "-o", str(OUT / "big.xlsx")])
            )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(f"Command: python benchmarks/run.py --runs {arguments.runs}{' --quick' if arguments.quick else ''}\n")
    print("| case | median | best | exit |")
    print("|---|---|---|---|")
    for name, command in cases:
        runs = arguments.runs if "15,000" not in name and "150 plans" not in name else max(3, arguments.runs // 3)
        median, best, code = timed(command, runs)
        print(f"| {name} | {median * 1000:.0f} ms | {best * 1000:.0f} ms | {code} |")


if __name__ == "__main__":
    main()
