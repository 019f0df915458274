"""Writing files safely: one writer at a time, the file unchanged since it was read, then one atomic rename."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from sendplan.problems import SendplanError

LOCK_WAIT = 30.0  # seconds a second writer waits for the first before giving up; an update holds it well under 1 s
_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_local = threading.local()  # lock files this thread holds, so a writer inside `locked` does not wait on itself


def write_atomically(
    path: str | Path, text: str | bytes, *, expect: bytes | None = None, within: str | Path | None = None
) -> list[str]:
    """Write `text` (or bytes: a workbook, a document) to `path` so that readers see the old file or the new one, never a part; return what was done
    beyond a plain write (one sentence each), for the command to say.

    Under an exclusive lock beside the file; through a symlink to its target (refused when `within` is given and
    the target lies outside that folder); keeping owner, group and mode (setuid, setgid, sticky); refusing a
    read-only file. With `expect`, the bytes the file held when it was read, nothing is written if it has
    changed since. Raises SendplanError, naming the path, for each of these and when it cannot be written.
    """
    target, notes = resolve_target(path, within)
    if target.is_dir():
        raise SendplanError(f"{path}: is a folder; give the name of a file in it")
    if not target.parent.is_dir():
        raise SendplanError(f"{path}: the folder {target.parent} does not exist")
    with locked(target):
        try:
            notes += _write_locked(target, text.encode("utf-8") if isinstance(text, str) else text, expect, str(path))
        except OSError as error:
            raise SendplanError(f"{path}: cannot write: {_reason(error)}; the file is unchanged") from None
    return notes


def write_bytes_atomically(path: str | Path, data: bytes) -> list[str]:
    """Write `data` (a workbook, a document) to `path` with all the care write_atomically takes over text."""
    return write_atomically(path, data)


def resolve_target(path: str | Path, within: str | Path | None = None) -> tuple[Path, list[str]]:
    """The file a write to `path` changes: `path` itself, or the file its symlinks lead to (inside `within`)."""
    given = Path(path)
    if not given.is_symlink():
        return given, []
    try:
        real = given.resolve(strict=True)
    except FileNotFoundError:
        raise SendplanError(f"{path}: is a link to a file that does not exist; nothing written") from None
    except (OSError, RuntimeError):
        raise SendplanError(f"{path}: cannot follow this link (a link that loops?); nothing written") from None
    if within is not None:
        folder = Path(within).resolve()
        if not real.is_relative_to(folder):
            raise SendplanError(
                f"{path}: is a link to {real}, outside the folder {folder}; nothing written "
                "(edit the file it points to, or replace the link by a copy)"
            )
    return real, [f"{path} is a link: wrote its target {real}, the link is kept"]


@contextlib.contextmanager
def locked(target: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of `target` (a hidden `.NAME.lock` beside it, removed afterwards) for the block."""
    lock = target.parent / f".{target.name}.lock"
    key = str(lock.absolute())
    _held: dict[str, int] = _local.__dict__.setdefault("held", {})
    if key in _held:  # already ours: flock would make this process wait on itself
        yield
        return
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    fd = _acquire(lock, deadline, target)
    _held[key] = fd
    try:
        yield
    finally:
        del _held[key]
        with contextlib.suppress(OSError):
            os.unlink(lock)  # removed while held: a waiter that opened it sees it gone and opens a new one
        os.close(fd)


