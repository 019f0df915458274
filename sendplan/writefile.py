"""Writing files atomically: a temporary file beside the target, then one rename, so nothing is half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sendplan.problems import SendplanError


def write_atomically(path: str | Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never a part.

    Raises SendplanError, naming the path, when it is a folder, its folder does not exist, or it cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        raise SendplanError(f"{path}: is a folder; give the name of a file in it")
    if not target.parent.is_dir():
        raise SendplanError(f"{path}: the folder {target.parent} does not exist")
    try:
        _write(target, text)
    except OSError as error:
        raise SendplanError(f"{path}: cannot write: {error.strerror or error}") from None


def _write(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:  # mkstemp makes files only the owner can read; a board paper is for others too
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: str | Path, data: bytes) -> None:
    """Write `data` (a workbook) to `path` as write_atomically writes text: readers see the old file or the new."""
    target = Path(path)
    if target.is_dir():
        raise SendplanError(f"{path}: is a folder; give the name of a file in it")
    if not target.parent.is_dir():
        raise SendplanError(f"{path}: the folder {target.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise SendplanError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
