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
from typing import Any

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


PARSE_ONLY = """
import io, sys, pathlib
from _ruamel_yaml import CParser
from ruamel.yaml.events import StreamEndEvent
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    get = CParser(io.StringIO(path.read_text(encoding="utf-8"))).get_event
    while type(get()) is not StreamEndEvent:
        pass
"""
# Peak memory of one command: the largest resident set of it and of the workers it waits for.
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def once(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time in seconds of one run."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=env)
    return time.perf_counter() - start


def paired(
    commands: dict[str, list[str]],
    runs: int,
    before: dict[str, Any] | None = None,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, float]:
    """Median wall time of each command, the commands run in turn `runs` times so that the machine's load falls
    on all of them alike; `before[name]()` runs untimed before each run of that command (to empty a cache)."""
    return {name: statistics.median(values) for name, values in rounds(commands, runs, before, envs).items()}


def rounds(
    commands: dict[str, list[str]],
    runs: int,
    before: dict[str, Any] | None = None,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, list[float]]:
    """Each command's wall time in each of `runs` rounds; a round runs every command once, each round starting
    one command further on (no command always runs first, after the machine rested)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for turn in range(runs):
        for name in names[turn % len(names) :] + names[: turn % len(names)]:
            if before and name in before:
                before[name]()
            env = {**os.environ, **envs[name]} if envs and name in envs else None
            times[name].append(once(commands[name], env))
    return times


def _against(times: dict[str, list[float]], name: str) -> str:
    """A command's median time, and the median (and range) of its ratio to validate's in the same round: the
    machine's drift between rounds falls on both sides of each ratio alike."""
    ratios = sorted(mine / base for mine, base in zip(times[name], times["validate"], strict=True))
    if name == "validate":
        return f"validate {statistics.median(times[name]):.2f} s"
    return (
        f"{name} {statistics.median(times[name]):.2f} s ({statistics.median(ratios):.2f}x; "
        f"{ratios[0]:.2f}-{ratios[-1]:.2f})"
    )


def peak_mib(command: list[str], before: Any = None) -> float:
    """Peak resident memory in MiB of the largest process of one run (resource.getrusage of children)."""
    if before:
        before()
    result = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=ROOT, capture_output=True, text=True)
    return int(result.stdout.strip() or 0) / 1024


def national(plans: int, actions: int = 100) -> Path:
    folder = OUT / f"national-{plans}x{actions}"
    if not folder.exists():
        generate(folder, plans=plans, actions=actions)
    return folder


