"""Reading many plan files: each through the cache, and those not cached in worker processes when enough to gain."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeGuard

from sendplan import files as plan_files
from sendplan.load import load_bytes
from sendplan.problems import Problem

if TYPE_CHECKING:
    from concurrent.futures import Future

    from sendplan.cache import Cache
    from sendplan.load import LoadedPlan

    Result = tuple[LoadedPlan | None, list[Problem]]

# Starting two workers and sending them the files costs about as much as reading 1.5 MB of YAML (measured:
# docs/benchmarks.md); below this much uncached YAML one process is as fast.
# SENDPLAN_PARALLEL_BYTES overrides it, for benchmarks/run.py to find the crossover.
PARALLEL_BYTES = int(os.environ.get("SENDPLAN_PARALLEL_BYTES", 2 * 1024 * 1024))

# Files per chunk handed to a worker. When this process has made its share it waits for the chunks the workers
# hold (the one running and one queued, each): small chunks leave little to wait for (profiled at 120 files, the
# wait fell from 9.6 s with chunks of 7 files to 1.1 s with 2, on a loaded machine).
_CHUNK = 2


@dataclass
class Reading:
    """How to read plan files.

    Attributes:
        cache: the content cache, or None to read every file afresh.
        jobs: how many processes may parse and check files at once.
        keys: file -> the cache key of the bytes read from it in this run.
        facts_day: when set (the as-of date, or "" for none), each worker also makes the facts of each file it
            reads (sendplan/facts.py) and keeps them in the cache, so that they are made on both cores.
    """

    cache: Cache | None = None
    jobs: int = 1
    keys: dict[str, str] = field(default_factory=dict)
    facts_day: str | None = None


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask or a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity mask
        return os.cpu_count() or 1


def read_plan_bytes(file: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a plan file, or None with the problem (too large) that stops it; SendplanError if unreadable."""
    data = plan_files.read_plan_bytes(file)
    return (None, [data]) if isinstance(data, Problem) else (data, [])


def load_files(files: list[str], reading: Reading | None = None, partial: bool = False) -> Iterator[Result]:
    """Each file's LoadedPlan (or None) and own problems, in the order of `files`, whatever order they are made.

    With `partial` (validate), a file with schema errors still gives the plan built from its sound entries. The
    cache keeps that reading only, for every command: without `partial`, a file with any error gives no plan."""
    reading = reading or Reading()
    cache = reading.cache
    if cache is None and reading.jobs <= 1:
        for file in files:  # one at a time: only one file's located document is alive at once
            yield _made(file, *read_plan_bytes(file), None, partial=partial)
        return
    pending: dict[int, tuple[str, bytes, str | None]] = {}  # files to parse: index -> (file, bytes, cache key)
    done: dict[int, Result] = {}
    for index, file in enumerate(files):
        data, problems = read_plan_bytes(file)
        if data is None:
            done[index] = (None, problems)
            continue
        key = cache.key(file, data) if cache is not None else None
        if key is not None:
            reading.keys[file] = key
        hit = cache.get(key) if cache is not None and key is not None else None
        if _is_result(hit):
            done[index] = hit
        else:
            pending[index] = (file, data, key)
    size = sum(len(data) for _, data, _ in pending.values())
    if reading.jobs > 1 and len(pending) > 1 and size >= PARALLEL_BYTES:
        done.update(_in_workers(pending, reading.jobs, cache, True, reading.facts_day))
    for index in range(len(files)):
        if index in done:
            result = done.pop(index)
        else:
            file, data, key = pending.pop(index)
            result = _made(file, data, [], cache, key, True)
        yield result if partial else _whole(result)


def file_keys(files: list[str], reading: Reading) -> list[str] | None:
    """The cache key of each file's bytes as they are now (kept in `reading.keys` for the reads that follow);
    None when there is no cache or a file is too large to read."""
    if reading.cache is None:
        return None
    keys: list[str] = []
    for file in files:
        data, _ = read_plan_bytes(file)
        if data is None:
            return None
        keys.append(reading.cache.key(file, data))
        reading.keys[file] = keys[-1]
    return keys


def _whole(result: Result) -> Result:
    """A partial reading as a whole-file reading: no plan when the file has any error (tests/test_cache.py shows
    the two agree for every file in tests/data)."""
    plan, problems = result
    return (None if any(p.severity == "error" for p in problems) else plan), problems


