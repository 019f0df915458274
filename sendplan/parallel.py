"""Reading many plan files: each through the cache, and those not cached in worker processes when enough to gain."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from sendplan import files as plan_files
from sendplan.environ import PARALLEL_BYTES
from sendplan.problems import Problem

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from sendplan.cache import Cache
    from sendplan.load import LoadedPlan

    Result = tuple[LoadedPlan | None, list[Problem]]

T = TypeVar("T")

# PARALLEL_BYTES (sendplan.environ): below this much uncached YAML one process is as fast as two;
# SENDPLAN_PARALLEL_BYTES overrides it (parallel_bytes), for benchmarks/run.py to find the crossover.

# Files per chunk handed to a worker. When this process has made its share it waits for the chunks the workers
# hold (the one running and one queued, each): small chunks leave little to wait for (profiled at 120 files, the
# wait fell from 9.6 s with chunks of 7 files to 1.1 s with 2, on a loaded machine).
_CHUNK = 2

# --jobs beyond this many processes per usable core only costs memory: the work is all CPU (reading a file is
# about 1% of making it), so a process per core keeps every core busy and twice that covers a core waiting on disk.
JOBS_PER_CORE = 2


@dataclass
class Reading:
    """How to read plan files.

    Attributes:
        cache: the content cache, or None to read every file afresh.
        jobs: how many processes may parse and check files at once.
        keys: file -> the cache key of the bytes read from it in this run.
        read: file -> the bytes `file_keys` (or answers.Asked, before the reading) read from it, until a reading
            takes them (each file is read and hashed once a run: the second time cost a tenth of a second at 450
            files, before the workers start); only of files whose reading the cache does not hold, so a warm run
            keeps none of them in memory. A command done with reading calls `forget`.
        also: something more to make of each plan read, where it is read (a worker process or this one), so
            that only what it makes crosses between processes: a module's own function (or a functools.partial
            of one) of the plan and its file's own problems. validate makes it of every file it checks, into
            `made` (file -> what it made, None for a file no plan was built from): through the cache with each
            file's facts, without one with each reading sent from a worker (load_files). Reading one file at a
            time without a cache (`--no-cache --jobs 1`), it makes nothing, and the command makes its own.
        also_named: what `also` makes, in words that change whenever it would make something else of the same
            file (the date of a report): what it made is then kept in the cache (validate._make_also).
    """

    cache: Cache | None = None
    jobs: int = 1
    keys: dict[str, str] = field(default_factory=dict)
    read: dict[str, bytes] = field(default_factory=dict, repr=False)
    also: Callable[[LoadedPlan, list[Problem]], object] | None = field(default=None, repr=False)
    also_named: str | None = None
    made: dict[str, object] = field(default_factory=dict, repr=False)

    def forget(self) -> None:
        """Let go of the bytes no reading took (a run answered from the cache takes none)."""
        self.read.clear()


def parallel_bytes() -> int:
    """How much uncached YAML it takes to start workers: SENDPLAN_PARALLEL_BYTES when set, else PARALLEL_BYTES."""
    from sendplan.environ import parallel_bytes as named

    return named(PARALLEL_BYTES)


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask or a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity mask
        return os.cpu_count() or 1


def processes(jobs: int, chunks: int) -> int:
    """How many processes to read `chunks` chunks of files with when asked for `jobs`: never more than there are
    chunks to share, nor more than JOBS_PER_CORE for each usable core."""
    return max(1, min(jobs, chunks, JOBS_PER_CORE * usable_cores()))


def read_plan_bytes(file: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a plan file, or None with the problem (too large) that stops it; SendplanError if unreadable."""
    data = plan_files.read_plan_bytes(file)
    return (None, [data]) if isinstance(data, Problem) else (data, [])


