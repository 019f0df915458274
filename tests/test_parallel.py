"""Reading files in worker processes: the command's own process makes a share, and the answer is a serial one."""

from __future__ import annotations

from functools import partial

import pytest

import sendplan.load
import sendplan.parallel
from sendplan.cache import Cache
from sendplan.facts import facts_of, made_facts
from sendplan.load import find_plan_files, load_bytes
from sendplan.parallel import JOBS_PER_CORE, Reading, _in_workers, each_file, itself, processes, usable_cores
from tests.conftest import DATA


@pytest.fixture
def pending() -> dict[int, tuple[str, bytes, str | None]]:
    """Every valid, invalid and partly valid example plan, as load_files hands them to workers."""
    files = find_plan_files([str(DATA / "valid"), str(DATA / "invalid"), str(DATA / "partial")])
    assert len(files) >= 20  # enough chunks that neither process can take them all before the other starts
    return {index * 3: (file, open(file, "rb").read(), None) for index, file in enumerate(files)}


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files this process reads itself (sendplan.parallel._made), recorded."""
    made_here: list[str] = []
    made = sendplan.parallel._made

    def counted(file, *args, **kwargs):
        made_here.append(file)
        return made(file, *args, **kwargs)

    monkeypatch.setattr(sendplan.parallel, "_made", counted)
    return made_here


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_and_this_process_share_the_files_and_agree_with_a_serial_read(pending, jobs, monkeypatch):
    made_here = _counted(monkeypatch)
    results = _in_workers(pending, jobs, None, itself)
    assert sorted(results) == sorted(pending)
    for index, (file, data, _) in pending.items():
        plan, problems = results[index]
        serial_plan, serial_problems = load_bytes(data, file, partial=True)
        assert problems == serial_problems
        assert (plan is None) == (serial_plan is None)
        if plan is not None and serial_plan is not None:
            assert plan.plan == serial_plan.plan
            assert plan.comments == serial_plan.comments
            assert plan.at(("actions", 0, "title")) == serial_plan.at(("actions", 0, "title"))
    # this process took chunks from the back while the workers took the first ones: both did some
    assert 0 < len(made_here) < len(pending)
    assert pending[max(pending)][0] in made_here
    assert pending[min(pending)][0] not in made_here


def test_each_process_makes_the_facts_of_the_files_it_reads(pending, monkeypatch, tmp_path):
    """With facts asked for, workers send each file's facts alone (no plan) and keep the reading in the cache;
    this process makes the facts of its own share as it reads it. All equal a serial reading's facts."""
    made_here = _counted(monkeypatch)
    cache = Cache(tmp_path / "cache")
    keyed = {index: (file, data, cache.key(file, data)) for index, (file, data, _) in pending.items()}
    facts = _in_workers(keyed, 2, cache, partial(made_facts, "2024-06-30"))
    assert 0 < len(made_here) < len(pending)
    as_of = sendplan.facts.date(2024, 6, 30)
    for index, (file, data, key) in keyed.items():
        serial = facts_of(file, *load_bytes(data, file, partial=True), as_of)
        assert facts[index] == serial
        assert key is not None
        kept = cache.get(key)
        assert kept is not None and kept[1] == load_bytes(data, file, partial=True)[1]


def test_each_file_keeps_the_order_of_the_files_whoever_reads_them(monkeypatch, tmp_path):
    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)
    files = find_plan_files([str(DATA / "valid"), str(DATA / "invalid")])
    cache = Cache(tmp_path / "cache")
    day = partial(made_facts, "")
    cold = list(each_file(files, Reading(cache, jobs=2), day))
    warm = list(each_file(files, Reading(cache, jobs=2), day))  # every reading now comes from the cache
    serial = list(each_file(files, Reading(None, jobs=1), day))
    assert [f.file for f in cold] == files
    assert cold == warm == serial


def test_jobs_are_capped_at_the_chunks_and_a_multiple_of_the_cores():
    cores = usable_cores()
    assert processes(2, 10) == min(2, JOBS_PER_CORE * cores)
    assert processes(8, 3) == min(3, JOBS_PER_CORE * cores)  # no worker without a chunk to read
    assert processes(10_000, 10_000) == JOBS_PER_CORE * cores
    assert processes(1, 10) == 1
    assert processes(4, 0) == 1


def test_asking_for_many_jobs_starts_no_more_processes_than_the_cap(pending, monkeypatch):
    import concurrent.futures

    started: list[int] = []

    real = concurrent.futures.ProcessPoolExecutor

    def counted(workers, *args, **kwargs):
        started.append(workers)
        return real(workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counted)
    results = _in_workers(pending, 1000, None, itself)
    assert sorted(results) == sorted(pending)
    assert started == [processes(1000, (len(pending) + 1) // 2) - 1]


def test_facts_of_readings_the_cache_holds_are_made_in_the_workers_without_reading_again(monkeypatch, tmp_path):
    """After another command kept the readings (overdue), validate's facts come from them in every process: no
    file is parsed again, and the facts are those of a serial reading."""
    monkeypatch.setattr(sendplan.parallel, "PARALLEL_BYTES", 0)
    files = find_plan_files([str(DATA / "valid"), str(DATA / "invalid"), str(DATA / "partial")])
    cache = Cache(tmp_path / "cache")
    list(sendplan.parallel.load_files(files, Reading(cache, jobs=1)))
    serial = list(each_file(files, Reading(None, jobs=1), partial(made_facts, "")))

    def refuse(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(sendplan.load, "load_bytes", refuse)  # in the workers too: they are forked after this
    made_here = _counted(monkeypatch)
    assert list(each_file(files, Reading(cache, jobs=2), partial(made_facts, ""))) == serial
    assert 0 < len(made_here) < len(files)  # both processes took a share


def test_file_keys_are_the_files_keys_in_order_and_kept_for_the_reads_that_follow(tmp_path):
    from pathlib import Path

    from sendplan.parallel import file_keys

    files = find_plan_files([str(DATA)])[:5]
    cache = Cache(tmp_path / "cache")
    reading = Reading(cache=cache)
    keys = file_keys([*files, files[0]], reading)
    assert keys == [cache.key(f, Path(f).read_bytes()) for f in [*files, files[0]]]
    assert reading.keys == dict(zip(files, keys, strict=False))
    assert file_keys(files, Reading()) is None
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"#" * (4 * 1024 * 1024 + 1))
    assert file_keys([*files, str(huge)], Reading(cache=cache)) is None


def test_file_keys_keep_the_bytes_of_files_the_cache_cannot_answer_for_and_no_others(tmp_path):
    """A file whose reading the cache holds will not be parsed: its bytes are not kept (a warm run over a
    national set would hold every file in memory for nothing); the others' are, and the reading takes them."""
    from pathlib import Path

    from sendplan.parallel import file_keys, load_files

    files = find_plan_files([str(DATA / "valid")])[:4]
    cache = Cache(tmp_path / "cache")
    list(load_files(files[:2], Reading(cache=cache)))  # the first two are now in the cache
    reading = Reading(cache=cache)
    file_keys(files, reading)
    assert sorted(reading.read) == sorted(files[2:])
    assert all(reading.read[f] == Path(f).read_bytes() for f in files[2:])
    list(load_files(files, reading))
    assert reading.read == {}  # taken by the reading