def run_checks_once(
    plans: list[LoadedPlan], context: list[LoadedPlan], reading: Reading | None, as_of: date | None = None
) -> list[Problem]:
    """The checks over `plans` (following references into `context`), kept in the cache for the same contents of
    the same files: a run over a set nothing in has changed does not check it again."""
    from sendplan.checks import run_checks

    cache = reading.cache if reading else None
    keys = reading.keys if reading else {}
    if cache is None or any(lp.file not in keys for lp in [*plans, *context]):
        return run_checks(plans, context, as_of=as_of)
    named = "\0".join(keys[lp.file] for lp in plans) + "\1" + "\0".join(keys[lp.file] for lp in context)
    named += "\2" + (as_of.isoformat() if as_of else "")
    key = cache.key("<checks>", named.encode())
    kept = cache.get(key)
    if isinstance(kept, list) and all(isinstance(p, Problem) for p in kept):
        return kept
    problems = run_checks(plans, context, as_of=as_of)
    cache.put(key, pickle.dumps(problems, pickle.HIGHEST_PROTOCOL))
    return problems


def _made(
    file: str,
    data: bytes | None,
    problems: list[Problem],
    cache: Cache | None,
    key: str | None = None,
    partial: bool = False,
) -> Result:
    """One file's result, made here and kept in the cache."""
    if data is None:
        return None, problems
    result = load_bytes(data, file, partial)
    if cache is not None and key is not None:
        cache.put(key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    return result


def _is_result(value: object) -> TypeGuard[Result]:
    """Whether an unpickled entry has the shape of a result (a signed entry of an old layout might not)."""
    from sendplan.load import LoadedPlan

    return (
        isinstance(value, tuple)
        and len(value) == 2
        and (value[0] is None or isinstance(value[0], LoadedPlan))
        and isinstance(value[1], list)
    )


def _in_workers(
    pending: dict[int, tuple[str, bytes, str | None]],
    jobs: int,
    cache: Cache | None,
    partial: bool = False,
    facts_day: str | None = None,
) -> dict[int, Result]:
    """Parse and check the pending files in `jobs` processes: this one and `jobs - 1` workers. The workers take
    chunks of files from the front, each returning its results pickled (as the cache keeps them, and written to
    the cache itself); this process takes chunks from the back, and unpickles the workers' results as they come."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)  # fork: no second start-up
    if cache is not None:
        cache.ready()
    items = list(pending.items())
    chunks = [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]
    done: dict[int, Result] = {}
    # Idle, this process would only unpickle what the workers send: here it makes a share of the files itself, and
    # so unpickles only the rest (about as costly as a warm read of them).
    workers = max(1, min(jobs - 1, len(chunks)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start) as pool:
        futures = [
            pool.submit(_work, [(file, data, key) for _, (file, data, key) in chunk], cache, partial, facts_day)
            for chunk in chunks
        ]
        try:
            taken = len(chunks)
            while taken > 0 and futures[taken - 1].cancel():  # a chunk no worker has started
                taken -= 1
                for index, (file, data, key) in chunks[taken]:
                    done[index] = _made(file, data, [], cache, key, partial)
                _collect(chunks[:taken], futures[:taken], done, wait=False)
            _collect(chunks[:taken], futures[:taken], done, wait=True)
        finally:
            for future in futures:  # on an interrupt, no worker starts another chunk
                future.cancel()
    return done


def _collect(
    chunks: list[list[tuple[int, tuple[str, bytes, str | None]]]],
    futures: list[Future[list[bytes]]],
    done: dict[int, Result],
    wait: bool,
) -> None:
    """Unpickle into `done` the workers' results for each chunk not yet in it: those finished, or (`wait`) all."""
    for chunk, future in zip(chunks, futures, strict=True):
        if chunk[0][0] not in done and (wait or future.done()):
            done.update({index: pickle.loads(body) for (index, _), body in zip(chunk, future.result(), strict=True)})


def _worker_start() -> None:
    import gc

    gc.disable()  # as collector_paused: parsing makes no cycles worth collecting


def _work(
    files: list[tuple[str, bytes, str | None]], cache: Cache | None, partial: bool, facts_day: str | None = None
) -> list[bytes]:
    """In a worker: each file's result, pickled, and kept in the cache (with its facts, when asked for)."""
    bodies = []
    for file, data, key in files:
        result = load_bytes(data, file, partial)
        body = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        if cache is not None and key is not None:
            cache.put(key, body)
            if facts_day is not None:
                from sendplan.facts import keep_facts

                keep_facts(cache, file, key, facts_day, result)
        bodies.append(body)
    return bodies
