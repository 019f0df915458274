"""Writing plan files safely: owner, mode and links kept, read-only and special files refused, faults leave the
old file whole, stale temporary files cleaned."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from sendplan import writefile
from sendplan.edit import read_plan_bytes
from sendplan.problems import SendplanError
from sendplan.writefile import locked, stale_temporaries, write_atomically
from tests.conftest import MINIMAL

UPDATE = ("1.1", "--status", "Done", "--date", "1 May 2024")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plans" / "plan.yaml"
    path.parent.mkdir()
    path.write_text(MINIMAL)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_mode_and_setgid_are_kept(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    os.chmod(plan, 0o2664)
    assert cli("update", str(plan), *UPDATE).exit_code == 0
    assert stat.S_IMODE(plan.stat().st_mode) == 0o2664
    assert "status: Done" in plan.read_text() and leftovers(plan.parent) == []


def test_owner_and_group_are_kept(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    if os.geteuid() == 0:
        os.chown(plan, 1234, 5678)  # another user's file, updated by root
    owner = (plan.stat().st_uid, plan.stat().st_gid)
    assert cli("update", str(plan), *UPDATE).exit_code == 0
    assert (plan.stat().st_uid, plan.stat().st_gid) == owner
    assert "status: Done" in plan.read_text()


def test_a_read_only_file_is_refused(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    os.chmod(plan, 0o444)
    result = cli("update", str(plan), *UPDATE)
    assert result.exit_code == 2 and "is read-only (mode 444)" in result.stderr
    assert plan.read_text() == MINIMAL and leftovers(plan.parent) == []


def test_a_link_inside_the_folder_is_written_through(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    (plan.parent / "2024").mkdir()
    real = plan.parent / "2024" / "real.yaml"
    plan.rename(real)
    plan.symlink_to(Path("2024") / "real.yaml")
    result = cli("update", str(plan), *UPDATE)
    assert result.exit_code == 0, result.stderr
    assert plan.is_symlink() and "status: Done" in real.read_text()
    assert "is a link: wrote its target" in result.stderr


def test_a_link_leading_outside_the_folder_is_refused(cli, plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(MINIMAL)
    link = plan.parent / "linked.yaml"
    link.symlink_to(outside)
    result = cli("update", str(link), *UPDATE)
    assert result.exit_code == 2 and "outside the folder" in result.stderr
    assert outside.read_text() == MINIMAL


def test_hard_links_are_kept(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    other = plan.parent / "same.yaml"
    os.link(plan, other)
    result = cli("update", str(plan), *UPDATE)
    assert result.exit_code == 0, result.stderr
    assert plan.stat().st_ino == other.stat().st_ino and "status: Done" in other.read_text()
    assert "written in place, as it has 2 hard links" in result.stderr


def test_a_fifo_is_refused_without_waiting(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = plan.parent / "pipe.yaml"
    os.mkfifo(fifo)
    result = cli("update", str(fifo), *UPDATE)  # opening a FIFO for reading would wait for a writer forever
    assert result.exit_code == 2 and "not a plan file" in result.stderr


def test_a_link_to_dev_zero_is_refused_before_reading(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    link = plan.parent / "zero.yaml"
    link.symlink_to("/dev/zero")
    started = time.perf_counter()
    result = cli("update", str(link), *UPDATE)
    assert result.exit_code == 2 and "outside the folder" in result.stderr
    assert time.perf_counter() - started < 5
    with pytest.raises(SendplanError, match="not a plan file"):
        read_plan_bytes("/dev/zero")  # the read refuses it too, before reading a byte


def test_a_link_that_loops_a_folder_and_a_missing_folder_are_named(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    (plan.parent / "a.yaml").symlink_to("b.yaml")
    (plan.parent / "b.yaml").symlink_to("a.yaml")
    assert "a link that loops" in cli("update", str(plan.parent / "a.yaml"), *UPDATE).stderr
    assert "a folder" in cli("update", str(plan.parent), *UPDATE).stderr
    missing = cli("update", str(plan.parent / "no" / "plan.yaml"), *UPDATE)
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    assert leftovers(plan.parent) == []


def test_a_file_over_the_size_limit_is_refused_before_reading(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    with plan.open("a") as stream:
        stream.truncate(5 * 1024 * 1024)
    result = cli("update", str(plan), *UPDATE)
    assert result.exit_code == 2 and "a plan file may be at most 4 MB" in result.stderr


def test_a_file_changed_since_it_was_read_is_not_written(plan: Path) -> None:
    read = plan.read_bytes()
    plan.write_text(MINIMAL + "# an officer's edit\n")
    with pytest.raises(SendplanError, match="changed since sendplan read it"):
        write_atomically(plan, "new", expect=read)
    assert plan.read_text().endswith("# an officer's edit\n")


@pytest.mark.parametrize("after", [0, 10, 4096])
def test_a_write_failing_part_way_leaves_the_old_file(plan: Path, monkeypatch, after: int) -> None:  # type: ignore[no-untyped-def]
    real_write = os.write
    written = [0]

    def failing(fd: int, data: bytes) -> int:
        if written[0] >= after:
            raise OSError(errno.ENOSPC, "No space left on device")
        count = real_write(fd, bytes(data[: max(1, min(len(data), after - written[0]))]))
        written[0] += count
        return count

    monkeypatch.setattr(writefile.os, "write", failing)
    with pytest.raises(SendplanError, match="the disk is full; the file is unchanged"):
        write_atomically(plan, MINIMAL.replace("On track", "Done") * 50)
    monkeypatch.undo()
    assert plan.read_text() == MINIMAL and leftovers(plan.parent) == []


def test_a_full_disk_at_fsync_leaves_the_old_file(plan: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writefile.os, "fsync", full)
    with pytest.raises(SendplanError, match="the disk is full"):
        write_atomically(plan, "changed")
    monkeypatch.undo()
    assert plan.read_text() == MINIMAL and leftovers(plan.parent) == []


def test_a_full_disk_during_an_in_place_write_puts_the_old_bytes_back(plan: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    os.link(plan, plan.parent / "same.yaml")
    real_write = os.write
    calls = [0]

    def failing(fd: int, data: bytes) -> int:
        calls[0] += 1
        if calls[0] == 1:  # the new text: a few bytes land, then the disk is full
            real_write(fd, bytes(data[:7]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(writefile.os, "write", failing)
    with pytest.raises(SendplanError, match="the disk is full"):
        write_atomically(plan, "x" * 10_000)
    monkeypatch.undo()
    assert plan.read_text() == MINIMAL


def test_stale_temporary_files_of_ours_are_removed_and_others_kept(cli, plan: Path) -> None:  # type: ignore[no-untyped-def]
    ours = [plan.parent / ".plan.yaml.sendplan-0a1b2c3d.tmp", plan.parent / ".plan.yaml.k3j_9x2a.tmp"]
    theirs = plan.parent / ".plan.yaml.swp"
    for path in [*ours, theirs]:
        path.write_text("half a plan")
    assert sorted(stale_temporaries(plan)) == sorted(ours)
    validated = cli("validate", str(plan.parent))
    assert validated.exit_code == 0, validated.stdout  # the read commands pass over them
    result = cli("update", str(plan), *UPDATE)
    assert result.exit_code == 0
    assert leftovers(plan.parent) == [".plan.yaml.swp"]
    assert "left by a write that was interrupted" in result.stderr


def test_a_second_writer_waits_for_the_lock_then_gives_up_clearly(plan: Path) -> None:
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with locked(plan):
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(5)
    try:
        with pytest.raises(SendplanError, match="another sendplan is writing this file"), locked(plan, wait=0.2):
            pass
    finally:
        release.set()
        thread.join()
    with locked(plan, wait=0.2):  # free again, and the lock file is gone after each use
        pass
    assert leftovers(plan.parent) == []