def load_files(files: list[str], reading: Reading | None = None, partial: bool = False) -> Iterator[Result]:
    """Each file's LoadedPlan (or None) and own problems, in the order of `files`, whatever order they are made.

    With `partial` (validate), a file with schema errors still gives the plan built from its sound entries. The
    cache keeps that reading only, for every command: without `partial`, a file with any error gives no plan."""
    reading = reading or Reading()
    if reading.cache is None and reading.jobs <= 1:
        for file in files:  # one at a time: only one file's located document is alive at once
            yield _made(file, *read_plan_bytes(file), None, partial=partial)
        return
    if reading.also is not None and reading.cache is None:  # made where each file is read, and sent with it
        made = each_file(files, reading, functools.partial(with_also, reading.also))
        for file, (result, more) in zip(files, made, strict=True):
            reading.made[file] = more
            yield result if partial else _whole(result)
        return
    for result in each_file(files, reading, itself):
        yield result if partial else _whole(result)


def also_of(
    also: Callable[[LoadedPlan, list[Problem]], object], cache: Cache | None, file: str, key: str | None, result: Result
) -> object:
    """What `also` (Reading.also) makes of a reading's plan; None when no plan was built."""
    plan, problems = result
    return None if plan is None else also(plan, problems)


def itself(cache: Cache | None, file: str, key: str | None, result: Result) -> Result:
    """The reading itself: what load_files asks each_file for."""
    return result


def with_also(
    also: Callable[[LoadedPlan, list[Problem]], object], cache: Cache | None, file: str, key: str | None, result: Result
) -> tuple[Result, object]:
    """The reading, and what `also` makes of its plan: what load_files asks each_file for without a cache, where
    each reading is pickled once, to be sent (with a cache, a worker sends the bytes it keeps there, and what
    `also` makes is made with each file's facts: facts.file_facts)."""
    return result, also_of(also, cache, file, key, result)


def _keeps_reading(then: Callable[..., object]) -> bool:
    """Whether `then` keeps the reading it is given (so its models are compacted, as readings kept are)."""
    return then is itself or (isinstance(then, functools.partial) and then.func is with_also)


