"""Where one file's cold reading goes: each stage of what a worker does per file, timed in one process."""

from __future__ import annotations

import argparse
import gc
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sendplan import facts, fastyaml, load, positions  # noqa: E402
from sendplan.cache import Cache  # noqa: E402
from sendplan.model import Plan, uncompacted  # noqa: E402


def stages(files: list[Path], cache: Cache) -> dict[str, float]:
    """Seconds spent in each stage over `files`: the steps load_bytes and facts.made_facts take, one by one."""
    spent: dict[str, float] = {}
    for file in files:
        clock = time.perf_counter()

        def tick(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            spent[stage] = spent.get(stage, 0.0) + now - clock
            clock = now

        data = file.read_bytes()
        text = data.decode("utf-8")
        tick("read and decode")
        doc = fastyaml.read_block_yaml(text)
        assert doc is not None, f"{file}: not plain block YAML"
        tick("fast reader")
        with uncompacted():  # as a worker builds it: only pickled, never kept (sendplan/model.py)
            plan = Plan.model_validate(doc.data)
        tick("pydantic (no compaction, as in a worker)")
        packed = positions.Positions.of(doc)
        tick("pack positions")
        loaded = load.LoadedPlan(str(file), plan, packed, doc.comments)
        del doc
        tick("free the located document")
        key = cache.key(str(file), data)
        body = pickle.dumps((loaded, []), pickle.HIGHEST_PROTOCOL)
        tick("pickle the reading")
        cache.put(key, body)
        tick("write the cache entry")
        found = facts.facts_of(str(file), loaded, [], None)
        tick("facts (checks on the file alone)")
        pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
        tick("pickle the facts (sent from a worker)")
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, help="a folder of plans, e.g. benchmarks/out/national-450x100")
    parser.add_argument("--files", type=int, default=100, help="how many of its files (default 100)")
    parser.add_argument("--rounds", type=int, default=5, help="best of this many rounds (default 5)")
    arguments = parser.parse_args()
    files = sorted(arguments.folder.glob("*.yaml"))[: arguments.files]
    gc.disable()  # as the workers run
    Plan.model_validate(fastyaml.read_block_yaml(files[0].read_text(encoding="utf-8")).data)  # build the validators
    best: dict[str, float] = {}
    for _ in range(arguments.rounds):
        out = ROOT / "benchmarks" / "out"  # where benchmarks/run.py keeps its caches: the plans' own disk
        out.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="stages-cache-", dir=out))
        try:
            for stage, seconds in stages(files, Cache(folder)).items():
                best[stage] = min(best.get(stage, seconds), seconds)
        finally:
            shutil.rmtree(folder)
    total = sum(best.values())
    print(
        f"{len(files)} files, best of {arguments.rounds} rounds per stage; {total * 1000 / len(files):.1f} ms a file\n"
    )
    print("| stage | ms a file | share |")
    print("|---|---|---|")
    for stage, seconds in best.items():
        print(f"| {stage} | {seconds * 1000 / len(files):.2f} | {seconds / total:.0%} |")


if __name__ == "__main__":
    main()
