"""Finding plan files in folders and reading them: regular files only, within the size limit, every skip named."""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path as FsPath

from sendplan.problems import PlanFilesInvalid, Problem, SendplanError

MAX_BYTES = 4 * 1024 * 1024  # a real plan is under 200 kB; national sets are many files, not one huge one

PLAN_SUFFIXES = (".yaml", ".yml")


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in plain words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _why(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a link that loops"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOENT:
        return "no such file (a link to nothing?)"
    return error.strerror or str(error)


def read_plan_bytes(file: str, limit: int = MAX_BYTES) -> bytes | Problem:
    """The bytes of a plan file, or an SP007 Problem when it is larger than `limit`.

    Raises SendplanError (exit 2) when the path is not a regular file (a FIFO, a device such as /dev/zero, a
    folder) or cannot be opened (a link that loops, no permission). Opening never blocks on a FIFO, and no more
    than `limit` + 1 bytes are ever read, whatever the file claims its size is.
    """
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise SendplanError(f"{file}: cannot read: {_why(error)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SendplanError(f"{file}: cannot read: {_kind(info.st_mode)}, not a plan file")
        if info.st_size > limit:
            return _too_large(file, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # the file grew while it was read
            return _too_large(file, total, limit)
        return b"".join(chunks)
    except OSError as error:
        raise SendplanError(f"{file}: cannot read: {_why(error)}") from None
    finally:
        os.close(fd)


def _too_large(file: str, size: int, limit: int) -> Problem:
    megabytes = f"{limit / 1024 / 1024:g}"
    message = f"the file is {size / 1024 / 1024:.1f} MB; a plan file may be at most {megabytes} MB"
    return Problem(file, 1, 1, "SP007", message, "split the plan into several files")


def read_plan_text(file: str) -> str:
    """The text of a plan file, read with every check the read commands make (regular file, size, UTF-8, no NUL).

    For commands that read a file they then change (`update`): raises PlanFilesInvalid (too large, not text)
    or SendplanError (not a regular file, unreadable), both exit 2.
    """
    data = read_plan_bytes(file)
    if isinstance(data, Problem):
        raise PlanFilesInvalid([data])
    text, problem = decode_plan(data, file)
    if problem:
        raise PlanFilesInvalid([problem])
    return text


def decode_plan(data: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a byte-order mark dropped), or an SP008 Problem at the first byte that is not text."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        hint = "a plan is a UTF-8 text file; UTF-16 files (from some Windows editors) must be saved as UTF-8"
        return "", Problem(file, line, col, "SP008", "the file holds binary data, not text", hint)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        hint = "save the file as UTF-8 (in Word or Excel exports, choose UTF-8)"
        return "", Problem(file, line, col, "SP008", "the file is not UTF-8 text", hint)
    return text, None


def find_plan_files(paths: list[str]) -> list[str]:
    """Plan files named by paths, for commands that need every one of them (fmt, diff).

    Raises SendplanError (exit 2) as `walk_plan_files` does, and also, after the whole walk, naming every path
    that had to be skipped.
    """
    found, skipped = walk_plan_files(paths)
    if skipped:
        listed = "; ".join(f"{p.file} ({p.message.removeprefix(_SKIPPED)})" for p in skipped)
        raise SendplanError(f"{len(skipped)} path{'s' * (len(skipped) != 1)} could not be read: {listed}")
    return found


_SKIPPED = "cannot be read, so it is left out: "


def walk_plan_files(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Plan files named by paths (files as given, folders searched recursively, hidden ones passed over), and an
    SP012 problem for each path in a folder that had to be skipped.

    Skipped: a folder or plan file that cannot be read, a FIFO or device named like a plan, a link that loops or
    leads nowhere; each is named, never silently left out of an answer, and the readable plans are still
    answered for.
    Raises SendplanError (exit 2) if a path given does not exist, cannot be followed, or names no plan.
    """
    found: list[str] = []
    skipped: list[tuple[str, str]] = []
    for name in paths:
        path = FsPath(name)
        try:
            info = os.stat(name)
        except OSError as error:
            if os.path.lexists(name):
                raise SendplanError(f"{name}: cannot follow this path ({_why(error)})") from None
            raise SendplanError(f"{name}: no such file or folder") from None
        if stat.S_ISDIR(info.st_mode):
            before = len(skipped)
            inside = _walk(path, skipped)
            if not inside and len(skipped) == before:
                raise SendplanError(f"{name}: no plan files (*.yaml) in this folder")
            found.extend(inside)
        elif stat.S_ISREG(info.st_mode):
            found.append(name)
        else:
            raise SendplanError(f"{name}: {_kind(info.st_mode)}, not a plan file or folder")
    unique: dict[str, str] = {}
    for name in found:  # "plans/x.yaml", "./plans/x.yaml" and its absolute path are one file
        unique.setdefault(os.path.realpath(name), name)
    hint = "make it a readable plan file or folder, or move it out of the plans folder"
    problems = [Problem(where, 0, 0, "SP012", f"{_SKIPPED}{why}", hint) for where, why in skipped]
    return list(unique.values()), problems


def _walk(top: FsPath, skipped: list[tuple[str, str]]) -> list[str]:
    """Plan files under a folder, sorted; what cannot be read is added to `skipped` as (path, why)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(folder: FsPath) -> None:
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                skipped.append((str(folder), "a link back to a folder already read"))
                return
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            skipped.append((str(folder), _why(error)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = folder / entry.name
            plan_named = FsPath(entry.name).suffix in PLAN_SUFFIXES
            try:
                mode = os.stat(child).st_mode
            except OSError as error:
                if entry.is_symlink() and (plan_named or error.errno == errno.ELOOP):
                    skipped.append((str(child), _why(error)))
                continue
            if stat.S_ISDIR(mode):
                visit(child)
            elif plan_named and stat.S_ISREG(mode):
                if os.access(child, os.R_OK):
                    found.append(str(child))
                else:  # a locked file among readable ones: left out and named, as a locked folder is
                    skipped.append((str(child), "permission denied"))
            elif plan_named:
                skipped.append((str(child), _kind(mode)))

    visit(top)
    return found


def file_keys(
    files: list[str],
    key: Callable[[str, bytes], str],
    read: dict[str, bytes] | None = None,
    keep: Callable[[str], bool] | None = None,
) -> dict[str, str] | None:
    """Each file's cache key (`key` of its name and its bytes as they are now), in the order of `files`; None when
    a file is too large to read (its reader says so). Raises SendplanError, as `read_plan_bytes` does, when a file
    cannot be read. The one place the read commands work out the keys of the files they were given. With `read`,
    the bytes of each file whose key `keep` takes are put there too, for a reading that follows to take rather
    than read the file again."""
    keys: dict[str, str] = {}
    for file in files:
        data = read_plan_bytes(file)
        if isinstance(data, Problem):
            return None
        keys[file] = named = key(file, data)
        if read is not None and (keep is None or keep(named)):
            read[file] = data
    return keys


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the block runs, then restore it."""
    # Here, not in load.py (which re-exports it): a warm `validate` pauses it too, and must not import the model.
    # Loading makes millions of small objects and no garbage cycles worth collecting: at 15,000 actions the
    # collections that free nothing cost about a second.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was loaded lives until the command ends and holds no cycles: frozen, the collections after it
        # never walk it again (they cost a second at a national set).
        gc.freeze()
        if was_enabled:
            gc.enable()