def issue13(sendplan: str, runs: int) -> None:
    """The figures of issue 13: cold on both cores against the parse-only floor, warm, one file changed, memory,
    start-up against typer's own, the analyses against validate, and time against size."""
    compiled()
    big = national(450)
    cache = OUT / "cache-450"
    empty = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    c = ["--cache-dir", str(cache)]
    as_of = ["--as-of", "2024-06-30"]
    changed = big / "synthetic-0000.yaml"
    original = changed.read_text(encoding="utf-8")
    counter = iter(range(10**6))

    def touch() -> None:  # a different comment each time: the file's bytes change, its plan does not
        changed.write_text(original + f"# edited {next(counter)}\n", encoding="utf-8")

    big_runs = max(1, runs // 3)
    print(f"\n### 450 plans x 100 actions ({sum(f.stat().st_size for f in big.glob('*.yaml')) / 2**20:.1f} MB)\n")
    print(
        f"Paired runs, median of {big_runs}; usable cores: {len(os.sched_getaffinity(0))}; load average before: "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    cases = {
        "libyaml parse only, 1 core (floor)": [sys.executable, "-c", PARSE_ONLY, str(big)],
        "validate cold, --jobs 1": [sendplan, "validate", str(big), "--no-cache", "--jobs", "1"],
        "validate cold, --jobs 2": [sendplan, "validate", str(big), *c, "--jobs", "2"],
        "validate warm": [sendplan, "validate", str(big), *c],
        "validate, one file changed": [sendplan, "validate", str(big), *c],
    }
    before = {"validate cold, --jobs 2": empty, "validate, one file changed": touch}
    medians = paired(cases, big_runs, before)
    changed.write_text(original, encoding="utf-8")
    floor = medians["libyaml parse only, 1 core (floor)"]
    print("| case | median | x floor |")
    print("|---|---|---|")
    for name, value in medians.items():
        print(f"| {name} | {value:.2f} s | {value / floor:.2f} |")

    print("\n### Analyses against validate, 450 plans (paired, median)\n")
    analyses = {
        "validate": ["validate", str(big)],
        "overdue": ["overdue", str(big), *as_of],
        "crosswalk": ["crosswalk", str(big), *as_of],
        "report": ["report", str(big), *as_of, "--format", "md", "-o", str(OUT / "r450.md")],
    }
    states = (
        ("cold (cache emptied before each run), --jobs 2", c),
        ("cold, --no-cache --jobs 2", ["--no-cache"]),
        ("warm", c),
    )
    for state, extra in states:
        emptied = state.startswith("cold (cache")
        if (
            extra is c and not emptied
        ):  # warm: each command has run once on this cache (validate alone warms only validate's answer)
            for arguments in analyses.values():
                once([sendplan, *arguments, *extra])
        before = dict.fromkeys(analyses, empty) if emptied else None
        times = rounds({n: [sendplan, *a, *extra, "--jobs", "2"] for n, a in analyses.items()}, 2 * big_runs, before)
        print(f"{state} ({2 * big_runs} rounds): " + ", ".join(_against(times, n) for n in times) + "\n")

    print("### Peak memory, 450 plans (largest process, resource.getrusage of children)\n")
    print("| command | cold --jobs 1 | cold --jobs 2 | warm |")
    print("|---|---|---|---|")
    for name, arguments in analyses.items():
        one = peak_mib([sendplan, *arguments, "--no-cache", "--jobs", "1"])
        two = peak_mib([sendplan, *arguments, *c, "--jobs", "2"], empty)
        warm = peak_mib([sendplan, *arguments, *c])
        print(f"| {name} | {one:.0f} MiB | {two:.0f} MiB | {warm:.0f} MiB |")

    startup(sendplan, runs)

    print("\n### Where two processes start to pay (validate --no-cache, paired, median)\n")
    print("| files (x100 actions) | YAML | --jobs 1 | --jobs 2 |")
    print("|---|---|---|---|")
    for plans in (5, 10, 20, 40):
        folder = national(plans)
        size = sum(f.stat().st_size for f in folder.glob("*.yaml")) / 2**20
        medians = paired(
            {j: [sendplan, "validate", str(folder), "--no-cache", "--jobs", j] for j in ("1", "2")},
            runs,
            envs={"2": {"SENDPLAN_PARALLEL_BYTES": "0"}},  # workers even below the threshold: where do they pay?
        )
        print(f"| {plans} | {size:.1f} MB | {medians['1']:.2f} s | {medians['2']:.2f} s |")

    print("\n### Time against size (validate, paired, median; cold = --no-cache --jobs 2)\n")
    print("| files | actions | cold | warm | cold per 1,000 actions | warm per 1,000 actions |")
    print("|---|---|---|---|---|---|")
    for plans in (1, 10, 100, 450):
        folder = national(plans)
        size_cache = OUT / f"cache-{plans}-table"
        subprocess.run(
            [sendplan, "validate", str(folder), "--cache-dir", str(size_cache)], cwd=ROOT, capture_output=True
        )
        medians = paired(
            {
                "cold": [sendplan, "validate", str(folder), "--no-cache", "--jobs", "2"],
                "warm": [sendplan, "validate", str(folder), "--cache-dir", str(size_cache)],
            },
            runs if plans < 100 else big_runs,
        )
        actions = plans * 100
        print(
            f"| {plans} | {actions:,} | {medians['cold']:.2f} s | {medians['warm']:.2f} s | "
            f"{medians['cold'] / actions * 1000:.3f} s | {medians['warm'] / actions * 1000:.3f} s |"
        )


def compiled() -> None:
    """Compile the tree's modules. An editable install runs the tree's own files: without their bytecode
    (PYTHONDONTWRITEBYTECODE=1, or a fresh checkout) every run would compile them, which a user's second run never
    does (about 80 ms of every cold run measured, 2026-12-03); pip compiles a regular install when it installs it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sendplan")], capture_output=True)


def regular_install(folder: Path) -> Path:
    """The `sendplan` script of a venv made at `folder` with sendplan installed as users and CI install it
    (`pip install .`: the package copied into site-packages and compiled, no editable finder); its dependencies
    are this interpreter's own (a .pth file names our site-packages), so the two installs differ in nothing else.
    pip builds the wheel in an isolated environment (setuptools from the package index, as `pip install .`)."""
    import sysconfig

    if not (folder / "bin" / "sendplan").exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        ours = sysconfig.get_paths()["purelib"]
        for site in (folder / "lib").glob("python*/site-packages"):
            (site / "_sendplan_benchmark_deps.pth").write_text(ours + "\n", encoding="utf-8")
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(ROOT)]
    subprocess.run(pip, check=True, capture_output=True)  # again each run: the code measured is the tree's
    return folder / "bin" / "sendplan"


def startup(sendplan: str, runs: int) -> None:
    """`sendplan overdue plans` warm against `python -c "import typer"`, for this (usually editable) install and
    for a regular one, each against its own interpreter, all in one paired run."""
    regular = regular_install(OUT / "venv-regular")
    installs = {"editable (this venv)": Path(sendplan), "regular (pip install .)": regular}
    compiled()
    as_of = ["--as-of", "2024-06-30"]
    commands: dict[str, list[str]] = {}
    for install, script in installs.items():
        cache = OUT / f"cache-shipped-{install.split()[0]}"
        warm = [str(script), "overdue", "plans", *as_of, "--cache-dir", str(cache)]
        subprocess.run(warm, cwd=ROOT, capture_output=True)
        python = str(script.parent / "python")
        commands |= {
            f'{install}: python -c "pass"': [python, "-c", "pass"],
            f'{install}: python -c "import typer"': [python, "-c", "import typer"],
            f"{install}: sendplan --version": [str(script), "--version"],
            f"{install}: sendplan --help": [str(script), "--help"],
            f"{install}: overdue plans, warm": warm,
            f"{install}: validate plans, warm": [str(script), "validate", "plans", "--cache-dir", str(cache)],
            f"{install}: overdue plans, --no-cache": [str(script), "overdue", "plans", *as_of, "--no-cache"],
        }
    medians = paired(commands, runs * 2)
    print("\n### Start-up: `sendplan overdue plans` on the shipped plans (paired, median)\n")
    print(f"Usable cores: {len(os.sched_getaffinity(0))}; load average before: {os.getloadavg()[0]:.1f}\n")
    names = [name.split(": ", 1)[1] for name in commands if name.startswith(next(iter(installs)))]
    print("| case | " + " | ".join(f"{i} | x import typer" for i in installs) + " |")
    print("|---|" + "---|---|" * len(installs))
    for name in names:
        cells = []
        for install in installs:
            value, typer_time = medians[f"{install}: {name}"], medians[f'{install}: python -c "import typer"']
            cells.append(f"{value * 1000:.0f} ms | {value / typer_time:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="only the shipped plans")
    parser.add_argument("--only", default="", help="only the cases whose name holds this text, e.g. update")
    parser.add_argument("--issue13", action="store_true", help="only the cache, cores and memory figures")
    parser.add_argument(
        "--startup", action="store_true", help="only start-up, editable and regular install, against typer's"
    )
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
    compiled()
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
        for actions, size in ((1700, "1 MB"), (6600, "3.9 MB")):  # one big plan: update edits one action's lines
            folder = OUT / f"single-{actions}"
            if not folder.exists():
                generate(folder, plans=1, actions=actions)
            plan = str(folder / "synthetic-0000.yaml")
            update = [sendplan, "update", plan, "3.100", "--status", "Off track", "--date", "2024-06-30"]
            cases += [
                (f"validate, one plan of {actions} actions ({size})", [sendplan, "validate", plan]),
                (f"update, one plan of {actions} actions ({size})", update),
            ]
    cases = [case for case in cases if arguments.only in case[0]]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores ({_cpu_model()}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    only = f" --only {arguments.only}" if arguments.only else ""
    flags = "".join(f" --{flag}" for flag in ("quick", "issue13", "startup") if getattr(arguments, flag))
    print(f"Command: python benchmarks/run.py --runs {arguments.runs}{flags}{only}\n")
    if arguments.startup:
        startup(sendplan, arguments.runs)
        return
    if arguments.issue13:
        issue13(sendplan, arguments.runs)
        return
    print("| case | median | best | exit |")
    print("|---|---|---|---|")
    for name, command in cases:
        runs = arguments.runs if "15,000" not in name and "150 plans" not in name else max(3, arguments.runs // 3)
        median, best, code = timed(command, runs)
        print(f"| {name} | {median * 1000:.0f} ms | {best * 1000:.0f} ms | {code} |")
    if not arguments.quick:
        issue13(sendplan, arguments.runs)


if __name__ == "__main__":
    main()