def _acquire(lock: Path, deadline: float, target: Path) -> int:
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
        except OSError as error:
            raise SendplanError(f"{target}: cannot take the lock {lock}: {_reason(error)}; nothing written") from None
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise SendplanError(
                        f"{target}: another sendplan is writing this file and has not finished; nothing written. "
                        f"Try again; if no other sendplan is running, delete {lock}"
                    ) from None
                time.sleep(0.02)
        try:
            same = os.fstat(fd).st_ino == os.stat(lock, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder removed the lock file as we waited: take the new one


def temporary_name(target: Path) -> Path:
    """A new temporary file name beside `target`, in our own naming (`.NAME.sendplan-XXXXXXXX.tmp`)."""
    return target.parent / f".{target.name}.sendplan-{secrets.token_hex(4)}.tmp"


def stale_temporaries(target: Path) -> list[Path]:
    """Temporary files of our naming left beside `target` by a writer that was killed (older versions too)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:sendplan-[0-9a-f]{{8}}|[a-z0-9_]{{8}})\.tmp$")
    try:
        return sorted(p for p in target.parent.iterdir() if pattern.match(p.name) and p.is_file())
    except OSError:
        return []


def _write_locked(target: Path, data: bytes, expect: bytes | None, name: str) -> list[str]:
    notes: list[str] = []
    for stale in stale_temporaries(target):  # we hold the lock: no other writer of ours is using them
        with contextlib.suppress(OSError):
            stale.unlink()
            notes.append(f"removed {stale.name}, left by a write that was interrupted")
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise SendplanError(f"{name}: is not a regular file (a device, pipe or socket); nothing written")
    if old is not None and (not old.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise SendplanError(
            f"{name}: is read-only (mode {stat.S_IMODE(old.st_mode):o}); nothing written. "
            "Make it writable (chmod u+w) if it is meant to change"
        )
    if expect is not None and _current(target) != expect:
        raise SendplanError(
            f"{name}: changed since sendplan read it (another program wrote it); nothing written. Run the command again"
        )
    with _signals_cleaned():
        if old is not None and (old.st_nlink > 1 or not _can_keep_owner(old)):
            why = f"it has {old.st_nlink} hard links" if old.st_nlink > 1 else "its owner could not be kept otherwise"
            _write_in_place(target, data)
            notes.append(f"{name}: written in place, as {why} (a rename would break them)")
        else:
            _write_renamed(target, data, old)
    return notes


def _current(target: Path) -> bytes | None:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None


def _can_keep_owner(old: os.stat_result) -> bool:
    return os.geteuid() == 0 or (old.st_uid == os.geteuid() and old.st_gid in (os.getegid(), *os.getgroups()))


def _write_renamed(target: Path, data: bytes, old: os.stat_result | None) -> None:
    temporary = temporary_name(target)
    try:  # the open too: a signal arriving during it is raised as soon as it returns, before any later line
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        try:
            _write_all(fd, data)
            if old is not None:
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(fd, old.st_uid, old.st_gid)  # before chmod: chown clears setuid and setgid
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
            else:  # a new file: readable by others as the umask allows (a board paper is for others too)
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fd, 0o666 & ~umask)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _write_in_place(target: Path, data: bytes) -> None:
    """Overwrite the file's own bytes (same inode: hard links, owner and mode kept); put the old bytes back if the
    write fails part way."""
    original = target.read_bytes()
    fd = os.open(target, os.O_WRONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    try:
        try:
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.lseek(fd, 0, os.SEEK_SET)
                _write_all(fd, original)
                os.ftruncate(fd, len(original))
                os.fsync(fd)
            raise
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[: 1 << 20])
        view = view[written:]


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Signalled(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_cleaned() -> Iterator[None]:
    """While the block runs, SIGTERM, SIGINT and SIGHUP unwind it (so the temporary file is removed), then act as
    they would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_it(signum: int, frame: FrameType | None) -> None:
        raise _Signalled(signum)

    previous: dict[int, Any] = {}
    for number in _SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            previous[number] = signal.signal(number, raise_it)
    try:
        yield
    except _Signalled as caught:
        _restore(previous)
        signal.raise_signal(caught.signum)  # the handler the process had: usually, to end it
        raise SendplanError("interrupted; the file is unchanged") from None
    finally:
        _restore(previous)


def _restore(previous: dict[int, Any]) -> None:
    for number, handler in previous.items():
        with contextlib.suppress(OSError, ValueError, TypeError):
            signal.signal(number, handler)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror or str(error)
