"""Reading files in worker processes: the command's own process makes a share, and the answer is a serial one."""

from __future__ import annotations

import pytest

import sendplan.parallel
from sendplan.load import find_plan_files, load_bytes
from sendplan.parallel import _in_workers
from tests.conftest import DATA


@pytest.fixture
def pending() -> dict[int, tuple[str, bytes, str | None]]:
    """Every valid, invalid and partly valid example plan, as load_files hands them to workers."""
    files = find_plan_files([str(DATA / "valid"), str(DATA / "invalid"), str(DATA / "partial")])
    assert len(files) >= 20  # enough chunks that neither process can take them all before the other starts
    return {index * 3: (file, open(file, "rb").read(), None) for index, file in enumerate(files)}


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_and_this_process_share_the_files_and_agree_with_a_serial_read(pending, jobs, monkeypatch):
    made_here: list[str] = []
    made = sendplan.parallel._made

    def counted(file, *args, **kwargs):
        made_here.append(file)
        return made(file, *args, **kwargs)

    monkeypatch.setattr(sendplan.parallel, "_made", counted)
    results = _in_workers(pending, jobs, None, partial=True)
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