def each_file(
    files: list[str], reading: Reading, then: Callable[[Cache | None, str, str | None, Result], T]
) -> Iterator[T]:
    """`then(cache, file, cache key, partial reading)` of each file, in the order of `files`.

    A file the cache holds is not read again; the others are read and kept in the cache. `then` is made in the
    process that has the reading (a worker or this one), so only what `then` makes crosses between processes;
    a reading the cache holds is taken from it there too, unless the reading itself is wanted (`itself`: a worker
    would only send it on). `then` must be a module's own function (or a functools.partial of one), for a worker
    to be sent it."""
    cache = reading.cache
    pending: dict[int, tuple[str, bytes, str | None]] = {}  # files to parse: index -> (file, bytes, cache key)
    done: dict[int, T] = {}
    for index, file in enumerate(files):
        data = reading.read.pop(file, None)
        if data is not None and file in reading.keys:  # read and keyed by file_keys in this run
            key: str | None = reading.keys[file]
        else:
            data, problems = read_plan_bytes(file)
            if data is None:
                done[index] = then(cache, file, None, (None, problems))
                continue
            key = cache.key(file, data) if cache is not None else None
            if key is not None:
                reading.keys[file] = key
        hit = _kept(cache, key) if then is itself else None
        if hit is not None:
            done[index] = then(cache, file, key, hit)
        else:
            pending[index] = (file, data, key)
    size = sum(len(data) for _, data, _ in pending.values())
    if size >= parallel_bytes() and processes(reading.jobs, -(-len(pending) // _CHUNK)) > 1:
        done.update(_in_workers(pending, reading.jobs, cache, then))
    for index in range(len(files)):
        if index in done:
            yield done.pop(index)
        else:
            file, data, key = pending.pop(index)
            yield then(cache, file, key, _made_for(then, file, data, cache, key))


def file_keys(files: list[str], reading: Reading) -> list[str] | None:
    """The cache key of each file's bytes as they are now (kept in `reading.keys` for the reads that follow);
    None when there is no cache or a file is too large to read (files.file_keys)."""
    if reading.cache is None:
        return None
    cache = reading.cache
    if all(file in reading.keys for file in files):  # keyed already in this run: answers.Asked did it
        return [reading.keys[file] for file in files]
    keys = plan_files.file_keys(files, cache.key, reading.read, lambda key: not cache.holds(key))
    if keys is None:
        reading.forget()
        return None
    reading.keys.update(keys)
    return [keys[file] for file in files]


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
    from sendplan.cache import problems_kept
    from sendplan.checks import run_checks

    cache = reading.cache if reading else None
    keys = reading.keys if reading else {}
    if cache is None or any(lp.file not in keys for lp in [*plans, *context]):
        return run_checks(plans, context, as_of=as_of)
    named = "\0".join(keys[lp.file] for lp in plans) + "\1" + "\0".join(keys[lp.file] for lp in context)
    named += "\2" + (as_of.isoformat() if as_of else "")
    return problems_kept(cache, cache.key("<checks>", named.encode()), lambda: run_checks(plans, context, as_of=as_of))


def _made(
    file: str,
    data: bytes | None,
    problems: list[Problem],
    cache: Cache | None,
    key: str | None = None,
    partial: bool = False,
) -> Result:
    """One file's result, from the cache, or made here and kept there."""
    if data is None:
        return None, problems
    kept = _kept(cache, key)
    if kept is not None:
        return kept

    import pickle  # here too: a warm run, answered from the cache, never needs the pickle module (cache.py)

    from sendplan.load import load_bytes  # here: the plan model and YAML reader, only for a file read afresh

    result = load_bytes(data, file, partial)
    if cache is not None and key is not None:
        cache.put(key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    return result


def _made_for(then: Callable[..., object], file: str, data: bytes, cache: Cache | None, key: str | None) -> Result:
    """A file's partial reading for `then`: its models left uncompacted (model.uncompacted) unless `then` keeps
    the reading (`itself`, `with_also`), as any other `then` only looks at it once and drops it."""
    if _keeps_reading(then):
        return _made(file, data, [], cache, key, True)
    from sendplan.model import uncompacted

    with uncompacted():
        return _made(file, data, [], cache, key, True)


def _kept(cache: Cache | None, key: str | None) -> Result | None:
    """The reading the cache keeps under `key`, or None."""
    hit = cache.get(key) if cache is not None and key is not None else None
    return hit if _is_result(hit) else None


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
    then: Callable[[Cache | None, str, str | None, Result], T],
) -> dict[int, T]:
    """`then` of each pending file's partial reading, made in up to `jobs` processes: this one and workers.

    The workers take chunks of files from the front, each returning what `then` makes of each file, pickled (and
    writing each reading to the cache itself); this process takes chunks from the back, and makes `then` of its
    own files as it reads them, so both do the same work per file and the last of the workers' chunks ends about
    when this process's last one does."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)  # fork: no second start-up
    if cache is not None:
        cache.ready()
    items = list(pending.items())
    chunks = [items[start : start + _CHUNK] for start in range(0, len(items), _CHUNK)]
    done: dict[int, T] = {}
    # Idle, this process would only unpickle what the workers send: here it makes a share of the files itself, and
    # so unpickles only the rest.
    workers = max(1, processes(jobs, len(chunks)) - 1)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start)
    try:
        with _interrupts_held():  # a worker forked with SIGINT blocked never sees it before it ignores it
            futures = [
                pool.submit(_work, [(file, data, key) for _, (file, data, key) in chunk], cache, then)
                for chunk in chunks
            ]
        taken = len(chunks)
        while taken > 0 and futures[taken - 1].cancel():  # a chunk no worker has started
            taken -= 1
            for index, (file, data, key) in chunks[taken]:
                done[index] = then(cache, file, key, _made_for(then, file, data, cache, key))
            _collect(chunks[:taken], futures[:taken], done, wait=False)
        _collect(chunks[:taken], futures[:taken], done, wait=True)
    except BaseException:  # Ctrl-C above all: end the workers now, and let the interrupt go on
        _stop(pool)
        raise
    pool.shutdown()
    return done


def _collect(
    chunks: list[list[tuple[int, tuple[str, bytes, str | None]]]],
    futures: list[Future[list[bytes]]],
    done: dict[int, Any],
    wait: bool,
) -> None:
    """Unpickle into `done` the workers' answers for each chunk not yet in it: those finished, or (`wait`) all."""
    import pickle

    for chunk, future in zip(chunks, futures, strict=True):
        if chunk[0][0] not in done and (wait or future.done()):
            done.update({index: pickle.loads(body) for (index, _), body in zip(chunk, future.result(), strict=True)})


def _worker_start() -> None:
    import gc
    import signal

    # Ctrl-C goes to the whole process group: only the main process acts on it (and ends the workers), so a worker
    # shows no traceback of its own and never holds the run up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by _interrupts_held when forked
    gc.disable()  # as collector_paused: parsing makes no cycles worth collecting
    import sendplan.model

    # Every reading a worker makes is pickled (sent on, or kept in the cache) or dropped once its facts are taken:
    # compacted only where it is unpickled.
    sendplan.model.COMPACT = False


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT blocked in this thread while the block runs (the pool forks its workers in the first submit); one
    that comes meanwhile is delivered when the block ends."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows: workers are spawned afresh, and ignore it from the start
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool without waiting for the chunks its workers are reading: cancel those not started, terminate
    (and if need be kill) the workers, and see the pool's own thread end, so that nothing holds up the exit.

    This reaches into the pool (as concurrent.futures does not): a worker ended while it sends a chunk's answer
    leaves the pool's thread waiting for the rest of it, which nothing will send, and so Python's exit waiting
    for that thread; closing this process's end of the answers' pipe, the last one open once the workers are
    gone, ends the wait."""
    import signal
    import threading
    import time

    workers = list((getattr(pool, "_processes", None) or {}).values())
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    answers = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None  # a second Ctrl-C: the same stop
    try:
        pool.shutdown(wait=False, cancel_futures=True)
        # Python 3.11 fails in the pool's thread (InvalidStateError, and so a hang at exit) if the workers end
        # while a future cancelled here is still queued: give that thread the moment it takes to drop them first.
        deadline = time.monotonic() + 1
        while getattr(pool, "_cancel_pending_futures", False) and manager is not None and manager.is_alive():
            if time.monotonic() > deadline:
                break
            time.sleep(0.002)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(2)
            if worker.is_alive():
                worker.kill()
                worker.join()
        if answers is not None:
            with contextlib.suppress(OSError):
                answers.close()
        if manager is not None:
            manager.join(5)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _work(
    files: list[tuple[str, bytes, str | None]],
    cache: Cache | None,
    then: Callable[[Cache | None, str, str | None, Result], object],
) -> list[bytes]:
    """In a worker: what `then` makes of each file's reading, pickled; each reading made is kept in the cache."""
    import pickle

    from sendplan.load import load_bytes

    bodies = []
    for file, data, key in files:
        result = None if then is itself else _kept(cache, key)  # load_files took the readings kept already
        if result is not None:
            bodies.append(pickle.dumps(then(cache, file, key, result), pickle.HIGHEST_PROTOCOL))
            continue
        result = load_bytes(data, file, True)
        kept = cache is not None and key is not None
        body = pickle.dumps(result, pickle.HIGHEST_PROTOCOL) if kept or then is itself else b""
        if cache is not None and key is not None:
            cache.put(key, body)
        if then is not itself:  # the reading itself is sent as the cache keeps it, not pickled twice
            body = pickle.dumps(then(cache, file, key, result), pickle.HIGHEST_PROTOCOL)
        bodies.append(body)
    return bodies
